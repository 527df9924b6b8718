// A dialect's type system: which native type each portable type means there, when two types are the same
// (a canonical key per dialect: `int4` is `integer`, `bool` is `tinyint(1)`), and which portable builder, if
// any, writes a given native type exactly, so that render can print `op.column.varchar(80)` without losing a thing.

import { type NativeType, parseNativeType } from "../schema/native-type.js";
import type { ColumnType, PortableType } from "../schema/types.js";
import { types } from "../schema/types.js";

/** Portable types to try, in order of preference, for a native type with these numeric arguments. */
function candidates(args: readonly (number | undefined)[]): PortableType[] {
  const [a, b] = args;
  const out: PortableType[] = [
    types.integer(),
    types.bigint(),
    types.smallint(),
    types.boolean(),
    types.text(),
    types.varchar(a),
    types.char(a),
    types.numeric(a, a === undefined ? undefined : b),
    types.real(),
    types.double(),
    types.date(),
  ];
  for (const kind of ["time", "timestamp"] as const) {
    for (const withTimeZone of [false, true])
      out.push(types[kind]({ withTimeZone, ...(a === undefined ? {} : { precision: a }) }));
  }
  out.push(types.interval(), types.json(), types.jsonb(), types.uuid(), types.bytes());
  return out;
}

export abstract class TypeSystem {
  private readonly portableBySql = new Map<string, PortableType | undefined>();

  /** How this dialect writes a portable type (enums included); the default is standard SQL. */
  protected spell(type: PortableType): string {
    switch (type.kind) {
      case "integer":
        return "INTEGER";
      case "bigint":
        return "BIGINT";
      case "smallint":
        return "SMALLINT";
      case "boolean":
        return "BOOLEAN";
      case "text":
        return "TEXT";
      case "varchar":
        return type.length === undefined ? "VARCHAR" : `VARCHAR(${type.length})`;
      case "char":
        return type.length === undefined ? "CHAR" : `CHAR(${type.length})`;
      case "numeric":
        return `NUMERIC${precisionScale(type.precision, type.scale)}`;
      case "real":
        return "REAL";
      case "double":
        return "DOUBLE PRECISION";
      case "date":
        return "DATE";
      case "time":
      case "timestamp": {
        const precision = type.precision === undefined ? "" : `(${type.precision})`;
        return `${type.kind.toUpperCase()}${precision}${type.withTimeZone ? " WITH TIME ZONE" : ""}`;
      }
      case "interval":
        return "INTERVAL";
      case "json":
      case "jsonb":
        return "JSON";
      case "uuid":
        return "CHAR(36)";
      case "bytes":
        return "BLOB";
      case "enum":
        return `VARCHAR(${Math.max(...type.values.map((v) => v.length))})`;
    }
  }

  /** The comparison key of a native type: two types are the same here exactly when their keys are equal. */
  abstract key(type: NativeType): string;

  /** The native type a column type means on this dialect; a native type is itself. */
  resolve(type: ColumnType): NativeType {
    return type.kind === "native" ? type : parseNativeType(this.spell(type));
  }

  /** The SQL a column type is written as in DDL. */
  sql(type: ColumnType): string {
    return type.kind === "native" ? type.sql : this.spell(type);
  }

  /**
   * Whether writing `candidate` gives the database `type` back: the same key, where the database normalizes
   * what it stores. A dialect that stores the text as written overrides this.
   */
  protected writesAs(candidate: NativeType, _type: NativeType, key: string): boolean {
    return this.key(candidate) === key;
  }

  /** The values of a native type that lists them inline (MySQL's ENUM); undefined elsewhere. */
  enumValues(_type: NativeType): readonly string[] | undefined {
    return undefined;
  }

  /** Whether two column types mean the same type on this dialect. */
  same(a: ColumnType, b: ColumnType): boolean {
    return this.key(this.resolve(a)) === this.key(this.resolve(b));
  }

  /**
   * The portable type that resolves to exactly `type` here, for a readable render; undefined when none does,
   * and the type stays native. Enums are not searched: their values come from elsewhere.
   */
  portable(type: NativeType): PortableType | undefined {
    if (this.portableBySql.has(type.sql)) return this.portableBySql.get(type.sql);
    const numbers = type.args.map((arg) => (/^\d+$/.test(arg) ? Number(arg) : undefined));
    const wanted = this.key(type);
    const found = type.args.every((_, i) => numbers[i] !== undefined)
      ? candidates(numbers).find((candidate) => {
          try {
            return this.writesAs(this.resolve(candidate), type, wanted);
          } catch {
            return false; // a portable type this dialect cannot store (interval on MySQL)
          }
        })
      : undefined;
    this.portableBySql.set(type.sql, found);
    return found;
  }
}

/** `(p)` or `(p, s)` after NUMERIC/DECIMAL; a scale needs a precision. */
export function precisionScale(precision: number | undefined, scale: number | undefined): string {
  if (precision === undefined) {
    if (scale !== undefined) throw new TypeError("numeric scale needs a precision");
    return "";
  }
  return scale === undefined ? `(${precision})` : `(${precision}, ${scale})`;
}

/** `name(args)[]… collate c` from the parts a key is made of. */
export function keyOf(parts: {
  readonly schema?: string | undefined;
  readonly name: string;
  readonly args: readonly string[];
  readonly modifiers?: readonly string[];
  readonly arrayDimensions?: number;
}): string {
  const schema = parts.schema === undefined ? "" : `${parts.schema}.`;
  const args = parts.args.length === 0 ? "" : `(${parts.args.join(",")})`;
  const modifiers = (parts.modifiers ?? []).map((m) => ` ${m}`).join("");
  return `${schema}${parts.name}${args}${"[]".repeat(parts.arrayDimensions ?? 0)}${modifiers}`;
}
