// Reads a Drizzle ORM schema module at run time through drizzle-orm's public metadata functions
// (`getTableConfig` of pg-core / mysql-core / sqlite-core, `isPgEnum`) and turns it into schema-model tables.
// drizzle-orm is imported only when a target holds Drizzle tables; nothing is generated or written.

import type { Dialect } from "../dialects/dialect.js";
import type { Column, ColumnDefault, GeneratedColumn } from "../schema/column.js";
import {
  type CheckConstraint,
  type ForeignKeyAction,
  type IndexColumn,
  indexColumnName,
  simpleIndexColumn,
} from "../schema/constraints.js";
import { type SqlExpression, sql } from "../schema/sql.js";
import { type ForeignKeyInput, type IndexInput, type Table, tableFromColumns } from "../schema/table.js";
import { type ColumnType, types } from "../schema/types.js";
import type { EnumType } from "./schema-model.js";

/** A pg-core index column: its name and `.asc()/.desc()`, `.nullsFirst()/.nullsLast()`, `.op(…)`. */
/** A column as constraints and indexes refer to it: `keyAsName` when it was declared without a name. */
interface NamedColumn {
  name: string;
  keyAsName?: boolean;
}
interface DrizzleIndexedColumn extends NamedColumn {
  indexConfig?: { order?: "asc" | "desc"; nulls?: "first" | "last"; opClass?: string };
}

/** What the code below reads from drizzle objects; typed loosely because the three cores differ in detail. */
interface DrizzleColumn extends NamedColumn {
  columnType: string;
  primary: boolean;
  notNull: boolean;
  default: unknown;
  isUnique: boolean;
  uniqueName?: string;
  enumValues?: string[];
  autoIncrement?: boolean;
  generatedIdentity?: { type: "always" | "byDefault" };
  hasOnUpdateNow?: boolean;
  /** `.generatedAlwaysAs(…)`: pg-core always sets mode "stored"; mysql-core and sqlite-core default to "virtual". */
  generated?: { as: unknown; mode?: "stored" | "virtual" };
  enum?: { enumName: string; schema?: string };
  getSQLType(): string;
}
interface DrizzleSql {
  queryChunks: unknown[];
}
interface DrizzleTableConfig {
  name: string;
  schema?: string;
  columns: DrizzleColumn[];
  indexes: {
    config: {
      name?: string;
      columns: unknown[];
      unique: boolean;
      where?: DrizzleSql;
      /** pg-core's `.using("gin", …)` (default "btree"). */
      method?: string;
      /** mysql-core's `.using("btree" | "hash")`. */
      using?: string;
    };
  }[];
  foreignKeys: {
    reference(): { columns: NamedColumn[]; foreignTable: unknown; foreignColumns: NamedColumn[] };
    onDelete?: string;
    onUpdate?: string;
    getName(): string;
  }[];
  checks: { name: string; value: DrizzleSql }[];
  primaryKeys: { columns: NamedColumn[]; name?: string; getName(): string }[];
  uniqueConstraints: { columns: NamedColumn[]; name?: string; getName(): string }[];
}

/** One of drizzle-orm's dialect cores (pg-core, mysql-core, sqlite-core), as far as a schema is read from it. */
interface Core {
  owns(table: unknown): boolean;
  getTableConfig(table: unknown): DrizzleTableConfig;
  render(expression: DrizzleSql): { sql: string; params: unknown[] };
  /** Whether drizzle-kit writes this core's foreign keys and primary keys with their `CONSTRAINT name`. */
  readonly namesKeys: boolean;
  /**
   * Whether drizzle-kit writes this core's `.unique()` and `unique()` as a named `CREATE UNIQUE INDEX` rather than
   * a `CONSTRAINT … UNIQUE` in the table; the model then holds them in that form too.
   */
  readonly uniquesAsIndexes: boolean;
}

/** What reading one table needs: its core, and the target database's dialect (literals, types). */
interface Reading {
  readonly core: Core;
  readonly dialect: Dialect;
  /** A column's name in the database: drizzle-kit's `casing` applied to one declared without a name. */
  readonly name: (column: NamedColumn) => string;
}

/** drizzle-kit's `casing` option (`casing: "snake_case"` in drizzle.config.ts): Retort's `drizzleCasing`. */
export type DrizzleCasing = "snake_case" | "camelCase";

const DRIZZLE_NAME = Symbol.for("drizzle:Name");
const DRIZZLE_SCHEMA = Symbol.for("drizzle:Schema");

/** Whether a value is a Drizzle table (any dialect). */
export function isDrizzleTable(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    DRIZZLE_NAME in value &&
    Symbol.for("drizzle:Columns") in value
  );
}

async function loadCores(casing: DrizzleCasing | undefined): Promise<{
  cores: readonly Core[];
  isPgEnum(x: unknown): boolean;
  name(column: NamedColumn): string;
}> {
  const [orm, pgCore, mysqlCore, sqliteCore, casings] = await Promise.all([
    import("drizzle-orm"),
    import("drizzle-orm/pg-core"),
    import("drizzle-orm/mysql-core"),
    import("drizzle-orm/sqlite-core"),
    import("drizzle-orm/casing"),
  ]);
  type Renderer = { sqlToQuery(s: unknown, mode?: string): { sql: string; params: unknown[] } };
  // With the casing, a column in an expression (a default, a check) is written by its database name too.
  const pgRenderer = new pgCore.PgDialect({ casing }) as unknown as Renderer;
  const mysqlRenderer = new mysqlCore.MySqlDialect({ casing }) as unknown as Renderer;
  const sqliteRenderer = new sqliteCore.SQLiteSyncDialect({ casing }) as unknown as Renderer;
  const convert =
    casing === "snake_case" ? casings.toSnakeCase : casing === "camelCase" ? casings.toCamelCase : undefined;
  // "indexes" mode leaves out the table qualifier: length("s"), not length("t"."s").
  const cores: Core[] = [
    {
      owns: (t) => orm.is(t, pgCore.PgTable),
      getTableConfig: (t) => pgCore.getTableConfig(t as never) as unknown as DrizzleTableConfig,
      render: (s) => pgRenderer.sqlToQuery(s, "indexes"),
      namesKeys: true,
      uniquesAsIndexes: false,
    },
    {
      owns: (t) => orm.is(t, mysqlCore.MySqlTable),
      getTableConfig: (t) => mysqlCore.getTableConfig(t as never) as unknown as DrizzleTableConfig,
      render: (s) => mysqlRenderer.sqlToQuery(s, "indexes"),
      namesKeys: true,
      uniquesAsIndexes: false,
    },
    {
      owns: (t) => orm.is(t, sqliteCore.SQLiteTable),
      getTableConfig: (t) => sqliteCore.getTableConfig(t as never) as unknown as DrizzleTableConfig,
      render: (s) => sqliteRenderer.sqlToQuery(s, "indexes"),
      // drizzle-kit's SQLite tables say `FOREIGN KEY (…) REFERENCES …` and `PRIMARY KEY(…)`, unnamed, and it
      // creates each unique rule after the table as `CREATE UNIQUE INDEX \`<name>\``.
      namesKeys: false,
      uniquesAsIndexes: true,
    },
  ];
  return {
    cores,
    isPgEnum: (x) => pgCore.isPgEnum(x),
    name: (column) => (convert && column.keyAsName ? convert(column.name) : column.name),
  };
}

function isDrizzleSql(value: unknown): value is DrizzleSql {
  return typeof value === "object" && value !== null && "queryChunks" in value;
}

/** Drizzle's SQL text with any bound values written as literals, as a schema-model expression. */
function expressionOf({ core, dialect }: Reading, value: DrizzleSql): SqlExpression {
  const { sql: text, params } = core.render(value);
  const inlined = text.replace(/\$(\d+)|\?/g, (match, n: string | undefined) => {
    const index = n === undefined ? 0 : Number(n) - 1;
    return index < params.length
      ? dialect.sql.literal(n === undefined ? params.shift() : params[index])
      : match;
  });
  return sql.raw(inlined);
}

function defaultOf(reading: Reading, column: DrizzleColumn): ColumnDefault | undefined {
  const value = column.default;
  if (value === undefined) return undefined;
  if (isDrizzleSql(value)) return expressionOf(reading, value);
  // drizzle-kit writes a json column's `.default(null)` as the JSON text 'null', not as no default.
  if (value === null && /^jsonb?$/i.test(column.getSQLType())) return { kind: "literal", value: "null" };
  // and sqlite-core's `int({ mode: "boolean" }).default(true)` as the keyword, which SQLite keeps as the text
  // "true" (a boolean column's default is a literal, written as the database writes booleans).
  if (typeof value === "boolean" && !/^bool/i.test(column.getSQLType())) return sql.raw(String(value));
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean" ||
    typeof value === "bigint"
  ) {
    return { kind: "literal", value };
  }
  if (value instanceof Date) return { kind: "literal", value: value.toISOString() };
  return { kind: "literal", value: JSON.stringify(value) };
}

const SERIALS: Readonly<Record<string, ColumnType["kind"]>> = {
  serial: "integer",
  smallserial: "smallint",
  bigserial: "bigint",
};

function typeOf(column: DrizzleColumn, dialect: Dialect): ColumnType {
  const spelled = column.getSQLType();
  if (column.enum)
    return types.enum(
      column.enum.enumName,
      column.enumValues ?? [],
      column.enum.schema ? { schema: column.enum.schema } : {},
    );
  // mysql-core's enum: inline values, no named type.
  if (column.columnType === "MySqlEnumColumn") return types.enum(column.name, column.enumValues ?? []);
  const native = types.native(spelled);
  // PostgreSQL's serial types stay serial, which says exactly what drizzle-kit creates; MySQL's `serial` is an
  // integer with AUTO_INCREMENT.
  const serial = SERIALS[spelled.toLowerCase()];
  if (serial && dialect.normalizer.serialBase(native) === undefined) return types[serial as "integer"]();
  return dialect.types.portable(native) ?? native;
}

/** A `.generatedAlwaysAs(…)` column: its expression (SQL, a function returning SQL, or a value) and storage. */
function generatedOf(reading: Reading, column: DrizzleColumn): GeneratedColumn | undefined {
  const generated = column.generated;
  if (generated === undefined) return undefined;
  const value = typeof generated.as === "function" ? (generated.as as () => unknown)() : generated.as;
  const expression = isDrizzleSql(value)
    ? expressionOf(reading, value)
    : sql.raw(reading.dialect.sql.literal(value));
  return { expression, stored: generated.mode !== "virtual" };
}

/** drizzle-kit states every action, "no action" when none is given; kept where the catalog tells them apart. */
function action(value: string | undefined, dialect: Dialect): ForeignKeyAction | undefined {
  const stated = value ?? "no action";
  if (stated === dialect.normalizer.impliedReferentialAction) return undefined;
  return stated.toUpperCase() as ForeignKeyAction;
}

function tableOf(reading: Reading, drizzleTable: unknown): Table {
  const config = reading.core.getTableConfig(drizzleTable);
  const columns: Column[] = config.columns.map((c) => {
    const serial =
      SERIALS[c.getSQLType().toLowerCase()] !== undefined &&
      reading.dialect.normalizer.serialBase(types.native(c.getSQLType())) === undefined;
    const identity = c.generatedIdentity
      ? { always: c.generatedIdentity.type === "always" }
      : serial || c.autoIncrement
        ? { always: false }
        : undefined;
    return {
      name: reading.name(c),
      type: typeOf(c, reading.dialect),
      nullable: !c.notNull && !c.primary && identity === undefined,
      default: defaultOf(reading, c),
      identity,
      comment: undefined,
      // mysql-core's .onUpdateNow().
      onUpdate: c.hasOnUpdateNow ? sql.raw("CURRENT_TIMESTAMP") : undefined,
      generated: generatedOf(reading, c),
      primaryKey: false,
      unique: false,
      references: undefined,
    };
  });
  const inlinePk = config.columns.filter((c) => c.primary).map(reading.name);
  const compositePk = config.primaryKeys[0];
  // drizzle-orm names an unnamed rule `<table>_<columns>_unique` from the columns' declared names (the casing is
  // not applied), and drizzle-kit keeps that name.
  const uniques = [
    ...config.columns
      .filter((c) => c.isUnique)
      .map((c) => ({
        name: c.uniqueName ?? `${config.name}_${reading.name(c)}_unique`,
        columns: [reading.name(c)],
      })),
    ...config.uniqueConstraints.map((u) => ({
      name: u.name ?? u.getName(),
      columns: u.columns.map(reading.name),
    })),
  ];
  const { normalizer } = reading.dialect;
  const indexes: IndexInput[] = config.indexes.map((i) => {
    const parts: IndexColumn[] = i.config.columns.map((part) => {
      if (isDrizzleSql(part)) return expressionOf(reading, part);
      const { indexConfig } = part as DrizzleIndexedColumn;
      const descending = indexConfig?.order === "desc";
      return simpleIndexColumn({
        column: reading.name(part as DrizzleIndexedColumn),
        descending,
        nulls: normalizer.indexNulls(descending, indexConfig?.nulls),
        opclass: indexConfig?.opClass,
      });
    });
    const named = parts.map((p) => indexColumnName(p) ?? "expr");
    const method = normalizer.indexMethod(i.config.method ?? i.config.using);
    return {
      // drizzle-kit's name for an unnamed index, so the two tools agree.
      name: i.config.name ?? `${config.name}_${named.join("_")}_index`,
      columns: parts,
      ...(i.config.unique ? { unique: true } : {}),
      ...(method === undefined ? {} : { method }),
      ...(i.config.where ? { where: expressionOf(reading, i.config.where) } : {}),
    };
  });
  const uniqueIndexes: IndexInput[] = reading.core.uniquesAsIndexes
    ? uniques.map((u) => ({ ...u, unique: true }))
    : [];
  const foreignKeys: ForeignKeyInput[] = config.foreignKeys.map((fk) => {
    const reference = fk.reference();
    const foreign = reference.foreignTable as Record<symbol, unknown>;
    const foreignSchema = foreign[DRIZZLE_SCHEMA] as string | undefined;
    const onDelete = action(fk.onDelete, reading.dialect);
    const onUpdate = action(fk.onUpdate, reading.dialect);
    return {
      ...(reading.core.namesKeys ? { name: fk.getName() } : {}),
      columns: reference.columns.map(reading.name),
      references: String(foreign[DRIZZLE_NAME]),
      referencedColumns: reference.foreignColumns.map(reading.name),
      ...(foreignSchema ? { referencedSchema: foreignSchema } : {}),
      ...(onDelete ? { onDelete } : {}),
      ...(onUpdate ? { onUpdate } : {}),
    };
  });
  const checks: CheckConstraint[] = config.checks.map((c) => ({
    name: c.name,
    condition: expressionOf(reading, c.value),
  }));
  return tableFromColumns(config.name, columns, {
    ...(config.schema ? { schema: config.schema } : {}),
    ...(compositePk
      ? {
          primaryKey: reading.core.namesKeys
            ? {
                name: compositePk.name ?? compositePk.getName(),
                columns: compositePk.columns.map(reading.name),
              }
            : compositePk.columns.map(reading.name),
        }
      : inlinePk.length > 0
        ? { primaryKey: inlinePk }
        : {}),
    uniques: reading.core.uniquesAsIndexes ? [] : uniques,
    foreignKeys,
    checks,
    indexes: [...uniqueIndexes, ...indexes],
  });
}

/** The Drizzle tables and PostgreSQL enums among a module's exported values, read for `dialect`'s database. */
export async function drizzleSchema(
  values: readonly unknown[],
  dialect: Dialect,
  casing?: DrizzleCasing,
): Promise<{ tables: Table[]; enums: EnumType[] }> {
  const { cores, isPgEnum, name } = await loadCores(casing);
  const tables: Table[] = [];
  const enums: EnumType[] = [];
  for (const value of values) {
    if (typeof value === "function" && isPgEnum(value)) {
      const e = value as unknown as { enumName: string; enumValues: string[]; schema?: string };
      enums.push({ name: e.enumName, schema: e.schema, values: e.enumValues });
      continue;
    }
    if (!isDrizzleTable(value)) continue;
    const core = cores.find((c) => c.owns(value));
    if (core) tables.push(tableOf({ core, dialect, name }, value));
  }
  return { tables, enums };
}
