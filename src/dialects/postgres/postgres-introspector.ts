// Reads a PostgreSQL schema from pg_catalog with seven bulk queries (tables, columns, constraints, indexes,
// enums and domains, sequences, unmanaged objects), whatever the number of tables. PGlite speaks the same catalog and reuses this introspector.

import { type NativeType, parseNativeType } from "../../schema/native-type.js";
import type { Connection, DialectName } from "../connection.js";
import {
  type Introspector,
  type ReflectedCheck,
  type ReflectedColumn,
  type ReflectedDomain,
  type ReflectedEnum,
  type ReflectedForeignKey,
  type ReflectedIndex,
  type ReflectedIndexPart,
  type ReflectedSchema,
  type ReflectedSequence,
  type ReflectedSequenceOptions,
  type ReflectedTable,
  type ReflectedUnique,
  type ReflectOptions,
  referentialAction,
  stripOuterParens,
  type UnmanagedObject,
} from "../introspector.js";
import { IDENTIFIER_PATTERN } from "../normalizer.js";
import { postgresObjectName } from "./postgres-names.js";
import { postgresSql } from "./postgres-sql.js";

// Every query takes the same two parameters: the extra schemas (text[]) and is filtered to them plus the
// default schema; `n.nspname = current_schema()` is reported as schema undefined.
const SCHEMA_FILTER = "(n.nspname = current_schema() OR n.nspname = ANY($1::text[]))";

// Each column as far as a partition can differ from its parent (but its comment): PARTITION OF gives it the
// parent's, in order, and no comments.
const PARTITION_COLUMNS = (relid: string) => `ARRAY(
  SELECT (a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attcollation, a.attgenerated, a.attidentity,
          pg_get_expr(d.adbin, d.adrelid))::text
  FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE a.attrelid = ${relid} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)`;

// A partitioned table's key and a partition's parent and bound, each as PostgreSQL states it, with the session's
// time zone, in which a bound on a timestamptz key is printed. A partition's columns are its parent's when they
// are the same, in the same order, and (PostgreSQL 18) its NOT NULL constraints carry its parent's names, as
// PARTITION OF makes them; a table attached to its parent has NOT NULL constraints named after it.
const TABLES_SQL = `
SELECT n.nspname AS schema, c.relname AS name, obj_description(c.oid, 'pg_class') AS comment,
       current_setting('TimeZone') AS time_zone,
       n.nspname = current_schema() AS is_default,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       pn.nspname AS parent_schema, pn.nspname = current_schema() AS parent_default, p.relname AS parent,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound,
       c.relispartition AND ${PARTITION_COLUMNS("c.oid")} = ${PARTITION_COLUMNS("p.oid")}
         AND NOT EXISTS (SELECT 1 FROM pg_description cd WHERE cd.classoid = 'pg_class'::regclass
           AND cd.objoid = c.oid AND cd.objsubid > 0)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint nn WHERE nn.conrelid = c.oid AND nn.contype = 'n'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint pnn WHERE pnn.conrelid = p.oid AND pnn.contype = 'n'
             AND pnn.conname = nn.conname)) AS columns_from_parent
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid
LEFT JOIN pg_class p ON p.oid = inh.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE c.relkind IN ('r', 'p') AND ${SCHEMA_FILTER}
ORDER BY n.nspname, c.relname`;

const COLUMNS_SQL = `
SELECT n.nspname AS schema, c.relname AS table, c.oid::int8 AS relid, a.attnum::int AS attnum, a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated, a.attgenerated AS attgenerated,
       a.attidentity AS identity, col_description(c.oid, a.attnum) AS comment,
       et.typtype AS typtype, t.typcategory = 'A' AS is_array,
       tn.nspname = 'pg_catalog' AS builtin,
       CASE WHEN tn.nspname = current_schema() THEN quote_ident(et.typname)
            ELSE quote_ident(tn.nspname) || '.' || quote_ident(et.typname) END AS typsql,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
            THEN (SELECT co.collname FROM pg_collation co WHERE co.oid = a.attcollation) END AS collation
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type et ON et.oid = CASE WHEN t.typelem <> 0 AND t.typcategory = 'A' THEN t.typelem ELSE t.oid END
JOIN pg_namespace tn ON tn.oid = et.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND ${SCHEMA_FILTER}
ORDER BY n.nspname, c.relname, a.attnum`;

// Key columns come back as attribute numbers and are named from the columns result: far cheaper than a
// subquery per constraint. A partition's constraints cloned from its parent's (conparentid, an inherited CHECK)
// are the parent's, not the partition's.
const CONSTRAINTS_SQL = `
SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, con.contype AS type,
       con.conrelid::int8 AS relid, con.conkey::int[] AS columns, con.confrelid::int8 AS ref_relid, con.confkey::int[] AS ref_columns,
       rn.nspname AS ref_schema, rn.nspname = current_schema() AS ref_default_schema, rc.relname AS ref_table,
       con.confupdtype AS on_update, con.confdeltype AS on_delete,
       con.condeferrable AS deferrable, con.condeferred AS deferred,
       CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid, true) END AS definition
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c') AND c.relkind IN ('r', 'p') AND ${SCHEMA_FILTER}
  AND con.conparentid = 0 AND (con.contype <> 'c' OR con.conislocal)
ORDER BY n.nspname, c.relname, con.conname`;

// Names of columns in tables outside the reflected schemas that foreign keys point to; rarely needed.
const FOREIGN_COLUMNS_SQL = `
SELECT a.attrelid::int8 AS relid, a.attnum::int AS attnum, a.attname AS name
FROM pg_attribute a WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0`;

// Indexes that back a primary key or unique constraint are reported as those constraints, not as indexes; a
// partition's index attached to its parent's partitioned index (relispartition) is the parent's.
// Each key part's text comes from pg_get_indexdef(index, k); the whole definition adds what follows it there
// (COLLATE, a non-default operator class), and indoption its order: bit 1 DESC, bit 2 NULLS FIRST.
const INDEXES_SQL = `
SELECT n.nspname AS schema, c.relname AS table, ic.relname AS name, i.indisunique AS unique, am.amname AS method,
       ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN NULL ELSE pg_get_indexdef(i.indexrelid, k, true) END
             FROM generate_series(1, i.indnkeyatts) k ORDER BY k)::text[] AS columns,
       ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k, true) END
             FROM generate_series(1, i.indnkeyatts) k ORDER BY k)::text[] AS expressions,
       ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
             FROM generate_series(i.indnkeyatts + 1, i.indnatts) k ORDER BY k)::text[] AS include,
       ARRAY(SELECT i.indoption[k - 1] FROM generate_series(1, i.indnkeyatts) k ORDER BY k)::int[] AS options,
       ARRAY(SELECT opc.opcname FROM generate_series(1, i.indnkeyatts) k
             JOIN pg_opclass opc ON opc.oid = i.indclass[k - 1] ORDER BY k)::text[] AS opclasses,
       pg_get_indexdef(i.indexrelid, 0, true) AS definition,
       pg_get_expr(i.indpred, i.indrelid, true) AS predicate
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT ic.relispartition AND ${SCHEMA_FILTER}
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY n.nspname, c.relname, ic.relname`;

// What autogenerate does not manage, by name, so that it can say so: views, materialized views, routines (with
// their argument types, as overloads share a name) and triggers (with their table), none of an extension's and no
// trigger cloned from a parent's.
const UNMANAGED_SQL = `
SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'materialized view' END AS kind,
       CASE WHEN n.nspname = current_schema() THEN '' ELSE n.nspname || '.' END || c.relname AS name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND ${SCHEMA_FILTER}
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function'
            ELSE 'function' END,
       CASE WHEN n.nspname = current_schema() THEN '' ELSE n.nspname || '.' END || p.proname
         || '(' || pg_get_function_identity_arguments(p.oid) || ')'
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE ${SCHEMA_FILTER}
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
UNION ALL
SELECT 'trigger', CASE WHEN n.nspname = current_schema() THEN '' ELSE n.nspname || '.' END || c.relname || '.' || tg.tgname
FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND ${SCHEMA_FILTER}
ORDER BY 1, 2`;

const SCHEMAS_SQL = `SELECT n.nspname AS name FROM pg_namespace n WHERE n.nspname = ANY($1::text[]) ORDER BY n.nspname`;

// Enum types and domains in one query: an enum's values; a domain's base type (as format_type writes it, quoted
// and qualified by search_path), NOT NULL, default, collation where not its base type's, and named CHECKs.
const TYPES_SQL = `
SELECT n.nspname AS schema, t.typname AS name, n.nspname = current_schema() AS is_default, t.typtype AS typtype,
       ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[] AS values,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
       t.typnotnull AS not_null, t.typdefault AS default,
       CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation
            THEN (SELECT co.collname FROM pg_collation co WHERE co.oid = t.typcollation) END AS collation,
       ARRAY(SELECT con.conname FROM pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c'
             ORDER BY con.conname)::text[] AS check_names,
       ARRAY(SELECT pg_get_constraintdef(con.oid, true) FROM pg_constraint con
             WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname)::text[] AS check_definitions
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
WHERE t.typtype IN ('e', 'd') AND ${SCHEMA_FILTER}
ORDER BY n.nspname, t.typname`;

// Every sequence, with the column that owns it: deptype 'a' for OWNED BY (serial), 'i' for an identity column.
const SEQUENCES_SQL = `
SELECT n.nspname AS schema, c.relname AS name, n.nspname = current_schema() AS is_default,
       format_type(s.seqtypid, NULL) AS as, s.seqstart::text AS start, s.seqincrement::text AS increment,
       s.seqmin::text AS min_value, s.seqmax::text AS max_value, s.seqcache::text AS cache, s.seqcycle AS cycle,
       dep.deptype AS owner_kind, on_.nspname AS owner_schema, oc.relname AS owner_table, oa.attname AS owner_column
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
     AND dep.refclassid = 'pg_class'::regclass AND dep.refobjsubid > 0 AND dep.deptype IN ('a', 'i')
LEFT JOIN pg_class oc ON oc.oid = dep.refobjid
LEFT JOIN pg_namespace on_ ON on_.oid = oc.relnamespace
LEFT JOIN pg_attribute oa ON oa.attrelid = dep.refobjid AND oa.attnum = dep.refobjsubid
WHERE ${SCHEMA_FILTER}
ORDER BY n.nspname, c.relname`;

interface SequenceRow {
  schema: string;
  name: string;
  is_default: boolean;
  as: string;
  start: string;
  increment: string;
  min_value: string;
  max_value: string;
  cache: string;
  cycle: boolean;
  owner_kind: "a" | "i" | null;
  owner_schema: string | null;
  owner_table: string | null;
  owner_column: string | null;
}

interface TableRow {
  schema: string;
  name: string;
  comment: string | null;
  is_default: boolean;
  partition_key: string | null;
  parent_schema: string | null;
  parent_default: boolean | null;
  parent: string | null;
  bound: string | null;
  time_zone: string;
  columns_from_parent: boolean;
}
interface ColumnRow {
  schema: string;
  table: string;
  relid: string | number;
  attnum: number;
  name: string;
  type: string;
  notnull: boolean;
  default: string | null;
  generated: string | null;
  attgenerated: string;
  identity: string;
  comment: string | null;
  typtype: string;
  is_array: boolean;
  builtin: boolean;
  /** The type's name, quoted where it must be and qualified outside the default schema. */
  typsql: string;
  collation: string | null;
}
interface ConstraintRow {
  schema: string;
  table: string;
  name: string;
  type: "p" | "u" | "f" | "c";
  relid: string | number;
  columns: number[];
  ref_relid: string | number;
  ref_columns: number[];
  ref_schema: string | null;
  ref_default_schema: boolean | null;
  ref_table: string | null;
  on_update: string;
  on_delete: string;
  deferrable: boolean;
  deferred: boolean;
  definition: string | null;
}
interface IndexRow {
  schema: string;
  table: string;
  name: string;
  unique: boolean;
  method: string;
  columns: (string | null)[];
  expressions: (string | null)[];
  include: string[];
  options: number[];
  opclasses: string[];
  definition: string;
  predicate: string | null;
}
interface TypeRow {
  schema: string;
  name: string;
  is_default: boolean;
  typtype: "e" | "d";
  values: string[];
  base_type: string | null;
  not_null: boolean;
  default: string | null;
  collation: string | null;
  check_names: string[];
  check_definitions: string[];
}

/** pg returns text[] as arrays; PGlite may hand back the `{a,b}` literal for some casts. */
function textArray(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  if (typeof value !== "string" || value === "{}") return [];
  return value
    .slice(1, -1)
    .split(",")
    .map((part) => (part.startsWith('"') ? part.slice(1, -1).replace(/\\(.)/g, "$1") : part));
}

function nullableTextArray(value: unknown): (string | null)[] {
  return textArray(value).map((part) => (part === "NULL" || part === null ? null : part));
}

/** Strips an explicit cast to the column's own type that PostgreSQL adds to literal defaults: `'a'::text`. */
export function normalizePostgresDefault(expression: string | null): string | undefined {
  if (expression === null) return undefined;
  const text = expression.trim();
  const literalCast = /^('(?:[^']|'')*')::[a-z_ ]+(\[\])?(\([0-9, ]*\))?( with(out)? time zone)?$/i.exec(
    text,
  );
  if (literalCast) return literalCast[1];
  const numericCast = /^\(?(-?[0-9.]+)\)?::(integer|bigint|smallint|numeric|real|double precision)$/i.exec(
    text,
  );
  if (numericCast) return numericCast[1];
  // A literal cast to a named type (an enum, a domain), quoted and qualified as need be: `'new'::"Order Status"`.
  const namedCast = new RegExp(
    String.raw`^('(?:[^']|'')*')::${IDENTIFIER_PATTERN}(?:\.${IDENTIFIER_PATTERN})?(?:\[\])*$`,
  ).exec(text);
  if (namedCast) return namedCast[1];
  return text;
}

/**
 * A column's type as PostgreSQL states it: format_type's words for built-in types; for any other type (enums,
 * domains, extension types) its name, quoted where it must be and qualified when it lives outside the default
 * schema, so that the model's spelling of the same type compares equal.
 */
function columnType(row: ColumnRow): NativeType {
  const base = row.builtin ? row.type : `${row.typsql}${row.is_array ? "[]" : ""}`;
  const type = parseNativeType(
    row.collation === null ? base : `${base} COLLATE ${postgresSql.quoteIdentifier(row.collation)}`,
  );
  return row.typtype === "d" ? { ...type, domain: true } : type;
}

/** The serial type whose column and sequence PostgreSQL creates with this integer type. */
const SERIAL_OF: Readonly<Record<string, { serial: string; max: string }>> = {
  smallint: { serial: "smallserial", max: "32767" },
  integer: { serial: "serial", max: "2147483647" },
  bigint: { serial: "bigserial", max: "9223372036854775807" },
};

function ownerKey(schema: string, table: string, column: string): string {
  return `${schema}\u0000${table}\u0000${column}`;
}

function sequenceOptions(row: SequenceRow): ReflectedSequenceOptions {
  return {
    as: row.as,
    start: String(row.start),
    increment: String(row.increment),
    minValue: String(row.min_value),
    maxValue: String(row.max_value),
    cache: String(row.cache),
    cycle: row.cycle,
  };
}

/**
 * Whether a column is exactly what `serial` (or smallserial, bigserial) creates: an integer column whose default
 * is nextval of a sequence it owns, with the name PostgreSQL gives it, of the column's type, with default options.
 */
function isSerial(row: ColumnRow, owned: SequenceRow | undefined): boolean {
  const serial = SERIAL_OF[row.type];
  if (!row.builtin || serial === undefined || owned === undefined || owned.owner_kind !== "a") return false;
  const reference = /^nextval\('((?:[^']|'')+)'::regclass\)$/.exec(row.default ?? "")?.[1];
  if (reference === undefined) return false;
  const named = reference.replaceAll("''", "'");
  const expected = postgresSql.quoteIdentifier(owned.name);
  const sameSequence =
    named === expected ||
    named === owned.name ||
    named === `${postgresSql.quoteIdentifier(owned.schema)}.${expected}` ||
    named === `${owned.schema}.${owned.name}`;
  return (
    sameSequence &&
    owned.name === postgresObjectName(row.table, row.name, "seq") &&
    owned.as === row.type &&
    String(owned.start) === "1" &&
    String(owned.increment) === "1" &&
    String(owned.min_value) === "1" &&
    String(owned.max_value) === serial.max &&
    String(owned.cache) === "1" &&
    !owned.cycle
  );
}

function column(row: ColumnRow, owned: SequenceRow | undefined): ReflectedColumn {
  const identity = row.identity === "a" ? "always" : row.identity === "d" ? "byDefault" : undefined;
  if (isSerial(row, owned)) {
    return {
      name: row.name,
      type: parseNativeType(SERIAL_OF[row.type]!.serial),
      nullable: !row.notnull,
      default: undefined,
      autoincrement: "serial",
      generated: undefined,
      comment: row.comment ?? undefined,
      onUpdate: undefined,
    };
  }
  return {
    name: row.name,
    type: columnType(row),
    nullable: !row.notnull,
    default: normalizePostgresDefault(row.default),
    autoincrement: identity,
    generated:
      row.generated === null ? undefined : { expression: row.generated, stored: row.attgenerated === "s" },
    comment: row.comment ?? undefined,
    onUpdate: undefined,
    ...(identity !== undefined && owned?.owner_kind === "i"
      ? { identitySequence: sequenceOptions(owned) }
      : {}),
  };
}

function checkExpression(definition: string): string {
  const body = definition.replace(/^CHECK\s*/i, "").replace(/\s+NOT VALID$/i, "");
  return stripOuterParens(body);
}

function key(schema: string, table: string): string {
  return `${schema}\u0000${table}`;
}

interface ForeignColumnRow {
  relid: string | number;
  attnum: number;
  name: string;
}

function numberArray(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number);
  return textArray(value).map(Number);
}

/** Builds the reflected schema from the catalog result sets. */
function assemblePostgresSchema(
  dialect: DialectName,
  tables: TableRow[],
  columns: ColumnRow[],
  constraints: ConstraintRow[],
  indexes: IndexRow[],
  namedTypes: TypeRow[],
  sequences: SequenceRow[],
  foreignColumns: ForeignColumnRow[],
  schemas: { name: string }[],
  unmanaged: UnmanagedObject[],
): ReflectedSchema {
  const attributeNames = new Map<string, string>();
  for (const row of [...columns, ...foreignColumns])
    attributeNames.set(`${row.relid}:${row.attnum}`, row.name);
  const namesOf = (relid: string | number, attnums: unknown) =>
    numberArray(attnums).map((n) => attributeNames.get(`${relid}:${n}`) ?? "");
  interface Draft {
    table: TableRow;
    columns: ReflectedColumn[];
    primaryKey: ReflectedTable["primaryKey"];
    indexes: ReflectedIndex[];
    uniques: ReflectedUnique[];
    foreignKeys: ReflectedForeignKey[];
    checks: ReflectedCheck[];
  }
  const drafts = new Map<string, Draft>();
  for (const table of tables) {
    drafts.set(key(table.schema, table.name), {
      table,
      columns: [],
      primaryKey: undefined,
      indexes: [],
      uniques: [],
      foreignKeys: [],
      checks: [],
    });
  }
  const ownedSequences = new Map<string, SequenceRow>();
  for (const row of sequences) {
    if (row.owner_table !== null && row.owner_column !== null && row.owner_schema !== null)
      ownedSequences.set(ownerKey(row.owner_schema, row.owner_table, row.owner_column), row);
  }
  // A serial column's sequence and an identity column's are part of the column, not sequences of their own.
  const partOfColumn = new Set<SequenceRow>();
  for (const row of columns) {
    const owned = ownedSequences.get(ownerKey(row.schema, row.table, row.name));
    const reflected = column(row, owned);
    if (owned && (reflected.autoincrement === "serial" || owned.owner_kind === "i")) partOfColumn.add(owned);
    drafts.get(key(row.schema, row.table))?.columns.push(reflected);
  }
  for (const row of constraints) {
    const draft = drafts.get(key(row.schema, row.table));
    if (!draft) continue;
    const names = namesOf(row.relid, row.columns);
    switch (row.type) {
      case "p":
        draft.primaryKey = { name: row.name, columns: names };
        break;
      case "u":
        draft.uniques.push({ name: row.name, columns: names });
        break;
      case "f":
        draft.foreignKeys.push({
          name: row.name,
          columns: names,
          referredSchema: row.ref_default_schema ? undefined : (row.ref_schema ?? undefined),
          referredTable: row.ref_table ?? "",
          referredColumns: namesOf(row.ref_relid, row.ref_columns),
          onDelete: referentialAction(row.on_delete),
          onUpdate: referentialAction(row.on_update),
          deferrable: row.deferrable,
          initiallyDeferred: row.deferred,
        });
        break;
      case "c":
        draft.checks.push({ name: row.name, expression: checkExpression(row.definition ?? "") });
        break;
    }
  }
  for (const row of indexes) {
    const draft = drafts.get(key(row.schema, row.table));
    if (!draft) continue;
    const columnTexts = nullableTextArray(row.columns);
    const expressions = nullableTextArray(row.expressions);
    const keys = columnTexts.map((text, k) => text ?? expressions[k] ?? "");
    draft.indexes.push({
      name: row.name,
      unique: row.unique,
      columns: columnTexts.map((name) => (name === null ? "" : unquote(name))),
      expressions: expressions.map((e) => (e === null ? undefined : e)),
      where: row.predicate ?? undefined,
      method: row.method,
      include: textArray(row.include).map(unquote),
      parts: indexParts(row.definition, keys, numberArray(row.options), textArray(row.opclasses)),
    });
  }
  const reflectedTables: ReflectedTable[] = [...drafts.values()].map((draft) => ({
    schema: draft.table.is_default ? undefined : draft.table.schema,
    name: draft.table.name,
    columns: draft.columns,
    primaryKey: draft.primaryKey,
    indexes: draft.indexes,
    uniques: draft.uniques,
    foreignKeys: draft.foreignKeys,
    checks: draft.checks,
    comment: draft.table.comment ?? undefined,
    ...(draft.table.partition_key === null ? {} : { partitionBy: draft.table.partition_key }),
    ...(draft.table.parent === null
      ? {}
      : {
          partitionOf: {
            schema: draft.table.parent_default ? undefined : (draft.table.parent_schema ?? undefined),
            table: draft.table.parent,
            bound: draft.table.bound ?? "",
            ...(draft.table.columns_from_parent ? { columnsFromParent: true } : {}),
          },
        }),
  }));
  const reflectedEnums: ReflectedEnum[] = namedTypes
    .filter((row) => row.typtype === "e")
    .map((row) => ({
      schema: row.is_default ? undefined : row.schema,
      name: row.name,
      values: textArray(row.values),
    }));
  const reflectedDomains: ReflectedDomain[] = namedTypes
    .filter((row) => row.typtype === "d")
    .map((row) => {
      const names = textArray(row.check_names);
      const definitions = textArray(row.check_definitions);
      return {
        schema: row.is_default ? undefined : row.schema,
        name: row.name,
        type: parseNativeType(row.base_type ?? ""),
        notNull: row.not_null,
        default: normalizePostgresDefault(row.default),
        collation: row.collation ?? undefined,
        checks: names.map((name, i) => ({ name, expression: checkExpression(definitions[i] ?? "") })),
      };
    });
  const reflectedSequences: ReflectedSequence[] = sequences
    .filter((row) => !partOfColumn.has(row))
    .map((row) => ({
      schema: row.is_default ? undefined : row.schema,
      name: row.name,
      ...sequenceOptions(row),
      ownedBy:
        row.owner_table === null || row.owner_column === null
          ? undefined
          : { table: row.owner_table, column: row.owner_column },
    }));
  return {
    dialect,
    tables: reflectedTables,
    enums: reflectedEnums,
    schemas: schemas.map((s) => s.name),
    sequences: reflectedSequences,
    domains: reflectedDomains,
    unmanaged,
  };
}

/** Index just past a quoted identifier or literal starting at `i`, or `i` itself when none starts there. */
function skipQuoted(text: string, i: number): number {
  const quote = text[i];
  if (quote !== '"' && quote !== "'") return i;
  let j = i + 1;
  while (j < text.length) {
    if (text[j] === quote) {
      if (text[j + 1] !== quote) return j + 1;
      j++;
    }
    j++;
  }
  return j;
}

/** What pg_get_indexdef writes after one key part's own text, up to the comma or parenthesis that ends it. */
function partSuffixes(definition: string, keys: readonly string[]): (string | undefined)[] {
  let at = 0;
  // The key list opens at the first parenthesis outside the quoted index and table names.
  while (at < definition.length && definition[at] !== "(") {
    const skipped = skipQuoted(definition, at);
    at = skipped === at ? at + 1 : skipped;
  }
  at++;
  return keys.map((key) => {
    while (definition[at] === " ") at++;
    if (!definition.startsWith(key, at)) return undefined;
    let end = at + key.length;
    let depth = 0;
    while (end < definition.length) {
      const skipped = skipQuoted(definition, end);
      if (skipped !== end) {
        end = skipped;
        continue;
      }
      const c = definition[end];
      if (c === "(") depth++;
      else if (c === ")" && depth-- === 0) break;
      else if (c === "," && depth === 0) break;
      end++;
    }
    const suffix = definition.slice(at + key.length, end);
    at = end + 1;
    return suffix;
  });
}

const IDENTIFIER = String.raw`(?:"(?:[^"]|"")*"|[^\s".,()]+)`;
const COLLATE = new RegExp(String.raw`^\s*COLLATE\s+(${IDENTIFIER})(?:\.(${IDENTIFIER}))?`);

/**
 * Each key part's options. The order and the NULLS placement come from indoption; COLLATE and the operator class
 * from the definition, which names them only where they are not the column's own and its type's default.
 */
function indexParts(
  definition: string,
  keys: readonly string[],
  options: readonly number[],
  opclasses: readonly string[],
): ReflectedIndexPart[] {
  const suffixes = partSuffixes(definition, keys);
  return keys.map((_, k) => {
    const option = options[k] ?? 0;
    const descending = (option & 1) !== 0;
    const nullsFirst = (option & 2) !== 0;
    let rest = (suffixes[k] ?? "")
      .replace(/\s+NULLS\s+(FIRST|LAST)\s*$/, "")
      .replace(/\s+(ASC|DESC)\s*$/, "");
    const collate = COLLATE.exec(rest);
    if (collate) rest = rest.slice(collate[0].length);
    const opclass = rest.trim();
    return {
      descending,
      nulls: nullsFirst === descending ? undefined : nullsFirst ? "first" : "last",
      opclass: opclass === "" ? opclasses[k] : opclass,
      defaultOpclass: opclass === "",
      collation:
        collate === null
          ? undefined
          : [collate[1], collate[2]]
              .filter((part) => part !== undefined)
              .map(unquote)
              .join("."),
      length: undefined,
    };
  });
}

/** pg_get_indexdef quotes a column name only where it needs quoting. */
function unquote(name: string): string {
  return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name;
}

/**
 * The tables, with every partition bound as PostgreSQL prints it in UTC: a bound on a timestamptz key is printed in
 * the session's time zone, and the target's scratch database and the database compared with it may be in different
 * zones. Read again in UTC (the session's zone restored after) only where a bound was printed in another.
 */
async function reflectTables(connection: Connection, params: readonly unknown[]): Promise<TableRow[]> {
  const tables = await connection.query<TableRow>(TABLES_SQL, params);
  const zone = tables[0]?.time_zone;
  if (zone === undefined || zone === "UTC" || tables.every((t) => t.bound === null)) return tables;
  await connection.execute("SET TimeZone = 'UTC'");
  try {
    return await connection.query<TableRow>(TABLES_SQL, params);
  } finally {
    await connection.execute("SELECT set_config('TimeZone', $1, false)", [zone]);
  }
}

/** PGlite shares this catalog: the schema is labelled with the connection's own dialect. */
export async function reflectPostgres(
  connection: Connection,
  options: ReflectOptions = {},
): Promise<ReflectedSchema> {
  const params = [[...(options.schemas ?? [])]];
  // One after another: a single connection runs one query at a time anyway, and PGlite requires it.
  const tables = await reflectTables(connection, params);
  const columns = await connection.query<ColumnRow>(COLUMNS_SQL, params);
  const constraints = await connection.query<ConstraintRow>(CONSTRAINTS_SQL, params);
  const indexes = await connection.query<IndexRow>(INDEXES_SQL, params);
  const namedTypes = await connection.query<TypeRow>(TYPES_SQL, params);
  const sequences = await connection.query<SequenceRow>(SEQUENCES_SQL, params);
  // Only asked for when the caller names schemas, so the usual count stays seven.
  const schemas = options.schemas?.length
    ? await connection.query<{ name: string }>(SCHEMAS_SQL, params)
    : [];
  const unmanaged = await connection.query<UnmanagedObject>(UNMANAGED_SQL, params);
  const known = new Set(columns.map((c) => String(c.relid)));
  const outside = [
    ...new Set(
      constraints
        .filter((c) => c.type === "f" && !known.has(String(c.ref_relid)))
        .map((c) => String(c.ref_relid)),
    ),
  ];
  const foreignColumns =
    outside.length === 0 ? [] : await connection.query<ForeignColumnRow>(FOREIGN_COLUMNS_SQL, [outside]);
  return assemblePostgresSchema(
    connection.dialect,
    tables,
    columns,
    constraints,
    indexes,
    namedTypes,
    sequences,
    foreignColumns,
    schemas,
    unmanaged,
  );
}

export const postgresIntrospector: Introspector = { reflect: reflectPostgres };
