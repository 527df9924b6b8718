// Refuses a config that cannot be what its author meant, before any command connects or writes: every key must be
// one Retort knows, and every value of the type its key takes. An ignored key is worse than an error: a misspelt
// `versionTabel: "alembic_version"` left the default version table in force, and upgrade replayed every revision.

import { ConfigError } from "./config-error.js";
import { isDuration } from "./duration.js";
import { closestMatch } from "./edit-distance.js";
import type { DatabaseConfig, MultiDatabaseConfig } from "./types.js";

interface KeyRule {
  /** What the key takes, in the words of the error message (and of docs/configuration.md). */
  readonly expected: string;
  readonly accepts: (value: unknown) => boolean;
}

const isNonEmptyString = (value: unknown): boolean => typeof value === "string" && value !== "";

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const STRING: KeyRule = {
  expected: "a non-empty string",
  accepts: (value) => value === undefined || isNonEmptyString(value),
};

const STRING_LIST: KeyRule = {
  expected: "an array of non-empty strings",
  accepts: (value) => value === undefined || (Array.isArray(value) && value.every(isNonEmptyString)),
};

// `null` is accepted where the key's default has always been applied with `??`, so that it still means "left out".

/** The settings of one database, whether the whole config or one entry of `databases`. */
export const DATABASE_KEYS: { readonly [Key in keyof Required<DatabaseConfig>]: KeyRule } = {
  url: STRING,
  scriptLocation: STRING,
  versionLocations: {
    expected: "a non-empty array of non-empty strings",
    accepts: (value) =>
      value === undefined || (Array.isArray(value) && value.length > 0 && value.every(isNonEmptyString)),
  },
  versionTable: STRING,
  versionTableSchema: STRING,
  transactionPerMigration: {
    expected: "true or false",
    accepts: (value) => value === undefined || value === null || typeof value === "boolean",
  },
  historyTable: {
    expected: "a non-empty string or false",
    accepts: (value) => value === undefined || value === false || isNonEmptyString(value),
  },
  onChecksumMismatch: {
    expected: '"warn" or "error"',
    accepts: (value) => value === undefined || value === "warn" || value === "error",
  },
  target: {
    expected: "a module path, a package name, or a function",
    accepts: (value) => value === undefined || typeof value === "function" || isNonEmptyString(value),
  },
  drizzleCasing: {
    expected: '"snake_case" or "camelCase"',
    accepts: (value) => value === undefined || value === "snake_case" || value === "camelCase",
  },
  include: STRING_LIST,
  exclude: STRING_LIST,
  truncateSlugLength: {
    expected: "a positive integer",
    accepts: (value) =>
      value === undefined || value === null || (Number.isInteger(value) && Number(value) >= 1),
  },
  lockTimeout: {
    expected: 'a duration such as "30s", "500ms" or "2m", or a number of milliseconds',
    accepts: (value) => value === undefined || value === null || isDuration(value),
  },
};

/** The top level of a config that describes several databases. */
export const MULTI_DATABASE_KEYS: { readonly [Key in keyof Required<MultiDatabaseConfig>]: KeyRule } = {
  databases: {
    expected: "an object of named database configs, at least one",
    accepts: (value) => isPlainObject(value) && Object.keys(value).length > 0,
  },
  default: {
    expected: "the name of one of its databases",
    accepts: (value) => value === undefined || value === null || typeof value === "string",
  },
};

/** How a wrong value is shown: enough to recognise it, never more than a short string. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") {
    if (value === "") return "an empty string";
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value)}`;
  }
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (Array.isArray(value)) {
    if (value.length === 0) return "an empty array";
    const odd = value.find((item) => !isNonEmptyString(item));
    return odd === undefined ? "an array" : `an array holding ${describe(odd)}`;
  }
  if (typeof value === "object") return Object.keys(value).length === 0 ? "an empty object" : "an object";
  return String(value);
}

/** " in <file>" for messages about a config file; nothing for a config built in code. */
const inFile = (file: string | undefined): string => (file === undefined ? "" : ` in ${file}`);

function unknownKeyError(
  key: string,
  path: string,
  file: string | undefined,
  valid: readonly string[],
): ConfigError {
  const suggestion = closestMatch(key, valid);
  const detail =
    suggestion === undefined ? `; the keys are ${valid.join(", ")}` : `: did you mean ${suggestion}?`;
  return new ConfigError(`Unknown config key ${path}${inFile(file)}${detail}`);
}

function checkValues(
  input: Record<string, unknown>,
  rules: Readonly<Record<string, KeyRule>>,
  file: string | undefined,
  prefix: string,
): void {
  for (const [key, value] of Object.entries(input)) {
    const rule = rules[key]!;
    if (!rule.accepts(value)) {
      throw new ConfigError(
        `Config key ${prefix}${key}${inFile(file)} must be ${rule.expected}; got ${describe(value)}`,
      );
    }
  }
}

/**
 * Checks the settings of one database. `prefix` is how its keys are named in messages (`databases.main.`).
 * Throws ConfigError for the first unknown key (preferring one that looks misspelt) or wrong value.
 */
export function checkDatabaseConfig(
  input: Record<string, unknown>,
  file: string | undefined,
  prefix = "",
): void {
  const valid = Object.keys(DATABASE_KEYS);
  const unknown = Object.keys(input).filter((key) => !Object.hasOwn(DATABASE_KEYS, key));
  if (unknown.length > 0) {
    // A misspelt `databases` turns a config of several databases into one of a single database.
    const candidates = prefix === "" ? [...valid, "databases"] : valid;
    const key = unknown.find((key) => closestMatch(key, candidates) !== undefined) ?? unknown[0]!;
    if (prefix === "" && key === "default") {
      throw new ConfigError(
        `Unknown config key default${inFile(file)}: default chooses one of databases, and this config has no databases key`,
      );
    }
    if (key === "databases") {
      // Only from code: a config file with databases is checked by checkConfig.
      throw new ConfigError(
        `Unknown config key ${prefix}databases${inFile(file)}: this takes the settings of one database; loadConfig chooses one of databases`,
      );
    }
    throw unknownKeyError(key, `${prefix}${key}`, file, candidates);
  }
  checkValues(input, DATABASE_KEYS, file, prefix);
}

/** Checks a whole config as loaded from a file: one database, or every entry of `databases`. */
export function checkConfig(input: Record<string, unknown>, file: string): void {
  if (!("databases" in input)) {
    checkDatabaseConfig(input, file);
    return;
  }
  const valid = Object.keys(MULTI_DATABASE_KEYS);
  const unknown = Object.keys(input).filter((key) => !Object.hasOwn(MULTI_DATABASE_KEYS, key));
  if (unknown.length > 0) {
    const key = unknown.find((key) => closestMatch(key, valid) !== undefined) ?? unknown[0]!;
    if (Object.hasOwn(DATABASE_KEYS, key)) {
      throw new ConfigError(
        `Unknown config key ${key}${inFile(file)}: with databases, each database's settings go inside it (databases.<name>.${key})`,
      );
    }
    throw unknownKeyError(key, key, file, valid);
  }
  checkValues(input, MULTI_DATABASE_KEYS, file, "");
  for (const [name, section] of Object.entries(input.databases as Record<string, unknown>)) {
    if (!isPlainObject(section)) {
      throw new ConfigError(
        `Config key databases.${name}${inFile(file)} must be a config object; got ${describe(section)}`,
      );
    }
    checkDatabaseConfig(section, file, `databases.${name}.`);
  }
}
