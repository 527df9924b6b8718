// Reads a MySQL or MariaDB schema from information_schema with eight bulk queries for the connection's database.
// MariaDB spells some things differently (quoted literal defaults, JSON as LONGTEXT plus a json_valid CHECK);
// both are brought to one form here.

import { type NativeType, parseNativeType } from "../../schema/native-type.js";
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
  stripOuterParens,
  type UnmanagedObject,
} from "../introspector.js";
import {
  defaultPartitions,
  PARTITIONS_SQL,
  type PartitionRow,
  partitioningFromRows,
} from "./mysql-partitioning.js";

const VERSION_SQL = "SELECT VERSION() AS version";

// The table's default collation and its character set: a column's own is part of its type only where it differs.
const TABLES_SQL = `SELECT t.TABLE_NAME AS name, t.TABLE_COMMENT AS comment, t.TABLE_COLLATION AS collation,
       co.CHARACTER_SET_NAME AS charset,
       (SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()) AS schema_collation
FROM information_schema.TABLES t LEFT JOIN information_schema.COLLATIONS co ON co.COLLATION_NAME = t.TABLE_COLLATION
WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' ORDER BY t.TABLE_NAME`;

const COLUMNS_SQL = `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,
       COLUMN_DEFAULT AS dflt, EXTRA AS extra, COLUMN_COMMENT AS comment, GENERATION_EXPRESSION AS generated,
       CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`;

// SELECT * because MySQL 8 has EXPRESSION (functional key parts) and MariaDB does not.
const STATISTICS_SQL = `SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;

const CONSTRAINTS_SQL = `SELECT tc.TABLE_NAME AS tbl, tc.CONSTRAINT_NAME AS name, tc.CONSTRAINT_TYPE AS type,
       k.COLUMN_NAME AS col, k.REFERENCED_TABLE_SCHEMA AS ref_schema, k.REFERENCED_TABLE_NAME AS ref_table,
       k.REFERENCED_COLUMN_NAME AS ref_col, r.UPDATE_RULE AS on_update, r.DELETE_RULE AS on_delete
FROM information_schema.TABLE_CONSTRAINTS tc
LEFT JOIN information_schema.KEY_COLUMN_USAGE k ON k.TABLE_SCHEMA = tc.TABLE_SCHEMA
  AND k.TABLE_NAME = tc.TABLE_NAME AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
  AND r.TABLE_NAME = tc.TABLE_NAME AND r.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE IN ('FOREIGN KEY', 'CHECK')
ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION`;

// MariaDB adds TABLE_NAME (check names are per table there); MySQL 8 names are unique per schema.
// What autogenerate does not manage, by name, so that it can say so; of partitioning, only MariaDB's by SYSTEM_TIME.
const UNMANAGED_SQL = `SELECT 'view' AS kind, TABLE_NAME AS name FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()
UNION ALL SELECT 'trigger', TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
UNION ALL SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
UNION ALL SELECT 'event', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()
UNION ALL SELECT DISTINCT 'partitioning', TABLE_NAME FROM information_schema.PARTITIONS
  WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL AND PARTITION_METHOD = 'SYSTEM_TIME'
ORDER BY 1, 2`;

const CHECKS_SQL = "SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";

interface TableRow {
  name: string;
  comment: string;
  collation: string | null;
  charset: string | null;
  schema_collation: string | null;
}
interface ColumnRow {
  tbl: string;
  name: string;
  type: string;
  nullable: "YES" | "NO";
  dflt: string | null;
  extra: string;
  comment: string;
  generated: string | null;
  charset: string | null;
  collation: string | null;
}
interface StatisticsRow {
  TABLE_NAME: string;
  INDEX_NAME: string;
  NON_UNIQUE: number | string;
  COLUMN_NAME: string | null;
  SUB_PART: number | null;
  /** A ascending, D descending, NULL unordered (FULLTEXT, HASH). */
  COLLATION: string | null;
  INDEX_TYPE: string;
  EXPRESSION?: string | null;
}
interface ConstraintRow {
  tbl: string;
  name: string;
  type: "FOREIGN KEY" | "CHECK";
  col: string | null;
  ref_schema: string | null;
  ref_table: string | null;
  ref_col: string | null;
  on_update: string | null;
  on_delete: string | null;
}
interface CheckRow {
  CONSTRAINT_NAME: string;
  CHECK_CLAUSE: string;
  TABLE_NAME?: string;
}

function group<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return map;
}

/** Types whose default MySQL 8 reports as a bare number. */
const NUMERIC_TYPES = new Set([
  "tinyint",
  "smallint",
  "mediumint",
  "int",
  "bigint",
  "decimal",
  "float",
  "double",
  "bit",
  "year",
]);

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

/**
 * A column default as SQL text. MariaDB already gives SQL (`'abc'`, `NULL`, `current_timestamp()`); MySQL 8
 * gives a string literal's bare value and marks expressions with DEFAULT_GENERATED in EXTRA.
 */
export function mysqlDefault(row: ColumnRow, mariadb: boolean, type: NativeType): string | undefined {
  if (row.dflt === null) return undefined;
  if (mariadb) return row.dflt === "NULL" ? undefined : row.dflt;
  if (/DEFAULT_GENERATED/i.test(row.extra))
    return /^current_timestamp/i.test(row.dflt) ? row.dflt : `(${row.dflt})`;
  if (NUMERIC_TYPES.has(type.name.toLowerCase()) && /^-?[0-9.]+$/.test(row.dflt)) return row.dflt;
  return quoteLiteral(row.dflt);
}

/**
 * A column's type as MySQL states it (COLUMN_TYPE: `int(10) unsigned`, `set('Trailers','Commentaries')`), with
 * its character set and collation where they are not the table's own.
 */
function columnType(row: ColumnRow, table: TableRow): NativeType {
  const parts = [row.type];
  if (row.charset !== null && row.charset !== table.charset) parts.push(`CHARACTER SET ${row.charset}`);
  if (row.collation !== null && (row.charset !== table.charset || row.collation !== table.collation))
    parts.push(`COLLATE ${row.collation}`);
  return parseNativeType(parts.join(" "));
}

/**
 * Each partitioned table's partitioning. The catalog writes a LIST partition that is DEFAULT with the bound 0,
 * which a partition of the value 0 also has: SHOW CREATE TABLE tells them apart, asked only of such tables.
 */
async function reflectPartitioning(connection: Connection): Promise<Map<string, string>> {
  const rows = await connection.query<PartitionRow>(PARTITIONS_SQL);
  const result = new Map<string, string>();
  for (const [table, parts] of group(rows, (row) => row.TABLE_NAME)) {
    let defaults: Set<string> | undefined;
    if (parts.some((row) => row.PARTITION_METHOD === "LIST" && row.PARTITION_DESCRIPTION === "0")) {
      const [shown] = await connection.query<Record<string, string>>(
        `SHOW CREATE TABLE \`${table.replaceAll("`", "``")}\``,
      );
      defaults = defaultPartitions(shown?.["Create Table"] ?? "");
    }
    result.set(table, partitioningFromRows(parts, defaults));
  }
  return result;
}

export async function reflectMysql(connection: Connection): Promise<ReflectedSchema> {
  const [{ version } = { version: "" }] = await connection.query<{ version: string }>(VERSION_SQL);
  const mariadb = /mariadb/i.test(version);
  const tableRows = await connection.query<TableRow>(TABLES_SQL);
  const columnRows = await connection.query<ColumnRow>(COLUMNS_SQL);
  const statisticsRows = await connection.query<StatisticsRow>(STATISTICS_SQL);
  const constraintRows = await connection.query<ConstraintRow>(CONSTRAINTS_SQL);
  const checkRows = await connection.query<CheckRow>(CHECKS_SQL);
  const partitioning = await reflectPartitioning(connection);

  const columnsByTable = group(columnRows, (row) => row.tbl);
  const statisticsByTable = group(statisticsRows, (row) => row.TABLE_NAME);
  const constraintsByTable = group(constraintRows, (row) => row.tbl);
  const checkClause = new Map<string, string>();
  for (const row of checkRows) {
    checkClause.set(`${row.TABLE_NAME ?? ""}\u0000${row.CONSTRAINT_NAME}`, row.CHECK_CLAUSE);
  }

  const tables: ReflectedTable[] = tableRows.map((tableRow) => {
    const constraints = constraintsByTable.get(tableRow.name) ?? [];
    const checks: ReflectedCheck[] = [];
    const jsonColumns = new Set<string>();
    for (const row of constraints.filter((c) => c.type === "CHECK")) {
      const clause =
        checkClause.get(`${tableRow.name}\u0000${row.name}`) ?? checkClause.get(`\u0000${row.name}`) ?? "";
      // MariaDB's JSON type is LONGTEXT with an automatic CHECK (json_valid(`col`)) named after the column.
      const jsonCheck = /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(stripOuterParens(clause));
      if (mariadb && jsonCheck && jsonCheck[1] === row.name) {
        jsonColumns.add(row.name);
        continue;
      }
      checks.push({ name: row.name, expression: stripOuterParens(clause) });
    }

    const columns: ReflectedColumn[] = (columnsByTable.get(tableRow.name) ?? []).map((row) => {
      const type = jsonColumns.has(row.name) ? parseNativeType("json") : columnType(row, tableRow);
      return {
        name: row.name,
        type,
        nullable: row.nullable === "YES",
        default: row.generated ? undefined : mysqlDefault(row, mariadb, type),
        autoincrement: /auto_increment/i.test(row.extra) ? "autoincrement" : undefined,
        generated: row.generated
          ? { expression: row.generated, stored: /\bstored generated\b|\bpersistent\b/i.test(row.extra) }
          : undefined,
        comment: row.comment === "" ? undefined : row.comment,
        onUpdate: /\bon update ([\w()]+)/i.exec(row.extra)?.[1],
      };
    });

    let primaryKey: ReflectedTable["primaryKey"];
    const indexes: ReflectedIndex[] = [];
    for (const [name, parts] of group(statisticsByTable.get(tableRow.name) ?? [], (row) => row.INDEX_NAME)) {
      const names = parts.map((row) => row.COLUMN_NAME ?? "");
      if (name === "PRIMARY") {
        primaryKey = { name: undefined, columns: names };
        continue;
      }
      const method = parts[0]!.INDEX_TYPE.toLowerCase();
      indexes.push({
        name,
        unique: Number(parts[0]!.NON_UNIQUE) === 0,
        columns: names,
        expressions: parts.map((row) =>
          row.COLUMN_NAME === null ? (row.EXPRESSION ?? undefined) : undefined,
        ),
        where: undefined,
        method,
        parts: parts.map((row) => ({
          ...PLAIN_INDEX_PART,
          descending: row.COLLATION === "D",
          // A SPATIAL index reports a SUB_PART of 32 that no DDL wrote and none accepts back.
          length: row.SUB_PART === null || method === "spatial" ? undefined : Number(row.SUB_PART),
        })),
      });
    }

    const foreignKeys: ReflectedForeignKey[] = [];
    for (const [name, parts] of group(
      constraints.filter((c) => c.type === "FOREIGN KEY"),
      (row) => row.name,
    )) {
      const first = parts[0]!;
      foreignKeys.push({
        name,
        columns: parts.map((row) => row.col ?? ""),
        referredSchema: undefined,
        referredTable: first.ref_table ?? "",
        referredColumns: parts.map((row) => row.ref_col ?? ""),
        onDelete: referentialAction(first.on_delete),
        onUpdate: referentialAction(first.on_update),
        deferrable: false,
        initiallyDeferred: false,
      });
    }

    return {
      schema: undefined,
      name: tableRow.name,
      columns,
      primaryKey,
      indexes,
      // MySQL keeps unique constraints as unique indexes; they are reported there.
      uniques: [],
      foreignKeys,
      checks,
      comment: tableRow.comment === "" ? undefined : tableRow.comment,
      ...(tableRow.collation !== null && tableRow.collation !== tableRow.schema_collation
        ? { collation: tableRow.collation }
        : {}),
      ...(partitioning.has(tableRow.name) ? { partitioning: partitioning.get(tableRow.name) } : {}),
    };
  });
  const unmanaged = await connection.query<UnmanagedObject>(UNMANAGED_SQL);
  return { dialect: "mysql", tables, enums: [], schemas: [], unmanaged };
}

export const mysqlIntrospector: Introspector = {
  reflect: (connection) => reflectMysql(connection),
};
