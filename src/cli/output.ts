// How the CLI speaks: results on stdout, one error line (plus a hint) on stderr, passwords always masked.

import { redactUrl } from "../config/url.js";
import { RetortError } from "../errors.js";

export function print(text: string): void {
  process.stdout.write(text.endsWith("\n") || text === "" ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The line a command prints on stderr when another run holds the migration lock and it starts waiting, so that a
 * wait is never mistaken for a hang (left out with --json, whose stdout is read by programs).
 */
export function lockWaitPrinter(json: boolean | undefined): (message: string) => void {
  return (message) => {
    if (!json) process.stderr.write(`${message}\n`);
  };
}

/** Prints `error` as one line on stderr (stack only with RETORT_DEBUG=1) and returns the exit code. */
export function reportError(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n").find((line) => line.trim() !== "") ?? "unknown error";
  process.stderr.write(`Error: ${redactUrl(firstLine)}\n`);
  if (error instanceof RetortError && error.hint) process.stderr.write(`Hint: ${redactUrl(error.hint)}\n`);
  if (process.env.RETORT_DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(`${redactUrl(error.stack)}\n`);
  }
  return error instanceof RetortError ? error.exitCode : 1;
}
