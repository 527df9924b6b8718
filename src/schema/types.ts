// Column types: a database's own native type, kept exactly (`types.native("mediumint unsigned")`), or a
// portable type (`types.varchar(80)`), which is sugar that each dialect's type system resolves to one native type.

import { type NativeType, parseNativeType } from "./native-type.js";

export type { NativeType } from "./native-type.js";

/** The sugar: what every dialect can store, each resolved to one native type per dialect. */
export type PortableType =
  | { readonly kind: "integer" }
  | { readonly kind: "bigint" }
  | { readonly kind: "smallint" }
  | { readonly kind: "boolean" }
  | { readonly kind: "text" }
  | { readonly kind: "varchar"; readonly length: number | undefined }
  | { readonly kind: "char"; readonly length: number | undefined }
  | { readonly kind: "numeric"; readonly precision: number | undefined; readonly scale: number | undefined }
  | { readonly kind: "real" }
  | { readonly kind: "double" }
  | { readonly kind: "date" }
  | { readonly kind: "time"; readonly withTimeZone: boolean; readonly precision: number | undefined }
  | { readonly kind: "timestamp"; readonly withTimeZone: boolean; readonly precision: number | undefined }
  | { readonly kind: "interval" }
  | { readonly kind: "json" }
  | { readonly kind: "jsonb" }
  | { readonly kind: "uuid" }
  | { readonly kind: "bytes" }
  | {
      readonly kind: "enum";
      readonly name: string;
      readonly values: readonly string[];
      readonly schema: string | undefined;
    };

export type ColumnType = PortableType | NativeType;

export type ColumnTypeKind = ColumnType["kind"];

function positiveInteger(what: string, value: number | undefined): number | undefined {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new TypeError(`${what} must be a non-negative integer, got ${value}`);
  }
  return value;
}

/** Constructors for every portable type, usable on their own (`types.varchar(80)` for alterColumn's `type`). */
export const types = {
  integer: (): PortableType => Object.freeze({ kind: "integer" }),
  bigint: (): PortableType => Object.freeze({ kind: "bigint" }),
  smallint: (): PortableType => Object.freeze({ kind: "smallint" }),
  boolean: (): PortableType => Object.freeze({ kind: "boolean" }),
  text: (): PortableType => Object.freeze({ kind: "text" }),
  varchar: (length?: number): PortableType =>
    Object.freeze({ kind: "varchar", length: positiveInteger("varchar length", length) }),
  char: (length?: number): PortableType =>
    Object.freeze({ kind: "char", length: positiveInteger("char length", length) }),
  numeric: (precision?: number, scale?: number): PortableType =>
    Object.freeze({
      kind: "numeric",
      precision: positiveInteger("numeric precision", precision),
      scale: positiveInteger("numeric scale", scale),
    }),
  real: (): PortableType => Object.freeze({ kind: "real" }),
  double: (): PortableType => Object.freeze({ kind: "double" }),
  date: (): PortableType => Object.freeze({ kind: "date" }),
  time: (options: { withTimeZone?: boolean; precision?: number } = {}): PortableType =>
    Object.freeze({
      kind: "time",
      withTimeZone: options.withTimeZone ?? false,
      precision: positiveInteger("time precision", options.precision),
    }),
  timestamp: (options: { withTimeZone?: boolean; precision?: number } = {}): PortableType =>
    Object.freeze({
      kind: "timestamp",
      withTimeZone: options.withTimeZone ?? false,
      precision: positiveInteger("timestamp precision", options.precision),
    }),
  interval: (): PortableType => Object.freeze({ kind: "interval" }),
  json: (): PortableType => Object.freeze({ kind: "json" }),
  jsonb: (): PortableType => Object.freeze({ kind: "jsonb" }),
  uuid: (): PortableType => Object.freeze({ kind: "uuid" }),
  bytes: (): PortableType => Object.freeze({ kind: "bytes" }),
  /** On PostgreSQL a named type (create it with op.createEnum); on MySQL an inline ENUM; on SQLite text with a CHECK. */
  enum: (name: string, values: readonly string[], options: { schema?: string } = {}): PortableType => {
    if (values.length === 0) throw new TypeError(`enum ${name} needs at least one value`);
    return Object.freeze({ kind: "enum", name, values: Object.freeze([...values]), schema: options.schema });
  },
  /** The database's own type, written exactly as given: `native("mediumint unsigned")`, `native("citext")`. */
  native: (sql: string): NativeType => parseNativeType(sql),
  /** A PostgreSQL domain by name (create it with op.createDomain); quoted where the name needs it. */
  domain: (name: string, options: { schema?: string } = {}): NativeType => {
    const quote = (part: string) =>
      /^[a-z_][a-z0-9_$]*$/.test(part) ? part : `"${part.replaceAll('"', '""')}"`;
    const text = options.schema === undefined ? quote(name) : `${quote(options.schema)}.${quote(name)}`;
    return Object.freeze({ ...parseNativeType(text), domain: true });
  },
} as const;
