// Durations as people write them in configs and on the command line: `500ms`, `30s`, `2m`, `1h`, or a number of
// milliseconds.

import { RetortError } from "../errors.js";

export class InvalidDurationError extends RetortError {}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Whether `value` is a duration `parseDuration` accepts. */
export function isDuration(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0;
  return typeof value === "string" && /^\s*\d+(\.\d+)?\s*(ms|s|m|h)?\s*$/i.test(value);
}

/** Milliseconds of `value`; a bare number (or numeric string) is milliseconds. `what` names it in the error. */
export function parseDuration(value: string | number, what: string): number {
  if (!isDuration(value)) {
    throw new InvalidDurationError(`Invalid ${what} ${JSON.stringify(value)}`, {
      hint: "write a duration such as 500ms, 30s, 2m or 1h",
    });
  }
  if (typeof value === "number") return Math.round(value);
  const [, amount, unit] = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value)!;
  return Math.round(Number(amount) * UNIT_MS[(unit ?? "ms").toLowerCase()]!);
}
