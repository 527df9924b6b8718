// The shape of retort.config.ts as written by users, and as every command sees it once resolved.

export interface DatabaseConfig {
  /** sqlite:./file.db, sqlite::memory:, pglite:./dir, pglite:memory:, postgres://…, mysql://…, mariadb://… */
  url?: string;
  /** Folder holding script.ts.tmpl; relative to the config file. Default "migrations". */
  scriptLocation?: string;
  /** Folders holding revision files; relative to the config file. Default [`${scriptLocation}/versions`]. */
  versionLocations?: string[];
  /** Default "retort_version"; "alembic_version" adopts a database Alembic manages. */
  versionTable?: string;
  versionTableSchema?: string;
  /** Default false: one transaction for the whole run where DDL is transactional. */
  transactionPerMigration?: boolean;
  /** The applied-history table beside the version table. Default "retort_history"; false keeps no history. */
  historyTable?: string | false;
  /** What `upgrade` does when an applied revision's file changed: "warn" (default) or "error" (refuse). */
  onChecksumMismatch?: "warn" | "error";
  /** The schema model autogenerate compares against: a module with table definitions, a Drizzle schema, or a .sql path. */
  target?: string | (() => Promise<unknown>);
  /** A Drizzle target's `casing`, as drizzle-kit's config gives it: the names of columns declared without one. */
  drizzleCasing?: "snake_case" | "camelCase";
  /** Object-name patterns for autogenerate (glob with * and ?). */
  include?: string[];
  exclude?: string[];
  /** Characters kept from a message in a new file's slug. Default 40. */
  truncateSlugLength?: number;
  /** How long a run waits for another run's lock: "30s", "500ms", "2m", or milliseconds. Default: forever. */
  lockTimeout?: string | number;
}

/** Several named databases in one config, selected with `-n NAME`. */
export interface MultiDatabaseConfig {
  databases: Record<string, DatabaseConfig>;
  /** The name used when `-n` is not given. Default: the first key. */
  default?: string;
}

export type ConfigInput = DatabaseConfig | MultiDatabaseConfig;

/** What `defineConfig` accepts: a config, or a function of the `-x key=value` arguments returning one. */
export type ConfigDefinition =
  | ConfigInput
  | ((x: Readonly<Record<string, string>>) => ConfigInput | Promise<ConfigInput>);

/** The config every command receives: paths absolute, defaults filled in. */
export interface ResolvedConfig {
  /** Absolute path of the config file, or undefined when built in code. */
  readonly configPath: string | undefined;
  /** The folder relative paths were resolved against. */
  readonly rootDir: string;
  /** Which entry of a multi-database config this is; undefined for a single one. */
  readonly name: string | undefined;
  readonly url: string | undefined;
  readonly scriptLocation: string;
  readonly versionLocations: readonly string[];
  readonly versionTable: string;
  readonly versionTableSchema: string | undefined;
  readonly transactionPerMigration: boolean;
  /** The history table's name, or false when no history is kept. */
  readonly historyTable: string | false;
  readonly onChecksumMismatch: "warn" | "error";
  readonly target: string | (() => Promise<unknown>) | undefined;
  readonly drizzleCasing?: "snake_case" | "camelCase";
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly truncateSlugLength: number;
  /** Milliseconds a run waits for another run's lock; undefined: as long as it takes. */
  readonly lockTimeoutMs: number | undefined;
  readonly xArgs: Readonly<Record<string, string>>;
}
