// The dialect registry: the one place that lists the dialects, keyed by the URL schemes each answers to.
// Adding a dialect is adding its folder and one entry to DIALECTS. A dialect's module loads when it is first asked
// for (by name, by URL, or by connecting), so a command touches only the dialect it uses; drivers load on connect.

import { InvalidUrlError, redactUrl, schemeOf } from "../config/url.js";
import {
  type Connection,
  type ConnectOptions,
  type DialectName,
  ReadOnlyDatabaseError,
} from "./connection.js";
import type { DatabaseUrl, Dialect } from "./dialect.js";

export type { Connection, DialectName, ExecResult } from "./connection.js";
export { ConnectionError, MissingDriverError, ReadOnlyDatabaseError } from "./connection.js";
export type { DatabaseUrl, Dialect, DialectCapabilities } from "./dialect.js";

/** What the registry knows of a dialect before its module loads: its name, its URL schemes, how to load it. */
interface DialectEntry {
  readonly name: DialectName;
  /** URL schemes this dialect answers to (`postgres`, `postgresql`). */
  readonly schemes: readonly string[];
  /** Example URLs, for the message that lists what is accepted. */
  readonly urlExamples: readonly string[];
  readonly load: () => Promise<Dialect>;
}

const DIALECTS: readonly DialectEntry[] = [
  {
    name: "sqlite",
    schemes: ["sqlite"],
    urlExamples: ["sqlite:./file.db", "sqlite::memory:"],
    load: async () => (await import("./sqlite/sqlite-dialect.js")).sqliteDialect,
  },
  {
    name: "pglite",
    schemes: ["pglite"],
    urlExamples: ["pglite:./dir", "pglite:memory:"],
    load: async () => (await import("./pglite/pglite-dialect.js")).pgliteDialect,
  },
  {
    name: "postgres",
    schemes: ["postgres", "postgresql"],
    urlExamples: ["postgres://…"],
    load: async () => (await import("./postgres/postgres-dialect.js")).postgresDialect,
  },
  {
    name: "mysql",
    schemes: ["mysql", "mariadb"],
    urlExamples: ["mysql://…", "mariadb://…"],
    load: async () => (await import("./mysql/mysql-dialect.js")).mysqlDialect,
  },
];

const BY_NAME: ReadonlyMap<DialectName, DialectEntry> = new Map(DIALECTS.map((d) => [d.name, d]));

const BY_SCHEME: ReadonlyMap<string, DialectEntry> = new Map(
  DIALECTS.flatMap((d) => d.schemes.map((scheme) => [scheme, d] as const)),
);

const loaded = new Map<DialectName, Dialect>();

/** The registered dialects' names and URL schemes, in registry order, without loading any dialect. */
export function dialectNames(): readonly {
  readonly name: DialectName;
  readonly schemes: readonly string[];
}[] {
  return DIALECTS.map(({ name, schemes }) => ({ name, schemes }));
}

/** Loads (once) the dialect registered under `name`. */
export async function loadDialect(name: DialectName): Promise<Dialect> {
  const cached = loaded.get(name);
  if (cached) return cached;
  const entry = BY_NAME.get(name);
  if (!entry) throw new Error(`no dialect is registered as ${JSON.stringify(name)}`);
  const dialect = await entry.load();
  loaded.set(name, dialect);
  return dialect;
}

/** Every registered dialect, loaded, in registry order. */
export async function allDialects(): Promise<readonly Dialect[]> {
  return Promise.all(DIALECTS.map((d) => loadDialect(d.name)));
}

/**
 * The dialect registered under `name`, which must have been loaded (by `loadDialect`, `dialectForUrl` or `connect`);
 * code holding a connection or a schema reflected through one always finds it.
 */
export function getDialect(name: DialectName): Dialect {
  const dialect = loaded.get(name);
  if (dialect) return dialect;
  throw new Error(
    BY_NAME.has(name)
      ? `the ${JSON.stringify(name)} dialect is used before it was loaded (loadDialect)`
      : `no dialect is registered as ${JSON.stringify(name)}`,
  );
}

/** The dialect of a connection opened through `connect`. */
export function dialectOfConnection(connection: Connection): Dialect {
  return getDialect(connection.dialect);
}

/** The registry entry a URL names; throws InvalidUrlError for an unknown scheme. */
function entryForUrl(url: string): DialectEntry {
  const scheme = schemeOf(url);
  // Accept driver suffixes people bring from SQLAlchemy, e.g. postgresql+psycopg2://, mysql+pymysql://.
  const entry = BY_SCHEME.get(scheme) ?? BY_SCHEME.get(scheme.split("+")[0] ?? "");
  if (!entry) {
    const examples = DIALECTS.flatMap((d) => d.urlExamples);
    throw new InvalidUrlError(`Unsupported database URL ${JSON.stringify(redactUrl(url))}`, {
      hint: `use ${examples.slice(0, -1).join(", ")} or ${examples.at(-1)}`,
    });
  }
  return entry;
}

/** The dialect a URL names, loaded; throws InvalidUrlError for an unknown scheme. */
export async function dialectForUrl(url: string): Promise<Dialect> {
  return loadDialect(entryForUrl(url).name);
}

/** Parses a Retort URL; relative file paths resolve against `baseDir` (the config file's folder). */
export async function parseDatabaseUrl(url: string, baseDir: string = process.cwd()): Promise<DatabaseUrl> {
  return (await dialectForUrl(url)).driver.parseUrl(url, schemeOf(url), baseDir);
}

/** Whether the database a URL names exists; false only for an embedded database that opening would create. */
export async function databaseExists(url: string, baseDir: string = process.cwd()): Promise<boolean> {
  const dialect = await dialectForUrl(url);
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
  const dialect = await dialectForUrl(url);
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
