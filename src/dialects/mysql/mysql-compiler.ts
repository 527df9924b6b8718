// MySQL / MariaDB DDL: inline ENUM and COMMENT, AUTO_INCREMENT, and no way to change one property of a column
// without restating all of it (MODIFY / CHANGE), so alterColumn gathers the rest from arguments or the catalog.

import type {
  AddColumnOperation,
  AlterColumnOperation,
  ConstraintType,
  CreateIndexOperation,
  DropColumnOperation,
  DropConstraintOperation,
  DropIndexOperation,
  DropSchemaOperation,
  PartitionTableOperation,
  RemovePartitioningOperation,
  RenameTableOperation,
  ReorganizePartitionsOperation,
  TableRef,
} from "../../operations/operation.js";
import type { Column } from "../../schema/column.js";
import type { ForeignKey, Index, IndexPart, PrimaryKey } from "../../schema/constraints.js";
import type { SqlExpression } from "../../schema/sql.js";
import type { Table } from "../../schema/table.js";
import type { Connection } from "../connection.js";
import {
  type CompileContext,
  type CompiledStatement,
  type CompiledStep,
  DdlCompiler,
  MissingSchemaInformationError,
  statement,
  UnsupportedOperationError,
} from "../ddl-compiler.js";
import {
  checkedPartitioning,
  droppedListValues,
  onlyAppends,
  onlyDefault,
  partitionName,
} from "./mysql-partitioning.js";

/** A column as MySQL needs it restated: every part already written as SQL. */
interface RestatedColumn {
  type: string | undefined;
  nullable: boolean | undefined;
  /** SQL after DEFAULT; null: no default. */
  default: string | null | undefined;
  comment: string | null | undefined;
  /** SQL after ON UPDATE; null: none. */
  onUpdate: string | null | undefined;
  /** AUTO_INCREMENT: kept as it is unless the operation adds or drops it. */
  identity: boolean | undefined;
  collation: string | undefined;
}

interface CatalogColumn {
  COLUMN_TYPE: string;
  IS_NULLABLE: string;
  COLUMN_DEFAULT: string | null;
  COLUMN_COMMENT: string;
  EXTRA: string;
  COLLATION_NAME: string | null;
}

/** The name given to a foreign key written inline on an added column (PostgreSQL's own naming). */
function inlineForeignKeyName(table: string, column: string): string {
  return `${table}_${column}_fkey`;
}

const CONSTRAINT_TYPES: Readonly<Record<string, ConstraintType>> = {
  "PRIMARY KEY": "primaryKey",
  UNIQUE: "unique",
  "FOREIGN KEY": "foreignKey",
  CHECK: "check",
};

export class MysqlCompiler extends DdlCompiler {
  /** MySQL names every primary key PRIMARY and refuses that name in a CONSTRAINT clause: leave it out. */
  override primaryKeyClause(pk: PrimaryKey): string {
    return super.primaryKeyClause({ ...pk, name: undefined });
  }

  override identityClause(): string {
    return "AUTO_INCREMENT";
  }

  override onUpdateClause(value: SqlExpression): string {
    return `ON UPDATE ${this.expression(value)}`;
  }

  override enumCheck(): undefined {
    return undefined;
  }

  override inlineComment(comment: string | undefined): string | undefined {
    return comment === undefined ? undefined : `COMMENT ${this.literal(comment)}`;
  }

  override nullability(nullable: boolean): string {
    return nullable ? "NULL" : "NOT NULL";
  }

  /** MySQL writes the default before AUTO_INCREMENT and COMMENT; the base order (identity first) differs. */
  override columnDefinition(column: Column): string {
    const parts = [this.id(column.name), this.columnType(column.type)];
    // MariaDB takes no NULL after a generated column's clause; NOT NULL only where MySQL allows it.
    if (column.generated) parts.push(this.generatedClause(column.generated));
    if (!column.generated || !column.nullable) parts.push(this.nullability(column.nullable));
    if (column.default !== undefined) parts.push(`DEFAULT ${this.defaultValue(column.default)}`);
    if (column.onUpdate) parts.push(this.onUpdateClause(column.onUpdate));
    if (column.identity) parts.push(this.identityClause());
    const comment = this.inlineComment(column.comment);
    if (comment) parts.push(comment);
    return parts.join(" ");
  }

  override deferrability(fk: ForeignKey): string[] {
    if (fk.deferrable || fk.initially === "DEFERRED") {
      throw new UnsupportedOperationError(
        `MySQL cannot defer foreign key ${fk.name ?? "(unnamed)"}: it checks every row at once`,
      );
    }
    return [];
  }

  override tableSuffix(table: Table): string {
    return [
      table.collation === undefined ? "" : ` COLLATE = ${table.collation}`,
      table.comment === undefined ? "" : ` COMMENT = ${this.literal(table.comment)}`,
      table.partitioning === undefined
        ? ""
        : `\nPARTITION BY ${checkedPartitioning(table.name, table.partitioning)}`,
    ].join("");
  }

  /** PostgreSQL's partitionBy and partitionOf: MySQL keeps partitions inside the table, in `partitioning`. */
  override partitionByClause(table: Table): string {
    if (table.partitionBy === undefined && table.partitionOf === undefined) return "";
    throw new UnsupportedOperationError(
      `table ${table.name}: partitionBy and partitionOf are PostgreSQL's; MySQL has no partition tables`,
      { hint: "give the table partitioning, the whole PARTITION BY clause with its partitions" },
    );
  }

  override partitioning(
    op: PartitionTableOperation | RemovePartitioningOperation | ReorganizePartitionsOperation,
  ): CompiledStep[] {
    const table = this.tableName(op);
    switch (op.kind) {
      case "partitionTable":
        return [
          statement(`ALTER TABLE ${table} PARTITION BY ${checkedPartitioning(op.table, op.partitioning)}`),
        ];
      case "removePartitioning":
        return [statement(`ALTER TABLE ${table} REMOVE PARTITIONING`)];
      case "reorganizePartitions": {
        if (op.from.length === 0 || op.into.length === 0)
          throw new UnsupportedOperationError(
            `reorganizePartitions ${op.table}: name the partitions reorganized and what into; neither list may be empty`,
            { hint: "dropping a partition drops its rows: reorganize it into its neighbour instead" },
          );
        const names = op.from.map(partitionName);
        const dropped = droppedListValues(op.from, op.into);
        if (dropped.length > 0)
          throw new UnsupportedOperationError(
            `reorganizePartitions ${op.table}: the new partitions hold none of ${dropped.join(", ")}, and MySQL would delete the rows holding them`,
            {
              hint: "give the values a partition, or repartition with op.partitionTable, which refuses a row with none",
            },
          );
        if (onlyDefault(op.into))
          throw new UnsupportedOperationError(
            `reorganizePartitions ${op.table}: MariaDB refuses to reorganize partitions into a DEFAULT partition alone`,
            { hint: "repartition with op.partitionTable" },
          );
        if (onlyAppends(op.from, op.into))
          return [
            statement(`ALTER TABLE ${table} ADD PARTITION (${op.into.slice(op.from.length).join(", ")})`),
          ];
        return [
          statement(
            `ALTER TABLE ${table} REORGANIZE PARTITION ${names.join(", ")} INTO (${op.into.join(", ")})`,
          ),
        ];
      }
    }
  }

  /** Comments are part of the table and column definitions here. */
  override tableCommentStatements(): CompiledStatement[] {
    return [];
  }

  override tableCommentSql(ref: TableRef, comment: string | null): string {
    return `ALTER TABLE ${this.tableName(ref)} COMMENT = ${this.literal(comment ?? "")}`;
  }

  override renameTable(op: RenameTableOperation): CompiledStep[] {
    return [
      statement(`RENAME TABLE ${this.tableName(op)} TO ${this.sql.quoteQualified(op.newName, op.schema)}`),
    ];
  }

  /** MySQL accepts an inline REFERENCES on ADD COLUMN and ignores it, so the foreign key is its own statement. */
  override addColumn(op: AddColumnOperation): CompiledStep[] {
    const { references, ...rest } = op.column;
    const out = [
      statement(
        `ALTER TABLE ${this.tableName(op)} ADD COLUMN ${this.columnDefinitionWithConstraints({ ...rest, references: undefined })}`,
      ),
    ];
    if (references) {
      const { table, column, ...options } = references;
      const fk: ForeignKey = {
        ...options,
        name: options.name ?? inlineForeignKeyName(op.table, op.column.name),
        columns: [op.column.name],
        referencedTable: table,
        referencedColumns: [column],
      };
      out.push(statement(`ALTER TABLE ${this.tableName(op)} ADD ${this.foreignKeyClause(fk)}`));
    }
    return out;
  }

  /** MySQL refuses to drop a column a foreign key uses: those foreign keys are dropped first. */
  override async dropColumn(op: DropColumnOperation, context: CompileContext): Promise<CompiledStep[]> {
    const table = this.tableName(op);
    let foreignKeys: string[] = [];
    if (context.connection) {
      const rows = await context.connection.query<{ CONSTRAINT_NAME: string }>(
        `SELECT DISTINCT CONSTRAINT_NAME FROM information_schema.KEY_COLUMN_USAGE
          WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? AND COLUMN_NAME = ?
            AND REFERENCED_TABLE_NAME IS NOT NULL`,
        [op.schema ?? null, op.table, op.column],
      );
      foreignKeys = rows.map((r) => r.CONSTRAINT_NAME).sort();
    } else if (op.existing?.references) {
      foreignKeys = [op.existing.references.name ?? inlineForeignKeyName(op.table, op.column)];
    }
    return [
      ...foreignKeys.map((name) => statement(`ALTER TABLE ${table} DROP FOREIGN KEY ${this.id(name)}`)),
      statement(`ALTER TABLE ${table} DROP COLUMN ${this.id(op.column)}`),
    ];
  }

  override async alterColumn(op: AlterColumnOperation, context: CompileContext): Promise<CompiledStep[]> {
    if (op.identity && (op.identity.always || op.identity.sequence !== undefined)) {
      throw new UnsupportedOperationError(
        `MySQL's AUTO_INCREMENT has no GENERATED ALWAYS and no sequence options (${op.table}.${op.column})`,
        { hint: "give identity: {} to add AUTO_INCREMENT, null to drop it" },
      );
    }
    const restates =
      op.type !== undefined ||
      op.nullable !== undefined ||
      op.comment !== undefined ||
      op.onUpdate !== undefined ||
      op.identity !== undefined;
    const table = this.tableName(op);
    if (!restates) {
      const out: CompiledStatement[] = [];
      if (op.default !== undefined) {
        const change = op.default === null ? "DROP DEFAULT" : `SET DEFAULT ${this.defaultValue(op.default)}`;
        out.push(statement(`ALTER TABLE ${table} ALTER COLUMN ${this.id(op.column)} ${change}`));
      }
      if (op.newName !== undefined) out.push(statement(this.renameColumnSql(op, op.column, op.newName)));
      return out;
    }
    const column = await this.restatedColumn(op, context);
    const parts = [this.id(op.newName ?? op.column), column.type!];
    if (column.collation) parts.push(`COLLATE ${column.collation}`);
    parts.push(this.nullability(column.nullable!));
    if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
    if (column.onUpdate !== null) parts.push(`ON UPDATE ${column.onUpdate}`);
    if (column.identity) parts.push(this.identityClause());
    if (column.comment !== null) parts.push(`COMMENT ${this.literal(column.comment)}`);
    const verb = op.newName === undefined ? "MODIFY COLUMN" : `CHANGE COLUMN ${this.id(op.column)}`;
    return [statement(`ALTER TABLE ${table} ${verb} ${parts.join(" ")}`)];
  }

  /** The column's full definition after the change: from the operation, then its existing* arguments, then the catalog. */
  private async restatedColumn(
    op: AlterColumnOperation,
    context: CompileContext,
  ): Promise<Required<RestatedColumn>> {
    const given: RestatedColumn = {
      type:
        op.type !== undefined
          ? this.columnType(op.type)
          : op.existingType && this.columnType(op.existingType),
      nullable: op.nullable ?? op.existingNullable,
      default:
        op.default !== undefined
          ? op.default && this.defaultValue(op.default)
          : op.existingDefault === undefined
            ? undefined
            : op.existingDefault && this.defaultValue(op.existingDefault),
      comment: op.comment !== undefined ? op.comment : op.existingComment,
      onUpdate:
        op.onUpdate !== undefined
          ? op.onUpdate && this.expression(op.onUpdate)
          : op.existingOnUpdate === undefined
            ? undefined
            : op.existingOnUpdate && this.expression(op.existingOnUpdate),
      identity:
        op.identity !== undefined
          ? op.identity !== null
          : op.existingIdentity === undefined
            ? undefined
            : op.existingIdentity !== null,
      collation: undefined,
    };
    const missing = (
      [
        ["type", "existingType"],
        ["nullable", "existingNullable"],
        ["default", "existingDefault"],
        ["comment", "existingComment"],
      ] as const
    ).filter(([key]) => given[key] === undefined);
    if (!context.connection) {
      if (missing.length === 0) {
        return {
          ...given,
          onUpdate: given.onUpdate ?? null,
          identity: given.identity ?? false,
          collation: undefined,
        } as Required<RestatedColumn>;
      }
      throw new MissingSchemaInformationError(
        `MySQL restates the whole column to alter ${op.table}.${op.column}, and offline Retort cannot read its ${missing
          .map(([key]) => key)
          .join(", ")} from the database`,
        {
          hint: `pass ${missing.map(([, argument]) => argument).join(", ")} to op.alterColumn (null for "none")`,
        },
      );
    }
    // Online the catalog also supplies what no argument can: AUTO_INCREMENT, ON UPDATE and the collation.
    const current = await this.readColumn(context.connection, op);
    return {
      type: given.type ?? current.type!,
      nullable: given.nullable ?? current.nullable!,
      default: given.default === undefined ? current.default! : given.default,
      comment: given.comment === undefined ? current.comment! : given.comment,
      onUpdate: given.onUpdate === undefined ? current.onUpdate! : given.onUpdate,
      identity: op.identity !== undefined ? op.identity !== null : current.identity!,
      collation: op.type === undefined ? current.collation : undefined,
    } as Required<RestatedColumn>;
  }

  private async readColumn(connection: Connection, op: AlterColumnOperation): Promise<RestatedColumn> {
    const rows = await connection.query<CatalogColumn>(
      `SELECT COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLUMN_COMMENT, EXTRA, COLLATION_NAME
         FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? AND COLUMN_NAME = ?`,
      [op.schema ?? null, op.table, op.column],
    );
    const row = rows[0];
    if (!row) {
      throw new MissingSchemaInformationError(`column ${op.table}.${op.column} does not exist`);
    }
    const mariadb = await this.isMariadb(connection);
    const onUpdate = /on update ([\w()]+)/i.exec(row.EXTRA);
    return {
      type: row.COLUMN_TYPE,
      nullable: row.IS_NULLABLE === "YES",
      default: this.catalogDefault(row, mariadb),
      comment: row.COLUMN_COMMENT === "" ? null : row.COLUMN_COMMENT,
      onUpdate: onUpdate ? onUpdate[1]! : null,
      identity: /auto_increment/i.test(row.EXTRA),
      collation: row.COLLATION_NAME ?? undefined,
    };
  }

  /** MariaDB reports defaults as SQL (quoted literals, bare expressions); MySQL as raw values, flagging expressions in EXTRA. */
  private catalogDefault(row: CatalogColumn, mariadb: boolean): string | null {
    const value = row.COLUMN_DEFAULT;
    if (value === null || (mariadb && value === "NULL")) return null;
    if (mariadb) return value;
    if (/DEFAULT_GENERATED/i.test(row.EXTRA)) return /^current_timestamp/i.test(value) ? value : `(${value})`;
    return this.literal(value);
  }

  private async isMariadb(connection: Connection): Promise<boolean> {
    const rows = await connection.query<{ version: string }>("SELECT VERSION() AS version");
    return /mariadb/i.test(rows[0]?.version ?? "");
  }

  /**
   * FULLTEXT and SPATIAL come before INDEX, BTREE and HASH after the key parts as USING; MySQL has no partial
   * indexes and no INCLUDE.
   */
  override createIndexSql(
    ref: TableRef,
    index: Index,
    options: { concurrently?: boolean; ifNotExists?: boolean } = {},
  ): string {
    const refuse = (what: string, hint?: string) =>
      new UnsupportedOperationError(
        `MySQL has no ${what} (index ${index.name})`,
        hint ? { hint } : undefined,
      );
    if (index.where !== undefined) throw refuse("partial indexes: it has a where condition");
    if (index.include !== undefined) {
      throw refuse("INCLUDE columns", "add the columns to the key, or leave them out");
    }
    const method = index.method?.toUpperCase();
    const kind = method === "FULLTEXT" || method === "SPATIAL" ? method : undefined;
    if (method !== undefined && kind === undefined && method !== "BTREE" && method !== "HASH") {
      throw refuse(`${index.method} indexes`, "MySQL's index types are btree, hash, fulltext and spatial");
    }
    if (kind && index.unique) throw refuse(`UNIQUE ${kind} indexes`);
    const words = ["CREATE", ...(index.unique ? ["UNIQUE"] : []), ...(kind ? [kind] : []), "INDEX"];
    if (options.ifNotExists) words.push("IF NOT EXISTS");
    const columns = index.columns.map((c) => this.indexColumn(c, index)).join(", ");
    const using = method === undefined || kind !== undefined ? "" : ` USING ${method}`;
    return `${words.join(" ")} ${this.indexName(index.name, ref.schema)} ON ${this.indexTable(ref)} (${columns})${using}`;
  }

  /** A column with its prefix length, `title`(20), or an expression in parentheses; then DESC. */
  override indexPartSql(part: IndexPart, index: Index): string {
    const refused = (["opclass", "nulls", "collation"] as const).find((key) => part[key] !== undefined);
    if (refused !== undefined) {
      const words = { opclass: "operator classes", nulls: "NULLS FIRST/LAST", collation: "per-part COLLATE" };
      throw new UnsupportedOperationError(`MySQL indexes have no ${words[refused]} (index ${index.name})`, {
        hint: refused === "collation" ? "give the column itself the collation" : undefined,
      });
    }
    if (part.length !== undefined && typeof part.column !== "string") {
      throw new UnsupportedOperationError(
        `MySQL takes a prefix length on a column, not on an expression (index ${index.name})`,
      );
    }
    const length = part.length === undefined ? "" : `(${part.length})`;
    return `${this.indexKey(part.column)}${length}${part.descending ? " DESC" : ""}`;
  }

  override createIndex(op: CreateIndexOperation): CompiledStep[] {
    return super.createIndex({ ...op, concurrently: false });
  }

  override dropIndex(op: DropIndexOperation): CompiledStep[] {
    if (op.table === undefined) {
      throw new UnsupportedOperationError(
        `MySQL drops an index through its table: pass { table } to dropIndex("${op.name}")`,
      );
    }
    const table = this.sql.quoteQualified(op.table, op.schema);
    return [statement(`DROP INDEX ${op.ifExists ? "IF EXISTS " : ""}${this.id(op.name)} ON ${table}`)];
  }

  override async dropConstraint(
    op: DropConstraintOperation,
    context: CompileContext,
  ): Promise<CompiledStep[]> {
    const type = op.type ?? op.existing?.type ?? (await this.constraintType(op, context));
    const table = this.tableName(op);
    switch (type) {
      case "primaryKey":
        return [statement(`ALTER TABLE ${table} DROP PRIMARY KEY`)];
      case "foreignKey":
        return [statement(`ALTER TABLE ${table} DROP FOREIGN KEY ${this.id(op.name)}`)];
      case "unique":
        return [statement(`ALTER TABLE ${table} DROP INDEX ${this.id(op.name)}`)];
      case "check":
        return [statement(`ALTER TABLE ${table} DROP CONSTRAINT ${this.id(op.name)}`)];
    }
  }

  private async constraintType(
    op: DropConstraintOperation,
    context: CompileContext,
  ): Promise<ConstraintType> {
    if (!context.connection) {
      throw new MissingSchemaInformationError(
        `MySQL drops each kind of constraint differently, and offline Retort cannot look up ${op.name}'s kind`,
        { hint: 'pass { type: "primaryKey" | "unique" | "foreignKey" | "check" } to op.dropConstraint' },
      );
    }
    const rows = await context.connection.query<{ CONSTRAINT_TYPE: string }>(
      `SELECT CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS
        WHERE CONSTRAINT_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?`,
      [op.schema ?? null, op.table, op.name],
    );
    const type = CONSTRAINT_TYPES[rows[0]?.CONSTRAINT_TYPE ?? ""];
    if (!type)
      throw new MissingSchemaInformationError(`table ${op.table} has no constraint named ${op.name}`);
    return type;
  }

  /** MySQL's DROP SCHEMA (= DROP DATABASE) always takes everything in it; it has no CASCADE keyword. */
  override dropSchema(op: DropSchemaOperation): CompiledStep[] {
    return super.dropSchema({ ...op, cascade: false });
  }
}
