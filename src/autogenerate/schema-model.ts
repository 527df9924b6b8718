// The schema autogenerate works with on both sides: the schema model's frozen tables plus the PostgreSQL enum
// types they use. A target (Retort module, Drizzle module, .sql file) and the reflected database both become one.

import type { ReflectedEnum, ReflectedSchema, ReflectedType } from "../dialects/introspector.js";
import { qualifiedName } from "../dialects/introspector.js";
import type { Column, ColumnDefault } from "../schema/column.js";
import type { ForeignKeyAction } from "../schema/constraints.js";
import { sql } from "../schema/sql.js";
import { type Table, tableFromColumns } from "../schema/table.js";
import { type ColumnType, types } from "../schema/types.js";

export interface EnumType {
  readonly name: string;
  readonly schema: string | undefined;
  readonly values: readonly string[];
}

export interface SchemaModel {
  readonly tables: readonly Table[];
  readonly enums: readonly EnumType[];
}

/** The enum types a set of tables uses, each once (first definition wins). */
export function enumsOfTables(tables: readonly Table[]): EnumType[] {
  const found = new Map<string, EnumType>();
  for (const t of tables) {
    for (const c of t.columns) {
      if (c.type.kind !== "enum") continue;
      const key = qualifiedName({ schema: c.type.schema, name: c.type.name });
      if (!found.has(key))
        found.set(key, { name: c.type.name, schema: c.type.schema, values: c.type.values });
    }
  }
  return [...found.values()];
}

/** The portable type for a reflected one; what has no portable form stays a raw type, spelled as reflected. */
export function columnTypeOf(
  type: ReflectedType,
  enums: readonly ReflectedEnum[],
  columnName: string,
): ColumnType {
  if (type.array) return types.raw(type.raw);
  switch (type.kind) {
    case "integer":
    case "bigint":
    case "smallint":
    case "boolean":
    case "text":
    case "real":
    case "double":
    case "date":
    case "interval":
    case "json":
    case "jsonb":
    case "uuid":
    case "bytes":
      return types[type.kind]();
    case "varchar":
      return types.varchar(type.length);
    case "char":
      return types.char(type.length);
    case "numeric":
      return types.numeric(type.precision, type.scale);
    case "time":
    case "timestamp":
      return types[type.kind]({
        withTimeZone: type.withTimezone ?? false,
        ...(type.precision === undefined ? {} : { precision: type.precision }),
      });
    case "enum": {
      if (type.values) return types.enum(columnName, type.values);
      const found = enums.find((e) => e.name === type.enumName && e.schema === type.enumSchema);
      return types.enum(
        type.enumName ?? columnName,
        found?.values ?? ["?"],
        type.enumSchema === undefined ? {} : { schema: type.enumSchema },
      );
    }
    case "other":
      return types.raw(type.raw);
  }
}

/** A reflected default's SQL text as a schema-model default: literals become values, the rest SQL text. */
export function columnDefaultOf(text: string | undefined): ColumnDefault | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (/^null$/i.test(trimmed)) return undefined;
  const quoted = /^'((?:[^']|'')*)'$/s.exec(trimmed);
  if (quoted) return { kind: "literal", value: quoted[1]!.replaceAll("''", "'") };
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(trimmed)) return { kind: "literal", value: Number(trimmed) };
  if (/^(true|false)$/i.test(trimmed)) return { kind: "literal", value: trimmed.toLowerCase() === "true" };
  return sql.raw(trimmed);
}

function action(value: string): ForeignKeyAction | undefined {
  return value === "no action" ? undefined : (value.toUpperCase() as ForeignKeyAction);
}

/** The reflected database as schema-model tables, so dropped objects can be recreated by a downgrade. */
export function modelFromReflected(schema: ReflectedSchema): SchemaModel {
  const tables = schema.tables.map((reflected): Table => {
    const columns: Column[] = reflected.columns.map((c) => ({
      name: c.name,
      type: columnTypeOf(c.type, schema.enums, c.name),
      nullable: c.nullable,
      default: columnDefaultOf(c.default),
      identity:
        c.autoincrement === undefined || c.autoincrement === "serial"
          ? undefined
          : { always: c.autoincrement === "always" },
      comment: c.comment,
      primaryKey: false,
      unique: false,
      references: undefined,
    }));
    return tableFromColumns(reflected.name, columns, {
      ...(reflected.schema === undefined ? {} : { schema: reflected.schema }),
      ...(reflected.primaryKey
        ? {
            primaryKey:
              reflected.primaryKey.name === undefined
                ? [...reflected.primaryKey.columns]
                : { name: reflected.primaryKey.name, columns: reflected.primaryKey.columns },
          }
        : {}),
      uniques: reflected.uniques.map((u) =>
        u.name === undefined ? [...u.columns] : { name: u.name, columns: u.columns },
      ),
      foreignKeys: reflected.foreignKeys.map((fk) => ({
        ...(fk.name === undefined ? {} : { name: fk.name }),
        columns: fk.columns,
        references: fk.referredTable,
        referencedColumns: fk.referredColumns,
        ...(fk.referredSchema === undefined ? {} : { referencedSchema: fk.referredSchema }),
        ...(action(fk.onDelete) ? { onDelete: action(fk.onDelete)! } : {}),
        ...(action(fk.onUpdate) ? { onUpdate: action(fk.onUpdate)! } : {}),
        ...(fk.deferrable ? { deferrable: true } : {}),
        ...(fk.initiallyDeferred ? { initially: "DEFERRED" as const } : {}),
      })),
      checks: reflected.checks.map((c) =>
        c.name === undefined ? sql.raw(c.expression) : { name: c.name, condition: sql.raw(c.expression) },
      ),
      indexes: reflected.indexes.map((i) => ({
        name: i.name,
        columns: i.columns.map((name, n) => {
          const expression = i.expressions[n];
          return expression === undefined ? name : sql.raw(expression);
        }),
        ...(i.unique ? { unique: true } : {}),
        ...(i.where === undefined ? {} : { where: sql.raw(i.where) }),
      })),
      ...(reflected.comment === undefined ? {} : { comment: reflected.comment }),
    });
  });
  return { tables, enums: schema.enums.map((e) => ({ name: e.name, schema: e.schema, values: e.values })) };
}
