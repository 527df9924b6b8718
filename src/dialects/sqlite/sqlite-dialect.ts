// SQLite: transactional DDL, no schemas; the run lock is the write transaction opened by BEGIN IMMEDIATE.

import type { Connection } from "../connection.js";
import {
  baseDialect,
  type Dialect,
  type LockOptions,
  VersionTableConfigError,
  type VersionTableRef,
  waitForLock,
} from "../dialect.js";
import type { SqliteConnection } from "./sqlite-driver.js";

const base = baseDialect("sqlite");

function noSchema(table: VersionTableRef): void {
  if (table.schema !== undefined) {
    throw new VersionTableConfigError(
      `SQLite has no schemas, so versionTableSchema "${table.schema}" cannot be used`,
      { hint: "remove versionTableSchema from the config for this database" },
    );
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

/** How long an ordinary statement waits for another connection's lock once the run holds its own. */
const STATEMENT_BUSY_TIMEOUT_MS = 5_000;

export const sqliteDialect: Dialect = {
  ...base,
  transactionalDdl: true,
  beginSql: "BEGIN IMMEDIATE",
  versionTableName(table) {
    noSchema(table);
    return base.versionTableName(table);
  },
  createVersionTableSql(table) {
    noSchema(table);
    return base.createVersionTableSql(table);
  },
  async versionTableExists(connection, table) {
    noSchema(table);
    const rows = await connection.query(
      "SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ?",
      [table.name],
    );
    return rows.length > 0;
  },
  async acquireLock(connection: Connection, table, options: LockOptions = {}) {
    noSchema(table);
    const sqlite = connection as SqliteConnection;
    // Try without waiting first so that a wait can be announced; then poll with short busy waits.
    const attempt = async (busyMs: number) => {
      sqlite.setBusyTimeout(busyMs);
      try {
        await connection.execute("BEGIN IMMEDIATE");
        return true;
      } catch (error) {
        if (isBusy(error)) return false;
        throw error;
      } finally {
        sqlite.setBusyTimeout(STATEMENT_BUSY_TIMEOUT_MS);
      }
    };
    let first = true;
    await waitForLock(
      () => {
        const busyMs = first ? 0 : 200;
        first = false;
        return attempt(busyMs);
      },
      options,
      "SQLite write lock",
    );
    return { opensTransaction: true, release: async () => {} };
  },
};
