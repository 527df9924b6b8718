// `retort log [--limit N] [--revision REV]`: the applied-history table, newest first. Rows of revisions a squash
// replaces name that squash, and `--revision SQUASH` includes them.

import type { ResolvedConfig } from "../config/types.js";
import { RetortError } from "../errors.js";
import { databaseTarget } from "../runtime/database-target.js";
import { readHistory } from "../runtime/history-store.js";
import type { HistoryRow } from "../runtime/history-table.js";
import { ScriptDirectory } from "../script/script-directory.js";

export type { HistoryRow } from "../runtime/history-table.js";

export interface LogOptions {
  /** At most this many rows (the newest). */
  readonly limit?: number;
  /** Only rows of this revision (a unique prefix is accepted when a file defines it). */
  readonly revision?: string;
}

/** A history row; `replacedBy` names the squash revision that now stands for the row's revision. */
export type LogRow = HistoryRow & { readonly replacedBy?: string };

export interface LogResult {
  readonly rows: readonly LogRow[];
  /** False when the database has no history table yet. */
  readonly exists: boolean;
}

/** A revision's full id from an id or unique prefix; as given when no file defines it (it may have been deleted). */
export function fullRevisionId(directory: ScriptDirectory, ident: string): string {
  if (directory.map.get(ident) || directory.map.replacement(ident)) return ident;
  try {
    return directory.map.resolveOne(ident) ?? ident;
  } catch {
    return ident;
  }
}

export async function log(config: ResolvedConfig, options: LogOptions = {}): Promise<LogResult> {
  const { rows, exists } = await readHistory(databaseTarget(config, "log"));
  const directory = options.revision === undefined ? filesIfTheyLoad(config) : ScriptDirectory.load(config);
  let selected: readonly LogRow[] =
    directory === undefined ? rows : rows.map((row) => withSquash(directory, row));
  if (options.revision !== undefined) {
    const full = fullRevisionId(directory!, options.revision);
    const ids = new Set([full, ...(directory!.map.get(full)?.replaces ?? [])]);
    selected = selected.filter((row) => row.revision.split(",").some((id) => ids.has(id)));
  }
  if (options.limit !== undefined) selected = selected.slice(0, options.limit);
  return { rows: selected, exists };
}

/** The history stays readable when the files do not load: its rows are then shown without squash names. */
function filesIfTheyLoad(config: ResolvedConfig): ScriptDirectory | undefined {
  try {
    return ScriptDirectory.load(config);
  } catch (error) {
    if (error instanceof RetortError) return undefined;
    throw error;
  }
}

function withSquash(directory: ScriptDirectory, row: HistoryRow): LogRow {
  const replacement = directory.map.replacement(row.revision);
  return replacement === undefined ? row : { ...row, replacedBy: replacement.squash };
}
