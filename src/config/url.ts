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

/**
 * Query parameters that carry a credential or key material (`password`, `sslpassword`, `sslkey`, `sslcert`, a
 * token…): their values are masked wherever a URL is printed.
 */
const SECRET_PARAM = /(pass|pwd|secret|token|key|cert|auth|credential)/i;

/**
 * Masks every credential in `text` (a URL, or a message holding URLs): the password of each URL and the value of
 * each secret query parameter become `***`; safe to print.
 */
export function redactUrl(text: string): string {
  return (
    text
      // Greedy up to the last "@" of the URL so that an unencoded "@" inside the password is hidden too.
      .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):(\S*)@/gi, "$1:***@")
      .replace(/([?&])([^=&\s#]+)=([^&\s#"'`]*)/g, (whole, sep: string, name: string) =>
        SECRET_PARAM.test(decodeParamName(name)) ? `${sep}${name}=***` : whole,
      )
  );
}

function decodeParamName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * `text` with every literal credential of `url` (its password, the value of each secret query parameter) masked:
 * for driver messages, which may quote a value (a key file it could not open) without the URL around it.
 */
export function hideUrlSecrets(text: string, url: ServerUrl): string {
  const secrets = [
    url.password,
    ...Object.entries(url.params)
      .filter(([name]) => SECRET_PARAM.test(name))
      .map(([, value]) => value),
  ].filter((value): value is string => value !== undefined && value.length >= 3);
  return secrets.reduce((masked, secret) => masked.split(secret).join("***"), text);
}
