// Table-level constraints and indexes as plain data, shared by createTable, the constraint operations and
// the schema model autogenerate compares.

import type { SqlExpression } from "./sql.js";

export type ForeignKeyAction = "CASCADE" | "RESTRICT" | "SET NULL" | "SET DEFAULT" | "NO ACTION";

export interface PrimaryKey {
  readonly name?: string;
  readonly columns: readonly string[];
}

export interface UniqueConstraint {
  readonly name?: string;
  readonly columns: readonly string[];
}

export interface ForeignKeyOptions {
  readonly name?: string;
  /** Schema of the referenced table. */
  readonly referencedSchema?: string;
  readonly onDelete?: ForeignKeyAction;
  readonly onUpdate?: ForeignKeyAction;
  /** PostgreSQL and SQLite; MySQL has no deferrable constraints and refuses this. */
  readonly deferrable?: boolean;
  readonly initially?: "DEFERRED" | "IMMEDIATE";
}

export interface ForeignKey extends ForeignKeyOptions {
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
}

export interface CheckConstraint {
  readonly name?: string;
  readonly condition: SqlExpression;
}

/**
 * How one key part of an index is ordered and compared. Each option exists on some databases only, and a dialect
 * that lacks one refuses it (UnsupportedOperationError) rather than dropping it.
 */
export interface IndexPartOptions {
  /** DESC: PostgreSQL, SQLite, MySQL 8 and MariaDB 10.8+. */
  readonly descending?: boolean;
  /** PostgreSQL NULLS FIRST / LAST. Its default is last ascending and first descending, and the default is no difference. */
  readonly nulls?: "first" | "last";
  /** PostgreSQL operator class, written as given: `jsonb_path_ops`, `text_pattern_ops`, `gist_trgm_ops(siglen=32)`. */
  readonly opclass?: string;
  /** COLLATE for this part (PostgreSQL, SQLite); `schema.name` for a qualified PostgreSQL collation. */
  readonly collation?: string;
  /** MySQL prefix length, in characters (bytes for binary types): `KEY (title(20))`. */
  readonly length?: number;
}

/** A key part with options: `{ column: "title", length: 20 }`, `{ column: sql\`lower(${sql.id("t")})\`, descending: true }`. */
export interface IndexPart extends IndexPartOptions {
  readonly column: string | SqlExpression;
}

/**
 * A key part of an index: a column name, an expression (`sql\`lower(${sql.id("email")})\``), or either with options
 * (`IndexPart`). A part without options is kept as its bare name or expression.
 */
export type IndexColumn = string | SqlExpression | IndexPart;

export interface IndexOptions {
  readonly unique?: boolean;
  /** A partial index's condition (PostgreSQL, SQLite). */
  readonly where?: SqlExpression;
  /**
   * How the database builds the index, in its own word: PostgreSQL's access method (`gin`, `gist`, `brin`, `hash`,
   * `spgist`, or an extension's), MySQL's index type (`fulltext`, `spatial`, `hash`, `btree`). Absent: the
   * database's default, a B-tree. SQLite has none.
   */
  readonly method?: string;
  /** PostgreSQL INCLUDE: columns stored in the index without being part of its key. */
  readonly include?: readonly string[];
}

export interface Index extends IndexOptions {
  readonly name: string;
  readonly columns: readonly IndexColumn[];
}

const PART_OPTIONS = ["descending", "nulls", "opclass", "collation", "length"] as const;

/** A key part in object form, whatever form it was given in. */
export function indexPart(column: IndexColumn): IndexPart {
  return typeof column === "object" && "column" in column ? column : { column };
}

/** A key part as the schema model keeps it: its bare name or expression when it has no options. */
export function simpleIndexColumn(column: IndexColumn): IndexColumn {
  const part = indexPart(column);
  const kept: { -readonly [K in keyof IndexPart]: IndexPart[K] } = { column: part.column };
  for (const key of PART_OPTIONS) {
    const value = part[key];
    if (value !== undefined && value !== false) Object.assign(kept, { [key]: value });
  }
  return Object.keys(kept).length === 1 ? kept.column : kept;
}

/** The column a key part indexes, or undefined for an expression. */
export function indexColumnName(column: IndexColumn): string | undefined {
  const key = indexPart(column).column;
  return typeof key === "string" ? key : undefined;
}

/** Every column an index names: its plain key parts and its INCLUDE columns. */
export function indexColumnNames(index: Pick<Index, "columns" | "include">): string[] {
  return [
    ...index.columns.map(indexColumnName).filter((name) => name !== undefined),
    ...(index.include ?? []),
  ];
}

/** Renames a column wherever an index names it. */
export function renameIndexColumn<T extends Pick<Index, "columns" | "include">>(
  index: T,
  from: string,
  to: string,
): T {
  const columns = index.columns.map((c) => {
    const part = indexPart(c);
    return part.column === from ? simpleIndexColumn({ ...part, column: to }) : c;
  });
  const include = index.include?.map((c) => (c === from ? to : c));
  return { ...index, columns, ...(include === undefined ? {} : { include }) };
}

/**
 * An index's key parts, method and INCLUDE list as the schema model keeps them (parts without options bare, an
 * empty INCLUDE left out). A method is one word, written into DDL as it is, so anything else is refused here.
 */
export function indexShape(
  name: string,
  columns: readonly IndexColumn[],
  options: Pick<IndexOptions, "method" | "include">,
): { columns: IndexColumn[]; method?: string; include?: string[] } {
  if (columns.length === 0) throw new TypeError(`index ${name} needs at least one column`);
  if (options.method !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.method)) {
    throw new TypeError(
      `index ${name}: method must be one word (gin, gist, fulltext, …), not ${options.method}`,
    );
  }
  for (const part of columns.map(indexPart)) {
    if (part.length !== undefined && !(Number.isInteger(part.length) && part.length > 0)) {
      throw new TypeError(`index ${name}: a prefix length must be a positive integer, not ${part.length}`);
    }
  }
  return {
    columns: columns.map(simpleIndexColumn),
    ...(options.method === undefined ? {} : { method: options.method }),
    ...(options.include === undefined || options.include.length === 0
      ? {}
      : { include: [...options.include] }),
  };
}
