// How the CLI speaks: results on stdout, one error line (plus a hint) on stderr, passwords always masked.

import { RetortError } from "../errors.js";

/** Masks the password of every URL in `text`: `postgres://u:secret@h` → `postgres://u:***@h`. */
export function maskPasswords(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):([^@\s]*)@/gi, "$1:***@");
}

export function print(text: string): void {
  process.stdout.write(text.endsWith("\n") || text === "" ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints `error` as one line on stderr (stack only with RETORT_DEBUG=1) and returns the exit code. */
export function reportError(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n").find((line) => line.trim() !== "") ?? "unknown error";
  process.stderr.write(`Error: ${maskPasswords(firstLine)}\n`);
  if (error instanceof RetortError && error.hint)
    process.stderr.write(`Hint: ${maskPasswords(error.hint)}\n`);
  if (process.env.RETORT_DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(`${maskPasswords(error.stack)}\n`);
  }
  return error instanceof RetortError ? error.exitCode : 1;
}
