// Finds where in a revision file an error arose: the file's own frame in the stack, else the line that
// holds the failing statement's text, else just the path.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { bundleLine } from "../config/module-bundle.js";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `path:line` of the first stack frame inside `path`, if any. */
export function frameLine(error: unknown, path: string): number | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return undefined;
  const pattern = new RegExp(
    `(?:${escapeRegExp(path)}|${escapeRegExp(pathToFileURL(path).href)}):(\\d+)(?::\\d+)?`,
  );
  const match = pattern.exec(stack);
  return match ? Number(match[1]) : bundleLine(stack, path);
}

/** The first line of `path` whose text contains the start of `statement`; a fallback for database errors. */
function statementLine(path: string, statement: string): number | undefined {
  const needle = statement.trim().split("\n")[0]?.trim().slice(0, 60);
  if (!needle || needle.length < 8) return undefined;
  try {
    const lines = readFileSync(path, "utf8").split("\n");
    const index = lines.findIndex((line) => line.includes(needle));
    return index === -1 ? undefined : index + 1;
  } catch {
    return undefined;
  }
}

/** `path:line` for an error raised by a revision (or by a statement it ran), `path` when no line is known. */
export function revisionLocation(error: unknown, path: string, statement: string | undefined): string {
  const line =
    frameLine(error, path) ?? (statement === undefined ? undefined : statementLine(path, statement));
  return line === undefined ? path : `${path}:${line}`;
}
