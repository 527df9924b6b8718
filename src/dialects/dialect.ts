// What the runtime needs to know about a dialect beyond its connection: the version table's SQL, transaction
// statements and the run lock. Each dialect folder builds its Dialect from `baseDialect`, overriding what differs.

import { createHash } from "node:crypto";
import { RetortError } from "../errors.js";
import type { Connection, DialectName } from "./connection.js";
import { literal, quoteIdentifier, quoteQualified } from "./quoting.js";

export class VersionTableConfigError extends RetortError {}

/** The version table a run works on. */
export interface VersionTableRef {
  readonly name: string;
  readonly schema: string | undefined;
}

/** A held run lock. For SQLite the lock is the open write transaction itself. */
export interface RunLock {
  /** True when acquiring the lock also opened the run's transaction (SQLite's BEGIN IMMEDIATE). */
  readonly opensTransaction: boolean;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Called once if another run holds the lock and this one has to wait. */
  readonly onWait?: (message: string) => void;
  /** Give up after this many milliseconds; default: wait as long as it takes. */
  readonly timeoutMs?: number;
}

export class LockTimeoutError extends RetortError {}

export interface Dialect {
  readonly name: DialectName;
  /** Whether DDL takes part in transactions (and so a failed run can be rolled back whole). */
  readonly transactionalDdl: boolean;
  /** The statement that opens a run's transaction (SQLite takes the write lock with it). */
  readonly beginSql: string;
  readonly commitSql: string;
  readonly rollbackSql: string;
  /** The quoted, schema-qualified version table; throws where the dialect has no schemas. */
  versionTableName(table: VersionTableRef): string;
  /** CREATE TABLE for the version table, Alembic's shape: version_num VARCHAR(32) NOT NULL, <table>_pkc. */
  createVersionTableSql(table: VersionTableRef): string;
  selectVersionsSql(table: VersionTableRef): string;
  insertVersionSql(table: VersionTableRef, id: string): string;
  deleteVersionSql(table: VersionTableRef, id: string): string;
  updateVersionSql(table: VersionTableRef, from: string, to: string): string;
  /** Whether the version table exists; reads the catalog only, never creates. */
  versionTableExists(connection: Connection, table: VersionTableRef): Promise<boolean>;
  /** Takes the database-level run lock, waiting (and saying so through onWait) while another run holds it. */
  acquireLock(connection: Connection, table: VersionTableRef, options?: LockOptions): Promise<RunLock>;
}

export const WAITING_MESSAGE = "Waiting for the migration lock held by another run…";

/** A stable signed 64-bit key for PostgreSQL advisory locks, from the version table's schema and name. */
export function advisoryLockKey(table: VersionTableRef): bigint {
  const digest = createHash("sha256")
    .update(`retort-migrate\u0000${table.schema ?? ""}\u0000${table.name}`)
    .digest();
  return digest.readBigInt64BE(0);
}

/** The defaults every dialect starts from; a dialect file overrides what differs. */
export function baseDialect(
  name: DialectName,
): Omit<Dialect, "versionTableExists" | "acquireLock" | "transactionalDdl"> {
  const versionTableName = (table: VersionTableRef) => quoteQualified(name, table.name, table.schema);
  const column = quoteIdentifier(name, "version_num");
  const qualifiedColumn = (table: VersionTableRef) => `${versionTableName(table)}.${column}`;
  return {
    name,
    beginSql: "BEGIN",
    commitSql: "COMMIT",
    rollbackSql: "ROLLBACK",
    versionTableName,
    createVersionTableSql: (table) =>
      `CREATE TABLE ${versionTableName(table)} (\n    ${column} VARCHAR(32) NOT NULL,\n    CONSTRAINT ${quoteIdentifier(
        name,
        `${table.name}_pkc`,
      )} PRIMARY KEY (${column})\n)`,
    selectVersionsSql: (table) => `SELECT ${column} FROM ${versionTableName(table)}`,
    insertVersionSql: (table, id) =>
      `INSERT INTO ${versionTableName(table)} (${column}) VALUES (${literal(name, id)})`,
    deleteVersionSql: (table, id) =>
      `DELETE FROM ${versionTableName(table)} WHERE ${qualifiedColumn(table)} = ${literal(name, id)}`,
    updateVersionSql: (table, from, to) =>
      `UPDATE ${versionTableName(table)} SET ${column} = ${literal(name, to)} WHERE ${qualifiedColumn(table)} = ${literal(
        name,
        from,
      )}`,
  };
}

/** Polls `attempt` until it succeeds or the timeout passes; used by locks whose blocking form cannot be interrupted. */
export async function waitForLock(
  attempt: () => Promise<boolean>,
  options: LockOptions,
  describe: string,
): Promise<void> {
  if (await attempt()) return;
  options.onWait?.(WAITING_MESSAGE);
  const started = Date.now();
  let delay = 25;
  for (;;) {
    if (options.timeoutMs !== undefined && Date.now() - started > options.timeoutMs) {
      throw new LockTimeoutError(
        `Timed out after ${options.timeoutMs} ms waiting for the migration lock (${describe})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (await attempt()) return;
    delay = Math.min(delay * 2, 500);
  }
}
