// The schema model's table: `table("users", { id: column.integer().primaryKey() }, { indexes: [...] })` builds
// plain frozen data. op.createTable builds the same value, and autogenerate will compare it with the database.

import type { Column, ColumnBuilder } from "./column.js";
import {
  type CheckConstraint,
  type ForeignKey,
  type ForeignKeyOptions,
  type Index,
  type IndexColumn,
  type IndexOptions,
  indexShape,
  type PrimaryKey,
  type UniqueConstraint,
} from "./constraints.js";
import { compact, deepFreeze } from "./freeze.js";
import { type SqlExpression, sql } from "./sql.js";

export interface Table {
  readonly kind: "table";
  readonly name: string;
  readonly schema: string | undefined;
  /** In order; inline `.primaryKey()`, `.unique()` and `.references()` have been moved to the lists below. */
  readonly columns: readonly Column[];
  readonly primaryKey: PrimaryKey | undefined;
  readonly uniques: readonly UniqueConstraint[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly checks: readonly CheckConstraint[];
  readonly indexes: readonly Index[];
  readonly comment: string | undefined;
  /** MySQL/MariaDB: the table's default collation (which sets its character set too); absent: the database's. */
  readonly collation?: string;
  /** PostgreSQL: the partition key of a partitioned table as PostgreSQL states it, `RANGE (payment_date)`. */
  readonly partitionBy?: string;
  /** PostgreSQL: the partitioned table this one is a partition of, and its bound. */
  readonly partitionOf?: PartitionOf;
  /** MySQL/MariaDB: what follows PARTITION BY, partitions included, `RANGE COLUMNS(d) (PARTITION p0 …)`. */
  readonly partitioning?: string;
}

/** A partition's parent and bound, the bound as PostgreSQL states it: `FOR VALUES FROM (…) TO (…)`, `DEFAULT`. */
export interface PartitionOf {
  readonly table: string;
  /** The parent's schema; absent: the default one. */
  readonly schema?: string;
  readonly bound: string;
}

export interface ForeignKeyInput extends ForeignKeyOptions {
  readonly columns: readonly string[];
  /** The referenced table; `referencedSchema` names its schema. */
  readonly references: string;
  readonly referencedColumns: readonly string[];
}

export interface IndexInput extends IndexOptions {
  readonly name: string;
  readonly columns: readonly IndexColumn[];
}

export interface TableOptions {
  readonly schema?: string;
  /** Columns of a composite primary key (or `{ name, columns }`); single-column keys can use `.primaryKey()`. */
  readonly primaryKey?: readonly string[] | PrimaryKey;
  readonly uniques?: readonly (readonly string[] | UniqueConstraint)[];
  readonly foreignKeys?: readonly ForeignKeyInput[];
  /** CHECK conditions as `sql` expressions, optionally named. */
  readonly checks?: readonly (SqlExpression | CheckConstraint)[];
  readonly indexes?: readonly IndexInput[];
  readonly comment?: string;
  /** MySQL/MariaDB: the table's default collation, `COLLATE=utf8mb3_general_ci`; the character set follows. */
  readonly collation?: string;
  /** PostgreSQL: `PARTITION BY` this key, `RANGE (created_at)`, `LIST (region)`, `HASH (id)`. */
  readonly partitionBy?: string;
  /**
   * PostgreSQL: the table is a partition of this parent with this bound. It lists all the parent's columns or none:
   * with none it is created `PARTITION OF` the parent and takes its columns; with all, as a table of its own with
   * those columns, then attached (pg_dump's form).
   */
  readonly partitionOf?: PartitionOf;
  /**
   * MySQL/MariaDB: the table's partitioning, the whole clause after PARTITION BY with its partitions:
   * `RANGE COLUMNS(from_date) (PARTITION p01 VALUES LESS THAN ('1986-01-01'), PARTITION p02 VALUES LESS THAN
   * MAXVALUE)`, `HASH (id) PARTITIONS 4`. MySQL keeps partitions inside the table, so there is no partitionOf.
   */
  readonly partitioning?: string;
}

/** Refuses a partition key or bound that is not of PostgreSQL's form, before any SQL is written. */
export function checkPartitioning(
  name: string,
  options: Pick<TableOptions, "partitionBy" | "partitionOf">,
): void {
  if (
    options.partitionBy !== undefined &&
    !/^\s*(RANGE|LIST|HASH)\s*\([\s\S]*\S[\s\S]*\)\s*$/i.test(options.partitionBy)
  ) {
    throw new TypeError(
      `table ${name}: partitionBy is RANGE (…), LIST (…) or HASH (…), not ${JSON.stringify(options.partitionBy)}`,
    );
  }
  const bound = options.partitionOf?.bound;
  if (bound !== undefined && !/^\s*(DEFAULT|FOR\s+VALUES\s+\S[\s\S]*)\s*$/i.test(bound)) {
    throw new TypeError(
      `table ${name}: a partition's bound is DEFAULT or FOR VALUES …, not ${JSON.stringify(bound)}`,
    );
  }
}

function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value);
}

/** Builds a frozen table definition. */
export function table(
  name: string,
  columns: Readonly<Record<string, ColumnBuilder>>,
  options: TableOptions = {},
): Table {
  const built = Object.entries(columns).map(([columnName, builder]) => builder.named(columnName));
  if (built.length === 0 && options.partitionOf === undefined)
    throw new TypeError(`table ${name} needs at least one column`);
  return tableFromColumns(name, built, options);
}

/** The same, from already named columns (what batch rebuilds and reflection produce). */
export function tableFromColumns(
  name: string,
  columns: readonly Column[],
  options: TableOptions = {},
): Table {
  checkPartitioning(name, options);
  const inlinePk = columns.filter((c) => c.primaryKey).map((c) => c.name);
  const explicitPk = options.primaryKey;
  if (explicitPk !== undefined && inlinePk.length > 0) {
    throw new TypeError(`table ${name}: give the primary key either on columns or in options, not both`);
  }
  const primaryKey: PrimaryKey | undefined =
    explicitPk === undefined
      ? inlinePk.length > 0
        ? { columns: inlinePk }
        : undefined
      : isStringList(explicitPk)
        ? { columns: [...explicitPk] }
        : compact({ name: explicitPk.name, columns: [...explicitPk.columns] });

  const uniques: UniqueConstraint[] = [
    ...columns.filter((c) => c.unique).map((c) => ({ columns: [c.name] })),
    ...(options.uniques ?? []).map((u) => (isStringList(u) ? { columns: [...u] } : compact({ ...u }))),
  ];
  const foreignKeys: ForeignKey[] = [
    ...columns.flatMap((c) => {
      if (c.references === undefined) return [];
      const { table: referencedTable, column: referencedColumn, ...rest } = c.references;
      return [
        compact({ ...rest, columns: [c.name], referencedTable, referencedColumns: [referencedColumn] }),
      ];
    }),
    ...(options.foreignKeys ?? []).map(({ references, ...rest }) =>
      compact({ ...rest, referencedTable: references }),
    ),
  ];
  const checks: CheckConstraint[] = (options.checks ?? []).map((c) =>
    sql.isExpression(c) ? { condition: c } : c,
  );
  const indexes: Index[] = (options.indexes ?? []).map((i) =>
    compact({ ...i, include: undefined, ...indexShape(i.name, i.columns, i) }),
  );

  return deepFreeze({
    kind: "table",
    name,
    schema: options.schema,
    columns: columns.map((c) => ({ ...c, primaryKey: false, unique: false, references: undefined })),
    primaryKey,
    uniques,
    foreignKeys,
    checks,
    indexes,
    comment: options.comment,
    ...(options.collation === undefined ? {} : { collation: options.collation }),
    ...(options.partitionBy === undefined ? {} : { partitionBy: options.partitionBy }),
    ...(options.partitionOf === undefined ? {} : { partitionOf: compact({ ...options.partitionOf }) }),
    ...(options.partitioning === undefined ? {} : { partitioning: options.partitioning }),
  });
}
