// `retort history [-r START:END] [-i]`: revisions newest first in walk order; `current` and relative
// endpoints, and `-i`, read the database's heads.

import type { ResolvedConfig } from "../config/types.js";
import { RetortError } from "../errors.js";
import { ScriptDirectory } from "../script/script-directory.js";

export interface HistoryOptions {
  /** `START:END`; either side may be empty (base / heads), `current`, or relative. */
  readonly range?: string;
  /** Mark the database's current revisions. */
  readonly indicateCurrent?: boolean;
}

export class HistoryRangeError extends RetortError {}

export function parseHistoryRange(range: string): { start: string | undefined; end: string | undefined } {
  const colon = range.indexOf(":");
  if (colon < 0 || range.indexOf(":", colon + 1) >= 0) {
    throw new HistoryRangeError("History range requires [start]:[end], [start]:, or :[end]");
  }
  const start = range.slice(0, colon).trim();
  const end = range.slice(colon + 1).trim();
  return { start: start === "" ? undefined : start, end: end === "" ? undefined : end };
}

function needsDatabase(endpoint: string | undefined): boolean {
  return endpoint !== undefined && (endpoint === "current" || /^[+-]\d+$/.test(endpoint));
}

export async function history(config: ResolvedConfig, options: HistoryOptions = {}) {
  const range =
    options.range === undefined ? { start: undefined, end: undefined } : parseHistoryRange(options.range);
  const directory = ScriptDirectory.load(config);
  let current: readonly string[] | undefined;
  let unknownRows: string[] = [];
  if (options.indicateCurrent || needsDatabase(range.start) || needsDatabase(range.end)) {
    const { readCurrentHeads } = await import("./current.js");
    const rows = await readCurrentHeads(config);
    // Rows naming no revision file cannot be placed in the graph: reported beside it, not a failure.
    current = rows.filter((id) => directory.map.isKnown(id));
    unknownRows = rows.filter((id) => !directory.map.isKnown(id));
  }
  const revisions = directory.map.history(range, current === undefined ? {} : { current });
  // A row holding an id a squash replaces marks its squash.
  const currentSet = new Set((current ?? []).map((row) => directory.map.replacement(row)?.squash ?? row));
  return {
    directory,
    /** Version-table rows that no revision file defines. */
    unknownRows,
    entries: revisions.map((revision) => ({
      script: directory.script(revision.id),
      current: options.indicateCurrent ? currentSet.has(revision.id) : undefined,
    })),
  };
}
