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

/** A column name, or an expression for an expression index (`sql\`lower(${sql.id("email")})\``). */
export type IndexColumn = string | SqlExpression;

export interface IndexOptions {
  readonly unique?: boolean;
  /** A partial index's condition (PostgreSQL, SQLite). */
  readonly where?: SqlExpression;
}

export interface Index extends IndexOptions {
  readonly name: string;
  readonly columns: readonly IndexColumn[];
}
