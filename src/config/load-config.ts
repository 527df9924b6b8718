// Finds retort.config.{ts,mts,js,mjs} (walking up from the working directory, or `-c PATH`), loads it, applies
// `-x` arguments, checks every key and value, selects the `-n` database, and resolves it into the ResolvedConfig
// every command receives. TypeScript configs go through jiti (imported only then, with its file cache);
// JavaScript ones through native import().

import { existsSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { UsageError } from "../errors.js";
import { ConfigError, ConfigNotFoundError } from "./config-error.js";
import { parseDuration } from "./duration.js";
import { importNative } from "./native-import.js";
import { displayPath } from "./paths.js";
import type { DatabaseConfig, MultiDatabaseConfig, ResolvedConfig } from "./types.js";
import { checkConfig, checkDatabaseConfig, isPlainObject } from "./validate-config.js";

export { ConfigError, ConfigNotFoundError };

/** Config file names looked for in each folder, in order of preference. */
export const CONFIG_FILE_NAMES: readonly string[] = [
  "retort.config.ts",
  "retort.config.mts",
  "retort.config.js",
  "retort.config.mjs",
];

export interface LoadConfigOptions {
  /** Where the search for a config file starts, and what a relative `configPath` is relative to. */
  readonly cwd: string;
  /** `-c PATH`: this file and no search. */
  readonly configPath?: string;
  /** `-x key=value` arguments. */
  readonly x?: readonly string[];
  /** `-n NAME`: which database of a multi-database config. */
  readonly name?: string;
}

export interface ResolveConfigOptions {
  /** The folder relative paths resolve against (the config file's folder). */
  readonly rootDir: string;
  readonly configPath?: string;
  readonly name?: string;
  readonly xArgs?: Readonly<Record<string, string>>;
}

/** Parses `-x key=value` arguments; the value may contain `=`, a later key wins. */
export function parseXArgs(args: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq <= 0) throw new UsageError(`-x expects key=value, got '${arg}'`);
    result[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  return result;
}

/** The nearest config file in `cwd` or a parent folder. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const { input, configPath, xArgs } = await readConfigInput(options);
  const { config, name } = selectDatabase(input, configPath, options.name);
  return resolveConfig(config, { rootDir: dirname(configPath), configPath, name, xArgs });
}

/** Every database the config file defines (one for a single-database config), resolved; `name` is ignored. */
export async function loadAllConfigs(options: LoadConfigOptions): Promise<ResolvedConfig[]> {
  const { input, configPath, xArgs } = await readConfigInput(options);
  const names =
    "databases" in input ? Object.keys((input as unknown as MultiDatabaseConfig).databases) : [undefined];
  return names.map((name) => {
    const { config } = selectDatabase(input, configPath, name);
    return resolveConfig(config, { rootDir: dirname(configPath), configPath, name, xArgs });
  });
}

/** Finds, imports and checks the config file, calling it with the `-x` arguments when it is a function. */
async function readConfigInput(
  options: LoadConfigOptions,
): Promise<{ input: Record<string, unknown>; configPath: string; xArgs: Readonly<Record<string, string>> }> {
  const xArgs = Object.freeze(parseXArgs(options.x ?? []));
  let configPath: string;
  if (options.configPath !== undefined) {
    configPath = resolve(options.cwd, options.configPath);
    if (!existsSync(configPath)) throw new ConfigNotFoundError(`Config file not found: ${configPath}`);
  } else {
    const found = findConfigFile(options.cwd);
    if (found === undefined) {
      throw new ConfigNotFoundError(
        `No ${CONFIG_FILE_NAMES.join(", ")} found in ${resolve(options.cwd)} or any folder above it`,
        { hint: 'run "retort init" to create one, or pass -c PATH' },
      );
    }
    configPath = found;
  }

  const exported = await importDefault(configPath);
  let input: unknown = exported;
  if (typeof exported === "function") {
    try {
      input = await (exported as (x: Readonly<Record<string, string>>) => unknown)(xArgs);
    } catch (error) {
      throw loadFailure(configPath, error);
    }
  }
  if (!isPlainObject(input)) {
    throw new ConfigError(
      `${displayPath(configPath)} must export default a config object or a function returning one (use defineConfig)`,
    );
  }
  checkConfig(input, displayPath(configPath));
  return { input, configPath, xArgs };
}

function loadFailure(configPath: string, error: unknown): ConfigError {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split("\n").find((line) => line.trim() !== "") ?? "unknown error";
  return new ConfigError(`Failed to load config ${displayPath(configPath)}: ${first.trim()}`, {
    cause: error,
  });
}

async function importDefault(configPath: string): Promise<unknown> {
  let module: Record<string, unknown>;
  try {
    const extension = extname(configPath);
    if (extension === ".ts" || extension === ".mts" || extension === ".cts") {
      // The loader and the transpiler behind it load only for a TypeScript config.
      module = await (await import("./typescript-loader.js")).importTypeScript(configPath);
    } else {
      // The modification time in the URL makes a changed file load afresh within one process.
      const url = `${pathToFileURL(configPath).href}?mtime=${statSync(configPath).mtimeMs}`;
      module = (await importNative(configPath, url)) as Record<string, unknown>;
    }
  } catch (error) {
    throw loadFailure(configPath, error);
  }
  if (!isPlainObject(module) || !("default" in module) || module.default === undefined) {
    throw new ConfigError(
      `${displayPath(configPath)} has no default export (export default defineConfig({ … }))`,
    );
  }
  return module.default;
}

/** The database `-n` names, else `default`, else the first; the config has passed checkConfig. */
function selectDatabase(
  input: Record<string, unknown>,
  configPath: string,
  name: string | undefined,
): { config: DatabaseConfig; name: string | undefined } {
  const file = displayPath(configPath);
  if (!("databases" in input)) {
    if (name !== undefined) {
      throw new ConfigError(
        `-n ${name} was given, but ${file} defines a single database (no "databases" key)`,
      );
    }
    return { config: input, name: undefined };
  }
  const multi = input as unknown as MultiDatabaseConfig;
  const names = Object.keys(multi.databases);
  const chosen = name ?? multi.default ?? names[0]!;
  const config = Object.hasOwn(multi.databases, chosen) ? multi.databases[chosen] : undefined;
  if (config === undefined) {
    const how = name === undefined ? `The default database '${chosen}'` : `Database '${chosen}'`;
    throw new ConfigError(`${how} is not defined in ${file}; defined: ${names.join(", ")}`, {
      hint: `choose one with -n ${names[0]}`,
    });
  }
  return { config, name: chosen };
}

/** Whether a `target` string is a file path (resolved against the config folder) rather than a package name. */
function isPathLike(target: string): boolean {
  return (
    isAbsolute(target) ||
    target.startsWith("./") ||
    target.startsWith("../") ||
    /\.(sql|[cm]?[jt]sx?)$/.test(target)
  );
}

/** Checks every key and value, fills defaults and makes paths absolute. Throws ConfigError for a mistake. */
export function resolveConfig(input: DatabaseConfig, options: ResolveConfigOptions): ResolvedConfig {
  checkDatabaseConfig(
    input as Record<string, unknown>,
    options.configPath === undefined ? undefined : displayPath(options.configPath),
    options.name === undefined ? "" : `databases.${options.name}.`,
  );
  const rootDir = resolve(options.rootDir);
  const scriptLocation = resolve(rootDir, input.scriptLocation ?? "migrations");
  const versionLocations = input.versionLocations?.map((location) => resolve(rootDir, location)) ?? [
    join(scriptLocation, "versions"),
  ];
  let target = input.target;
  if (typeof target === "string" && isPathLike(target)) target = resolve(rootDir, target);

  return Object.freeze({
    configPath: options.configPath === undefined ? undefined : resolve(options.configPath),
    rootDir,
    name: options.name,
    url: input.url,
    scriptLocation,
    versionLocations: Object.freeze(versionLocations),
    versionTable: input.versionTable ?? "retort_version",
    versionTableSchema: input.versionTableSchema,
    transactionPerMigration: input.transactionPerMigration ?? false,
    historyTable: input.historyTable ?? "retort_history",
    onChecksumMismatch: input.onChecksumMismatch ?? "warn",
    target,
    drizzleCasing: input.drizzleCasing,
    include: Object.freeze([...(input.include ?? [])]),
    exclude: Object.freeze([...(input.exclude ?? [])]),
    truncateSlugLength: input.truncateSlugLength ?? 40,
    lockTimeoutMs:
      input.lockTimeout === undefined || input.lockTimeout === null
        ? undefined
        : parseDuration(input.lockTimeout, { key: "lockTimeout" }),
    xArgs: Object.freeze({ ...(options.xArgs ?? {}) }),
  });
}
