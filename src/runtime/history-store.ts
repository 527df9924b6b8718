// Reading and writing the history outside a migration run, for `log`, `verify` and `resolve`: a read opens a
// connection and never creates anything; a write takes the run lock and commits in one transaction.

import type { Connection } from "../dialects/connection.js";
import type { DialectCore } from "../dialects/dialect.js";
import { connect, databaseExists, dialectOfConnection } from "../dialects/index.js";
import { RetortError } from "../errors.js";
import { type DatabaseTarget, lockOptionsOf } from "./database-target.js";
import type { HistoryRow } from "./history-table.js";
import { HistoryTable } from "./history-table.js";
import { readVersionRows } from "./version-table.js";

/** `historyTable: false` in the config: there is no history to read or complete. */
export class HistoryDisabledError extends RetortError {}

/** What a history command sees of a database. */
export interface HistorySnapshot {
  /** Version-table rows, sorted; empty when the table is missing. */
  readonly versionRows: readonly string[];
  /** Every history row, newest first; empty when the table is missing. */
  readonly rows: readonly HistoryRow[];
  /** Whether the history table exists. */
  readonly exists: boolean;
}

function historyName(target: DatabaseTarget): string {
  if (target.historyTable === false) {
    throw new HistoryDisabledError("This config keeps no history (historyTable: false)", {
      hint: "remove historyTable: false from the config to record runs",
    });
  }
  return target.historyTable;
}

function historyOf(target: DatabaseTarget, dialect: DialectCore): HistoryTable {
  return new HistoryTable(dialect, historyName(target), target.versionTable.schema);
}

async function snapshot(
  connection: Connection,
  dialect: DialectCore,
  history: HistoryTable,
  target: DatabaseTarget,
): Promise<HistorySnapshot> {
  const versionRows = (await readVersionRows(connection, dialect, target.versionTable)) ?? [];
  const exists = await history.exists(connection);
  return { versionRows, rows: exists ? await history.read(connection) : [], exists };
}

/** The version rows and the history, read without a lock and without creating anything. */
export async function readHistory(target: DatabaseTarget): Promise<HistorySnapshot> {
  historyName(target);
  if (!(await databaseExists(target.url, target.rootDir)))
    return { versionRows: [], rows: [], exists: false };
  const connection = await connect(target.url, { baseDir: target.rootDir });
  try {
    const dialect = dialectOfConnection(connection);
    return await snapshot(connection, dialect, historyOf(target, dialect), target);
  } finally {
    await connection.close().catch(() => {});
  }
}

/** What a locked write sees and may do. */
export interface HistoryWriteContext {
  readonly connection: Connection;
  readonly dialect: DialectCore;
  readonly history: HistoryTable;
  readonly state: HistorySnapshot;
}

/**
 * Runs `write` under the run lock in one transaction, after reading the state under the lock; a throw rolls
 * everything back. Creates the history table first (in the transaction) when it is missing.
 */
export async function writeHistory<T>(
  target: DatabaseTarget,
  write: (context: HistoryWriteContext) => Promise<T>,
): Promise<T> {
  const connection = await connect(target.url, {
    baseDir: target.rootDir,
    applicationName: target.applicationName,
  });
  try {
    const dialect = dialectOfConnection(connection);
    const history = historyOf(target, dialect);
    const lock = await dialect.lock.acquire(connection, target.versionTable, lockOptionsOf(target));
    let open = lock.opensTransaction;
    try {
      const state = await snapshot(connection, dialect, history, target);
      if (!open) await connection.execute(dialect.sql.beginSql);
      open = true;
      if (!state.exists) await connection.execute(history.createSql());
      const result = await write({ connection, dialect, history, state });
      await connection.execute(dialect.sql.commitSql);
      open = false;
      return result;
    } catch (error) {
      if (open) await connection.execute(dialect.sql.rollbackSql).catch(() => {});
      throw error;
    } finally {
      await lock.release().catch(() => {});
    }
  } finally {
    await connection.close().catch(() => {});
  }
}
