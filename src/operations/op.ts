// The `op` object handed to a revision's upgrade() and downgrade(). Each method builds an operation object,
// compiles it for the run's dialect and sends it through the sink; the tracker keeps calls in order and catches
// un-awaited ones.

import { type Column, type ColumnBuilder, column } from "../schema/column.js";
import type { IndexColumn } from "../schema/constraints.js";
import type { DomainOptions } from "../schema/domain.js";
import { renderSql, type SqlExpression, sql } from "../schema/sql.js";
import type { Table, TableOptions } from "../schema/table.js";
import {
  type AlterColumnOptions,
  type AlterDomainOptions,
  type AlterSequenceOptions,
  build,
  type CreateIndexOptions,
  type CreateSequenceOptions,
  type DropConstraintOptions,
  type DropDomainOptions,
  type DropIndexOptions,
  type DropSequenceOptions,
  type ForeignKeyOperationOptions,
  type PartitionOptions,
  type SchemaOption,
  type TypeInput,
} from "./build.js";
import { runOperation } from "./compile.js";
import type { BatchOperation, Operation } from "./operation.js";
import type { OperationSink } from "./sink.js";
import { OperationTracker } from "./tracker.js";

/** Statement text with bound values: `op.execute({ sql: "UPDATE t SET a = ?", params: [1] })`. */
export interface StatementInput {
  readonly sql: string;
  readonly params?: readonly unknown[];
}

/** The operations a batch collects; each applies to the batch's table. */
export interface BatchOps {
  addColumn(name: string, column: ColumnBuilder): void;
  dropColumn(name: string, options?: { existing?: ColumnBuilder | Column }): void;
  alterColumn(name: string, options: Omit<AlterColumnOptions, "schema">): void;
  createIndex(
    name: string,
    columns: readonly IndexColumn[],
    options?: Omit<CreateIndexOptions, "schema">,
  ): void;
  dropIndex(name: string, options?: Omit<DropIndexOptions, "schema" | "table">): void;
  createPrimaryKey(name: string, columns: readonly string[]): void;
  createUniqueConstraint(name: string, columns: readonly string[]): void;
  createForeignKey(
    name: string,
    columns: readonly string[],
    referencedTable: string,
    referencedColumns: readonly string[],
    options?: Omit<ForeignKeyOperationOptions, "schema">,
  ): void;
  createCheckConstraint(name: string, condition: SqlExpression): void;
  dropConstraint(name: string, options?: Omit<DropConstraintOptions, "schema">): void;
}

export interface BatchOptions extends SchemaOption {
  /** SQLite: "auto" (default) rebuilds only when a change needs it. Other dialects always run plain ALTERs. */
  readonly recreate?: "auto" | "always" | "never";
  /** The table as it is, for SQLite rebuilds under --sql (online it is read from the database). */
  readonly copyFrom?: Table;
}

export interface Op {
  /** The column builders: `op.column.varchar(255).notNull()`. */
  readonly column: typeof column;
  /** SQL expressions for defaults, checks, index expressions and execute: `op.sql\`now()\``. */
  readonly sql: typeof sql;

  /** Runs SQL (online) or prints it (offline). Values in a `sql` template or `params` are bound online, escaped offline. */
  execute(statement: string | SqlExpression | StatementInput, params?: readonly unknown[]): Promise<void>;
  /** Runs a query and returns its rows. Not available under --sql. */
  query<Row = Record<string, unknown>>(
    statement: string | SqlExpression,
    params?: readonly unknown[],
  ): Promise<Row[]>;
  /** Runs an operation object (one built by autogenerate, or by reverseOperation). */
  run(operation: Operation): Promise<void>;

  createTable(
    name: string,
    columns: Readonly<Record<string, ColumnBuilder>>,
    options?: TableOptions,
  ): Promise<void>;
  createTable(definition: Table): Promise<void>;
  dropTable(name: string, options?: SchemaOption & { ifExists?: boolean; existing?: Table }): Promise<void>;
  renameTable(name: string, newName: string, options?: SchemaOption): Promise<void>;
  /** PostgreSQL: `ALTER TABLE table ATTACH PARTITION partition FOR VALUES …` (or `DEFAULT`). */
  attachPartition(table: string, partition: string, bound: string, options?: PartitionOptions): Promise<void>;
  /** PostgreSQL: `ALTER TABLE table DETACH PARTITION partition`; `existingBound` makes it reversible. */
  detachPartition(
    table: string,
    partition: string,
    options?: PartitionOptions & { existingBound?: string },
  ): Promise<void>;
  /**
   * MySQL/MariaDB: `ALTER TABLE table PARTITION BY partitioning` (the whole clause, partitions included); the
   * table is rebuilt. `existing`, the partitioning it had, makes it reversible; absent: it had none.
   */
  partitionTable(
    table: string,
    partitioning: string,
    options?: SchemaOption & { existing?: string },
  ): Promise<void>;
  /** MySQL/MariaDB: `ALTER TABLE table REMOVE PARTITIONING` (the table is rebuilt); `existing` makes it reversible. */
  removePartitioning(table: string, options?: SchemaOption & { existing?: string }): Promise<void>;
  /**
   * MySQL/MariaDB: `ALTER TABLE table REORGANIZE PARTITION` the partitions defined `from` INTO those defined `into`
   * (`ADD PARTITION` where `into` keeps `from` and appends), moving only their rows. Reverses to `into` → `from`.
   */
  reorganizePartitions(
    table: string,
    from: readonly string[],
    into: readonly string[],
    options?: SchemaOption,
  ): Promise<void>;
  createTableComment(
    table: string,
    comment: string,
    options?: SchemaOption & { existingComment?: string },
  ): Promise<void>;
  dropTableComment(table: string, options?: SchemaOption & { existingComment?: string }): Promise<void>;

  addColumn(table: string, name: string, column: ColumnBuilder, options?: SchemaOption): Promise<void>;
  dropColumn(
    table: string,
    name: string,
    options?: SchemaOption & { existing?: ColumnBuilder | Column },
  ): Promise<void>;
  alterColumn(table: string, column: string, options: AlterColumnOptions): Promise<void>;

  createIndex(
    name: string,
    table: string,
    columns: readonly IndexColumn[],
    options?: CreateIndexOptions,
  ): Promise<void>;
  dropIndex(name: string, options?: DropIndexOptions): Promise<void>;
  createPrimaryKey(
    name: string,
    table: string,
    columns: readonly string[],
    options?: SchemaOption,
  ): Promise<void>;
  createUniqueConstraint(
    name: string,
    table: string,
    columns: readonly string[],
    options?: SchemaOption,
  ): Promise<void>;
  createForeignKey(
    name: string,
    table: string,
    columns: readonly string[],
    referencedTable: string,
    referencedColumns: readonly string[],
    options?: ForeignKeyOperationOptions,
  ): Promise<void>;
  createCheckConstraint(
    name: string,
    table: string,
    condition: SqlExpression,
    options?: SchemaOption,
  ): Promise<void>;
  dropConstraint(name: string, table: string, options?: DropConstraintOptions): Promise<void>;

  /** PostgreSQL enum types; a no-op elsewhere, where enum values live in the column (`op.column.enum`). */
  createEnum(name: string, values: readonly string[], options?: SchemaOption): Promise<void>;
  dropEnum(
    name: string,
    options?: SchemaOption & { ifExists?: boolean; existingValues?: readonly string[] },
  ): Promise<void>;
  addEnumValue(
    name: string,
    value: string,
    options?: SchemaOption & { before?: string; after?: string; ifNotExists?: boolean },
  ): Promise<void>;
  /** PostgreSQL sequences: `op.createSequence("order_numbers", { start: 1000, ownedBy: { table, column } })`. */
  createSequence(name: string, options?: CreateSequenceOptions): Promise<void>;
  alterSequence(name: string, options: AlterSequenceOptions): Promise<void>;
  dropSequence(name: string, options?: DropSequenceOptions): Promise<void>;
  /** PostgreSQL domains: `op.createDomain("year", op.column.integer(), { checks: [{ name, condition }] })`. */
  createDomain(name: string, type: TypeInput, options?: DomainOptions): Promise<void>;
  alterDomain(name: string, options: AlterDomainOptions): Promise<void>;
  dropDomain(name: string, options?: DropDomainOptions): Promise<void>;
  createSchema(name: string, options?: { ifNotExists?: boolean }): Promise<void>;
  dropSchema(name: string, options?: { ifExists?: boolean; cascade?: boolean }): Promise<void>;

  /** Inserts rows; values are bound online and escaped offline, never spliced. */
  bulkInsert(
    table: string,
    rows: readonly Readonly<Record<string, unknown>>[],
    options?: SchemaOption,
  ): Promise<void>;
  /** Collects changes to one table; on SQLite they run as one move-and-copy rebuild where ALTER TABLE cannot do them. */
  batchAlterTable(
    table: string,
    fn: (batch: BatchOps) => void | Promise<void>,
    options?: BatchOptions,
  ): Promise<void>;
}

/** What a revision asked `op` to do, in call order: for callers that record a revision (squash). */
export type OpCall =
  | { readonly kind: "operation"; readonly operation: Operation }
  | { readonly kind: "query"; readonly sql: string };

export interface OpSession {
  readonly op: Op;
  /** Call after upgrade()/downgrade() returns: waits for the queue and reports un-awaited operations. */
  finish(): Promise<void>;
}

function describe(operation: Operation): string {
  switch (operation.kind) {
    case "createTable":
      return `op.createTable("${operation.definition.name}")`;
    case "execute":
      return "op.execute()";
    case "createSequence":
      return `op.createSequence("${operation.sequence.name}")`;
    case "createDomain":
      return `op.createDomain("${operation.domain.name}")`;
    case "alterDomain":
    case "dropDomain":
    case "createEnum":
    case "dropEnum":
    case "addEnumValue":
    case "alterSequence":
    case "dropSequence":
    case "createSchema":
    case "dropSchema":
    case "dropIndex":
      return `op.${operation.kind}("${operation.name}")`;
    default:
      return `op.${operation.kind}("${operation.table}")`;
  }
}

function batchCollector(
  table: string,
  schema: string | undefined,
): { batch: BatchOps; operations: BatchOperation[] } {
  const operations: BatchOperation[] = [];
  const s = { schema };
  const batch: BatchOps = {
    addColumn: (name, c) => operations.push(build.addColumn(table, name, c, s)),
    dropColumn: (name, options = {}) => operations.push(build.dropColumn(table, name, { ...options, ...s })),
    alterColumn: (name, options) => operations.push(build.alterColumn(table, name, { ...options, ...s })),
    createIndex: (name, columns, options = {}) =>
      operations.push(build.createIndex(name, table, columns, { ...options, ...s })),
    dropIndex: (name, options = {}) => operations.push(build.dropIndex(name, { ...options, ...s, table })),
    createPrimaryKey: (name, columns) => operations.push(build.createPrimaryKey(name, table, columns, s)),
    createUniqueConstraint: (name, columns) =>
      operations.push(build.createUniqueConstraint(name, table, columns, s)),
    createForeignKey: (name, columns, referencedTable, referencedColumns, options = {}) =>
      operations.push(
        build.createForeignKey(name, table, columns, referencedTable, referencedColumns, {
          ...options,
          ...s,
        }),
      ),
    createCheckConstraint: (name, condition) =>
      operations.push(build.createCheckConstraint(name, table, condition, s)),
    dropConstraint: (name, options = {}) =>
      operations.push(build.dropConstraint(name, table, { ...options, ...s })),
  };
  return { batch, operations };
}

export function createOp(sink: OperationSink, observe?: (call: OpCall) => void): OpSession {
  const tracker = new OperationTracker();
  const runObserved = (operation: Operation) => {
    observe?.({ kind: "operation", operation });
    return runOperation(sink, operation);
  };
  const run = (operation: Operation) => tracker.track(describe(operation), () => runObserved(operation));
  const rendered = (statement: SqlExpression) =>
    renderSql(sink.dialect.sql, statement, sink.offline ? undefined : (i) => sink.dialect.sql.placeholder(i));

  const op: Op = {
    column,
    sql,
    execute: (statement, params) => {
      if (typeof statement === "object" && !sql.isExpression(statement)) {
        return run(build.execute(statement.sql, statement.params ?? params));
      }
      return run(build.execute(statement, params));
    },
    query: <Row = Record<string, unknown>>(statement: string | SqlExpression, params?: readonly unknown[]) =>
      tracker.track("op.query()", () => {
        if (typeof statement === "string") {
          observe?.({ kind: "query", sql: statement });
          return sink.query<Row>(statement, params);
        }
        const { sql: text, params: values } = rendered(statement);
        observe?.({ kind: "query", sql: text });
        return sink.query<Row>(text, values);
      }),
    run,
    createTable: (
      nameOrTable: string | Table,
      columns?: Readonly<Record<string, ColumnBuilder>>,
      options?: TableOptions,
    ) => run(build.createTable(nameOrTable, columns, options)),
    dropTable: (name, options) => run(build.dropTable(name, options)),
    renameTable: (name, newName, options) => run(build.renameTable(name, newName, options)),
    attachPartition: (table, partition, bound, options) =>
      run(build.attachPartition(table, partition, bound, options)),
    detachPartition: (table, partition, options) => run(build.detachPartition(table, partition, options)),
    partitionTable: (table, partitioning, options) => run(build.partitionTable(table, partitioning, options)),
    removePartitioning: (table, options) => run(build.removePartitioning(table, options)),
    reorganizePartitions: (table, from, into, options) =>
      run(build.reorganizePartitions(table, from, into, options)),
    createTableComment: (table, comment, options) => run(build.createTableComment(table, comment, options)),
    dropTableComment: (table, options) => run(build.dropTableComment(table, options)),
    addColumn: (table, name, c, options) => run(build.addColumn(table, name, c, options)),
    dropColumn: (table, name, options) => run(build.dropColumn(table, name, options)),
    alterColumn: (table, name, options) => run(build.alterColumn(table, name, options)),
    createIndex: (name, table, columns, options) => run(build.createIndex(name, table, columns, options)),
    dropIndex: (name, options) => run(build.dropIndex(name, options)),
    createPrimaryKey: (name, table, columns, options) =>
      run(build.createPrimaryKey(name, table, columns, options)),
    createUniqueConstraint: (name, table, columns, options) =>
      run(build.createUniqueConstraint(name, table, columns, options)),
    createForeignKey: (name, table, columns, referencedTable, referencedColumns, options) =>
      run(build.createForeignKey(name, table, columns, referencedTable, referencedColumns, options)),
    createCheckConstraint: (name, table, condition, options) =>
      run(build.createCheckConstraint(name, table, condition, options)),
    dropConstraint: (name, table, options) => run(build.dropConstraint(name, table, options)),
    createEnum: (name, values, options) => run(build.createEnum(name, values, options)),
    dropEnum: (name, options) => run(build.dropEnum(name, options)),
    addEnumValue: (name, value, options) => run(build.addEnumValue(name, value, options)),
    createSequence: (name, options) => run(build.createSequence(name, options)),
    alterSequence: (name, options) => run(build.alterSequence(name, options)),
    dropSequence: (name, options) => run(build.dropSequence(name, options)),
    createDomain: (name, type, options) => run(build.createDomain(name, type, options)),
    alterDomain: (name, options) => run(build.alterDomain(name, options)),
    dropDomain: (name, options) => run(build.dropDomain(name, options)),
    createSchema: (name, options) => run(build.createSchema(name, options)),
    dropSchema: (name, options) => run(build.dropSchema(name, options)),
    bulkInsert: (table, rows, options) => run(build.bulkInsert(table, rows, options)),
    batchAlterTable: (table, fn, options = {}) =>
      tracker.track(`op.batchAlterTable("${table}")`, async () => {
        const { batch, operations } = batchCollector(table, options.schema);
        await fn(batch);
        await runObserved(build.batchAlterTable(table, operations, options));
      }),
  };
  return { op, finish: () => tracker.finish() };
}

/**
 * Runs one upgrade() or downgrade() against `sink` to the end, `observe` seeing every call it makes on `op`. On an
 * error the queued operations settle first (so the caller can roll back), and the function's own error is thrown.
 */
export async function runWithOp(
  fn: (op: Op) => unknown,
  sink: OperationSink,
  observe?: (call: OpCall) => void,
): Promise<void> {
  const { op, finish } = createOp(sink, observe);
  try {
    await fn(op);
  } catch (error) {
    await finish().catch(() => {});
    throw error;
  }
  await finish();
}
