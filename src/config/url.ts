// Database URLs, whatever the dialect: the scheme, the parts of a server URL and of a file URL, and the printable
// (password-free) form. Which dialect a scheme names is the dialect registry's business (src/dialects/index.ts).

import { isAbsolute, resolve } from "node:path";
import { RetortError } from "../errors.js";

export class InvalidUrlError extends RetortError {}

export interface ServerUrl {
  readonly host: string;
  readonly port: number | undefined;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly database: string | undefined;
  /** Query-string parameters (`?sslmode=require`), passed to the driver where it understands them. */
  readonly params: Readonly<Record<string, string>>;
}

/** The URL's scheme, lowercased; "" when it has none. */
export function schemeOf(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim());
  return match ? match[1]!.toLowerCase() : "";
}

/** Strips the scheme and an optional `//` from a file-style URL: `sqlite:./a.db`, `sqlite:///abs/a.db`. */
export function pathPart(url: string, scheme: string): string {
  let rest = url.trim().slice(scheme.length + 1);
  if (rest.startsWith("//")) rest = rest.slice(2);
  return rest;
}

/** A file path from a URL, absolute; relative paths resolve against `baseDir`. */
export function absolutePath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** The parts of a `scheme://user:password@host:port/database?params` URL. */
export function parseServerUrl(url: string): ServerUrl {
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

/** The URL with its password replaced by `***`; safe to print. */
export function redactUrl(url: string): string {
  // Greedy up to the last "@" so that an unencoded "@" inside the password is hidden too.
  return url.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):(\S*)@/i, "$1:***@");
}
