// Comparing by meaning, not spelling: types by the dialect's canonical keys, defaults and SQL expressions
// after removing what each database adds when it stores them (casts, quotes, parentheses, case). The common
// rules live here; a dialect's `<name>-normalizer.ts` overrides what its catalog reports differently.

import type { ColumnDefault } from "../schema/column.js";
import { type NativeType, parseNativeType } from "../schema/native-type.js";

import type { SequenceOptions, SequenceValue } from "../schema/sequence.js";
import type { SqlExpression } from "../schema/sql.js";
import type { Table } from "../schema/table.js";
import type { ColumnType } from "../schema/types.js";
import type { DdlCompiler } from "./ddl-compiler.js";
import { stripOuterParens } from "./introspector.js";

/** Applies `fn` to the text outside single-quoted literals, leaving the literals as they are. */
function outsideLiterals(text: string, fn: (part: string) => string): string {
  return text
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : fn(part)))
    .join("");
}

/** A regular expression's source for one identifier, quoted or not. */
export const IDENTIFIER_PATTERN = '(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)';
const QUOTED_CAST = new RegExp(
  String.raw`::(?:${IDENTIFIER_PATTERN}\.)?"(?:[^"]|"")+"(?:\[\])*|::"(?:[^"]|"")+"\.${IDENTIFIER_PATTERN}(?:\[\])*`,
  "g",
);

/**
 * A SQL expression in a canonical form: no identifier quotes, no PostgreSQL casts, no whitespace or redundant
 * parentheses, lowercase outside string literals. Two expressions that still differ after this may or may not
 * mean the same thing; callers report them rather than guess.
 */
export function normalizeExpression(text: string): string {
  let result = outsideLiterals(stripOuterParens(text), (part) =>
    part
      // A cast to a quoted type name goes first, before the quotes come off: `::"Order-Status"`, `::audit."Mood"`.
      .replace(QUOTED_CAST, "")
      .replace(/"((?:[^"]|"")*)"/g, "$1")
      .replace(/`((?:[^`]|``)*)`/g, "$1")
      .replace(/::[a-z_][a-z0-9_ ]*(\[\])?(\([0-9, ]*\))?/gi, "")
      .toLowerCase()
      .replace(/\s+/g, ""),
  );
  // A parenthesis around a single token adds nothing: (0) → 0, ('a') → 'a'.
  for (;;) {
    const next = result.replace(/(^|[^a-z0-9_])\(([a-z0-9_.]+|'(?:[^']|'')*')\)/g, "$1$2");
    if (next === result) break;
    result = next;
  }
  return stripOuterParens(result);
}

const CURRENT_TIMESTAMP =
  /^(now\(\)|current_timestamp(\(\))?|localtimestamp(\(\))?|transaction_timestamp\(\))$/;

/** A server default in canonical form; undefined when there is none. */
export function normalizeDefault(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let result = normalizeExpression(text);
  if (result === "null") return undefined;
  if (CURRENT_TIMESTAMP.test(result)) return "current_timestamp";
  if (result === "true") result = "1";
  if (result === "false") result = "0";
  const number = /^'?(-?[0-9]+(\.[0-9]+)?)'?$/.exec(result);
  if (number) return String(Number(number[1]));
  return result;
}

/** Literals and a few well-known functions compare reliably; other expressions may be spelled differently. */
export function isComparableDefault(normalized: string | undefined): boolean {
  return (
    normalized === undefined ||
    normalized === "current_timestamp" ||
    /^'(?:[^']|'')*'$/.test(normalized) ||
    /^-?[0-9]+(\.[0-9]+)?$/.test(normalized)
  );
}

/** Sequence options as the model gives them (numbers, bigints) or the catalog (text). */
export type SequenceOptionsText = {
  readonly [K in keyof SequenceOptions]?: SequenceOptions[K] | string;
};

/** Every sequence option, defaults filled in, as text: two sequences are the same when these are equal. */
export type CanonicalSequence = { readonly [K in keyof Required<SequenceOptions>]: string };

const BOUNDS: Readonly<Record<string, readonly [bigint, bigint]>> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

const text = (value: SequenceValue | string | boolean | undefined) =>
  value === undefined ? undefined : String(value);

export class Normalizer {
  /** Whether the catalog shows every identity column; where it cannot (SQLite), a missing one is no difference. */
  readonly catalogShowsIdentity: boolean = true;

  constructor(readonly compiler: DdlCompiler) {}

  /** Whether a model type and a reflected one are the same type here: by the dialect's canonical key, exactly. */
  typesMatch(model: ColumnType, reflected: NativeType): boolean {
    return this.compiler.types.same(model, reflected);
  }

  /** A SQL expression read from the catalog, in canonical form. */
  expression(text: string): string {
    return normalizeExpression(text);
  }

  /** A model expression as the compiler writes it, in canonical form. */
  modelExpression(expr: SqlExpression): string {
    return normalizeExpression(this.compiler.expression(expr));
  }

  /** A server default read from the catalog, in canonical form; undefined when there is none. */
  catalogDefault(text: string | undefined): string | undefined {
    return normalizeDefault(text);
  }

  /** A model default as the compiler writes it, in canonical form. */
  modelDefault(value: ColumnDefault | undefined): string | undefined {
    return value === undefined ? undefined : normalizeDefault(this.compiler.defaultValue(value));
  }

  /**
   * Whether text of the model (a comment, a default in canonical form) is what the catalog shows for it. Exact by
   * default; a dialect whose catalog cannot keep some characters says how they read back.
   */
  sameCatalogText(model: string | undefined, catalog: string | undefined): boolean {
    return model === catalog;
  }

  isComparableDefault(normalized: string | undefined): boolean {
    return isComparableDefault(normalized);
  }

  /** An ON DELETE / ON UPDATE action in canonical form, so that equivalent spellings compare equal. */
  referentialAction(value: string | undefined): string {
    return (value ?? "no action").toLowerCase();
  }

  /**
   * The action the catalog reports for a foreign key declared without one; a model read from the catalog leaves
   * it out. Undefined where an explicit action and none read back differently, so every action is kept as stated.
   */
  readonly impliedReferentialAction: string | undefined = "no action";

  /** Index methods that are the database's default: DDL need not name them and comparison treats them as none. */
  readonly defaultIndexMethods: readonly string[] = ["btree"];

  /** An index method in canonical form: lower case, and undefined for a default one. */
  indexMethod(method: string | undefined): string | undefined {
    const word = method?.toLowerCase();
    return word === undefined || this.defaultIndexMethods.includes(word) ? undefined : word;
  }

  /** NULLS FIRST / LAST in canonical form: undefined where it is the order's default (last ascending, first descending). */
  indexNulls(descending: boolean, nulls: "first" | "last" | undefined): "first" | "last" | undefined {
    return nulls === (descending ? "first" : "last") ? undefined : nulls;
  }

  /** Whether the database indexes a column of this type by a prefix it picks itself when DDL gives none. */
  implicitIndexPrefix(_type: NativeType): boolean {
    return false;
  }

  /** A table's partitioning clause (MySQL's `partitioning`) in canonical form; undefined: not partitioned. */
  partitioning(text: string | undefined): string | undefined {
    return text?.replace(/\s+/g, " ").trim();
  }

  /**
   * The run of partitions that differs between two partitionings on the same key, where reorganizing only those
   * turns one into the other; undefined: the table is repartitioned whole.
   */
  partitionReorganization(
    _existing: string,
    _wanted: string,
  ): { readonly from: readonly string[]; readonly into: readonly string[] } | undefined {
    return undefined;
  }

  /**
   * Why a target's partitioning (MySQL's table option) cannot be compared with what the catalog holds, `found`; or
   * undefined when it can. Here there is none to compare with.
   */
  uncomparablePartitioning(_wanted: string, _found: string | undefined): string | undefined {
    return "partitioning is MySQL's partition clause, which this database has not (PostgreSQL: partitionBy and partitionOf)";
  }

  /** A key part's collation in canonical form. */
  collation(name: string | undefined): string | undefined {
    return name;
  }

  /** An operator class in canonical form (its parameters included). */
  opclass(name: string): string {
    return normalizeExpression(name);
  }

  /** The integer type a serial type stands for (PostgreSQL's `serial` is `integer`); undefined for any other type. */
  serialBase(_type: NativeType): NativeType | undefined {
    return undefined;
  }

  /** The name the database gives the sequence a serial column creates. */
  serialSequenceName(table: string, column: string): string {
    return `${table}_${column}_seq`;
  }

  /**
   * A sequence's options with the defaults filled in as standard SQL (and PostgreSQL) fills them: ascending from 1,
   * bounded by the type; `defaultType` is the type when none is given.
   */
  canonicalSequence(options: SequenceOptionsText, defaultType = "bigint"): CanonicalSequence {
    const as = this.compiler.types.key(parseNativeType(String(options.as ?? defaultType)));
    const [low, high] = BOUNDS[as] ?? BOUNDS.bigint!;
    const increment = BigInt(text(options.increment) ?? "1");
    const minValue = BigInt(text(options.minValue) ?? (increment > 0n ? 1n : low));
    const maxValue = BigInt(text(options.maxValue) ?? (increment > 0n ? high : -1n));
    return {
      as,
      start: text(options.start) ?? String(increment > 0n ? minValue : maxValue),
      increment: String(increment),
      minValue: String(minValue),
      maxValue: String(maxValue),
      cache: text(options.cache) ?? "1",
      cycle: text(options.cycle) ?? "false",
    };
  }

  /** CHECK conditions the compiler writes on its own for `table` (canonical form); none by default. */
  implicitChecks(_table: Table): string[] {
    return [];
  }
}
