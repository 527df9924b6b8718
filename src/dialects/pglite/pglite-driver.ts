// PGlite: PostgreSQL compiled to WebAssembly, running in this process on a data folder or in memory.

import { type Connection, ConnectionError, type ExecResult, importDriver } from "../connection.js";
import type { DatabaseUrl } from "../dialect.js";
import { type FolderLock, lockDataFolder } from "./pglite-folder-lock.js";

export interface PgliteUrl extends DatabaseUrl {
  /** Absolute data directory, or undefined for an in-memory database. */
  readonly dataDir: string | undefined;
}

type PGliteInstance = import("@electric-sql/pglite").PGlite;

interface StatementResult {
  readonly command?: string;
  readonly rowCount?: number;
  readonly affectedRows?: number;
}

const ROW_CHANGING = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);

/** Rows changed by one statement's result; PGlite's affectedRows is cumulative over a script, rowCount is not. */
function changedRows(result: StatementResult | undefined): number | undefined {
  if (!result) return undefined;
  if (result.command !== undefined) return ROW_CHANGING.has(result.command) ? (result.rowCount ?? 0) : 0;
  return result.affectedRows;
}

export class PgliteConnection implements Connection {
  readonly dialect = "pglite" as const;

  constructor(
    readonly db: PGliteInstance,
    private readonly folderLock: FolderLock | undefined,
  ) {}

  async execute(sql: string, params?: readonly unknown[]): Promise<ExecResult> {
    if (params === undefined) {
      const results = await this.db.exec(sql);
      return { rowCount: changedRows(results.at(-1)) };
    }
    const result = await this.db.query(sql, params as unknown[]);
    return { rowCount: result.affectedRows };
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const result = await this.db.query<Row>(sql, (params ?? []) as unknown[]);
    return result.rows;
  }

  async close(): Promise<void> {
    try {
      if (!this.db.closed) await this.db.close();
    } finally {
      this.folderLock?.release();
    }
  }
}

export async function openPglite(url: PgliteUrl, display: string): Promise<PgliteConnection> {
  const { PGlite } = await importDriver(
    "pglite",
    "@electric-sql/pglite",
    () => import("@electric-sql/pglite"),
  );
  const folderLock = url.dataDir === undefined ? undefined : lockDataFolder(url.dataDir, display);
  try {
    const db = url.dataDir === undefined ? new PGlite() : new PGlite(url.dataDir);
    await db.waitReady;
    return new PgliteConnection(db, folderLock);
  } catch (error) {
    folderLock?.release();
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConnectionError(`Cannot open PGlite database ${display}: ${reason}`, {
      hint: "check that the data folder is writable and not in use by another process",
      cause: error,
    });
  }
}
