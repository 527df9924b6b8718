// Finds retort.config.{ts,mts,js,mjs} (walking up from the working directory, or `-c PATH`), loads it, applies
// `-x` arguments and `-n` database selection, and resolves it into the ResolvedConfig every command receives.
// TypeScript configs go through jiti (imported only then, with its file cache); JavaScript ones through import().

import { existsSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { RetortError, UsageError } from "../errors.js";
import { displayPath } from "./paths.js";
import type { ConfigInput, DatabaseConfig, MultiDatabaseConfig, ResolvedConfig } from "./types.js";
import { createTypeScriptLoader } from "./typescript-loader.js";

/** Config file names looked for in each folder, in order of preference. */
export const CONFIG_FILE_NAMES: readonly string[] = [
  "retort.config.ts",
  "retort.config.mts",
  "retort.config.js",
  "retort.config.mjs",
];

/** A config that cannot be found, loaded or understood. */
export class ConfigError extends RetortError {}

export class ConfigNotFoundError extends ConfigError {}

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
  if (!isObject(input)) {
    throw new ConfigError(
      `${displayPath(configPath)} must export default a config object or a function returning one (use defineConfig)`,
    );
  }
  const { config, name } = selectDatabase(input as ConfigInput, configPath, options.name);
  return resolveConfig(config, { rootDir: dirname(configPath), configPath, name, xArgs });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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
      const jiti = createTypeScriptLoader({
        fsCache: true,
        moduleCache: false,
      });
      module = (await jiti.import(configPath)) as Record<string, unknown>;
    } else {
      // The modification time in the URL makes a changed file load afresh within one process.
      const url = `${pathToFileURL(configPath).href}?mtime=${statSync(configPath).mtimeMs}`;
      module = (await import(url)) as Record<string, unknown>;
    }
  } catch (error) {
    throw loadFailure(configPath, error);
  }
  if (!isObject(module) || !("default" in module) || module.default === undefined) {
    throw new ConfigError(
      `${displayPath(configPath)} has no default export (export default defineConfig({ … }))`,
    );
  }
  return module.default;
}

function selectDatabase(
  input: ConfigInput,
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
  const multi = input as MultiDatabaseConfig;
  if (!isObject(multi.databases))
    throw new ConfigError(`${file}: databases must be an object of named configs`);
  const names = Object.keys(multi.databases);
  if (names.length === 0) throw new ConfigError(`${file}: databases is empty`);
  const chosen = name ?? multi.default ?? names[0]!;
  const config = Object.hasOwn(multi.databases, chosen) ? multi.databases[chosen] : undefined;
  if (config === undefined) {
    const how = name === undefined ? `The default database '${chosen}'` : `Database '${chosen}'`;
    throw new ConfigError(`${how} is not defined in ${file}; defined: ${names.join(", ")}`, {
      hint: `choose one with -n ${names[0]}`,
    });
  }
  if (!isObject(config)) throw new ConfigError(`${file}: databases.${chosen} must be a config object`);
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

/** Fills defaults and makes paths absolute. Throws ConfigError for values of the wrong type. */
export function resolveConfig(input: DatabaseConfig, options: ResolveConfigOptions): ResolvedConfig {
  const source = options.configPath === undefined ? "config" : displayPath(options.configPath);
  const field = (key: string) => (options.name === undefined ? key : `databases.${options.name}.${key}`);
  const fail = (key: string, what: string): never => {
    throw new ConfigError(`${source}: ${field(key)} must be ${what}`);
  };
  const optionalString = (key: keyof DatabaseConfig): string | undefined => {
    const value = input[key];
    if (value !== undefined && (typeof value !== "string" || value === "")) fail(key, "a non-empty string");
    return value as string | undefined;
  };
  const stringList = (key: keyof DatabaseConfig): string[] | undefined => {
    const value = input[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || item === "")) {
      fail(key, "an array of non-empty strings");
    }
    return value as string[];
  };

  const rootDir = resolve(options.rootDir);
  const url = optionalString("url");
  const scriptLocation = resolve(rootDir, optionalString("scriptLocation") ?? "migrations");
  const versionLocationsInput = stringList("versionLocations");
  if (versionLocationsInput?.length === 0) fail("versionLocations", "a non-empty array (or left out)");
  const versionLocations = versionLocationsInput?.map((location) => resolve(rootDir, location)) ?? [
    join(scriptLocation, "versions"),
  ];
  const versionTable = optionalString("versionTable") ?? "retort_version";
  const versionTableSchema = optionalString("versionTableSchema");
  const transactionPerMigration = input.transactionPerMigration ?? false;
  if (typeof transactionPerMigration !== "boolean") fail("transactionPerMigration", "true or false");
  const truncateSlugLength = input.truncateSlugLength ?? 40;
  if (!Number.isInteger(truncateSlugLength) || truncateSlugLength < 1) {
    fail("truncateSlugLength", "a positive integer");
  }
  let target = input.target;
  if (target !== undefined && typeof target !== "function") {
    if (typeof target !== "string" || target === "") fail("target", "a path, a module name, or a function");
    else if (isPathLike(target)) target = resolve(rootDir, target);
  }

  return Object.freeze({
    configPath: options.configPath === undefined ? undefined : resolve(options.configPath),
    rootDir,
    name: options.name,
    url,
    scriptLocation,
    versionLocations: Object.freeze(versionLocations),
    versionTable,
    versionTableSchema,
    transactionPerMigration,
    target,
    include: Object.freeze([...(stringList("include") ?? [])]),
    exclude: Object.freeze([...(stringList("exclude") ?? [])]),
    truncateSlugLength,
    xArgs: Object.freeze({ ...(options.xArgs ?? {}) }),
  });
}
