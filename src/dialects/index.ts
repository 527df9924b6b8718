// The dialect registry: the one place that lists the dialects, keyed by the URL schemes each answers to.
// Adding a dialect is adding its folder and one line to DIALECTS. Drivers load only when a URL of theirs opens.

import { InvalidUrlError, redactUrl, schemeOf } from "../config/url.js";
import {
  type Connection,
  type ConnectOptions,
  type DialectName,
  ReadOnlyDatabaseError,
} from "./connection.js";
import type { DatabaseUrl, Dialect } from "./dialect.js";
import { mysqlDialect } from "./mysql/mysql-dialect.js";
import { pgliteDialect } from "./pglite/pglite-dialect.js";
import { postgresDialect } from "./postgres/postgres-dialect.js";
import { sqliteDialect } from "./sqlite/sqlite-dialect.js";

export type { Connection, DialectName, ExecResult } from "./connection.js";
export { ConnectionError, MissingDriverError, ReadOnlyDatabaseError } from "./connection.js";
export type { DatabaseUrl, Dialect, DialectCapabilities } from "./dialect.js";

const DIALECTS: readonly Dialect[] = [sqliteDialect, pgliteDialect, postgresDialect, mysqlDialect];

const BY_NAME: ReadonlyMap<DialectName, Dialect> = new Map(DIALECTS.map((d) => [d.name, d]));

const BY_SCHEME: ReadonlyMap<string, Dialect> = new Map(
  DIALECTS.flatMap((d) => d.driver.schemes.map((scheme) => [scheme, d] as const)),
);

/** Every registered dialect, in registry order. */
export function allDialects(): readonly Dialect[] {
  return DIALECTS;
}

/** The dialect registered under `name`. */
export function getDialect(name: DialectName): Dialect {
  const dialect = BY_NAME.get(name);
  if (!dialect) throw new Error(`no dialect is registered as ${JSON.stringify(name)}`);
  return dialect;
}

/** The dialect of a connection opened through `connect`. */
export function dialectOfConnection(connection: Connection): Dialect {
  return getDialect(connection.dialect);
}

/** The dialect a URL names; throws InvalidUrlError for an unknown scheme. */
export function dialectForUrl(url: string): Dialect {
  const scheme = schemeOf(url);
  // Accept driver suffixes people bring from SQLAlchemy, e.g. postgresql+psycopg2://, mysql+pymysql://.
  const dialect = BY_SCHEME.get(scheme) ?? BY_SCHEME.get(scheme.split("+")[0] ?? "");
  if (!dialect) {
    const examples = DIALECTS.flatMap((d) => d.driver.urlExamples);
    throw new InvalidUrlError(`Unsupported database URL ${JSON.stringify(redactUrl(url))}`, {
      hint: `use ${examples.slice(0, -1).join(", ")} or ${examples.at(-1)}`,
    });
  }
  return dialect;
}

/** Parses a Retort URL; relative file paths resolve against `baseDir` (the config file's folder). */
export function parseDatabaseUrl(url: string, baseDir: string = process.cwd()): DatabaseUrl {
  return dialectForUrl(url).driver.parseUrl(url, schemeOf(url), baseDir);
}

/** Whether the database a URL names exists; false only for an embedded database that opening would create. */
export function databaseExists(url: string, baseDir: string = process.cwd()): boolean {
  const dialect = dialectForUrl(url);
  return dialect.driver.databaseExists(dialect.driver.parseUrl(url, schemeOf(url), baseDir));
}

export interface OpenOptions extends ConnectOptions {
  /** Folder relative file URLs resolve against; default: the cwd. */
  readonly baseDir?: string;
  /** Refuse (ReadOnlyDatabaseError) a server that cannot take writes, before any statement of the caller's. */
  readonly requireWritable?: boolean;
}

/**
 * Opens one connection to `url`. Failures throw ConnectionError, MissingDriverError or ReadOnlyDatabaseError with
 * one line that never contains a credential.
 */
export async function connect(url: string, options: OpenOptions = {}): Promise<Connection> {
  const dialect = dialectForUrl(url);
  const parsed = dialect.driver.parseUrl(url, schemeOf(url), options.baseDir ?? process.cwd());
  const connection = await dialect.driver.connect(parsed, redactUrl(url), options);
  if (options.requireWritable && dialect.driver.readOnlyReason) {
    try {
      const reason = await dialect.driver.readOnlyReason(connection, parsed);
      if (reason !== undefined) {
        throw new ReadOnlyDatabaseError(`${reason}: it cannot take this run's writes; nothing was run`, {
          hint: "point the url at the primary (writable) server",
        });
      }
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
  }
  return connection;
}
