// Reads a SQLite schema with four bulk queries: sqlite_schema, then the table-valued pragmas joined over every
// table at once (columns, indexes with their columns, foreign keys). What the pragmas do not keep — constraint
// names, CHECK conditions, generated expressions, partial-index WHERE — is parsed from the stored CREATE text.

import { parseNativeType } from "../../schema/native-type.js";
import type { Connection } from "../connection.js";
import {
  type Introspector,
  PLAIN_INDEX_PART,
  type ReflectedCheck,
  type ReflectedColumn,
  type ReflectedForeignKey,
  type ReflectedIndex,
  type ReflectedSchema,
  type ReflectedTable,
  referentialAction,
  splitTopLevel,
  stripOuterParens,
  type UnmanagedObject,
} from "../introspector.js";
import { IDENTIFIER, mask, parenthesized, parseCreateIndex, unquoteIdentifier } from "./sqlite-ddl-text.js";

const MASTER_SQL = `SELECT type, name, tbl_name, sql FROM sqlite_schema
WHERE type IN ('table', 'index', 'view', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`;

const COLUMNS_SQL = `SELECT m.name AS tbl, p.cid, p.name, p.type, p."notnull" AS not_null, p.dflt_value, p.pk, p.hidden
FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
ORDER BY m.name, p.cid`;

const INDEXES_SQL = `SELECT m.name AS tbl, il.name AS idx, il."unique" AS is_unique, il.origin, il.partial,
       ii.seqno, ii.cid, ii.name AS col, ii."desc" AS descending
FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ii
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND ii."key" = 1
ORDER BY m.name, il.name, ii.seqno`;

const FOREIGN_KEYS_SQL = `SELECT m.name AS tbl, f.id, f.seq, f."table" AS ref, f."from" AS col, f."to" AS ref_col,
       f.on_update, f.on_delete
FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
ORDER BY m.name, f.id, f.seq`;

interface MasterRow {
  type: "table" | "index" | "view" | "trigger";
  name: string;
  tbl_name: string;
  sql: string | null;
}
interface ColumnRow {
  tbl: string;
  cid: number;
  name: string;
  type: string;
  not_null: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}
interface IndexRow {
  tbl: string;
  idx: string;
  is_unique: number;
  origin: "c" | "u" | "pk";
  partial: number;
  seqno: number;
  cid: number;
  col: string | null;
  descending: number;
}
interface ForeignKeyRow {
  tbl: string;
  id: number;
  seq: number;
  ref: string;
  col: string;
  ref_col: string | null;
  on_update: string;
  on_delete: string;
}

interface ParsedTable {
  /** Column name → generated expression. */
  readonly generated: Map<string, string>;
  readonly autoincrement: boolean;
  readonly checks: ReflectedCheck[];
  readonly primaryKeyName: string | undefined;
  /** Column list (joined by NUL) → constraint name. */
  readonly uniqueNames: Map<string, string>;
  readonly foreignKeyNames: Map<string, string>;
}

function columnList(text: string): string[] {
  return splitTopLevel(text).map((part) => unquoteIdentifier(part.replace(/\s+(ASC|DESC)$/i, "")));
}

/** Pulls constraint names, CHECKs and generated expressions out of a stored CREATE TABLE statement. */
export function parseCreateTable(sql: string): ParsedTable {
  const parsed: ParsedTable = {
    generated: new Map(),
    autoincrement: /\bAUTOINCREMENT\b/i.test(mask(sql)),
    checks: [],
    primaryKeyName: undefined,
    uniqueNames: new Map(),
    foreignKeyNames: new Map(),
  };
  const maskedSql = mask(sql);
  const open = maskedSql.indexOf("(");
  if (open < 0) return parsed;
  const body = parenthesized(sql, maskedSql, open);
  let primaryKeyName: string | undefined;
  for (const item of splitTopLevel(body)) {
    const masked = mask(item);
    const isTableConstraint = /^\s*(CONSTRAINT|PRIMARY\s+KEY|UNIQUE|CHECK|FOREIGN\s+KEY)\b/i.test(masked);
    const columnName = isTableConstraint
      ? undefined
      : unquoteIdentifier(new RegExp(`^\\s*${IDENTIFIER}`).exec(item)?.[1] ?? "");
    if (columnName !== undefined) {
      const generatedAt = /\b(GENERATED\s+ALWAYS\s+)?AS\s*\(/i.exec(masked);
      if (generatedAt) {
        const start = generatedAt.index + generatedAt[0].length - 1;
        parsed.generated.set(columnName, parenthesized(item, masked, start).trim());
      }
    }
    // Every CHECK in the item, column-level or table-level, with the CONSTRAINT name right before it if any.
    for (const match of masked.matchAll(/\bCHECK\s*\(/gi)) {
      const before = new RegExp(`CONSTRAINT\\s+${IDENTIFIER}\\s*$`, "i").exec(item.slice(0, match.index));
      const name = before ? unquoteIdentifier(before[1]!) : undefined;
      const expression = parenthesized(item, masked, match.index + match[0].length - 1);
      parsed.checks.push({ name, expression: stripOuterParens(expression) });
    }
    const named = new RegExp(
      `^\\s*CONSTRAINT\\s+${IDENTIFIER}\\s+(PRIMARY\\s+KEY|UNIQUE|FOREIGN\\s+KEY)\\s*\\(`,
      "i",
    ).exec(item);
    if (named) {
      const name = unquoteIdentifier(named[1]!);
      const columns = columnList(parenthesized(item, masked, named[0].length - 1)).join("\u0000");
      const kind = named[2]!.toUpperCase().replace(/\s+/g, " ");
      if (kind === "PRIMARY KEY") primaryKeyName = name;
      else if (kind === "UNIQUE") parsed.uniqueNames.set(columns, name);
      else parsed.foreignKeyNames.set(columns, name);
    }
    if (columnName !== undefined) {
      const inlinePk = new RegExp(`CONSTRAINT\\s+${IDENTIFIER}\\s+PRIMARY\\s+KEY`, "i").exec(item);
      if (inlinePk) primaryKeyName = unquoteIdentifier(inlinePk[1]!);
      const inlineUnique = new RegExp(`CONSTRAINT\\s+${IDENTIFIER}\\s+UNIQUE`, "i").exec(item);
      if (inlineUnique) parsed.uniqueNames.set(columnName, unquoteIdentifier(inlineUnique[1]!));
      const inlineFk = new RegExp(`CONSTRAINT\\s+${IDENTIFIER}\\s+REFERENCES`, "i").exec(item);
      if (inlineFk) parsed.foreignKeyNames.set(columnName, unquoteIdentifier(inlineFk[1]!));
    }
  }
  return { ...parsed, primaryKeyName };
}

export async function reflectSqlite(connection: Connection): Promise<ReflectedSchema> {
  const master = await connection.query<MasterRow>(MASTER_SQL);
  const columnRows = await connection.query<ColumnRow>(COLUMNS_SQL);
  const indexRows = await connection.query<IndexRow>(INDEXES_SQL);
  const foreignKeyRows = await connection.query<ForeignKeyRow>(FOREIGN_KEYS_SQL);

  const indexSql = new Map<string, string>();
  for (const row of master) if (row.type === "index" && row.sql) indexSql.set(row.name, row.sql);
  const tableRows = master.filter((row) => row.type === "table");
  const parsedTables = new Map(tableRows.map((row) => [row.name, parseCreateTable(row.sql ?? "")]));

  const columnsByTable = new Map<string, ColumnRow[]>();
  for (const row of columnRows) {
    const list = columnsByTable.get(row.tbl) ?? [];
    list.push(row);
    columnsByTable.set(row.tbl, list);
  }

  const tables: ReflectedTable[] = tableRows.map((tableRow) => {
    const parsed = parsedTables.get(tableRow.name)!;
    const rows = columnsByTable.get(tableRow.name) ?? [];
    const pkColumns = rows
      .filter((row) => row.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((row) => row.name);
    const rowidAlias =
      pkColumns.length === 1 && rows.find((r) => r.name === pkColumns[0])?.type.toUpperCase() === "INTEGER";
    const columns: ReflectedColumn[] = rows.map((row) => ({
      name: row.name,
      type: parseNativeType(row.type),
      nullable: row.not_null === 0,
      // A rowid alias never holds NULL, whether or not the DDL says NOT NULL.
      ...(rowidAlias && row.pk > 0 ? { neverNull: true } : {}),
      default: row.dflt_value ?? undefined,
      autoincrement: rowidAlias && row.pk > 0 && parsed.autoincrement ? "autoincrement" : undefined,
      // pragma_table_xinfo: hidden 2 is a virtual generated column, 3 a stored one.
      generated:
        row.hidden >= 2
          ? { expression: parsed.generated.get(row.name) ?? "", stored: row.hidden === 3 }
          : undefined,
      comment: undefined,
      onUpdate: undefined,
    }));

    const indexes: ReflectedIndex[] = [];
    const uniques: ReflectedTable["uniques"][number][] = [];
    const ownIndexRows = indexRows.filter((row) => row.tbl === tableRow.name);
    for (const name of [...new Set(ownIndexRows.map((row) => row.idx))]) {
      const parts = ownIndexRows.filter((row) => row.idx === name);
      const first = parts[0]!;
      const columnsOf = parts.map((row) => row.col ?? "");
      if (first.origin === "pk") continue;
      if (first.origin === "u") {
        uniques.push({ name: parsed.uniqueNames.get(columnsOf.join("\u0000")), columns: columnsOf });
        continue;
      }
      const statement = parseCreateIndex(indexSql.get(name) ?? "");
      indexes.push({
        name,
        unique: first.is_unique === 1,
        columns: columnsOf,
        expressions: parts.map((row, i) => (row.cid === -2 ? statement.parts[i]?.key : undefined)),
        where: first.partial === 1 ? statement.where : undefined,
        parts: parts.map((row, i) => ({
          ...PLAIN_INDEX_PART,
          descending: row.descending === 1,
          collation: statement.parts[i]?.collation,
        })),
      });
    }

    const foreignKeys: ReflectedForeignKey[] = [];
    const ownForeignKeys = foreignKeyRows.filter((row) => row.tbl === tableRow.name);
    for (const id of [...new Set(ownForeignKeys.map((row) => row.id))]) {
      const parts = ownForeignKeys.filter((row) => row.id === id);
      const first = parts[0]!;
      const from = parts.map((row) => row.col);
      // REFERENCES t without columns means t's primary key.
      const referredColumns = parts.every((row) => row.ref_col !== null)
        ? parts.map((row) => row.ref_col!)
        : (columnsByTable.get(first.ref) ?? [])
            .filter((row) => row.pk > 0)
            .sort((a, b) => a.pk - b.pk)
            .map((row) => row.name);
      const sql = tableRow.sql ?? "";
      foreignKeys.push({
        name: parsed.foreignKeyNames.get(from.join("\u0000")),
        columns: from,
        referredSchema: undefined,
        referredTable: first.ref,
        referredColumns,
        onDelete: referentialAction(first.on_delete),
        onUpdate: referentialAction(first.on_update),
        deferrable: /DEFERRABLE/i.test(sql) && !/NOT\s+DEFERRABLE/i.test(sql),
        initiallyDeferred: /INITIALLY\s+DEFERRED/i.test(sql),
      });
    }
    foreignKeys.reverse();

    return {
      schema: undefined,
      name: tableRow.name,
      columns,
      primaryKey: pkColumns.length > 0 ? { name: parsed.primaryKeyName, columns: pkColumns } : undefined,
      indexes,
      uniques,
      foreignKeys,
      checks: parsed.checks,
      comment: undefined,
    };
  });
  const unmanaged = master.flatMap((row): UnmanagedObject[] =>
    row.type === "view" || row.type === "trigger" ? [{ kind: row.type, name: row.name }] : [],
  );
  return { dialect: "sqlite", tables, enums: [], schemas: [], unmanaged };
}

export const sqliteIntrospector: Introspector = {
  reflect: (connection) => reflectSqlite(connection),
};
