// Rewrites a revision file's down revisions in place, for `retort rebase`: the `downRevision` literal and the
// doc block's `Revises:` line change, and every other byte of the file stays as it was.

import { displayPath } from "../config/paths.js";
import {
  HeaderSyntaxError,
  type HeaderValue,
  headerValueSpan,
  lineAt,
  parseHeader,
} from "./header-parser.js";
import { ScriptWriteError } from "./script-errors.js";

/** A literal in the quote style the file already uses for it (double quotes when it has none). */
function literal(ids: readonly string[], quote: string): string {
  const item = (id: string) => `${quote}${id}${quote}`;
  if (ids.length === 0) return "null";
  if (ids.length === 1) return item(ids[0]!);
  return `[${ids.map(item).join(", ")}]`;
}

function quoteOf(written: string): string {
  const match = /["'`]/.exec(written);
  return match === null ? '"' : match[0];
}

const REVISES_LINE = /^([ \t]*\*?[ \t]*Revises:)([ \t]*)([^\r\n]*)$/m;

/**
 * The text of a revision file with its down revisions set to `downRevisions`. Only the literal of
 * `downRevision` and the rest of the doc block's `Revises:` line (when it has one) are replaced. `path` is for
 * messages.
 */
export function rewriteDownRevisions(text: string, downRevisions: readonly string[], path: string): string {
  let span: ReturnType<typeof headerValueSpan>;
  let docRange: readonly [number, number] | undefined;
  let current: HeaderValue | undefined;
  try {
    span = headerValueSpan(text, "downRevision");
    const parsed = parseHeader(text);
    docRange = parsed.docRange;
    current = parsed.values.downRevision;
  } catch (error) {
    if (error instanceof HeaderSyntaxError) {
      throw new ScriptWriteError(`${displayPath(path)}:${lineAt(text, error.offset)}: ${error.message}`);
    }
    throw error;
  }
  if (span === undefined || current === undefined) {
    throw new ScriptWriteError(`${displayPath(path)}: no "export const downRevision = …;" to rewrite`);
  }
  const edits: { start: number; end: number; text: string }[] = [];
  if (docRange !== undefined) {
    const block = text.slice(docRange[0], docRange[1]);
    const match = REVISES_LINE.exec(block);
    if (match !== null) {
      const start = docRange[0] + match.index + match[1]!.length;
      const spacing = match[2] === "" && downRevisions.length > 0 ? " " : match[2]!;
      edits.push({
        start,
        end: start + match[2]!.length + match[3]!.length,
        text: spacing + downRevisions.join(", "),
      });
    }
  }
  const written = text.slice(span.start, span.end);
  edits.push({ start: span.start, end: span.end, text: literal(downRevisions, quoteOf(written)) });
  edits.sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}
