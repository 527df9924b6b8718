// The reflected schema: what a live database holds, read by each dialect's introspector with a few bulk catalog
// queries, in one shape that autogenerate compares. Types are native, exactly as the catalog states them.
// The helpers below (referential actions, SQL text splitting) serve every introspector; this module imports no
// dialect.

import type { NativeType } from "../schema/native-type.js";
import type { SequenceOwner } from "../schema/sequence.js";
import type { Connection, DialectName } from "./connection.js";

/** How a column gets values it was not given: PostgreSQL identity, serial sequences, MySQL/SQLite autoincrement. */
export type Autoincrement = "always" | "byDefault" | "serial" | "autoincrement";

export interface ReflectedColumn {
  readonly name: string;
  /** The type exactly as the catalog states it (MySQL's COLUMN_TYPE, PostgreSQL's format_type, SQLite's declared type). */
  readonly type: NativeType;
  /** Whether the column accepts NULL, as the catalog declares it. */
  readonly nullable: boolean;
  /** Never NULL whatever the declaration says (SQLite's rowid alias): its nullability is no difference. */
  readonly neverNull?: boolean;
  /** The server default as SQL text, normalized per dialect (see `normalizeDefault`); undefined when none. */
  readonly default: string | undefined;
  readonly autoincrement: Autoincrement | undefined;
  /** A generated column's expression as the catalog gives it back, and whether it is stored. */
  readonly generated: { readonly expression: string; readonly stored: boolean } | undefined;
  readonly comment: string | undefined;
  /** MySQL's ON UPDATE expression as SQL text; undefined elsewhere and when there is none. */
  readonly onUpdate: string | undefined;
  /** The options of the sequence behind a PostgreSQL identity column, as the catalog states them. */
  readonly identitySequence?: ReflectedSequenceOptions;
}

/** A sequence's options, each as the catalog states it (`integer`, `1`, `2147483647`). */
export interface ReflectedSequenceOptions {
  readonly as: string;
  readonly start: string;
  readonly increment: string;
  readonly minValue: string;
  readonly maxValue: string;
  readonly cache: string;
  readonly cycle: boolean;
}

export interface ReflectedSequence extends ReflectedSequenceOptions {
  readonly schema: string | undefined;
  readonly name: string;
  /** The column that owns it (in the sequence's schema), if any. */
  readonly ownedBy: SequenceOwner | undefined;
}

export interface ReflectedPrimaryKey {
  readonly name: string | undefined;
  readonly columns: readonly string[];
}

/** How one key part of an index is ordered and compared, as the catalog states it. */
export interface ReflectedIndexPart {
  readonly descending: boolean;
  /** NULLS FIRST / LAST where it is not the default for the part's order (PostgreSQL). */
  readonly nulls: "first" | "last" | undefined;
  /** The part's operator class (PostgreSQL), named in the DDL or not; undefined where there are none. */
  readonly opclass: string | undefined;
  /** Whether `opclass` is the default one for the column's type and the index's method, which DDL need not name. */
  readonly defaultOpclass: boolean;
  /** The COLLATE written for the part, where it is not the column's own. */
  readonly collation: string | undefined;
  /** MySQL prefix length. */
  readonly length: number | undefined;
}

export interface ReflectedIndex {
  readonly name: string;
  readonly unique: boolean;
  /** Column names; an expression part is given as its SQL text in `expressions` at the same position. */
  readonly columns: readonly string[];
  readonly expressions: readonly (string | undefined)[];
  /** The WHERE of a partial index, as SQL text. */
  readonly where: string | undefined;
  /** Each key part's order, operator class, collation and prefix, at the same position as `columns`; absent: all plain. */
  readonly parts?: readonly ReflectedIndexPart[];
  /**
   * The catalog's word for how the index is built, in lower case: PostgreSQL's access method, MySQL's INDEX_TYPE.
   * Absent where the database has one kind (SQLite).
   */
  readonly method?: string;
  /** PostgreSQL INCLUDE columns; absent: none. */
  readonly include?: readonly string[];
}

/** A key part with no options: ascending, default operator class and collation, no prefix. */
export const PLAIN_INDEX_PART: ReflectedIndexPart = Object.freeze({
  descending: false,
  nulls: undefined,
  opclass: undefined,
  defaultOpclass: true,
  collation: undefined,
  length: undefined,
});

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
  /** MySQL/MariaDB: the table's default collation where it is not the database's; undefined elsewhere. */
  readonly collation?: string;
  /** PostgreSQL: a partitioned table's key, as pg_get_partkeydef states it; absent: not partitioned. */
  readonly partitionBy?: string;
  /** PostgreSQL: a partition's parent (schema undefined: the default one) and bound, as pg_get_expr states it. */
  readonly partitionOf?: {
    readonly schema: string | undefined;
    readonly table: string;
    readonly bound: string;
    /** Its columns are what PARTITION OF gives it (its parent's, nothing of its own); absent: they are its own. */
    readonly columnsFromParent?: boolean;
  };
  /** MySQL/MariaDB: the table's partitioning, as SHOW CREATE TABLE writes it after PARTITION BY; absent: none. */
  readonly partitioning?: string;
}

export interface ReflectedEnum {
  readonly schema: string | undefined;
  readonly name: string;
  readonly values: readonly string[];
}

/** A PostgreSQL domain as the catalog states it. */
export interface ReflectedDomain {
  readonly schema: string | undefined;
  readonly name: string;
  /** The base type, as format_type writes it. */
  readonly type: NativeType;
  readonly notNull: boolean;
  /** The default as SQL text, normalized like a column's; undefined when none. */
  readonly default: string | undefined;
  /** The domain's collation where it is not its base type's. */
  readonly collation: string | undefined;
  readonly checks: readonly ReflectedCheck[];
}

export interface ReflectedSchema {
  readonly dialect: DialectName;
  readonly tables: readonly ReflectedTable[];
  /** PostgreSQL named enum types; empty elsewhere. */
  readonly enums: readonly ReflectedEnum[];
  /** PostgreSQL: which of the requested extra schemas (`ReflectOptions.schemas`) exist; empty elsewhere. */
  readonly schemas: readonly string[];
  /**
   * PostgreSQL sequences that stand on their own; the one behind a serial column is part of that column's type,
   * and an identity column's options are on the column. Absent where the database has none.
   */
  readonly sequences?: readonly ReflectedSequence[];
  /** PostgreSQL domains; absent where the database has none. */
  readonly domains?: readonly ReflectedDomain[];
  /** Objects the catalog holds that autogenerate does not manage (views, triggers, routines, partitioning). */
  readonly unmanaged?: readonly UnmanagedObject[];
}

/**
 * A view, trigger, routine or event by name; partitioning by its table's name. PostgreSQL names routines with
 * their argument types, `film_in_stock(integer, integer)`, and triggers with their table, `film.last_updated`.
 */
export interface UnmanagedObject {
  readonly kind:
    | "view"
    | "materialized view"
    | "trigger"
    | "procedure"
    | "function"
    | "aggregate"
    | "window function"
    | "event"
    | "partitioning";
  readonly name: string;
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
