// The dialect registry: the one place that lists the dialects, keyed by the URL schemes each answers to.
// Adding a dialect is adding its folder and one entry to DIALECTS. A dialect's modules load when it is first asked
// for, so a command touches only the dialect it uses: connecting loads its core (and the driver), compiling or
// reading a schema its DDL part too; the registry puts the two together into the one Dialect object.

import { InvalidUrlError, redactUrl, schemeOf } from "../config/url.js";
import {
  type Connection,
  type ConnectOptions,
  type DialectName,
  ReadOnlyDatabaseError,
} from "./connection.js";
import type { DatabaseUrl, Dialect, DialectCore, DialectDdl } from "./dialect.js";

export type { Connection, DialectName, ExecResult } from "./connection.js";
export { ConnectionError, MissingDriverError, ReadOnlyDatabaseError } from "./connection.js";
export type { DatabaseUrl, Dialect, DialectCapabilities, DialectCore } from "./dialect.js";

/** What the registry knows of a dialect before its modules load: its name, its URL schemes, how to load it. */
interface DialectEntry {
  readonly name: DialectName;
  /** URL schemes this dialect answers to (`postgres`, `postgresql`). */
  readonly schemes: readonly string[];
  /** Example URLs, for the message that lists what is accepted. */
  readonly urlExamples: readonly string[];
  readonly core: () => Promise<DialectCore>;
  readonly ddl: () => Promise<DialectDdl>;
}

const DIALECTS: readonly DialectEntry[] = [
  {
    name: "sqlite",
    schemes: ["sqlite"],
    urlExamples: ["sqlite:./file.db", "sqlite::memory:"],
    core: async () => (await import("./sqlite/sqlite-dialect.js")).sqliteDialect,
    ddl: async () => (await import("./sqlite/sqlite-ddl.js")).sqliteDdl,
  },
  {
    name: "pglite",
    schemes: ["pglite"],
    urlExamples: ["pglite:./dir", "pglite:memory:"],
    core: async () => (await import("./pglite/pglite-dialect.js")).pgliteDialect,
    ddl: async () => (await import("./postgres/postgres-ddl.js")).postgresDdl,
  },
  {
    name: "postgres",
    schemes: ["postgres", "postgresql"],
    urlExamples: ["postgres://…"],
    core: async () => (await import("./postgres/postgres-dialect.js")).postgresDialect,
    ddl: async () => (await import("./postgres/postgres-ddl.js")).postgresDdl,
  },
  {
    name: "mysql",
    schemes: ["mysql", "mariadb"],
    urlExamples: ["mysql://…", "mariadb://…"],
    core: async () => (await import("./mysql/mysql-dialect.js")).mysqlDialect,
    ddl: async () => (await import("./mysql/mysql-ddl.js")).mysqlDdl,
  },
];

const BY_NAME: ReadonlyMap<DialectName, DialectEntry> = new Map(DIALECTS.map((d) => [d.name, d]));

const BY_SCHEME: ReadonlyMap<string, DialectEntry> = new Map(
  DIALECTS.flatMap((d) => d.schemes.map((scheme) => [scheme, d] as const)),
);

const cores = new Map<DialectName, DialectCore>();
const loaded = new Map<DialectName, Dialect>();

/** The registered dialects' names and URL schemes, in registry order, without loading any dialect. */
export function dialectNames(): readonly {
  readonly name: DialectName;
  readonly schemes: readonly string[];
}[] {
  return DIALECTS.map(({ name, schemes }) => ({ name, schemes }));
}

function entryNamed(name: DialectName): DialectEntry {
  const entry = BY_NAME.get(name);
  if (!entry) throw new Error(`no dialect is registered as ${JSON.stringify(name)}`);
  return entry;
}

/** Loads (once) the core of the dialect registered under `name`: enough to connect, lock and read versions. */
async function loadCore(entry: DialectEntry): Promise<DialectCore> {
  const cached = cores.get(entry.name);
  if (cached) return cached;
  const core = await entry.core();
  cores.set(entry.name, core);
  return core;
}

/** Loads (once) the whole dialect registered under `name`, its DDL part included. */
export async function loadDialect(name: DialectName): Promise<Dialect> {
  const cached = loaded.get(name);
  if (cached) return cached;
  const entry = entryNamed(name);
  const [core, ddl] = await Promise.all([loadCore(entry), entry.ddl()]);
  const dialect: Dialect = loaded.get(name) ?? { ...core, ...ddl };
  loaded.set(name, dialect);
  return dialect;
}

/** Every registered dialect, loaded whole, in registry order. */
export async function allDialects(): Promise<readonly Dialect[]> {
  return Promise.all(DIALECTS.map((d) => loadDialect(d.name)));
}

/**
 * The whole dialect registered under `name`, which must have been loaded (`loadDialect`, `dialectForUrl`); code
 * holding a schema reflected through a dialect's introspector always finds it.
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

/** The core of a connection's dialect (loaded by `connect`); `loadDialect(connection.dialect)` gives the whole. */
export function dialectOfConnection(connection: Connection): DialectCore {
  const core = cores.get(connection.dialect);
  if (!core) throw new Error(`no dialect is loaded as ${JSON.stringify(connection.dialect)}`);
  return core;
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

/** The whole dialect a URL names, loaded; throws InvalidUrlError for an unknown scheme. */
export async function dialectForUrl(url: string): Promise<Dialect> {
  return loadDialect(entryForUrl(url).name);
}

/** Parses a Retort URL; relative file paths resolve against `baseDir` (the config file's folder). */
export async function parseDatabaseUrl(url: string, baseDir: string = process.cwd()): Promise<DatabaseUrl> {
  return (await loadCore(entryForUrl(url))).driver.parseUrl(url, schemeOf(url), baseDir);
}

/** Whether the database a URL names exists; false only for an embedded database that opening would create. */
export async function databaseExists(url: string, baseDir: string = process.cwd()): Promise<boolean> {
  const dialect = await loadCore(entryForUrl(url));
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
  const dialect = await loadCore(entryForUrl(url));
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
