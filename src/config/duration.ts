// Durations as people write them in configs and on the command line: `500ms`, `30s`, `2m`, `1h`, or a number of
// milliseconds.

import { RetortError, UsageError } from "../errors.js";

/** A malformed duration in a config: a config mistake, exit 1. */
export class InvalidDurationError extends RetortError {}

/** A malformed duration given as a command-line flag: bad usage, exit 2, as any other malformed argument. */
export class InvalidDurationOptionError extends UsageError {}

/** Where a duration was written: a config key, or a command-line flag. */
export type DurationSource = { readonly key: string } | { readonly flag: string };

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Whether `value` is a duration `parseDuration` accepts. */
export function isDuration(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0;
  return typeof value === "string" && /^\s*\d+(\.\d+)?\s*(ms|s|m|h)?\s*$/i.test(value);
}

/** Milliseconds of `value`; a bare number (or numeric string) is milliseconds. `source` names it in the error. */
export function parseDuration(value: string | number, source: DurationSource): number {
  if (!isDuration(value)) {
    const hint = "write a duration such as 500ms, 30s, 2m or 1h";
    if ("flag" in source) {
      throw new InvalidDurationOptionError(`Invalid ${source.flag} ${JSON.stringify(value)}`, { hint });
    }
    throw new InvalidDurationError(`Invalid ${source.key} ${JSON.stringify(value)}`, { hint });
  }
  if (typeof value === "number") return Math.round(value);
  const [, amount, unit] = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value)!;
  return Math.round(Number(amount) * UNIT_MS[(unit ?? "ms").toLowerCase()]!);
}
