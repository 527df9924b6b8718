// Identifier quoting and SQL literals for every dialect. Every name Retort puts into SQL goes through
// quoteIdentifier; every value printed into offline SQL goes through literal.

import type { DialectName } from "./connection.js";

export function quoteIdentifier(dialect: DialectName, name: string): string {
  if (name.includes("\u0000")) throw new Error(`identifier ${JSON.stringify(name)} contains a NUL character`);
  return dialect === "mysql" ? `\`${name.replaceAll("`", "``")}\`` : `"${name.replaceAll('"', '""')}"`;
}

/** `schema.name`, each part quoted; just the quoted name without a schema. */
export function quoteQualified(dialect: DialectName, name: string, schema?: string): string {
  const quoted = quoteIdentifier(dialect, name);
  return schema === undefined ? quoted : `${quoteIdentifier(dialect, schema)}.${quoted}`;
}

function quoteString(dialect: DialectName, value: string): string {
  if (value.includes("\u0000")) throw new Error("string literal contains a NUL character");
  const doubled = value.replaceAll("'", "''");
  // MySQL treats backslash as an escape character unless NO_BACKSLASH_ESCAPES is set.
  return dialect === "mysql" ? `'${doubled.replaceAll("\\", "\\\\")}'` : `'${doubled}'`;
}

/** A value written as a SQL literal, escaped for the dialect. */
export function literal(dialect: DialectName, value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
    return String(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") {
    if (dialect === "postgres" || dialect === "pglite") return value ? "TRUE" : "FALSE";
    return value ? "1" : "0";
  }
  if (typeof value === "string") return quoteString(dialect, value);
  if (value instanceof Date) return quoteString(dialect, value.toISOString());
  if (value instanceof Uint8Array) {
    const hex = Buffer.from(value).toString("hex");
    return dialect === "postgres" || dialect === "pglite" ? `'\\x${hex}'::bytea` : `X'${hex}'`;
  }
  return quoteString(dialect, JSON.stringify(value));
}
