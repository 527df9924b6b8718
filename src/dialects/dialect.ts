// A dialect is one object: everything Retort knows about one kind of database, built from its folder's own parts
// (driver, DDL compiler, introspector, normalizer, SQL conventions, version table, run lock) and a record of
// capabilities. Code outside src/dialects/ asks this object; it never compares a dialect's name. Its core and its
// DDL part are separate modules, so that a run with nothing to do never loads the DDL code.

import { RetortError } from "../errors.js";
import type { Connection, ConnectOptions, DialectName } from "./connection.js";
import type { DdlCompiler } from "./ddl-compiler.js";
import type { Introspector } from "./introspector.js";
import type { Normalizer } from "./normalizer.js";
import type { SqlConventions } from "./sql-conventions.js";
import type { TypeSystem } from "./type-system.js";

export class VersionTableConfigError extends RetortError {}

export class LockTimeoutError extends RetortError {}

/** A scratch database (for a `.sql` target) cannot be made with what the config gives. */
export class ScratchDatabaseError extends RetortError {}

/** What the database can do; callers branch on these, never on the name. */
export interface DialectCapabilities {
  /** DDL takes part in transactions, so a failed run can be rolled back whole. */
  readonly transactionalDdl: boolean;
  /** DDL and DML can share one transaction and roll back together (false where DDL commits implicitly). */
  readonly ddlWithDmlInTransaction: boolean;
  /** CREATE/DROP INDEX CONCURRENTLY, run outside the transaction. */
  readonly concurrentIndexes: boolean;
  /** Table and column comments. */
  readonly comments: boolean;
  /** Enum types that exist on their own (CREATE TYPE … AS ENUM), not only inline in a column. */
  readonly nativeEnums: boolean;
  /** Named schemas inside one database, which autogenerate creates when the target uses them. */
  readonly schemas: boolean;
  readonly deferrableForeignKeys: boolean;
  /** Indexes with a WHERE predicate. */
  readonly partialIndexes: boolean;
  /** Session-level advisory locks that do not lock any table. */
  readonly advisoryLocks: boolean;
  /** ALTER TABLE changes columns and constraints in place; false: changes go through a table rebuild (batch). */
  readonly alterTableInPlace: boolean;
  /** Unique constraints are kept as unique indexes, so the catalog cannot tell the two apart. */
  readonly uniqueConstraintsAsIndexes: boolean;
  /**
   * CREATE TABLE may reference a table that does not exist yet (SQLite checks foreign keys only on writes), so
   * tables that reference each other need no foreign key added after them. Absent: false.
   */
  readonly forwardForeignKeys?: boolean;
  /**
   * ALTER COLUMN adds, changes and drops an identity (GENERATED … AS IDENTITY and its sequence options), so
   * autogenerate writes identity changes as alterColumn. Absent: false, and compare only warns.
   */
  readonly identityAlter?: boolean;
  /** A foreign key without an index on its columns gets one made for it, which stays when the key is dropped. */
  readonly foreignKeyIndexes: boolean;
  /** The longest identifier the database keeps; longer names are truncated (or refused). */
  readonly maxIdentifierLength: number;
  /**
   * How many bytes of a longer identifier the database keeps, truncating it without a word (PostgreSQL: 63);
   * undefined where names are kept whole or refused.
   */
  readonly truncatesIdentifiersTo?: number;
}

/** A parsed database URL; each dialect's driver adds its own fields and reads only URLs it parsed. */
export interface DatabaseUrl {
  readonly dialect: DialectName;
}

/** A throwaway database to apply a `.sql` target on; `dispose` removes whatever it created. */
export interface ScratchDatabase {
  readonly connection: Connection;
  /**
   * Undoes what a script set for its own session that would hide its objects from reflection (pg_dump empties
   * PostgreSQL's search_path); run after the script, before reflecting.
   */
  restoreSession?(): Promise<void>;
  dispose(): Promise<void>;
}

/** Connecting, and what a URL means: the driver part of a dialect. The driver package loads on first connect. */
export interface DialectDriver {
  /** Parses a URL of a scheme the registry (index.ts) lists for this dialect; relative paths resolve against `baseDir`. */
  parseUrl(url: string, scheme: string, baseDir: string): DatabaseUrl;
  /** Opens one connection; failures are one line that names `display` (the URL without its password). */
  connect(url: DatabaseUrl, display: string, options?: ConnectOptions): Promise<Connection>;
  /**
   * Why the server reached cannot take a run's writes (a hot standby, a read-only setting), naming the server as
   * host:port/database; undefined when it can. Dialects whose database is a file the process opened omit it.
   */
  readOnlyReason?(connection: Connection, url: DatabaseUrl): Promise<string | undefined>;
  /** False when opening the URL would create a database that does not exist yet (an embedded file). */
  databaseExists(url: DatabaseUrl): boolean;
  /**
   * Copies the schema (tables, keys, indexes; no rows) of `source` into the empty database `target`, to rehearse
   * DDL where it cannot be rolled back. Every dialect without `capabilities.transactionalDdl` provides it.
   */
  copySchema?(source: Connection, target: Connection): Promise<void>;
  /** A database to apply a `.sql` target on, opened through `open`; `configUrl` is the project's own database. */
  openScratchDatabase(
    configUrl: string | undefined,
    open: (url: string) => Promise<Connection>,
  ): Promise<ScratchDatabase>;
}

/** The version table a run works on. */
export interface VersionTableRef {
  readonly name: string;
  readonly schema: string | undefined;
}

/** The version table's SQL, Alembic's shape: version_num VARCHAR(32) NOT NULL, primary key <table>_pkc. */
export interface VersionTableSql {
  /** The quoted, schema-qualified table; throws where the dialect cannot place it in a schema. */
  name(table: VersionTableRef): string;
  createSql(table: VersionTableRef): string;
  selectSql(table: VersionTableRef): string;
  insertSql(table: VersionTableRef, id: string): string;
  deleteSql(table: VersionTableRef, id: string): string;
  updateSql(table: VersionTableRef, from: string, to: string): string;
  /** Whether the table exists; reads the catalog only, never creates. */
  exists(connection: Connection, table: VersionTableRef): Promise<boolean>;
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

/** How concurrent runs on one database serialize. */
export interface LockStrategy {
  /** Takes the database-level run lock, waiting (and saying so through onWait) while another run holds it. */
  acquire(connection: Connection, table: VersionTableRef, options?: LockOptions): Promise<RunLock>;
}

/**
 * What opening a database, reading its version table and holding the run lock need: the part of a dialect that a
 * connection carries (`dialectOfConnection`), in the folder's `*-dialect.ts`, loaded without any DDL code.
 */
export interface DialectCore {
  /** The registry's name for it, and `Connection.dialect` of its connections. */
  readonly name: DialectName;
  /** How messages name the database: "PostgreSQL", "MySQL/MariaDB". */
  readonly displayName: string;
  readonly capabilities: DialectCapabilities;
  readonly driver: DialectDriver;
  /** Quoting, literals, placeholders, transaction statements: online and offline SQL alike. */
  readonly sql: SqlConventions;
  readonly versionTable: VersionTableSql;
  readonly lock: LockStrategy;
}

/** The part of a dialect that turns operations into SQL and reads and compares schemas, in the folder's `*-ddl.ts`. */
export interface DialectDdl {
  /** Which native type each portable type means here, and when two types are the same. */
  readonly types: TypeSystem;
  /** Operations to SQL. */
  readonly compiler: DdlCompiler;
  /** Reads a live schema with a few bulk catalog queries; its module loads on first use. */
  readonly introspector: Introspector;
  /** What autogenerate needs to compare by meaning: type matching, defaults, referential actions. */
  readonly normalizer: Normalizer;
}

/** A whole dialect: its core and its DDL part, put together by the registry (index.ts) when first asked for. */
export interface Dialect extends DialectCore, DialectDdl {}

export const WAITING_MESSAGE = "Waiting for the migration lock held by another run…";

/** The version table's statements written with `sql`; a dialect adds how it tells whether the table exists. */
export function versionTableSql(sql: SqlConventions, exists: VersionTableSql["exists"]): VersionTableSql {
  const name = (table: VersionTableRef) => sql.quoteQualified(table.name, table.schema);
  const column = sql.quoteIdentifier("version_num");
  const qualifiedColumn = (table: VersionTableRef) => `${name(table)}.${column}`;
  return {
    name,
    createSql: (table) =>
      `CREATE TABLE ${name(table)} (\n    ${column} VARCHAR(32) NOT NULL,\n    CONSTRAINT ${sql.quoteIdentifier(
        `${table.name}_pkc`,
      )} PRIMARY KEY (${column})\n)`,
    selectSql: (table) => `SELECT ${column} FROM ${name(table)}`,
    insertSql: (table, id) => `INSERT INTO ${name(table)} (${column}) VALUES (${sql.literal(id)})`,
    deleteSql: (table, id) =>
      `DELETE FROM ${name(table)} WHERE ${qualifiedColumn(table)} = ${sql.literal(id)}`,
    updateSql: (table, from, to) =>
      `UPDATE ${name(table)} SET ${column} = ${sql.literal(to)} WHERE ${qualifiedColumn(table)} = ${sql.literal(from)}`,
    exists,
  };
}

/** Who holds the run lock, in words, and what to do about a hung holder; what the database can tell. */
export interface LockHolder {
  readonly description: string;
  readonly hint: string;
}

/** The error of a lock wait that ran out: how long it waited, and the holder. */
export function lockTimeoutError(timeoutMs: number, holder: LockHolder): LockTimeoutError {
  return new LockTimeoutError(
    `Timed out after ${timeoutMs} ms waiting for the migration lock; it is held by ${holder.description}`,
    { hint: holder.hint },
  );
}

/**
 * Polls `attempt` until it succeeds or the timeout passes; used by locks whose blocking form cannot be interrupted.
 * The first attempt is told so (`first`): it should not wait, so that a wait can be announced before it starts.
 */
export async function waitForLock(
  attempt: (first: boolean) => Promise<boolean>,
  options: LockOptions,
  holder: () => Promise<LockHolder>,
): Promise<void> {
  if (await attempt(true)) return;
  options.onWait?.(WAITING_MESSAGE);
  const started = Date.now();
  let delay = 25;
  for (;;) {
    if (options.timeoutMs !== undefined && Date.now() - started > options.timeoutMs) {
      throw lockTimeoutError(options.timeoutMs, await holder());
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (await attempt(false)) return;
    delay = Math.min(delay * 2, 500);
  }
}
