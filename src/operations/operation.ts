// Every operation a revision can perform, as frozen data: what autogenerate renders, what a dialect compiles,
// and what reverseOperation inverts. `kind` tells them apart.

import type { Column, ColumnDefault, ColumnIdentity } from "../schema/column.js";
import type {
  CheckConstraint,
  ForeignKey,
  Index,
  IndexColumn,
  PrimaryKey,
  UniqueConstraint,
} from "../schema/constraints.js";
import type { Domain } from "../schema/domain.js";
import type { Sequence, SequenceOptions, SequenceOwner } from "../schema/sequence.js";
import type { SqlExpression } from "../schema/sql.js";
import type { Table } from "../schema/table.js";
import type { ColumnType } from "../schema/types.js";

/** Where a table lives: its name and, optionally, its schema (PostgreSQL schema, MySQL database). */
export interface TableRef {
  readonly table: string;
  readonly schema: string | undefined;
}

export interface CreateTableOperation {
  readonly kind: "createTable";
  readonly definition: Table;
}

export interface DropTableOperation extends TableRef {
  readonly kind: "dropTable";
  readonly ifExists: boolean;
  /** The table as it was, which makes the drop reversible. */
  readonly existing: Table | undefined;
}

export interface RenameTableOperation extends TableRef {
  readonly kind: "renameTable";
  readonly newName: string;
}

/** PostgreSQL: makes the table `partition` a partition of the partitioned table (`table`) for the rows `bound` admits. */
export interface AttachPartitionOperation extends TableRef {
  readonly kind: "attachPartition";
  readonly partition: string;
  readonly partitionSchema: string | undefined;
  /** `FOR VALUES …` or `DEFAULT`, as pg_get_expr(relpartbound) states it. */
  readonly bound: string;
}

/** PostgreSQL: makes a partition of `table` a table of its own again, keeping its rows. */
export interface DetachPartitionOperation extends TableRef {
  readonly kind: "detachPartition";
  readonly partition: string;
  readonly partitionSchema: string | undefined;
  /** The bound it had, which makes the detach reversible. */
  readonly existingBound: string | undefined;
}

/**
 * MySQL/MariaDB: `ALTER TABLE … PARTITION BY partitioning`, which partitions a table or repartitions it, copying
 * every row into the new partitions.
 */
export interface PartitionTableOperation extends TableRef {
  readonly kind: "partitionTable";
  /** What follows PARTITION BY, partitions included (the form of Table.partitioning). */
  readonly partitioning: string;
  /** The partitioning it had; absent: none, so the reverse removes it. */
  readonly existing: string | undefined;
}

/** MySQL/MariaDB: `ALTER TABLE … REMOVE PARTITIONING`, which copies every row back into one table. */
export interface RemovePartitioningOperation extends TableRef {
  readonly kind: "removePartitioning";
  /** The partitioning it had, which makes the removal reversible. */
  readonly existing: string | undefined;
}

/**
 * MySQL/MariaDB: `ALTER TABLE … REORGANIZE PARTITION` the partitions defined `from` into those defined `into`
 * (`ADD PARTITION` where `into` only appends to `from`), moving only their rows; a row that fits none of the new
 * partitions makes the database refuse it.
 */
export interface ReorganizePartitionsOperation extends TableRef {
  readonly kind: "reorganizePartitions";
  /** Each partition's definition as it is, `PARTITION p19 VALUES LESS THAN MAXVALUE`: its name, and the reverse. */
  readonly from: readonly string[];
  readonly into: readonly string[];
}

export interface CreateTableCommentOperation extends TableRef {
  readonly kind: "createTableComment";
  readonly comment: string;
  readonly existingComment: string | undefined;
}

export interface DropTableCommentOperation extends TableRef {
  readonly kind: "dropTableComment";
  readonly existingComment: string | undefined;
}

export interface AddColumnOperation extends TableRef {
  readonly kind: "addColumn";
  readonly column: Column;
}

export interface DropColumnOperation extends TableRef {
  readonly kind: "dropColumn";
  readonly column: string;
  readonly existing: Column | undefined;
}

/** What alterColumn changes; a property left undefined is not changed. */
export interface ColumnChanges {
  readonly type?: ColumnType;
  /** PostgreSQL: the USING expression converting old values to the new type. */
  readonly using?: SqlExpression;
  readonly nullable?: boolean;
  /** A new server default, or null to drop it. */
  readonly default?: ColumnDefault | null;
  readonly newName?: string;
  /** A new comment, or null to remove it. */
  readonly comment?: string | null;
  /** MySQL: a new ON UPDATE value, or null to remove it. */
  readonly onUpdate?: SqlExpression | null;
  /**
   * The identity the column is to have (its kind and every sequence option it keeps off the defaults), or null to
   * drop it. PostgreSQL adds, changes or drops it; MySQL adds or drops AUTO_INCREMENT; SQLite rebuilds the table.
   */
  readonly identity?: ColumnIdentity | null;
}

/** The column as it is before the change: MySQL restates a whole column to change one property of it. */
export interface ExistingColumn {
  readonly existingType?: ColumnType;
  readonly existingNullable?: boolean;
  /** null: the column has no default. */
  readonly existingDefault?: ColumnDefault | null;
  /** null: the column has no comment. */
  readonly existingComment?: string | null;
  /**
   * The identity the column has (null: none): what an identity change starts from and its reverse restores; MySQL
   * keeps AUTO_INCREMENT from it when the column is restated.
   */
  readonly existingIdentity?: ColumnIdentity | null;
  /** MySQL ON UPDATE, kept when the column is restated; null: the column has none. */
  readonly existingOnUpdate?: SqlExpression | null;
}

export interface AlterColumnOperation extends TableRef, ColumnChanges, ExistingColumn {
  readonly kind: "alterColumn";
  readonly column: string;
}

export interface CreateIndexOperation extends TableRef {
  readonly kind: "createIndex";
  readonly name: string;
  readonly columns: readonly IndexColumn[];
  readonly unique: boolean;
  readonly where: SqlExpression | undefined;
  /** The database's own word for how the index is built (`gin`, `fulltext`); absent: its default B-tree. */
  readonly method?: string;
  /** PostgreSQL INCLUDE columns; absent: none. */
  readonly include?: readonly string[];
  /** PostgreSQL CREATE INDEX CONCURRENTLY, run outside the transaction; ignored elsewhere. */
  readonly concurrently: boolean;
  readonly ifNotExists: boolean;
}

export interface DropIndexOperation {
  readonly kind: "dropIndex";
  readonly name: string;
  /** MySQL drops an index through its table; other dialects need only the name. */
  readonly table: string | undefined;
  readonly schema: string | undefined;
  readonly concurrently: boolean;
  readonly ifExists: boolean;
  readonly existing: Index | undefined;
}

export interface CreatePrimaryKeyOperation extends TableRef {
  readonly kind: "createPrimaryKey";
  readonly constraint: PrimaryKey & { readonly name: string };
}

export interface CreateUniqueConstraintOperation extends TableRef {
  readonly kind: "createUniqueConstraint";
  readonly constraint: UniqueConstraint & { readonly name: string };
}

export interface CreateForeignKeyOperation extends TableRef {
  readonly kind: "createForeignKey";
  readonly constraint: ForeignKey & { readonly name: string };
}

export interface CreateCheckConstraintOperation extends TableRef {
  readonly kind: "createCheckConstraint";
  readonly constraint: CheckConstraint & { readonly name: string };
}

export type ConstraintType = "primaryKey" | "unique" | "foreignKey" | "check";

export type ExistingConstraint =
  | { readonly type: "primaryKey"; readonly constraint: PrimaryKey }
  | { readonly type: "unique"; readonly constraint: UniqueConstraint }
  | { readonly type: "foreignKey"; readonly constraint: ForeignKey }
  | { readonly type: "check"; readonly constraint: CheckConstraint };

export interface DropConstraintOperation extends TableRef {
  readonly kind: "dropConstraint";
  readonly name: string;
  /** MySQL needs it (read from the catalog online when omitted). */
  readonly type: ConstraintType | undefined;
  readonly existing: ExistingConstraint | undefined;
}

export interface CreateEnumOperation {
  readonly kind: "createEnum";
  readonly name: string;
  readonly schema: string | undefined;
  readonly values: readonly string[];
}

export interface DropEnumOperation {
  readonly kind: "dropEnum";
  readonly name: string;
  readonly schema: string | undefined;
  readonly ifExists: boolean;
  /** The values it had, which makes the drop reversible. */
  readonly existingValues: readonly string[] | undefined;
}

export interface AddEnumValueOperation {
  readonly kind: "addEnumValue";
  readonly name: string;
  readonly schema: string | undefined;
  readonly value: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
  readonly ifNotExists: boolean;
}

export interface CreateSequenceOperation {
  readonly kind: "createSequence";
  readonly sequence: Sequence;
  readonly ifNotExists: boolean;
}

/** What alterSequence changes; an option left undefined is not changed, null returns it to its default. */
export type SequenceChanges = {
  readonly [K in keyof SequenceOptions]?: SequenceOptions[K] | null;
} & {
  /** A new owning column, or null for OWNED BY NONE. */
  readonly ownedBy?: SequenceOwner | null;
};

export interface AlterSequenceOperation {
  readonly kind: "alterSequence";
  readonly name: string;
  readonly schema: string | undefined;
  readonly changes: SequenceChanges;
  /** The value each changed option had (null: the default, or no owner), which makes the change reversible. */
  readonly existing: SequenceChanges | undefined;
}

export interface DropSequenceOperation {
  readonly kind: "dropSequence";
  readonly name: string;
  readonly schema: string | undefined;
  readonly ifExists: boolean;
  /** The sequence as it was, which makes the drop reversible. */
  readonly existing: Sequence | undefined;
}

export interface CreateDomainOperation {
  readonly kind: "createDomain";
  readonly domain: Domain;
}

/** What alterDomain changes; each is one ALTER DOMAIN. A domain's base type cannot be altered. */
export interface DomainChanges {
  readonly notNull?: boolean;
  /** A new default, or null to drop it. */
  readonly default?: ColumnDefault | null;
  readonly addChecks?: readonly (CheckConstraint & { readonly name: string })[];
  readonly dropChecks?: readonly string[];
}

export interface AlterDomainOperation {
  readonly kind: "alterDomain";
  readonly name: string;
  readonly schema: string | undefined;
  readonly changes: DomainChanges;
  /** The changes that undo these (the old NOT NULL and default, the dropped checks as they were). */
  readonly existing: DomainChanges | undefined;
}

export interface DropDomainOperation {
  readonly kind: "dropDomain";
  readonly name: string;
  readonly schema: string | undefined;
  readonly ifExists: boolean;
  /** The domain as it was, which makes the drop reversible. */
  readonly existing: Domain | undefined;
}

export interface CreateSchemaOperation {
  readonly kind: "createSchema";
  readonly name: string;
  readonly ifNotExists: boolean;
}

export interface DropSchemaOperation {
  readonly kind: "dropSchema";
  readonly name: string;
  readonly ifExists: boolean;
  readonly cascade: boolean;
}

export interface ExecuteOperation {
  readonly kind: "execute";
  readonly sql: string | SqlExpression;
  readonly params: readonly unknown[] | undefined;
}

export interface BulkInsertOperation extends TableRef {
  readonly kind: "bulkInsert";
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

/** The operations a batch may hold: all on the batch's table. */
export type BatchOperation =
  | AddColumnOperation
  | DropColumnOperation
  | AlterColumnOperation
  | CreateIndexOperation
  | DropIndexOperation
  | CreatePrimaryKeyOperation
  | CreateUniqueConstraintOperation
  | CreateForeignKeyOperation
  | CreateCheckConstraintOperation
  | DropConstraintOperation;

export interface BatchAlterTableOperation extends TableRef {
  readonly kind: "batchAlterTable";
  readonly operations: readonly BatchOperation[];
  /** SQLite: "auto" rebuilds only when a change needs it; "always" / "never" force the choice. Ignored elsewhere. */
  readonly recreate: "auto" | "always" | "never";
  /** The table as it is, for offline SQLite rebuilds (online it is read from the database). */
  readonly copyFrom: Table | undefined;
}

export type Operation =
  | CreateTableOperation
  | DropTableOperation
  | RenameTableOperation
  | AttachPartitionOperation
  | DetachPartitionOperation
  | PartitionTableOperation
  | RemovePartitioningOperation
  | ReorganizePartitionsOperation
  | CreateTableCommentOperation
  | DropTableCommentOperation
  | AddColumnOperation
  | DropColumnOperation
  | AlterColumnOperation
  | CreateIndexOperation
  | DropIndexOperation
  | CreatePrimaryKeyOperation
  | CreateUniqueConstraintOperation
  | CreateForeignKeyOperation
  | CreateCheckConstraintOperation
  | DropConstraintOperation
  | CreateEnumOperation
  | DropEnumOperation
  | AddEnumValueOperation
  | CreateSequenceOperation
  | AlterSequenceOperation
  | DropSequenceOperation
  | CreateDomainOperation
  | AlterDomainOperation
  | DropDomainOperation
  | CreateSchemaOperation
  | DropSchemaOperation
  | ExecuteOperation
  | BulkInsertOperation
  | BatchAlterTableOperation;

export type OperationKind = Operation["kind"];
