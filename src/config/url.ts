// Database URLs: which dialect a URL names, its connection parameters, and its printable (password-free) form.

import { isAbsolute, resolve } from "node:path";
import type { DialectName } from "../dialects/connection.js";
import { RetortError } from "../errors.js";

export class InvalidUrlError extends RetortError {}

export interface SqliteUrl {
  readonly dialect: "sqlite";
  /** Absolute file path, or ":memory:". */
  readonly filename: string;
}

export interface PgliteUrl {
  readonly dialect: "pglite";
  /** Absolute data directory, or undefined for an in-memory database. */
  readonly dataDir: string | undefined;
}

export interface ServerUrl {
  readonly host: string;
  readonly port: number | undefined;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly database: string | undefined;
  /** Query-string parameters (`?sslmode=require`), passed to the driver where it understands them. */
  readonly params: Readonly<Record<string, string>>;
}

export interface PostgresUrl extends ServerUrl {
  readonly dialect: "postgres";
  /** The URL as given, for the driver's own connection-string parser (sslmode and friends). */
  readonly connectionString: string;
}

export interface MysqlUrl extends ServerUrl {
  readonly dialect: "mysql";
  /** True for `mariadb://`. Both speak the same protocol. */
  readonly mariadb: boolean;
}

export type DatabaseUrl = SqliteUrl | PgliteUrl | PostgresUrl | MysqlUrl;

const SCHEMES: Readonly<Record<string, DialectName>> = {
  sqlite: "sqlite",
  pglite: "pglite",
  postgres: "postgres",
  postgresql: "postgres",
  mysql: "mysql",
  mariadb: "mysql",
};

function schemeOf(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim());
  return match ? match[1]!.toLowerCase() : "";
}

/** The dialect a URL names; throws for an unknown scheme. */
export function dialectOf(url: string): DialectName {
  const scheme = schemeOf(url);
  // Accept driver suffixes people bring from SQLAlchemy, e.g. postgresql+psycopg2://, mysql+pymysql://.
  const dialect = SCHEMES[scheme] ?? SCHEMES[scheme.split("+")[0] ?? ""];
  if (!dialect) {
    throw new InvalidUrlError(`Unsupported database URL ${JSON.stringify(redactUrl(url))}`, {
      hint: "use sqlite:./file.db, sqlite::memory:, pglite:./dir, pglite:memory:, postgres://…, mysql://… or mariadb://…",
    });
  }
  return dialect;
}

/** Strips the scheme and an optional `//` from a file-style URL: `sqlite:./a.db`, `sqlite:///abs/a.db`. */
function pathPart(url: string, scheme: string): string {
  let rest = url.trim().slice(scheme.length + 1);
  if (rest.startsWith("//")) rest = rest.slice(2);
  return rest;
}

function parseServerUrl(url: string): ServerUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidUrlError(`Malformed database URL ${JSON.stringify(redactUrl(url))}`, {
      hint: "expected scheme://user:password@host:port/database; percent-encode special characters in the password",
    });
  }
  const params: Record<string, string> = {};
  for (const [key, value] of parsed.searchParams) params[key] = value;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  return {
    host: decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, "")) || "localhost",
    port: parsed.port ? Number(parsed.port) : undefined,
    user: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: database || undefined,
    params,
  };
}

/** Parses a Retort URL; relative file paths resolve against `baseDir` (the config file's folder). */
export function parseDatabaseUrl(url: string, baseDir: string = process.cwd()): DatabaseUrl {
  const dialect = dialectOf(url);
  const scheme = schemeOf(url);
  switch (dialect) {
    case "sqlite": {
      const path = pathPart(url, scheme);
      if (path === "") throw new InvalidUrlError(`SQLite URL ${JSON.stringify(url)} names no file`);
      if (path === ":memory:") return { dialect, filename: ":memory:" };
      return { dialect, filename: isAbsolute(path) ? path : resolve(baseDir, path) };
    }
    case "pglite": {
      const path = pathPart(url, scheme);
      if (path === "memory:" || path === ":memory:" || path === "memory://" || path === "")
        return { dialect, dataDir: undefined };
      return { dialect, dataDir: isAbsolute(path) ? path : resolve(baseDir, path) };
    }
    case "postgres":
      return { dialect, connectionString: url, ...parseServerUrl(url) };
    case "mysql":
      return { dialect, mariadb: scheme.startsWith("mariadb"), ...parseServerUrl(url) };
  }
}

/** The URL with its password replaced by `***`; safe to print. */
export function redactUrl(url: string): string {
  // Greedy up to the last "@" so that an unencoded "@" inside the password is hidden too.
  return url.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):(\S*)@/i, "$1:***@");
}
