// The common DDL compiler: turns one operation object into the SQL statements that perform it. Its defaults
// follow standard SQL (close to PostgreSQL); each dialect's `<name>-compiler.ts` overrides only what differs.

import { RetortError } from "../errors.js";
import { indexOf } from "../operations/build.js";
import type {
  AddColumnOperation,
  AddEnumValueOperation,
  AlterColumnOperation,
  AlterDomainOperation,
  AlterSequenceOperation,
  AttachPartitionOperation,
  BatchAlterTableOperation,
  BulkInsertOperation,
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
  Operation,
  PartitionTableOperation,
  RemovePartitioningOperation,
  RenameTableOperation,
  ReorganizePartitionsOperation,
  TableRef,
} from "../operations/operation.js";
import type { Column, ColumnDefault, ColumnIdentity, GeneratedColumn } from "../schema/column.js";
import type {
  CheckConstraint,
  ForeignKey,
  Index,
  IndexColumn,
  IndexPart,
  PrimaryKey,
  UniqueConstraint,
} from "../schema/constraints.js";
import { indexPart } from "../schema/constraints.js";
import { renderSql, type SqlExpression, sql } from "../schema/sql.js";
import type { Table } from "../schema/table.js";
import type { ColumnType } from "../schema/types.js";
import type { Connection, DialectName } from "./connection.js";
import type { SqlConventions } from "./sql-conventions.js";
import type { TypeSystem } from "./type-system.js";

/** The dialect cannot do what the operation asks; the message says what to do instead. */
export class UnsupportedOperationError extends RetortError {}

/** Offline (`--sql`) compilation needs a fact that only the live database could tell; the message names the argument that supplies it. */
export class MissingSchemaInformationError extends RetortError {}

export interface CompiledStatement {
  readonly sql: string;
  readonly params?: readonly unknown[];
}

/** Statements that must run outside the run's transaction (the runtime commits around them and says why). */
export interface OutsideTransactionStep {
  readonly outsideTransaction: string;
  /** Run first, before any transaction of the step's own. */
  readonly setup: readonly CompiledStatement[];
  readonly statements: readonly CompiledStatement[];
  /** A query run before the step's own COMMIT that must return no rows; otherwise the step fails with `message`. */
  readonly check?: { readonly sql: string; readonly message: string };
  /** Always run last, also after a failure. */
  readonly teardown: readonly CompiledStatement[];
  /** Wrap `statements` in a transaction of their own, rolled back on failure. */
  readonly transactional: boolean;
}

export type CompiledStep = CompiledStatement | OutsideTransactionStep;

export function isOutsideTransactionStep(step: CompiledStep): step is OutsideTransactionStep {
  return "outsideTransaction" in step;
}

export interface CompileContext {
  /** The live database, for operations that read the catalog (MySQL alterColumn, SQLite rebuilds). Absent offline. */
  readonly connection?: Connection | undefined;
  /** Write values as escaped literals instead of bound parameters (offline output). */
  readonly inlineValues?: boolean | undefined;
}

export function statement(sqlText: string, params?: readonly unknown[]): CompiledStatement {
  return params === undefined || params.length === 0 ? { sql: sqlText } : { sql: sqlText, params };
}

/** How many bound values one INSERT may carry; below every dialect's limit. */
const MAX_PARAMS_PER_INSERT = 30_000;

export class DdlCompiler {
  /** `dialect` names the database in messages; `sql` writes every identifier and value; `types` every type. */
  constructor(
    readonly dialect: DialectName,
    readonly sql: SqlConventions,
    readonly types: TypeSystem,
  ) {}

  /** The statements performing `operation`, in order. */
  async compile(operation: Operation, context: CompileContext = {}): Promise<CompiledStep[]> {
    switch (operation.kind) {
      case "createTable":
        return this.createTable(operation);
      case "dropTable":
        return this.dropTable(operation);
      case "renameTable":
        return this.renameTable(operation);
      case "attachPartition":
      case "detachPartition":
        return this.partition(operation);
      case "partitionTable":
      case "removePartitioning":
      case "reorganizePartitions":
        return this.partitioning(operation);
      case "createTableComment":
      case "dropTableComment":
        return this.tableComment(operation);
      case "addColumn":
        return this.addColumn(operation, context);
      case "dropColumn":
        return this.dropColumn(operation, context);
      case "alterColumn":
        return this.alterColumn(operation, context);
      case "createIndex":
        return this.createIndex(operation);
      case "dropIndex":
        return this.dropIndex(operation);
      case "createPrimaryKey":
      case "createUniqueConstraint":
      case "createForeignKey":
      case "createCheckConstraint":
        return this.addConstraint(operation, context);
      case "dropConstraint":
        return this.dropConstraint(operation, context);
      case "createEnum":
        return this.createEnum(operation);
      case "dropEnum":
        return this.dropEnum(operation);
      case "addEnumValue":
        return this.addEnumValue(operation, context);
      case "createSequence":
      case "alterSequence":
      case "dropSequence":
        return this.sequence(operation);
      case "createDomain":
      case "alterDomain":
      case "dropDomain":
        return this.domain(operation);
      case "createSchema":
        return this.createSchema(operation);
      case "dropSchema":
        return this.dropSchema(operation);
      case "execute":
        return this.execute(operation, context);
      case "bulkInsert":
        return this.bulkInsert(operation, context);
      case "batchAlterTable":
        return this.batchAlterTable(operation, context);
    }
  }

  // ---- names and values -------------------------------------------------------------------------------

  id(name: string): string {
    return this.sql.quoteIdentifier(name);
  }

  tableName(ref: { readonly table: string; readonly schema: string | undefined }): string {
    return this.sql.quoteQualified(ref.table, ref.schema);
  }

  columnList(columns: readonly string[]): string {
    return columns.map((c) => this.id(c)).join(", ");
  }

  literal(value: unknown): string {
    return this.sql.literal(value);
  }

  /** An expression inlined into DDL: values become escaped literals. */
  expression(expr: SqlExpression): string {
    return renderSql(this.sql, expr).sql;
  }

  /** The n-th (1-based) bound parameter's placeholder. */
  placeholder(index: number): string {
    return this.sql.placeholder(index);
  }

  /** A value as the driver should receive it: JSON for objects and arrays, Buffers for bytes. */
  bindValue(value: unknown): unknown {
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    if (value === undefined) return null;
    if (typeof value === "object" && value !== null && !(value instanceof Date)) return JSON.stringify(value);
    return value;
  }

  // ---- types and columns ------------------------------------------------------------------------------

  /** A column type as DDL writes it: the dialect's type system resolves portable types. */
  columnType(type: ColumnType): string {
    return this.types.sql(type);
  }

  defaultValue(value: ColumnDefault): string {
    return sql.isExpression(value) ? this.expression(value) : this.literal(value.value);
  }

  /** What follows the type for an identity column. */
  identityClause(identity: ColumnIdentity): string {
    return identity.always ? "GENERATED ALWAYS AS IDENTITY" : "GENERATED BY DEFAULT AS IDENTITY";
  }

  /** The statements giving an existing column the identity `op.identity` (null: none): PostgreSQL's. */
  identityChange(op: AlterColumnOperation): CompiledStatement[] {
    throw new UnsupportedOperationError(
      `${this.dialect} cannot change the identity of an existing column (${op.table}.${op.column})`,
      { hint: "add a new column with the identity, copy the values over and drop the old one" },
    );
  }

  /** The CHECK a dialect without native enums writes for an enum column; none by default. */
  enumCheck(column: Column): string | undefined {
    if (column.type.kind !== "enum") return undefined;
    return `CHECK (${this.id(column.name)} IN (${column.type.values.map((v) => this.literal(v)).join(", ")}))`;
  }

  /** Column comments written inside the definition (MySQL); elsewhere they are separate statements. */
  inlineComment(_comment: string | undefined): string | undefined {
    return undefined;
  }

  nullability(nullable: boolean): string | undefined {
    return nullable ? undefined : "NOT NULL";
  }

  /** MySQL's ON UPDATE; every other database refuses it. */
  onUpdateClause(_value: SqlExpression): string {
    throw new UnsupportedOperationError(`${this.dialect} has no ON UPDATE for columns`, {
      hint: "set the column in the statements that update its rows, or with a trigger (op.execute)",
    });
  }

  /** `GENERATED ALWAYS AS (…) STORED|VIRTUAL`, right after the type, as every dialect accepts it. */
  generatedClause(generated: GeneratedColumn): string {
    return `GENERATED ALWAYS AS (${this.expression(generated.expression)}) ${generated.stored ? "STORED" : "VIRTUAL"}`;
  }

  /** `"name" TYPE …` without inline constraints, as CREATE TABLE lists it. */
  columnDefinition(column: Column): string {
    const parts = [this.id(column.name), this.columnType(column.type)];
    if (column.generated) parts.push(this.generatedClause(column.generated));
    if (column.onUpdate) this.onUpdateClause(column.onUpdate);
    if (column.identity) parts.push(this.identityClause(column.identity));
    if (column.default !== undefined) parts.push(`DEFAULT ${this.defaultValue(column.default)}`);
    const nullability = this.nullability(column.nullable);
    if (nullability) parts.push(nullability);
    const check = this.enumCheck(column);
    if (check) parts.push(check);
    const comment = this.inlineComment(column.comment);
    if (comment) parts.push(comment);
    return parts.join(" ");
  }

  /** The column with its inline PRIMARY KEY / UNIQUE / REFERENCES, as ADD COLUMN writes it. */
  columnDefinitionWithConstraints(column: Column): string {
    const parts = [this.columnDefinition(column)];
    if (column.primaryKey) parts.push("PRIMARY KEY");
    if (column.unique) parts.push("UNIQUE");
    if (column.references) {
      const { table, column: referenced, ...options } = column.references;
      parts.push(
        this.referencesClause({
          ...options,
          columns: [column.name],
          referencedTable: table,
          referencedColumns: [referenced],
        }),
      );
    }
    return parts.join(" ");
  }

  // ---- constraints ------------------------------------------------------------------------------------

  constraintName(name: string | undefined): string {
    return name === undefined ? "" : `CONSTRAINT ${this.id(name)} `;
  }

  primaryKeyClause(pk: PrimaryKey): string {
    return `${this.constraintName(pk.name)}PRIMARY KEY (${this.columnList(pk.columns)})`;
  }

  uniqueClause(unique: UniqueConstraint): string {
    return `${this.constraintName(unique.name)}UNIQUE (${this.columnList(unique.columns)})`;
  }

  referencesClause(fk: ForeignKey): string {
    const parts = [
      `REFERENCES ${this.sql.quoteQualified(fk.referencedTable, fk.referencedSchema)} (${this.columnList(fk.referencedColumns)})`,
    ];
    if (fk.onDelete) parts.push(`ON DELETE ${fk.onDelete}`);
    if (fk.onUpdate) parts.push(`ON UPDATE ${fk.onUpdate}`);
    if (fk.deferrable !== undefined || fk.initially !== undefined) parts.push(...this.deferrability(fk));
    return parts.join(" ");
  }

  deferrability(fk: ForeignKey): string[] {
    const parts: string[] = [];
    if (fk.deferrable !== undefined) parts.push(fk.deferrable ? "DEFERRABLE" : "NOT DEFERRABLE");
    if (fk.initially !== undefined) parts.push(`INITIALLY ${fk.initially}`);
    return parts;
  }

  foreignKeyClause(fk: ForeignKey): string {
    return `${this.constraintName(fk.name)}FOREIGN KEY (${this.columnList(fk.columns)}) ${this.referencesClause(fk)}`;
  }

  checkClause(check: CheckConstraint): string {
    return `${this.constraintName(check.name)}CHECK (${this.expression(check.condition)})`;
  }

  // ---- tables -----------------------------------------------------------------------------------------

  /** The lines between CREATE TABLE's parentheses. */
  tableElements(table: Table): string[] {
    return [
      ...table.columns.map((c) => this.columnDefinition(c)),
      ...(table.primaryKey ? [this.primaryKeyClause(table.primaryKey)] : []),
      ...table.uniques.map((u) => this.uniqueClause(u)),
      ...table.foreignKeys.map((fk) => this.foreignKeyClause(fk)),
      ...table.checks.map((c) => this.checkClause(c)),
    ];
  }

  /** Table options after the closing parenthesis (MySQL's COMMENT, collation and partitioning). */
  tableSuffix(table: Table): string {
    if (table.collation !== undefined)
      throw new UnsupportedOperationError(`${this.dialect} has no table collation (table ${table.name})`, {
        hint: "give the columns their collation in their types instead",
      });
    if (table.partitioning !== undefined)
      throw new UnsupportedOperationError(
        `table ${table.name}: partitioning is MySQL's partition clause; ${this.dialect} has none`,
        { hint: "on PostgreSQL give partitionBy, and each partition partitionOf" },
      );
    return "";
  }

  /** PARTITION BY after a partitioned table's definition: PostgreSQL's; refused elsewhere. */
  partitionByClause(table: Table): string {
    if (table.partitionBy === undefined && table.partitionOf === undefined) return "";
    throw new UnsupportedOperationError(
      `${this.dialect} has no partitioned tables here (table ${table.name})`,
      {
        hint: "partition the table with op.execute",
      },
    );
  }

  createTableSql(table: Table, name: string = table.name): string {
    const elements = this.tableElements(table).join(",\n    ");
    return `CREATE TABLE ${this.sql.quoteQualified(name, table.schema)} (\n    ${elements}\n)${this.tableSuffix(table)}${this.partitionByClause(table)}`;
  }

  /** Attaching and detaching partitions: PostgreSQL's. */
  partition(op: AttachPartitionOperation | DetachPartitionOperation): CompiledStep[] {
    throw new UnsupportedOperationError(
      `${this.dialect} has no partitions to attach or detach (${op.kind} ${op.partition})`,
    );
  }

  /** Partitioning a table in place, and removing it: MySQL's. */
  partitioning(
    op: PartitionTableOperation | RemovePartitioningOperation | ReorganizePartitionsOperation,
  ): CompiledStep[] {
    throw new UnsupportedOperationError(`${this.dialect} cannot ${op.kind} ${op.table}: that is MySQL's`, {
      hint: "on PostgreSQL a partitioned table is created so, with partitionBy",
    });
  }

  /** Comments that are separate statements here: the table's and its columns'. */
  tableCommentStatements(table: Table): CompiledStatement[] {
    const ref = { table: table.name, schema: table.schema };
    return [
      ...(table.comment === undefined ? [] : [statement(this.tableCommentSql(ref, table.comment))]),
      ...table.columns.flatMap((c) =>
        c.comment === undefined ? [] : this.columnCommentStatements(ref, c.name, c.comment),
      ),
    ];
  }

  createTable(op: CreateTableOperation): CompiledStep[] {
    const table = op.definition;
    return [
      statement(this.createTableSql(table)),
      ...this.tableCommentStatements(table),
      ...table.indexes.map((index) =>
        statement(this.createIndexSql({ table: table.name, schema: table.schema }, index)),
      ),
    ];
  }

  dropTable(op: DropTableOperation): CompiledStep[] {
    return [statement(`DROP TABLE ${op.ifExists ? "IF EXISTS " : ""}${this.tableName(op)}`)];
  }

  renameTable(op: RenameTableOperation): CompiledStep[] {
    return [statement(`ALTER TABLE ${this.tableName(op)} RENAME TO ${this.id(op.newName)}`)];
  }

  tableCommentSql(ref: TableRef, comment: string | null): string {
    return `COMMENT ON TABLE ${this.tableName(ref)} IS ${this.literal(comment)}`;
  }

  tableComment(op: CreateTableCommentOperation | DropTableCommentOperation): CompiledStep[] {
    return [statement(this.tableCommentSql(op, op.kind === "createTableComment" ? op.comment : null))];
  }

  // ---- columns ----------------------------------------------------------------------------------------

  columnCommentStatements(ref: TableRef, column: string, comment: string | null): CompiledStatement[] {
    return [
      statement(`COMMENT ON COLUMN ${this.tableName(ref)}.${this.id(column)} IS ${this.literal(comment)}`),
    ];
  }

  addColumn(op: AddColumnOperation, _context: CompileContext): CompiledStep[] | Promise<CompiledStep[]> {
    return [
      statement(
        `ALTER TABLE ${this.tableName(op)} ADD COLUMN ${this.columnDefinitionWithConstraints(op.column)}`,
      ),
      ...(op.column.comment === undefined
        ? []
        : this.columnCommentStatements(op, op.column.name, op.column.comment)),
    ];
  }

  dropColumn(op: DropColumnOperation, _context: CompileContext): CompiledStep[] | Promise<CompiledStep[]> {
    return [statement(`ALTER TABLE ${this.tableName(op)} DROP COLUMN ${this.id(op.column)}`)];
  }

  /**
   * One statement per changed property, the rename last so the others can use the old name. An identity is dropped
   * before a new default is set, and added once the column is NOT NULL and its old default gone.
   */
  alterColumn(op: AlterColumnOperation, _context: CompileContext): CompiledStep[] | Promise<CompiledStep[]> {
    const prefix = `ALTER TABLE ${this.tableName(op)} ALTER COLUMN ${this.id(op.column)}`;
    const out: CompiledStatement[] = [];
    // The old default may not cast to the new type; when the default is being replaced anyway, drop it first.
    if (op.type !== undefined && op.default) out.push(statement(`${prefix} DROP DEFAULT`));
    if (op.type !== undefined) {
      const using = op.using === undefined ? "" : ` USING ${this.expression(op.using)}`;
      out.push(statement(`${prefix} TYPE ${this.columnType(op.type)}${using}`));
    }
    const identity = op.identity === undefined ? [] : this.identityChange(op);
    if (op.identity === null) out.push(...identity);
    if (op.nullable !== undefined) out.push(statement(`${prefix} ${op.nullable ? "DROP" : "SET"} NOT NULL`));
    if (op.default !== undefined) {
      out.push(
        statement(
          op.default === null
            ? `${prefix} DROP DEFAULT`
            : `${prefix} SET DEFAULT ${this.defaultValue(op.default)}`,
        ),
      );
    }
    if (op.identity) out.push(...identity);
    if (op.comment !== undefined) out.push(...this.columnCommentStatements(op, op.column, op.comment));
    if (op.onUpdate) this.onUpdateClause(op.onUpdate);
    if (op.newName !== undefined) out.push(statement(this.renameColumnSql(op, op.column, op.newName)));
    return out;
  }

  renameColumnSql(ref: TableRef, from: string, to: string): string {
    return `ALTER TABLE ${this.tableName(ref)} RENAME COLUMN ${this.id(from)} TO ${this.id(to)}`;
  }

  // ---- indexes and constraints ------------------------------------------------------------------------

  /** A key part's column, or its expression in parentheses (PostgreSQL and MySQL 8 require them). */
  indexKey(key: string | SqlExpression): string {
    return typeof key === "string" ? this.id(key) : `(${this.expression(key)})`;
  }

  /** A collation as DDL names it: quoted, and qualified when written `schema.name`. */
  collationName(name: string): string {
    const dot = name.indexOf(".");
    return dot < 0 ? this.id(name) : this.sql.quoteQualified(name.slice(dot + 1), name.slice(0, dot));
  }

  /** One key part: the key, then COLLATE, operator class, DESC and NULLS, in PostgreSQL's order. */
  indexPartSql(part: IndexPart, index: Index): string {
    if (part.length !== undefined) {
      throw new UnsupportedOperationError(
        `${this.dialect} has no prefix indexes (index ${index.name} gives a length)`,
        { hint: "index an expression instead, such as left(column, n)" },
      );
    }
    const words = [this.indexKey(part.column)];
    if (part.collation !== undefined) words.push(`COLLATE ${this.collationName(part.collation)}`);
    if (part.opclass !== undefined) words.push(part.opclass);
    if (part.descending) words.push("DESC");
    if (part.nulls !== undefined) words.push(`NULLS ${part.nulls.toUpperCase()}`);
    return words.join(" ");
  }

  indexColumn(column: IndexColumn, index: Index): string {
    return this.indexPartSql(indexPart(column), index);
  }

  /** USING between the table and the key parts, where PostgreSQL writes it. */
  indexMethodClause(index: Index): string {
    return index.method === undefined ? "" : ` USING ${index.method}`;
  }

  includeClause(index: Index): string {
    return index.include === undefined ? "" : ` INCLUDE (${this.columnList(index.include)})`;
  }

  /** The index's name as CREATE INDEX writes it (PostgreSQL: unqualified, it lives in its table's schema). */
  indexName(name: string, _schema: string | undefined): string {
    return this.id(name);
  }

  /** The table as CREATE INDEX names it. */
  indexTable(ref: TableRef): string {
    return this.tableName(ref);
  }

  whereClause(where: SqlExpression | undefined): string {
    return where === undefined ? "" : ` WHERE ${this.expression(where)}`;
  }

  createIndexSql(
    ref: TableRef,
    index: Index,
    options: { concurrently?: boolean; ifNotExists?: boolean } = {},
  ): string {
    const words = ["CREATE", index.unique ? "UNIQUE INDEX" : "INDEX"];
    if (options.concurrently) words.push("CONCURRENTLY");
    if (options.ifNotExists) words.push("IF NOT EXISTS");
    const columns = index.columns.map((c) => this.indexColumn(c, index)).join(", ");
    return `${words.join(" ")} ${this.indexName(index.name, ref.schema)} ON ${this.indexTable(ref)}${this.indexMethodClause(index)} (${columns})${this.includeClause(index)}${this.whereClause(index.where)}`;
  }

  createIndex(op: CreateIndexOperation): CompiledStep[] {
    return [statement(this.createIndexSql(op, indexOf(op), { ifNotExists: op.ifNotExists }))];
  }

  dropIndex(op: DropIndexOperation): CompiledStep[] {
    return [
      statement(
        `DROP INDEX ${op.ifExists ? "IF EXISTS " : ""}${this.sql.quoteQualified(op.name, op.schema)}`,
      ),
    ];
  }

  constraintSql(
    op:
      | CreatePrimaryKeyOperation
      | CreateUniqueConstraintOperation
      | CreateForeignKeyOperation
      | CreateCheckConstraintOperation,
  ): string {
    switch (op.kind) {
      case "createPrimaryKey":
        return this.primaryKeyClause(op.constraint);
      case "createUniqueConstraint":
        return this.uniqueClause(op.constraint);
      case "createForeignKey":
        return this.foreignKeyClause(op.constraint);
      case "createCheckConstraint":
        return this.checkClause(op.constraint);
    }
  }

  addConstraint(
    op:
      | CreatePrimaryKeyOperation
      | CreateUniqueConstraintOperation
      | CreateForeignKeyOperation
      | CreateCheckConstraintOperation,
    _context: CompileContext,
  ): CompiledStep[] | Promise<CompiledStep[]> {
    return [statement(`ALTER TABLE ${this.tableName(op)} ADD ${this.constraintSql(op)}`)];
  }

  dropConstraint(
    op: DropConstraintOperation,
    _context: CompileContext,
  ): CompiledStep[] | Promise<CompiledStep[]> {
    return [statement(`ALTER TABLE ${this.tableName(op)} DROP CONSTRAINT ${this.id(op.name)}`)];
  }

  // ---- enums and schemas ------------------------------------------------------------------------------

  /** Without native enum types the values live in each column's definition: nothing to create. */
  createEnum(_op: CreateEnumOperation): CompiledStep[] {
    return [];
  }

  dropEnum(_op: DropEnumOperation): CompiledStep[] {
    return [];
  }

  addEnumValue(
    op: AddEnumValueOperation,
    _context: CompileContext,
  ): CompiledStep[] | Promise<CompiledStep[]> {
    throw new UnsupportedOperationError(
      `${this.dialect} has no enum types: the values of ${op.name} live in each column that uses it`,
      { hint: "change those columns with op.alterColumn(table, column, { type: op.column.enum(...) })" },
    );
  }

  /** Sequences of their own: PostgreSQL's; elsewhere a column generates its values with identity/AUTO_INCREMENT. */
  sequence(op: CreateSequenceOperation | AlterSequenceOperation | DropSequenceOperation): CompiledStep[] {
    const name = op.kind === "createSequence" ? op.sequence.name : op.name;
    throw new UnsupportedOperationError(`${this.dialect} has no sequences (${op.kind} ${name})`, {
      hint: "give the column .identity() instead",
    });
  }

  /** Domains: PostgreSQL's; elsewhere a column states its own type, default and checks. */
  domain(op: CreateDomainOperation | AlterDomainOperation | DropDomainOperation): CompiledStep[] {
    const name = op.kind === "createDomain" ? op.domain.name : op.name;
    throw new UnsupportedOperationError(`${this.dialect} has no domains (${op.kind} ${name})`, {
      hint: "give each column the base type, default and checks itself",
    });
  }

  createSchema(op: CreateSchemaOperation): CompiledStep[] {
    return [statement(`CREATE SCHEMA ${op.ifNotExists ? "IF NOT EXISTS " : ""}${this.id(op.name)}`)];
  }

  dropSchema(op: DropSchemaOperation): CompiledStep[] {
    return [
      statement(
        `DROP SCHEMA ${op.ifExists ? "IF EXISTS " : ""}${this.id(op.name)}${op.cascade ? " CASCADE" : ""}`,
      ),
    ];
  }

  // ---- data -------------------------------------------------------------------------------------------

  execute(op: ExecuteOperation, context: CompileContext): CompiledStep[] {
    if (typeof op.sql === "string") return [statement(op.sql, op.params)];
    if (op.params !== undefined && op.params.length > 0) {
      throw new TypeError(
        "op.execute(sql`…`) takes its values from the template; do not pass params as well",
      );
    }
    const rendered = context.inlineValues
      ? renderSql(this.sql, op.sql)
      : renderSql(this.sql, op.sql, (i) => this.placeholder(i));
    return [
      statement(
        rendered.sql,
        rendered.params.map((v) => this.bindValue(v)),
      ),
    ];
  }

  /** One INSERT per run of rows with the same columns, split to stay under the drivers' parameter limits. */
  bulkInsert(op: BulkInsertOperation, context: CompileContext): CompiledStep[] {
    const out: CompiledStatement[] = [];
    let index = 0;
    while (index < op.rows.length) {
      const columns = Object.keys(op.rows[index] ?? {});
      if (columns.length === 0)
        throw new TypeError(`bulkInsert into ${op.table}: row ${index} has no columns`);
      const key = columns.join("\u0000");
      const perStatement = Math.max(1, Math.floor(MAX_PARAMS_PER_INSERT / columns.length));
      const group: Readonly<Record<string, unknown>>[] = [];
      while (index < op.rows.length && group.length < perStatement) {
        const row = op.rows[index] as Readonly<Record<string, unknown>>;
        if (Object.keys(row).join("\u0000") !== key) break;
        group.push(row);
        index++;
      }
      const params: unknown[] = [];
      const tuples = group.map((row) => {
        const values = columns.map((c) => {
          if (context.inlineValues) return this.literal(row[c]);
          params.push(this.bindValue(row[c]));
          return this.placeholder(params.length);
        });
        return `(${values.join(", ")})`;
      });
      out.push(
        statement(
          `INSERT INTO ${this.tableName(op)} (${this.columnList(columns)}) VALUES ${tuples.join(", ")}`,
          params,
        ),
      );
    }
    return out;
  }

  // ---- batches ----------------------------------------------------------------------------------------

  /** Where ALTER TABLE can do everything, a batch is its operations one after another. */
  async batchAlterTable(op: BatchAlterTableOperation, context: CompileContext): Promise<CompiledStep[]> {
    const out: CompiledStep[] = [];
    for (const inner of op.operations) out.push(...(await this.compile(inner, context)));
    return out;
  }
}
