// Where operations go once built: online they run on a Connection, offline (`--sql`) they are printed.
// The runtime provides a sink per run; the Op facade given to revision files writes into it.

import type { Connection } from "../dialects/connection.js";
import type { Dialect } from "../dialects/dialect.js";

export interface OperationSink {
  readonly dialect: Dialect;
  /** True under `--sql`: statements are printed, nothing is connected, `query` is an error. */
  readonly offline: boolean;
  /** Runs (online) or prints (offline) one SQL statement. */
  emit(sql: string, params?: readonly unknown[]): Promise<void>;
  /** Runs a query and returns its rows; offline this throws. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** The live connection, for operations that must read the catalog (MySQL alterColumn, SQLite batch). */
  readonly connection: Connection | undefined;
  /** Leaves the run's transaction for statements that cannot run inside one (PostgreSQL CREATE INDEX CONCURRENTLY). */
  outsideTransaction<T>(reason: string, fn: () => Promise<T>): Promise<T>;
}
