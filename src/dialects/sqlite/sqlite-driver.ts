// SQLite through better-sqlite3: synchronous calls wrapped in the async Connection contract.

import { createRequire } from "node:module";
import { type Connection, ConnectionError, type ExecResult, importDriver } from "../connection.js";
import type { DatabaseUrl } from "../dialect.js";

export interface SqliteUrl extends DatabaseUrl {
  /** Absolute file path, or ":memory:". */
  readonly filename: string;
}

type Database = import("better-sqlite3").Database;

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; map the rest the way SQLite stores them. */
function bindable(params: readonly unknown[]): unknown[] {
  return params.map((value) => {
    if (typeof value === "boolean") return value ? 1 : 0;
    if (value instanceof Date) return value.toISOString();
    if (value === undefined) return null;
    if (value !== null && typeof value === "object" && !(value instanceof Uint8Array))
      return JSON.stringify(value);
    return value;
  });
}

export class SqliteConnection implements Connection {
  readonly dialect = "sqlite" as const;

  /** Statements with parameters run again and again with new values (history rows): prepared once per text. */
  private readonly prepared = new Map<string, import("better-sqlite3").Statement<unknown[]>>();

  constructor(readonly db: Database) {}

  async execute(sql: string, params?: readonly unknown[]): Promise<ExecResult> {
    if (params === undefined) {
      let statement: import("better-sqlite3").Statement<unknown[]>;
      try {
        statement = this.db.prepare(sql);
      } catch (error) {
        // A script of several statements: exec() runs them all but reports no row count.
        if (error instanceof RangeError && /more than one statement/.test(error.message)) {
          this.db.exec(sql);
          return { rowCount: undefined };
        }
        throw error;
      }
      return { rowCount: statement.run().changes };
    }
    let statement = this.prepared.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (this.prepared.size < 64) this.prepared.set(sql, statement);
    }
    return { rowCount: statement.run(...bindable(params)).changes };
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const statement = this.db.prepare(sql);
    if (!statement.reader) {
      statement.run(...bindable(params ?? []));
      return [];
    }
    return statement.all(...bindable(params ?? [])) as Row[];
  }

  /** Milliseconds a statement waits for another process's write lock before failing with SQLITE_BUSY. */
  setBusyTimeout(milliseconds: number): void {
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(milliseconds))}`);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

export async function openSqlite(url: SqliteUrl, display: string): Promise<SqliteConnection> {
  // better-sqlite3 is CommonJS: required, it skips the ES module loader's translation of it (~2.5 ms a connect).
  const Driver = await importDriver(
    "sqlite",
    "better-sqlite3",
    async () => createRequire(import.meta.url)("better-sqlite3") as typeof import("better-sqlite3"),
  );
  try {
    return new SqliteConnection(new Driver(url.filename, { timeout: 5_000 }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConnectionError(`Cannot open SQLite database ${display}: ${reason}`, {
      hint: "check that the file's folder exists and is writable",
      cause: error,
    });
  }
}
