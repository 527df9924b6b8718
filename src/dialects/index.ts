// Entry point to the dialects: connect to a URL, or get the Dialect (version table, locks, transactions) by name.
// Each dialect lives in its own folder; drivers are imported only when a URL of theirs is opened.

import { type DatabaseUrl, dialectOf, parseDatabaseUrl, redactUrl } from "../config/url.js";
import type { Connection, DialectName } from "./connection.js";
import type { Dialect } from "./dialect.js";
import { mysqlDialect } from "./mysql/mysql-dialect.js";
import { pgliteDialect } from "./pglite/pglite-dialect.js";
import { postgresDialect } from "./postgres/postgres-dialect.js";
import { sqliteDialect } from "./sqlite/sqlite-dialect.js";

export type { Connection, DialectName, ExecResult } from "./connection.js";
export { ConnectionError, MissingDriverError } from "./connection.js";
export type { Dialect } from "./dialect.js";
export { dialectOf };

const DIALECTS: Readonly<Record<DialectName, Dialect>> = {
  sqlite: sqliteDialect,
  pglite: pgliteDialect,
  postgres: postgresDialect,
  mysql: mysqlDialect,
};

/** The Dialect for a name: version-table SQL, lock and transaction behaviour. Needs no driver. */
export function getDialect(name: DialectName): Dialect {
  return DIALECTS[name];
}

async function open(parsed: DatabaseUrl, display: string): Promise<Connection> {
  switch (parsed.dialect) {
    case "sqlite":
      return (await import("./sqlite/sqlite-driver.js")).openSqlite(parsed, display);
    case "pglite":
      return (await import("./pglite/pglite-driver.js")).openPglite(parsed, display);
    case "postgres":
      return (await import("./postgres/postgres-driver.js")).openPostgres(parsed, display);
    case "mysql":
      return (await import("./mysql/mysql-driver.js")).openMysql(parsed, display);
  }
}

/**
 * Opens one connection to `url`. Relative file paths resolve against `baseDir` (default: the cwd).
 * Failures throw ConnectionError or MissingDriverError with one line that never contains the password.
 */
export async function connect(url: string, options: { baseDir?: string } = {}): Promise<Connection> {
  return open(parseDatabaseUrl(url, options.baseDir), redactUrl(url));
}
