// The schema autogenerate works with on both sides: the schema model's frozen tables plus the PostgreSQL enum
// types they use. A target (Retort module, Drizzle module, .sql file) and the reflected database both become one.

import { getDialect } from "../dialects/index.js";
import type {
  ReflectedEnum,
  ReflectedIndex,
  ReflectedSchema,
  ReflectedSequenceOptions,
  ReflectedTable,
  UnmanagedObject,
} from "../dialects/introspector.js";
import { qualifiedName } from "../dialects/introspector.js";
import type { Normalizer } from "../dialects/normalizer.js";
import type { TypeSystem } from "../dialects/type-system.js";
import type { Column, ColumnDefault } from "../schema/column.js";
import { type ForeignKeyAction, simpleIndexColumn } from "../schema/constraints.js";
import type { Domain } from "../schema/domain.js";
import {
  SEQUENCE_OPTION_KEYS,
  type Sequence,
  type SequenceOptions,
  type SequenceValue,
} from "../schema/sequence.js";
import { sql } from "../schema/sql.js";
import { type IndexInput, type PartitionOf, type Table, tableFromColumns } from "../schema/table.js";
import { type ColumnType, type NativeType, types } from "../schema/types.js";

export interface EnumType {
  readonly name: string;
  readonly schema: string | undefined;
  readonly values: readonly string[];
}

export interface SchemaModel {
  readonly tables: readonly Table[];
  readonly enums: readonly EnumType[];
  /** PostgreSQL sequences of their own (not those behind serial and identity columns); absent: none. */
  readonly sequences?: readonly Sequence[];
  /** PostgreSQL domains; absent: none. */
  readonly domains?: readonly Domain[];
  /** What a `.sql` target creates that autogenerate does not manage (views, triggers, routines…); absent: none. */
  readonly unmanaged?: readonly UnmanagedObject[];
}

function sequenceValue(text: string): SequenceValue {
  const value = BigInt(text);
  return Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

/**
 * A reflected sequence's options as the model writes them: only those that are not the default for the
 * sequence's type and direction (`defaultType`: the type a sequence has when none is given).
 */
export function sequenceOptionsOf(
  reflected: ReflectedSequenceOptions,
  normalizer: Normalizer,
  defaultType?: string,
): SequenceOptions {
  const found = normalizer.canonicalSequence(reflected, defaultType);
  const defaults = normalizer.canonicalSequence({ as: found.as, increment: found.increment }, defaultType);
  const typeDefault = normalizer.canonicalSequence({}, defaultType).as;
  const options: Record<string, unknown> = {};
  for (const key of SEQUENCE_OPTION_KEYS) {
    const value = found[key];
    const isDefault =
      key === "as" ? value === typeDefault : key === "increment" ? value === "1" : value === defaults[key];
    if (isDefault) continue;
    options[key] = key === "as" ? value : key === "cycle" ? value === "true" : sequenceValue(value);
  }
  return options as SequenceOptions;
}

function partitionOfReflected(found: NonNullable<ReflectedTable["partitionOf"]>): PartitionOf {
  return found.schema === undefined
    ? { table: found.table, bound: found.bound }
    : { table: found.table, schema: found.schema, bound: found.bound };
}

/** The enum types a set of tables and domains uses, each once (first definition wins). */
export function enumsOfTables(tables: readonly Table[], domains: readonly Domain[] = []): EnumType[] {
  const found = new Map<string, EnumType>();
  const used = [...tables.flatMap((t) => t.columns.map((c) => c.type)), ...domains.map((d) => d.type)];
  for (const type of used) {
    if (type.kind !== "enum") continue;
    const key = qualifiedName({ schema: type.schema, name: type.name });
    if (!found.has(key)) found.set(key, { name: type.name, schema: type.schema, values: type.values });
  }
  return [...found.values()];
}

/**
 * A reflected type as the model writes it: an enum builder for an enum, the portable builder that resolves to
 * exactly the same type where one exists (`op.column.varchar(80)`), else the native type as the catalog gave it.
 */
export function columnTypeOf(
  type: NativeType,
  enums: readonly ReflectedEnum[],
  columnName: string,
  typeSystem: TypeSystem,
): ColumnType {
  const named = enums.find(
    (e) =>
      e.schema === type.schema && (type.quoted ? e.name === type.name : e.name === type.name.toLowerCase()),
  );
  if (named && type.arrayDimensions === 0 && type.collation === undefined) {
    return types.enum(named.name, named.values, named.schema === undefined ? {} : { schema: named.schema });
  }
  const values = typeSystem.enumValues(type);
  if (values !== undefined && values.length > 0) {
    const inline = types.enum(columnName, values);
    if (typeSystem.same(inline, type)) return inline;
  }
  return typeSystem.portable(type) ?? type;
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

function action(value: string, normalizer: Normalizer): ForeignKeyAction | undefined {
  return value === normalizer.impliedReferentialAction
    ? undefined
    : (value.toUpperCase() as ForeignKeyAction);
}

/** A reflected index as the model writes it: what is the database's default (method, operator class) left out. */
function indexOf(index: ReflectedIndex, normalizer: Normalizer): IndexInput {
  const method = normalizer.indexMethod(index.method);
  return {
    name: index.name,
    columns: index.columns.map((name, n) => {
      const expression = index.expressions[n];
      const part = index.parts?.[n];
      return simpleIndexColumn({
        column: expression === undefined ? name : sql.raw(expression),
        descending: part?.descending,
        nulls: part?.nulls,
        opclass: part?.defaultOpclass ? undefined : part?.opclass,
        collation: part?.collation,
        length: part?.length,
      });
    }),
    ...(index.unique ? { unique: true } : {}),
    ...(method === undefined ? {} : { method }),
    ...(index.include === undefined || index.include.length === 0 ? {} : { include: index.include }),
    ...(index.where === undefined ? {} : { where: sql.raw(index.where) }),
  };
}

function identityOf(
  always: boolean,
  reflected: ReflectedSequenceOptions | undefined,
  columnType: string,
  normalizer: Normalizer,
): Column["identity"] {
  // An identity's sequence has its column's type: no AS to write.
  const options = reflected && sequenceOptionsOf(reflected, normalizer, columnType);
  return options === undefined || Object.keys(options).length === 0
    ? { always }
    : { always, sequence: options };
}

/** The reflected database as schema-model tables, so dropped objects can be recreated by a downgrade. */
export function modelFromReflected(schema: ReflectedSchema): SchemaModel {
  const dialect = getDialect(schema.dialect);
  const typeSystem = dialect.types;
  const tables = schema.tables.map((reflected): Table => {
    const columns: Column[] = reflected.columns.map((c) => ({
      name: c.name,
      type: columnTypeOf(c.type, schema.enums, c.name, typeSystem),
      nullable: c.nullable,
      default: columnDefaultOf(c.default),
      identity:
        c.autoincrement === undefined || c.autoincrement === "serial"
          ? undefined
          : identityOf(c.autoincrement === "always", c.identitySequence, c.type.sql, dialect.normalizer),
      comment: c.comment,
      onUpdate: c.onUpdate === undefined ? undefined : sql.raw(c.onUpdate),
      generated:
        c.generated === undefined
          ? undefined
          : { expression: sql.raw(c.generated.expression), stored: c.generated.stored },
      primaryKey: false,
      unique: false,
      references: undefined,
    }));
    // A partition made PARTITION OF its parent lists none of the columns it takes from it.
    const listed = reflected.partitionOf?.columnsFromParent ? [] : columns;
    return tableFromColumns(reflected.name, listed, {
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
        ...(action(fk.onDelete, dialect.normalizer)
          ? { onDelete: action(fk.onDelete, dialect.normalizer)! }
          : {}),
        ...(action(fk.onUpdate, dialect.normalizer)
          ? { onUpdate: action(fk.onUpdate, dialect.normalizer)! }
          : {}),
        ...(fk.deferrable ? { deferrable: true } : {}),
        ...(fk.initiallyDeferred ? { initially: "DEFERRED" as const } : {}),
      })),
      checks: reflected.checks.map((c) =>
        c.name === undefined ? sql.raw(c.expression) : { name: c.name, condition: sql.raw(c.expression) },
      ),
      indexes: reflected.indexes.map((i) => indexOf(i, dialect.normalizer)),
      ...(reflected.comment === undefined ? {} : { comment: reflected.comment }),
      ...(reflected.collation === undefined ? {} : { collation: reflected.collation }),
      ...(reflected.partitionBy === undefined ? {} : { partitionBy: reflected.partitionBy }),
      ...(reflected.partitionOf === undefined
        ? {}
        : { partitionOf: partitionOfReflected(reflected.partitionOf) }),
      ...(reflected.partitioning === undefined ? {} : { partitioning: reflected.partitioning }),
    });
  });
  const sequences = (schema.sequences ?? []).map(
    (reflected): Sequence => ({
      kind: "sequence",
      name: reflected.name,
      schema: reflected.schema,
      ownedBy: reflected.ownedBy,
      ...sequenceOptionsOf(reflected, dialect.normalizer),
    }),
  );
  const domains = (schema.domains ?? []).map(
    (reflected): Domain => ({
      kind: "domain",
      name: reflected.name,
      schema: reflected.schema,
      type: columnTypeOf(reflected.type, schema.enums, reflected.name, typeSystem),
      notNull: reflected.notNull,
      default: columnDefaultOf(reflected.default),
      collation: reflected.collation,
      checks: reflected.checks.map((c) => ({ name: c.name ?? "", condition: sql.raw(c.expression) })),
    }),
  );
  return {
    tables,
    enums: schema.enums.map((e) => ({ name: e.name, schema: e.schema, values: e.values })),
    sequences,
    domains,
    ...(schema.unmanaged === undefined ? {} : { unmanaged: schema.unmanaged }),
  };
}
