// SQLite's DDL. SQLite can add, rename and drop columns but cannot change one or add a constraint, so those
// operations rebuild the table ("move and copy"): create the new table, copy the rows, drop the old one, rename
// the new one, re-create the indexes. The table as it is comes from the database (or a batch's `copyFrom`).

import { applyBatch } from "../../operations/batch.js";
import type {
  AddColumnOperation,
  AlterColumnOperation,
  BatchAlterTableOperation,
  BatchOperation,
  CreateCheckConstraintOperation,
  CreateForeignKeyOperation,
  CreateIndexOperation,
  CreatePrimaryKeyOperation,
  CreateSchemaOperation,
  CreateTableOperation,
  CreateUniqueConstraintOperation,
  DropColumnOperation,
  DropConstraintOperation,
  DropSchemaOperation,
  TableRef,
} from "../../operations/operation.js";
import type { Column, GeneratedColumn } from "../../schema/column.js";
import {
  type CheckConstraint,
  type ForeignKey,
  type ForeignKeyAction,
  type Index,
  type IndexPart,
  indexColumnNames,
  simpleIndexColumn,
} from "../../schema/constraints.js";
import { deepFreeze } from "../../schema/freeze.js";
import { type SqlExpression, sql } from "../../schema/sql.js";
import type { Table } from "../../schema/table.js";
import { types } from "../../schema/types.js";
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
import { stripOuterParens } from "../introspector.js";
import { parseCreateIndex } from "./sqlite-ddl-text.js";
import { sqliteSql } from "./sqlite-sql.js";

type ConstraintOperation =
  | CreatePrimaryKeyOperation
  | CreateUniqueConstraintOperation
  | CreateForeignKeyOperation
  | CreateCheckConstraintOperation;

export class SqliteCompiler extends DdlCompiler {
  /** SQLite's AUTOINCREMENT exists only as `INTEGER PRIMARY KEY AUTOINCREMENT` on the column itself. */
  private autoincrementColumn(table: Table): string | undefined {
    const identity = table.columns.filter((c) => c.identity);
    if (identity.length === 0) return undefined;
    const [only] = identity;
    if (
      identity.length > 1 ||
      table.primaryKey?.columns.length !== 1 ||
      table.primaryKey.columns[0] !== only?.name
    ) {
      throw new UnsupportedOperationError(
        `SQLite can only autoincrement a table's single-column primary key (table ${table.name})`,
      );
    }
    return only!.name;
  }

  /**
   * SQLite folds a UNIQUE constraint on exactly the primary key's columns into the key, losing it; such a named
   * rule is created as a unique index of its name instead (drizzle-kit's `.unique().primaryKey()` does the same).
   */
  override createTable(op: CreateTableOperation): CompiledStep[] {
    const table = op.definition;
    const key = table.primaryKey?.columns.join("\u0000");
    const folded = table.uniques.filter((u) => u.name !== undefined && u.columns.join("\u0000") === key);
    if (folded.length === 0) return super.createTable(op);
    return super.createTable({
      ...op,
      definition: {
        ...table,
        uniques: table.uniques.filter((u) => !folded.includes(u)),
        indexes: [
          ...table.indexes,
          ...folded.map((u) => ({ name: u.name!, columns: u.columns, unique: true })),
        ],
      },
    });
  }

  override tableElements(table: Table): string[] {
    const autoincrement = this.autoincrementColumn(table);
    if (autoincrement === undefined) return super.tableElements(table);
    return super
      .tableElements({ ...table, primaryKey: undefined })
      .map((element, index) =>
        table.columns[index]?.name === autoincrement
          ? this.autoincrementDefinition(table.columns[index]!, table.primaryKey?.name)
          : element,
      );
  }

  private autoincrementDefinition(column: Column, constraintName: string | undefined): string {
    // A rowid alias never holds NULL; NOT NULL is written only where the model declares it, as SQLite keeps it.
    const notNull = column.nullable ? "" : "NOT NULL ";
    return `${this.id(column.name)} INTEGER ${notNull}${this.constraintName(constraintName)}PRIMARY KEY AUTOINCREMENT`;
  }

  override columnDefinition(column: Column): string {
    // Identity outside CREATE TABLE (ADD COLUMN, a rebuilt column) is handled by tableElements; here it is plain.
    return super.columnDefinition({ ...column, identity: undefined });
  }

  /** SQLite has no comments; they are accepted and not stored. */
  override tableCommentStatements(): CompiledStatement[] {
    return [];
  }

  override tableComment(): CompiledStep[] {
    return [];
  }

  override columnCommentStatements(): CompiledStatement[] {
    return [];
  }

  /**
   * SQLite wants expression defaults in parentheses, and keeps the text inside them: one already parenthesized
   * as a whole (drizzle-kit's `DEFAULT (unixepoch())`) is written as it is, so that it is kept as written.
   */
  override defaultValue(value: Parameters<DdlCompiler["defaultValue"]>[0]): string {
    if (!sql.isExpression(value)) return this.literal(value.value);
    const text = this.expression(value).trim();
    return stripOuterParens(text) !== text ? text : `(${text})`;
  }

  /** An index lives in its table's schema: the schema goes on the index name, never on the table. */
  override indexName(name: string, schema: string | undefined): string {
    return this.sql.quoteQualified(name, schema);
  }

  override indexTable(ref: TableRef): string {
    return this.id(ref.table);
  }

  override createIndex(op: CreateIndexOperation): CompiledStep[] {
    return super.createIndex({ ...op, concurrently: false });
  }

  /** SQLite has one kind of index: no method and no INCLUDE. */
  override indexMethodClause(index: Index): string {
    if (index.method !== undefined) {
      throw new UnsupportedOperationError(
        `SQLite has one kind of index, a B-tree: index ${index.name} cannot use ${index.method}`,
        { hint: "leave method out; for full-text search SQLite has the FTS5 virtual tables (op.execute)" },
      );
    }
    return "";
  }

  override includeClause(index: Index): string {
    if (index.include !== undefined) {
      throw new UnsupportedOperationError(`SQLite indexes have no INCLUDE columns (index ${index.name})`, {
        hint: "add the columns to the key, or leave them out",
      });
    }
    return "";
  }

  /** SQLite takes any expression as a key part without parentheses, and stores the text as written. */
  override indexKey(key: string | SqlExpression): string {
    return typeof key === "string" ? this.id(key) : this.expression(key);
  }

  /** A key part: the column or expression, COLLATE and DESC. */
  override indexPartSql(part: IndexPart, index: Index): string {
    const refused = (["opclass", "nulls", "length"] as const).find((key) => part[key] !== undefined);
    if (refused !== undefined) {
      const words = { opclass: "operator classes", nulls: "NULLS FIRST/LAST", length: "prefix lengths" };
      throw new UnsupportedOperationError(`SQLite indexes have no ${words[refused]} (index ${index.name})`);
    }
    return super.indexPartSql(part, index);
  }

  override createSchema(op: CreateSchemaOperation): CompiledStep[] {
    throw new UnsupportedOperationError(`SQLite has no schemas (cannot create ${op.name})`, {
      hint: "SQLite's nearest thing is an attached database file: ATTACH it with op.execute()",
    });
  }

  override dropSchema(op: DropSchemaOperation): CompiledStep[] {
    throw new UnsupportedOperationError(`SQLite has no schemas (cannot drop ${op.name})`);
  }

  // ---- operations that need a rebuild -----------------------------------------------------------------

  /** ADD COLUMN cannot add a key, a NOT NULL column without a default, an expression default, or a STORED column. */
  private addColumnNeedsRebuild(column: Column): boolean {
    return (
      column.generated?.stored === true ||
      column.primaryKey ||
      column.unique ||
      column.identity !== undefined ||
      (!column.nullable && column.default === undefined) ||
      (column.default !== undefined && sql.isExpression(column.default))
    );
  }

  private needsRebuild(op: BatchOperation): boolean {
    switch (op.kind) {
      case "addColumn":
        return this.addColumnNeedsRebuild(op.column);
      case "alterColumn":
        return (
          op.type !== undefined ||
          op.nullable !== undefined ||
          op.default !== undefined ||
          op.identity !== undefined
        );
      case "createIndex":
      case "dropIndex":
        return false;
      default:
        return true;
    }
  }

  override async addColumn(op: AddColumnOperation, context: CompileContext): Promise<CompiledStep[]> {
    if (this.addColumnNeedsRebuild(op.column)) return this.rebuild(op, [op], context, undefined);
    return super.addColumn(op, context);
  }

  /** Native DROP COLUMN refuses a column that a key, index or foreign key uses: online, those rebuild instead. */
  override async dropColumn(op: DropColumnOperation, context: CompileContext): Promise<CompiledStep[]> {
    if (context.connection) {
      const table = await readSqliteTable(context.connection, op);
      const used = [
        ...(table.primaryKey ? [table.primaryKey.columns] : []),
        ...table.uniques.map((u) => u.columns),
        ...table.foreignKeys.map((fk) => fk.columns),
        ...table.indexes.map(indexColumnNames),
      ].some((columns) => columns.includes(op.column));
      if (used) return this.rebuild(op, [op], context, table);
    }
    return super.dropColumn(op, context);
  }

  override async alterColumn(op: AlterColumnOperation, context: CompileContext): Promise<CompiledStep[]> {
    if (this.needsRebuild(op)) return this.rebuild(op, [op], context, undefined);
    return op.newName === undefined ? [] : [statement(this.renameColumnSql(op, op.column, op.newName))];
  }

  override addConstraint(op: ConstraintOperation, context: CompileContext): Promise<CompiledStep[]> {
    return this.rebuild(op, [op], context, undefined);
  }

  override dropConstraint(op: DropConstraintOperation, context: CompileContext): Promise<CompiledStep[]> {
    return this.rebuild(op, [op], context, undefined);
  }

  override async batchAlterTable(
    op: BatchAlterTableOperation,
    context: CompileContext,
  ): Promise<CompiledStep[]> {
    const rebuild =
      op.recreate === "always" || (op.recreate === "auto" && op.operations.some((o) => this.needsRebuild(o)));
    if (!rebuild) return super.batchAlterTable(op, context);
    return this.rebuild(op, op.operations, context, op.copyFrom);
  }

  /**
   * Move and copy. With foreign keys enforced, dropping a table that any table references (itself included)
   * fires their ON DELETE actions or fails at commit, and SQLite only lets foreign keys be switched off outside a
   * transaction: then the rebuild runs outside the run's transaction, in one of its own, and checks the keys.
   */
  private async rebuild(
    ref: TableRef,
    operations: readonly BatchOperation[],
    context: CompileContext,
    copyFrom: Table | undefined,
  ): Promise<CompiledStep[]> {
    let current = copyFrom;
    if (current === undefined) {
      if (!context.connection) {
        throw new MissingSchemaInformationError(
          `SQLite rebuilds table ${ref.table} for this change, and offline Retort cannot read the table's definition`,
          {
            hint: `use op.batchAlterTable("${ref.table}", batch => …, { copyFrom: table("${ref.table}", {…}) }) with the table as it is`,
          },
        );
      }
      current = await readSqliteTable(context.connection, ref);
    }
    const { table: next, sources } = applyBatch(
      { ...current, name: ref.table, schema: ref.schema },
      operations,
    );
    const temporary = `_retort_tmp_${ref.table}`.slice(0, 60);
    // A generated column is computed again by the new table; its values cannot be inserted.
    const computed = new Set(next.columns.filter((c) => c.generated).map((c) => c.name));
    const copied = [...sources.keys()].filter((c) => !computed.has(c));
    const oldName = this.tableName(ref);
    const statements = [
      statement(this.createTableSql(next, temporary)),
      statement(
        `INSERT INTO ${this.sql.quoteQualified(temporary, ref.schema)} (${this.columnList(copied)}) SELECT ${copied
          .map((c) => this.id(sources.get(c)!))
          .join(", ")} FROM ${oldName}`,
      ),
      statement(`DROP TABLE ${oldName}`),
      statement(
        `ALTER TABLE ${this.sql.quoteQualified(temporary, ref.schema)} RENAME TO ${this.id(ref.table)}`,
      ),
      ...next.indexes.map((index) => statement(this.createIndexSql(ref, index))),
    ];
    if (context.connection && (await foreignKeysAreReferenced(context.connection, ref))) {
      return [
        {
          outsideTransaction: `SQLite must switch foreign keys off to rebuild ${ref.table}, which other tables reference, and can only do so outside a transaction`,
          setup: [statement("PRAGMA foreign_keys = OFF")],
          statements,
          check: {
            sql: `PRAGMA ${ref.schema === undefined ? "" : `${this.id(ref.schema)}.`}foreign_key_check`,
            message: `rebuilding ${ref.table} would leave rows whose foreign keys point nowhere`,
          },
          teardown: [statement("PRAGMA foreign_keys = ON")],
          transactional: true,
        },
      ];
    }
    return statements;
  }
}

// ---- reading a table back from SQLite -------------------------------------------------------------------

/** Whether foreign keys are enforced on this connection and some table references `ref` (itself included). */
async function foreignKeysAreReferenced(connection: Connection, ref: TableRef): Promise<boolean> {
  const [pragma] = await connection.query<{ foreign_keys: number }>("PRAGMA foreign_keys");
  if (!pragma?.foreign_keys) return false;
  const schema = ref.schema ?? "main";
  const rows = await connection.query(
    `SELECT 1 FROM ${sqliteSql.quoteIdentifier(schema)}.sqlite_master AS m, pragma_foreign_key_list(m.name, ?) AS f
      WHERE m.type = 'table' AND lower(f."table") = lower(?) LIMIT 1`,
    [schema, ref.table],
  );
  return rows.length > 0;
}

interface TableInfoRow {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}

interface IndexListRow {
  name: string;
  unique: number;
  origin: string;
  partial: number;
}

interface ForeignKeyRow {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string | null;
  on_update: string;
  on_delete: string;
}

/** The table's definition, from sqlite_master, the pragmas, and its CREATE TABLE text for names and CHECKs. */
export async function readSqliteTable(connection: Connection, ref: TableRef): Promise<Table> {
  const schema = ref.schema ?? "main";
  const q = (name: string) => sqliteSql.quoteIdentifier(name);
  const master = `${q(schema)}.sqlite_master`;
  const [found] = await connection.query<{ sql: string }>(
    `SELECT sql FROM ${master} WHERE type = 'table' AND name = ?`,
    [ref.table],
  );
  if (!found) throw new MissingSchemaInformationError(`SQLite table ${ref.table} does not exist`);
  const elements = tableElements(found.sql);
  const info = await connection.query<TableInfoRow>(`SELECT * FROM pragma_table_xinfo(?, ?)`, [
    ref.table,
    schema,
  ]);
  const columnText = new Map(elements.filter((e) => e.column !== undefined).map((e) => [e.column!, e.text]));

  const columns: Column[] = info.map((c) => ({
    name: c.name,
    type: types.native(c.type),
    nullable: c.notnull === 0,
    default: c.dflt_value === null ? undefined : sql.raw(c.dflt_value),
    identity: /\bAUTOINCREMENT\b/i.test(columnText.get(c.name) ?? "") ? { always: false } : undefined,
    comment: undefined,
    onUpdate: undefined,
    // pragma_table_xinfo: hidden 2 is a virtual generated column, 3 a stored one.
    generated: c.hidden >= 2 ? generatedIn(columnText.get(c.name) ?? "", c.hidden === 3) : undefined,
    primaryKey: false,
    unique: false,
    references: undefined,
  }));
  const pkColumns = info
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const namedPk = elements.find((e) => e.kind === "PRIMARY");

  const uniques = [];
  const indexes: Index[] = [];
  for (const index of await connection.query<IndexListRow>(`SELECT * FROM pragma_index_list(?, ?)`, [
    ref.table,
    schema,
  ])) {
    if (index.origin === "u") {
      const keyColumns = (
        await connection.query<{ name: string }>(`SELECT name FROM pragma_index_info(?, ?) ORDER BY seqno`, [
          index.name,
          schema,
        ])
      ).map((c) => c.name);
      const named = elements.find((e) => e.kind === "UNIQUE" && sameColumns(e.columns, keyColumns));
      uniques.push(
        named?.name === undefined ? { columns: keyColumns } : { name: named.name, columns: keyColumns },
      );
    } else if (index.origin === "c") {
      const [definition] = await connection.query<{ sql: string }>(
        `SELECT sql FROM ${master} WHERE type = 'index' AND name = ?`,
        [index.name],
      );
      indexes.push(parseIndex(index.name, index.unique === 1, definition?.sql ?? ""));
    }
  }

  const foreignKeys: ForeignKey[] = [];
  const fkRows = await connection.query<ForeignKeyRow>(`SELECT * FROM pragma_foreign_key_list(?, ?)`, [
    ref.table,
    schema,
  ]);
  for (const id of [...new Set(fkRows.map((r) => r.id))].sort((a, b) => b - a)) {
    const rows = fkRows.filter((r) => r.id === id).sort((a, b) => a.seq - b.seq);
    const first = rows[0]!;
    const from = rows.map((r) => r.from);
    let to = rows.map((r) => r.to);
    if (to.some((t) => t === null)) {
      to = (
        await connection.query<TableInfoRow>(`SELECT * FROM pragma_table_info(?, ?)`, [first.table, schema])
      )
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
    }
    const element = elements.find((e) => e.kind === "FOREIGN" && sameColumns(e.columns, from));
    const deferred = /\bDEFERRABLE\s+INITIALLY\s+DEFERRED\b/i.test(element?.text ?? "");
    foreignKeys.push({
      ...(element?.name === undefined ? {} : { name: element.name }),
      columns: from,
      referencedTable: first.table,
      referencedColumns: to as string[],
      ...action("onDelete", first.on_delete),
      ...action("onUpdate", first.on_update),
      ...(deferred ? { deferrable: true, initially: "DEFERRED" as const } : {}),
    });
  }

  const checks: CheckConstraint[] = elements.flatMap((e) => e.checks);
  return deepFreeze({
    kind: "table",
    name: ref.table,
    schema: ref.schema,
    columns,
    primaryKey:
      pkColumns.length === 0
        ? undefined
        : namedPk?.name === undefined
          ? { columns: pkColumns }
          : { name: namedPk.name, columns: pkColumns },
    uniques,
    foreignKeys,
    checks,
    indexes,
    comment: undefined,
  });
}

function action(
  key: "onDelete" | "onUpdate",
  value: string,
): { onDelete?: ForeignKeyAction; onUpdate?: ForeignKeyAction } {
  return value === "NO ACTION" ? {} : { [key]: value as ForeignKeyAction };
}

function sameColumns(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return (
    a !== undefined && a.length === b.length && a.every((c, i) => c.toLowerCase() === b[i]?.toLowerCase())
  );
}

// ---- a small scanner for SQLite's stored DDL --------------------------------------------------------------

interface TableElement {
  readonly text: string;
  /** The column a column definition defines. */
  readonly column: string | undefined;
  /** For table constraints: PRIMARY, UNIQUE, FOREIGN or CHECK. */
  readonly kind: string | undefined;
  readonly name: string | undefined;
  /** The constraint's column list, where it has one. */
  readonly columns: string[] | undefined;
  /** CHECKs written in this element (a column may carry its own). */
  readonly checks: CheckConstraint[];
}

/** Index just past the quoted token or comment starting at `i`, or -1 when none starts there. */
function skipQuoted(text: string, i: number): number {
  const c = text[i];
  const closer = c === "'" || c === '"' || c === "`" ? c : c === "[" ? "]" : undefined;
  if (closer) {
    let j = i + 1;
    while (j < text.length) {
      if (text[j] === closer) {
        if (closer !== "]" && text[j + 1] === closer) j += 2;
        else return j + 1;
      } else j++;
    }
    return text.length;
  }
  if (c === "-" && text[i + 1] === "-") {
    const end = text.indexOf("\n", i);
    return end === -1 ? text.length : end + 1;
  }
  if (c === "/" && text[i + 1] === "*") {
    const end = text.indexOf("*/", i + 2);
    return end === -1 ? text.length : end + 2;
  }
  return -1;
}

/** The index of the parenthesis closing the one at `open`. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const skipped = skipQuoted(text, i);
    if (skipped !== -1) {
      i = skipped;
      continue;
    }
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
    i++;
  }
  throw new Error(`unbalanced parentheses in ${text}`);
}

/** Splits text at top-level commas. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const skipped = skipQuoted(text, i);
    if (skipped !== -1) {
      i = skipped;
      continue;
    }
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
    i++;
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p !== "");
}

/** The identifier at the start of `text` (quoted or bare) and the text after it. */
function leadingName(text: string): { name: string; rest: string } {
  const trimmed = text.trimStart();
  const c = trimmed[0];
  if (c === '"' || c === "`" || c === "[" || c === "'") {
    const end = skipQuoted(trimmed, 0);
    const inner = trimmed.slice(1, end - 1);
    const name = c === "[" ? inner : inner.replaceAll(`${c}${c}`, c);
    return { name, rest: trimmed.slice(end) };
  }
  const match = /^[^\s(,]+/.exec(trimmed);
  const name = match?.[0] ?? "";
  return { name, rest: trimmed.slice(name.length) };
}

function nameList(text: string): string[] {
  return splitTopLevel(text).map((part) => leadingName(part).name);
}

/** The text inside the parentheses that follow `from` (skipping whitespace). */
function parenthesized(text: string, from: number): { inner: string; end: number } | undefined {
  const open = text.indexOf("(", from);
  if (open === -1 || text.slice(from, open).trim() !== "") return undefined;
  const close = closingParen(text, open);
  return { inner: text.slice(open + 1, close), end: close + 1 };
}

/** The generated-column expression of a column's definition: the group after its top-level AS. */
function generatedIn(text: string, stored: boolean): GeneratedColumn {
  let i = 0;
  while (i < text.length) {
    const skipped = skipQuoted(text, i);
    if (skipped !== -1) {
      i = skipped;
      continue;
    }
    if (text[i] === "(") {
      i = closingParen(text, i) + 1;
      continue;
    }
    if (/^AS\b/i.test(text.slice(i)) && /[\s)]/.test(text[i - 1] ?? "")) {
      const group = parenthesized(text, i + 2);
      if (group) return { expression: sql.raw(group.inner.trim()), stored };
    }
    i++;
  }
  throw new MissingSchemaInformationError(`cannot read the generated expression of: ${text}`);
}

/** Every `[CONSTRAINT name] CHECK (…)` at the top level of an element. */
function checksIn(text: string): CheckConstraint[] {
  const checks: CheckConstraint[] = [];
  let i = 0;
  let pendingName: string | undefined;
  while (i < text.length) {
    const skipped = skipQuoted(text, i);
    if (skipped !== -1) {
      i = skipped;
      continue;
    }
    if (text[i] === "(") {
      i = closingParen(text, i) + 1;
      continue;
    }
    const word = /^[A-Za-z_]+/.exec(text.slice(i))?.[0];
    if (word && (i === 0 || /[\s)]/.test(text[i - 1] ?? ""))) {
      const upper = word.toUpperCase();
      if (upper === "CONSTRAINT") {
        const { name, rest } = leadingName(text.slice(i + word.length));
        pendingName = name;
        i = text.length - rest.length;
        continue;
      }
      if (upper === "CHECK") {
        const group = parenthesized(text, i + word.length);
        if (group) {
          checks.push(
            pendingName === undefined
              ? { condition: sql.raw(group.inner.trim()) }
              : { name: pendingName, condition: sql.raw(group.inner.trim()) },
          );
          pendingName = undefined;
          i = group.end;
          continue;
        }
      }
      i += word.length;
      continue;
    }
    i++;
  }
  return checks;
}

function tableElements(createSql: string): TableElement[] {
  const open = (() => {
    let i = 0;
    while (i < createSql.length) {
      const skipped = skipQuoted(createSql, i);
      if (skipped !== -1) i = skipped;
      else if (createSql[i] === "(") return i;
      else i++;
    }
    throw new Error(`cannot read table definition: ${createSql}`);
  })();
  const body = createSql.slice(open + 1, closingParen(createSql, open));
  return splitTopLevel(body).map((text) => {
    let rest = text;
    let name: string | undefined;
    if (/^CONSTRAINT\b/i.test(rest)) {
      const parsed = leadingName(rest.slice("CONSTRAINT".length));
      name = parsed.name;
      rest = parsed.rest.trimStart();
    }
    const keyword = /^(PRIMARY|UNIQUE|CHECK|FOREIGN)\b/i.exec(rest)?.[1]?.toUpperCase();
    if (keyword === undefined) {
      return {
        text,
        column: leadingName(text).name,
        kind: undefined,
        name: undefined,
        columns: undefined,
        checks: checksIn(text),
      };
    }
    const afterKeyword = rest.replace(/^(PRIMARY\s+KEY|UNIQUE|FOREIGN\s+KEY)\s*/i, "");
    const group = keyword === "CHECK" ? undefined : parenthesized(afterKeyword, 0);
    return {
      text,
      column: undefined,
      kind: keyword,
      name,
      columns: group && nameList(group.inner),
      checks: keyword === "CHECK" ? checksIn(text) : [],
    };
  });
}

/** An index from its CREATE INDEX text: plain columns by name, anything else as an expression; COLLATE and DESC kept. */
function parseIndex(name: string, unique: boolean, createSql: string): Index {
  const { parts, where } = parseCreateIndex(createSql);
  if (parts.length === 0) throw new Error(`cannot read index ${name}: ${createSql}`);
  return {
    name,
    columns: parts.map((part) =>
      simpleIndexColumn({
        column: part.column ?? sql.raw(part.key),
        collation: part.collation,
        descending: part.descending,
      }),
    ),
    unique,
    ...(where === undefined ? {} : { where: sql.raw(where) }),
  };
}
