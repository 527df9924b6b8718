// Builders for operation objects from the arguments revision files write. The `op` facade and batches both use
// them, so an operation built either way is the same frozen value.

import {
  type Column,
  ColumnBuilder,
  type ColumnIdentity,
  type IdentityOptions,
  type LiteralValue,
  toColumnDefault,
  toColumnIdentity,
} from "../schema/column.js";
import {
  type ForeignKeyOptions,
  type Index,
  type IndexColumn,
  type IndexOptions,
  indexShape,
} from "../schema/constraints.js";
import { type Domain, type DomainOptions, domain } from "../schema/domain.js";
import { compact, deepFreeze } from "../schema/freeze.js";
import { type Sequence, type SequenceOptions, type SequenceOwner, sequence } from "../schema/sequence.js";
import type { SqlExpression } from "../schema/sql.js";
import { checkPartitioning, type Table, type TableOptions, table } from "../schema/table.js";
import type { ColumnType } from "../schema/types.js";
import type {
  AddColumnOperation,
  AddEnumValueOperation,
  AlterColumnOperation,
  AlterDomainOperation,
  AlterSequenceOperation,
  AttachPartitionOperation,
  BatchAlterTableOperation,
  BatchOperation,
  BulkInsertOperation,
  ConstraintType,
  CreateCheckConstraintOperation,
  CreateDomainOperation,
  CreateEnumOperation,
  CreateForeignKeyOperation,
  CreateIndexOperation,
  CreatePrimaryKeyOperation,
  CreateSchemaOperation,
  CreateSequenceOperation,
  CreateTableCommentOperation,
  CreateTableOperation,
  CreateUniqueConstraintOperation,
  DetachPartitionOperation,
  DomainChanges,
  DropColumnOperation,
  DropConstraintOperation,
  DropDomainOperation,
  DropEnumOperation,
  DropIndexOperation,
  DropSchemaOperation,
  DropSequenceOperation,
  DropTableCommentOperation,
  DropTableOperation,
  ExecuteOperation,
  ExistingConstraint,
  PartitionTableOperation,
  RemovePartitioningOperation,
  RenameTableOperation,
  ReorganizePartitionsOperation,
  SequenceChanges,
} from "./operation.js";

/** Where the table lives; every operation on a table takes it. */
export interface SchemaOption {
  readonly schema?: string;
}

/** A type, or a column builder whose type is meant (`op.column.varchar(80)`). */
export type TypeInput = ColumnType | ColumnBuilder;

export type DefaultInput = LiteralValue | SqlExpression;

export interface AlterColumnOptions extends SchemaOption {
  readonly type?: TypeInput;
  /** PostgreSQL: converts existing values (`sql\`${sql.id("n")}::integer\``). */
  readonly using?: SqlExpression;
  readonly nullable?: boolean;
  /** A new server default; null drops it. */
  readonly default?: DefaultInput | null;
  readonly newName?: string;
  /** A new comment; null removes it. */
  readonly comment?: string | null;
  /** MySQL: a new ON UPDATE value; null removes it. */
  readonly onUpdate?: SqlExpression | null;
  /**
   * The identity the column is to have (`{ always: true, start: 1000 }`, every option it keeps off the defaults);
   * null drops it.
   */
  readonly identity?: IdentityOptions | null;
  readonly existingType?: TypeInput;
  readonly existingNullable?: boolean;
  readonly existingDefault?: DefaultInput | null;
  readonly existingComment?: string | null;
  /** The identity the column has; null: none. `true` stands for a plain BY DEFAULT identity (MySQL AUTO_INCREMENT). */
  readonly existingIdentity?: IdentityOptions | boolean | null;
  readonly existingOnUpdate?: SqlExpression | null;
}

export interface CreateIndexOptions extends SchemaOption, IndexOptions {
  readonly concurrently?: boolean;
  readonly ifNotExists?: boolean;
}

export interface DropIndexOptions extends SchemaOption {
  /** Required on MySQL. */
  readonly table?: string;
  readonly concurrently?: boolean;
  readonly ifExists?: boolean;
  /** The index as it was, so the drop can be reversed. */
  readonly existing?: IndexOptions & { readonly columns: readonly IndexColumn[] };
}

export interface CreateSequenceOptions extends SchemaOption, SequenceOptions {
  /** The column that owns it, in the same schema: dropping the column drops the sequence. */
  readonly ownedBy?: SequenceOwner;
  readonly ifNotExists?: boolean;
}

export interface AlterSequenceOptions extends SchemaOption {
  readonly changes: SequenceChanges;
  readonly existing?: SequenceChanges;
}

export interface DropSequenceOptions extends SchemaOption {
  readonly ifExists?: boolean;
  readonly existing?: Sequence;
}

/** DomainChanges as a revision writes them: the default as a value or `sql` expression. */
export type DomainChangesInput = Omit<DomainChanges, "default"> & { readonly default?: DefaultInput | null };

export interface AlterDomainOptions extends SchemaOption {
  readonly changes: DomainChangesInput;
  readonly existing?: DomainChangesInput;
}

export interface DropDomainOptions extends SchemaOption {
  readonly ifExists?: boolean;
  readonly existing?: Domain;
}

export interface ForeignKeyOperationOptions extends SchemaOption, Omit<ForeignKeyOptions, "name"> {}

export interface DropConstraintOptions extends SchemaOption {
  readonly type?: ConstraintType;
  readonly existing?: ExistingConstraint;
}

function typeOf(input: TypeInput): ColumnType;
function typeOf(input: TypeInput | undefined): ColumnType | undefined;
function typeOf(input: TypeInput | undefined): ColumnType | undefined {
  return input instanceof ColumnBuilder ? input.spec.type : input;
}

function defaultOf(input: DefaultInput | null | undefined) {
  return input === undefined ? undefined : input === null ? null : toColumnDefault(input);
}

function identityOf(input: IdentityOptions | boolean | null | undefined): ColumnIdentity | null | undefined {
  if (input === undefined || input === null) return input;
  if (input === false) return null;
  return toColumnIdentity(input === true ? {} : input);
}

/** The index a createIndex operation describes, as a table definition lists it. */
export function indexOf(op: CreateIndexOperation): Index {
  return compact({
    name: op.name,
    columns: op.columns,
    unique: op.unique,
    where: op.where,
    method: op.method,
    include: op.include,
  });
}

function domainChanges(input: DomainChangesInput): DomainChanges {
  return compact({ ...input, default: defaultOf(input.default) });
}

/** attachPartition and detachPartition: `schema` is the partitioned table's, `partitionSchema` the partition's. */
export interface PartitionOptions extends SchemaOption {
  readonly partitionSchema?: string;
}

function frozen<T extends object>(value: T): T {
  return deepFreeze(compact(value));
}

export const build = {
  createTable(
    nameOrTable: string | Table,
    columns?: Readonly<Record<string, ColumnBuilder>>,
    options?: TableOptions,
  ): CreateTableOperation {
    const definition =
      typeof nameOrTable === "string" ? table(nameOrTable, columns ?? {}, options) : nameOrTable;
    return frozen({ kind: "createTable", definition });
  },

  dropTable(
    name: string,
    options: SchemaOption & { ifExists?: boolean; existing?: Table } = {},
  ): DropTableOperation {
    return frozen({
      kind: "dropTable",
      table: name,
      schema: options.schema,
      ifExists: options.ifExists ?? false,
      existing: options.existing,
    });
  },

  renameTable(name: string, newName: string, options: SchemaOption = {}): RenameTableOperation {
    return frozen({ kind: "renameTable", table: name, schema: options.schema, newName });
  },

  attachPartition(
    tableName: string,
    partition: string,
    bound: string,
    options: PartitionOptions = {},
  ): AttachPartitionOperation {
    checkPartitioning(partition, { partitionOf: { table: tableName, bound } });
    return frozen({
      kind: "attachPartition",
      table: tableName,
      schema: options.schema,
      partition,
      partitionSchema: options.partitionSchema,
      bound,
    });
  },

  detachPartition(
    tableName: string,
    partition: string,
    options: PartitionOptions & { existingBound?: string } = {},
  ): DetachPartitionOperation {
    return frozen({
      kind: "detachPartition",
      table: tableName,
      schema: options.schema,
      partition,
      partitionSchema: options.partitionSchema,
      existingBound: options.existingBound,
    });
  },

  partitionTable(
    tableName: string,
    partitioning: string,
    options: SchemaOption & { existing?: string } = {},
  ): PartitionTableOperation {
    return frozen({
      kind: "partitionTable",
      table: tableName,
      schema: options.schema,
      partitioning,
      existing: options.existing,
    });
  },

  removePartitioning(
    tableName: string,
    options: SchemaOption & { existing?: string } = {},
  ): RemovePartitioningOperation {
    return frozen({
      kind: "removePartitioning",
      table: tableName,
      schema: options.schema,
      existing: options.existing,
    });
  },

  reorganizePartitions(
    tableName: string,
    from: readonly string[],
    into: readonly string[],
    options: SchemaOption = {},
  ): ReorganizePartitionsOperation {
    return frozen({
      kind: "reorganizePartitions",
      table: tableName,
      schema: options.schema,
      from: [...from],
      into: [...into],
    });
  },

  createTableComment(
    tableName: string,
    comment: string,
    options: SchemaOption & { existingComment?: string } = {},
  ): CreateTableCommentOperation {
    return frozen({
      kind: "createTableComment",
      table: tableName,
      schema: options.schema,
      comment,
      existingComment: options.existingComment,
    });
  },

  dropTableComment(
    tableName: string,
    options: SchemaOption & { existingComment?: string } = {},
  ): DropTableCommentOperation {
    return frozen({
      kind: "dropTableComment",
      table: tableName,
      schema: options.schema,
      existingComment: options.existingComment,
    });
  },

  addColumn(
    tableName: string,
    name: string,
    column: ColumnBuilder,
    options: SchemaOption = {},
  ): AddColumnOperation {
    return frozen({
      kind: "addColumn",
      table: tableName,
      schema: options.schema,
      column: column.named(name),
    });
  },

  dropColumn(
    tableName: string,
    name: string,
    options: SchemaOption & { existing?: ColumnBuilder | Column } = {},
  ): DropColumnOperation {
    const existing =
      options.existing instanceof ColumnBuilder ? options.existing.named(name) : options.existing;
    return frozen({ kind: "dropColumn", table: tableName, schema: options.schema, column: name, existing });
  },

  alterColumn(tableName: string, column: string, options: AlterColumnOptions): AlterColumnOperation {
    return frozen({
      kind: "alterColumn",
      table: tableName,
      schema: options.schema,
      column,
      type: typeOf(options.type),
      using: options.using,
      nullable: options.nullable,
      default: defaultOf(options.default),
      newName: options.newName,
      comment: options.comment,
      onUpdate: options.onUpdate,
      identity: identityOf(options.identity),
      existingType: typeOf(options.existingType),
      existingNullable: options.existingNullable,
      existingDefault: defaultOf(options.existingDefault),
      existingComment: options.existingComment,
      existingIdentity: identityOf(options.existingIdentity),
      existingOnUpdate: options.existingOnUpdate,
    });
  },

  createIndex(
    name: string,
    tableName: string,
    columns: readonly IndexColumn[],
    options: CreateIndexOptions = {},
  ): CreateIndexOperation {
    return frozen({
      kind: "createIndex",
      name,
      table: tableName,
      schema: options.schema,
      unique: options.unique ?? false,
      where: options.where,
      ...indexShape(name, columns, options),
      concurrently: options.concurrently ?? false,
      ifNotExists: options.ifNotExists ?? false,
    });
  },

  dropIndex(name: string, options: DropIndexOptions = {}): DropIndexOperation {
    const existing: Index | undefined = options.existing && {
      ...compact({ ...options.existing, name, unique: options.existing.unique ?? false, include: undefined }),
      ...indexShape(name, options.existing.columns, options.existing),
    };
    return frozen({
      kind: "dropIndex",
      name,
      table: options.table,
      schema: options.schema,
      concurrently: options.concurrently ?? false,
      ifExists: options.ifExists ?? false,
      existing,
    });
  },

  createPrimaryKey(
    name: string,
    tableName: string,
    columns: readonly string[],
    options: SchemaOption = {},
  ): CreatePrimaryKeyOperation {
    return frozen({
      kind: "createPrimaryKey",
      table: tableName,
      schema: options.schema,
      constraint: { name, columns: [...columns] },
    });
  },

  createUniqueConstraint(
    name: string,
    tableName: string,
    columns: readonly string[],
    options: SchemaOption = {},
  ): CreateUniqueConstraintOperation {
    return frozen({
      kind: "createUniqueConstraint",
      table: tableName,
      schema: options.schema,
      constraint: { name, columns: [...columns] },
    });
  },

  createForeignKey(
    name: string,
    tableName: string,
    columns: readonly string[],
    referencedTable: string,
    referencedColumns: readonly string[],
    options: ForeignKeyOperationOptions = {},
  ): CreateForeignKeyOperation {
    if (columns.length === 0 || columns.length !== referencedColumns.length) {
      throw new TypeError(`foreign key ${name} needs as many referenced columns as columns`);
    }
    const { schema, ...rest } = options;
    return frozen({
      kind: "createForeignKey",
      table: tableName,
      schema,
      constraint: compact({
        ...rest,
        name,
        columns: [...columns],
        referencedTable,
        referencedColumns: [...referencedColumns],
      }),
    });
  },

  createCheckConstraint(
    name: string,
    tableName: string,
    condition: SqlExpression,
    options: SchemaOption = {},
  ): CreateCheckConstraintOperation {
    return frozen({
      kind: "createCheckConstraint",
      table: tableName,
      schema: options.schema,
      constraint: { name, condition },
    });
  },

  dropConstraint(
    name: string,
    tableName: string,
    options: DropConstraintOptions = {},
  ): DropConstraintOperation {
    return frozen({
      kind: "dropConstraint",
      table: tableName,
      schema: options.schema,
      name,
      type: options.type ?? options.existing?.type,
      existing: options.existing,
    });
  },

  createEnum(name: string, values: readonly string[], options: SchemaOption = {}): CreateEnumOperation {
    if (values.length === 0) throw new TypeError(`enum ${name} needs at least one value`);
    return frozen({ kind: "createEnum", name, schema: options.schema, values: [...values] });
  },

  dropEnum(
    name: string,
    options: SchemaOption & { ifExists?: boolean; existingValues?: readonly string[] } = {},
  ): DropEnumOperation {
    return frozen({
      kind: "dropEnum",
      name,
      schema: options.schema,
      ifExists: options.ifExists ?? false,
      existingValues: options.existingValues && [...options.existingValues],
    });
  },

  addEnumValue(
    name: string,
    value: string,
    options: SchemaOption & { before?: string; after?: string; ifNotExists?: boolean } = {},
  ): AddEnumValueOperation {
    if (options.before !== undefined && options.after !== undefined) {
      throw new TypeError(`addEnumValue("${name}", "${value}"): give before or after, not both`);
    }
    return frozen({
      kind: "addEnumValue",
      name,
      schema: options.schema,
      value,
      before: options.before,
      after: options.after,
      ifNotExists: options.ifNotExists ?? false,
    });
  },

  createSequence(name: string, options: CreateSequenceOptions = {}): CreateSequenceOperation {
    const { ifNotExists, ...rest } = options;
    return frozen({
      kind: "createSequence",
      sequence: sequence(name, rest),
      ifNotExists: ifNotExists ?? false,
    });
  },

  alterSequence(name: string, options: AlterSequenceOptions): AlterSequenceOperation {
    if (Object.values(options.changes).every((v) => v === undefined)) {
      throw new TypeError(`alterSequence("${name}"): give at least one change`);
    }
    return frozen({
      kind: "alterSequence",
      name,
      schema: options.schema,
      changes: compact({ ...options.changes }),
      existing: options.existing && compact({ ...options.existing }),
    });
  },

  dropSequence(name: string, options: DropSequenceOptions = {}): DropSequenceOperation {
    return frozen({
      kind: "dropSequence",
      name,
      schema: options.schema,
      ifExists: options.ifExists ?? false,
      existing: options.existing,
    });
  },

  createDomain(name: string, type: TypeInput, options: DomainOptions = {}): CreateDomainOperation {
    return frozen({ kind: "createDomain", domain: domain(name, typeOf(type), options) });
  },

  alterDomain(name: string, options: AlterDomainOptions): AlterDomainOperation {
    if (Object.values(options.changes).every((v) => v === undefined)) {
      throw new TypeError(`alterDomain("${name}"): give at least one change`);
    }
    return frozen({
      kind: "alterDomain",
      name,
      schema: options.schema,
      changes: domainChanges(options.changes),
      existing: options.existing && domainChanges(options.existing),
    });
  },

  dropDomain(name: string, options: DropDomainOptions = {}): DropDomainOperation {
    return frozen({
      kind: "dropDomain",
      name,
      schema: options.schema,
      ifExists: options.ifExists ?? false,
      existing: options.existing,
    });
  },

  createSchema(name: string, options: { ifNotExists?: boolean } = {}): CreateSchemaOperation {
    return frozen({ kind: "createSchema", name, ifNotExists: options.ifNotExists ?? false });
  },

  dropSchema(name: string, options: { ifExists?: boolean; cascade?: boolean } = {}): DropSchemaOperation {
    return frozen({
      kind: "dropSchema",
      name,
      ifExists: options.ifExists ?? false,
      cascade: options.cascade ?? false,
    });
  },

  execute(sqlText: string | SqlExpression, params?: readonly unknown[]): ExecuteOperation {
    // Values stay the caller's: only the operation and its list are frozen, not the objects bound as values.
    return Object.freeze(
      compact({ kind: "execute", sql: sqlText, params: params && Object.freeze([...params]) }),
    ) as ExecuteOperation;
  },

  bulkInsert(
    tableName: string,
    rows: readonly Readonly<Record<string, unknown>>[],
    options: SchemaOption = {},
  ): BulkInsertOperation {
    // Rows are copied and frozen; the values in them (JSON objects, bytes) stay the caller's.
    return Object.freeze(
      compact({
        kind: "bulkInsert",
        table: tableName,
        schema: options.schema,
        rows: Object.freeze(rows.map((r) => Object.freeze({ ...r }))),
      }),
    ) as BulkInsertOperation;
  },

  batchAlterTable(
    tableName: string,
    operations: readonly BatchOperation[],
    options: SchemaOption & { recreate?: "auto" | "always" | "never"; copyFrom?: Table } = {},
  ): BatchAlterTableOperation {
    return frozen({
      kind: "batchAlterTable",
      table: tableName,
      schema: options.schema,
      operations: [...operations],
      recreate: options.recreate ?? "auto",
      copyFrom: options.copyFrom,
    });
  },
};
