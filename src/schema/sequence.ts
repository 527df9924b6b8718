// A sequence: a named counter (PostgreSQL CREATE SEQUENCE) with its options. The same options describe the
// sequence behind an identity column. An option left out is the database's default for it.

import { compact, deepFreeze } from "./freeze.js";

/** A sequence bound; bigint for values past Number.MAX_SAFE_INTEGER (a bigint sequence's maximum). */
export type SequenceValue = number | bigint;

export interface SequenceOptions {
  /** The sequence's type: `smallint`, `integer` or `bigint` (the default). */
  readonly as?: string;
  readonly start?: SequenceValue;
  readonly increment?: SequenceValue;
  readonly minValue?: SequenceValue;
  readonly maxValue?: SequenceValue;
  /** How many values each session takes at once; 1 by default. */
  readonly cache?: SequenceValue;
  /** Wrap around past the bound instead of failing. */
  readonly cycle?: boolean;
}

/** The column that owns a sequence: dropping the column (or its table) drops the sequence too. */
export interface SequenceOwner {
  readonly table: string;
  readonly column: string;
}

export interface Sequence extends SequenceOptions {
  readonly kind: "sequence";
  readonly name: string;
  readonly schema: string | undefined;
  readonly ownedBy: SequenceOwner | undefined;
}

export const SEQUENCE_OPTION_KEYS = [
  "as",
  "start",
  "increment",
  "minValue",
  "maxValue",
  "cache",
  "cycle",
] as const satisfies readonly (keyof SequenceOptions)[];

/** A standalone sequence for a target module: `export const orderNumbers = sequence("order_numbers", { start: 1000 })`. */
export function sequence(
  name: string,
  options: SequenceOptions & { readonly schema?: string; readonly ownedBy?: SequenceOwner } = {},
): Sequence {
  const { schema, ownedBy, ...rest } = options;
  return deepFreeze(compact({ kind: "sequence", name, schema, ownedBy, ...pickSequenceOptions(rest) }));
}

/** Only the sequence options of `value`, without undefined ones. */
export function pickSequenceOptions(value: SequenceOptions): SequenceOptions {
  return compact(Object.fromEntries(SEQUENCE_OPTION_KEYS.map((key) => [key, value[key]])) as SequenceOptions);
}
