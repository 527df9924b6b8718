// Portable column types. Each is a small frozen value; every dialect's compiler maps them to its own spelling.

export type ColumnType =
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
    }
  | { readonly kind: "raw"; readonly sql: string };

export type ColumnTypeKind = ColumnType["kind"];

function positiveInteger(what: string, value: number | undefined): number | undefined {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new TypeError(`${what} must be a non-negative integer, got ${value}`);
  }
  return value;
}

/** Constructors for every portable type, usable on their own (`types.varchar(80)` for alterColumn's `type`). */
export const types = {
  integer: (): ColumnType => Object.freeze({ kind: "integer" }),
  bigint: (): ColumnType => Object.freeze({ kind: "bigint" }),
  smallint: (): ColumnType => Object.freeze({ kind: "smallint" }),
  boolean: (): ColumnType => Object.freeze({ kind: "boolean" }),
  text: (): ColumnType => Object.freeze({ kind: "text" }),
  varchar: (length?: number): ColumnType =>
    Object.freeze({ kind: "varchar", length: positiveInteger("varchar length", length) }),
  char: (length?: number): ColumnType =>
    Object.freeze({ kind: "char", length: positiveInteger("char length", length) }),
  numeric: (precision?: number, scale?: number): ColumnType =>
    Object.freeze({
      kind: "numeric",
      precision: positiveInteger("numeric precision", precision),
      scale: positiveInteger("numeric scale", scale),
    }),
  real: (): ColumnType => Object.freeze({ kind: "real" }),
  double: (): ColumnType => Object.freeze({ kind: "double" }),
  date: (): ColumnType => Object.freeze({ kind: "date" }),
  time: (options: { withTimeZone?: boolean; precision?: number } = {}): ColumnType =>
    Object.freeze({
      kind: "time",
      withTimeZone: options.withTimeZone ?? false,
      precision: positiveInteger("time precision", options.precision),
    }),
  timestamp: (options: { withTimeZone?: boolean; precision?: number } = {}): ColumnType =>
    Object.freeze({
      kind: "timestamp",
      withTimeZone: options.withTimeZone ?? false,
      precision: positiveInteger("timestamp precision", options.precision),
    }),
  interval: (): ColumnType => Object.freeze({ kind: "interval" }),
  json: (): ColumnType => Object.freeze({ kind: "json" }),
  jsonb: (): ColumnType => Object.freeze({ kind: "jsonb" }),
  uuid: (): ColumnType => Object.freeze({ kind: "uuid" }),
  bytes: (): ColumnType => Object.freeze({ kind: "bytes" }),
  /** On PostgreSQL a named type (create it with op.createEnum); on MySQL an inline ENUM; on SQLite text with a CHECK. */
  enum: (name: string, values: readonly string[], options: { schema?: string } = {}): ColumnType => {
    if (values.length === 0) throw new TypeError(`enum ${name} needs at least one value`);
    return Object.freeze({ kind: "enum", name, values: Object.freeze([...values]), schema: options.schema });
  },
  /** A dialect's own type, written exactly as given (`raw("citext")`). */
  raw: (sql: string): ColumnType => Object.freeze({ kind: "raw", sql }),
} as const;
