// The reflected schema: what a live database holds, read by each dialect's introspector with a few bulk catalog
// queries, in one shape that autogenerate compares. Types are normalized to portable kinds; the raw type is kept.
// The helpers below (type-name parsing, referential actions, SQL text splitting) serve every introspector; this
// module imports no dialect.

import type { Connection, DialectName } from "./connection.js";

/** Portable type families, matching the schema model's column types; `other` keeps a type we do not map. */
export type TypeKind =
  | "integer"
  | "bigint"
  | "smallint"
  | "boolean"
  | "text"
  | "varchar"
  | "char"
  | "numeric"
  | "real"
  | "double"
  | "date"
  | "time"
  | "timestamp"
  | "interval"
  | "json"
  | "jsonb"
  | "uuid"
  | "bytes"
  | "enum"
  | "other";

export interface ReflectedType {
  readonly kind: TypeKind;
  /** varchar(n), char(n), or the fractional-seconds precision of time/timestamp. */
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly withTimezone?: boolean;
  /** PostgreSQL: the enum type's name (and schema when not the default). MySQL/SQLite: unused. */
  readonly enumName?: string;
  readonly enumSchema?: string;
  /** MySQL inline ENUM('a','b') values. */
  readonly values?: readonly string[];
  /** PostgreSQL array of the element type, e.g. `text[]`. */
  readonly array?: boolean;
  /** The type as the database spells it, lowercased: what the comparison falls back to for `other`. */
  readonly raw: string;
}

/** How a column gets values it was not given: PostgreSQL identity, serial sequences, MySQL/SQLite autoincrement. */
export type Autoincrement = "always" | "byDefault" | "serial" | "autoincrement";

export interface ReflectedColumn {
  readonly name: string;
  readonly type: ReflectedType;
  readonly nullable: boolean;
  /** The server default as SQL text, normalized per dialect (see `normalizeDefault`); undefined when none. */
  readonly default: string | undefined;
  readonly autoincrement: Autoincrement | undefined;
  /** Stored/virtual generated column expression; compared as text only, see docs/autogenerate.md. */
  readonly generated: string | undefined;
  readonly comment: string | undefined;
}

export interface ReflectedPrimaryKey {
  readonly name: string | undefined;
  readonly columns: readonly string[];
}

export interface ReflectedIndex {
  readonly name: string;
  readonly unique: boolean;
  /** Column names; an expression part is given as its SQL text in `expressions` at the same position. */
  readonly columns: readonly string[];
  readonly expressions: readonly (string | undefined)[];
  /** The WHERE of a partial index, as SQL text. */
  readonly where: string | undefined;
}

export interface ReflectedUnique {
  /** Undefined where the database keeps no name (SQLite inline UNIQUE). */
  readonly name: string | undefined;
  readonly columns: readonly string[];
}

export type ReferentialAction = "no action" | "restrict" | "cascade" | "set null" | "set default";

export interface ReflectedForeignKey {
  readonly name: string | undefined;
  readonly columns: readonly string[];
  readonly referredSchema: string | undefined;
  readonly referredTable: string;
  readonly referredColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
}

export interface ReflectedCheck {
  readonly name: string | undefined;
  /** The condition without the CHECK keyword and outer parentheses, as the database gives it back. */
  readonly expression: string;
}

export interface ReflectedTable {
  /** Undefined for the default schema (and always on SQLite and MySQL). */
  readonly schema: string | undefined;
  readonly name: string;
  readonly columns: readonly ReflectedColumn[];
  readonly primaryKey: ReflectedPrimaryKey | undefined;
  readonly indexes: readonly ReflectedIndex[];
  readonly uniques: readonly ReflectedUnique[];
  readonly foreignKeys: readonly ReflectedForeignKey[];
  readonly checks: readonly ReflectedCheck[];
  readonly comment: string | undefined;
}

export interface ReflectedEnum {
  readonly schema: string | undefined;
  readonly name: string;
  readonly values: readonly string[];
}

export interface ReflectedSchema {
  readonly dialect: DialectName;
  readonly tables: readonly ReflectedTable[];
  /** PostgreSQL named enum types; empty elsewhere. */
  readonly enums: readonly ReflectedEnum[];
  /** PostgreSQL: which of the requested extra schemas (`ReflectOptions.schemas`) exist; empty elsewhere. */
  readonly schemas: readonly string[];
}

export interface ReflectOptions {
  /**
   * PostgreSQL schemas to read besides the default one (`current_schema()`); tables in the default schema are
   * reported with `schema: undefined`. Ignored on SQLite and MySQL, which read the connection's database.
   */
  readonly schemas?: readonly string[];
}

export interface Introspector {
  reflect(connection: Connection, options?: ReflectOptions): Promise<ReflectedSchema>;
}

/** `schema.name` or `name`: how tables and enums are keyed and printed. */
export function qualifiedName(item: { readonly schema: string | undefined; readonly name: string }): string {
  return item.schema === undefined ? item.name : `${item.schema}.${item.name}`;
}

/** An introspector whose module is imported on first use, so that loading a dialect stays cheap. */
export function lazyIntrospector(load: () => Promise<Introspector>): Introspector {
  return { reflect: async (connection, options) => (await load()).reflect(connection, options) };
}

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  "no action": "no action",
  restrict: "restrict",
  cascade: "cascade",
  "set null": "set null",
  "set default": "set default",
  // PostgreSQL's pg_constraint one-letter codes.
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

/** A referential action from any catalog's spelling ("CASCADE", "c", "SET NULL"). */
export function referentialAction(value: unknown): ReferentialAction {
  const text = String(value ?? "no action")
    .toLowerCase()
    .replaceAll("_", " ")
    .trim();
  return ACTIONS[text] ?? "no action";
}

/** Strips one layer of parentheses that wrap the whole text, repeatedly: `((a > 0))` → `a > 0`. */
export function stripOuterParens(text: string): string {
  let result = text.trim();
  for (;;) {
    if (!result.startsWith("(") || !result.endsWith(")")) return result;
    let depth = 0;
    let quote: string | undefined;
    for (let i = 0; i < result.length; i++) {
      const c = result[i]!;
      if (quote) {
        if (c === quote) quote = undefined;
        continue;
      }
      if (c === "'" || c === '"' || c === "`") quote = c;
      else if (c === "(") depth++;
      else if (c === ")") {
        depth--;
        // The opening parenthesis closes before the end: it does not wrap the whole text.
        if (depth === 0 && i < result.length - 1) return result;
      }
    }
    result = result.slice(1, -1).trim();
  }
}

/** Splits on commas at parenthesis depth zero and outside quotes. */
export function splitTopLevel(text: string, separator = ","): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === "`" || c === "[") quote = c === "[" ? "]" : c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== "") parts.push(last);
  return parts;
}

const NAMED_TYPES: Readonly<Record<string, TypeKind>> = {
  int: "integer",
  integer: "integer",
  int4: "integer",
  mediumint: "integer",
  int8: "bigint",
  bigint: "bigint",
  int2: "smallint",
  smallint: "smallint",
  tinyint: "smallint",
  bool: "boolean",
  boolean: "boolean",
  text: "text",
  tinytext: "text",
  mediumtext: "text",
  longtext: "text",
  clob: "text",
  varchar: "varchar",
  "character varying": "varchar",
  nvarchar: "varchar",
  "varying character": "varchar",
  char: "char",
  character: "char",
  bpchar: "char",
  nchar: "char",
  numeric: "numeric",
  decimal: "numeric",
  real: "real",
  float4: "real",
  float: "real",
  double: "double",
  "double precision": "double",
  float8: "double",
  date: "date",
  time: "time",
  "time without time zone": "time",
  "time with time zone": "time",
  timetz: "time",
  timestamp: "timestamp",
  "timestamp without time zone": "timestamp",
  "timestamp with time zone": "timestamp",
  timestamptz: "timestamp",
  datetime: "timestamp",
  interval: "interval",
  json: "json",
  jsonb: "jsonb",
  uuid: "uuid",
  bytea: "bytes",
  blob: "bytes",
  tinyblob: "bytes",
  mediumblob: "bytes",
  longblob: "bytes",
  varbinary: "bytes",
  binary: "bytes",
};

/**
 * Parses a type as a database spells it (`character varying(50)`, `int4`, `timestamp(3) with time zone`,
 * `decimal(10,2) unsigned`) into its portable kind and arguments. Unknown names become `other`.
 */
export function parseTypeName(spelled: string): ReflectedType {
  const raw = spelled.trim().toLowerCase().replace(/\s+/g, " ");
  let text = raw;
  const array = text.endsWith("[]");
  if (array) text = text.replace(/(\[\])+$/, "");
  const args: number[] = [];
  const argMatch = /\(([^)]*)\)/.exec(text);
  if (argMatch) {
    for (const part of argMatch[1]!.split(",")) {
      const n = Number(part.trim());
      if (Number.isFinite(n)) args.push(n);
    }
    text = `${text.slice(0, argMatch.index)}${text.slice(argMatch.index + argMatch[0].length)}`
      .replace(/\s+/g, " ")
      .trim();
  }
  const withTimezone = /\bwith time zone\b/.test(text) || text === "timestamptz" || text === "timetz";
  const base = text.replace(/\b(unsigned|zerofill|signed)\b/g, "").trim();
  let kind: TypeKind = NAMED_TYPES[base] ?? "other";
  // MySQL's BOOLEAN is TINYINT(1).
  if (base === "tinyint" && args[0] === 1) kind = "boolean";
  const type: {
    -readonly [K in keyof ReflectedType]: ReflectedType[K];
  } = { kind, raw };
  if (array) type.array = true;
  switch (kind) {
    case "varchar":
    case "char":
      if (args[0] !== undefined) type.length = args[0];
      break;
    case "numeric":
      if (args[0] !== undefined) type.precision = args[0];
      if (args[1] !== undefined) type.scale = args[1];
      break;
    case "time":
    case "timestamp":
      if (args[0] !== undefined) type.precision = args[0];
      type.withTimezone = withTimezone;
      break;
    case "bytes":
      if (args[0] !== undefined && (base === "varbinary" || base === "binary")) type.length = args[0];
      break;
    case "real":
      // float(p) with p > 24 is a double in both PostgreSQL and MySQL.
      if (base === "float" && args[0] !== undefined && args[0] > 24) type.kind = "double";
      break;
  }
  return type;
}
