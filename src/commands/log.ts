// `retort log [-n N] [--revision REV]`: the applied-history table, newest first.

import type { ResolvedConfig } from "../config/types.js";
import { readHistory } from "../runtime/history-store.js";
import type { HistoryRow } from "../runtime/history-table.js";
import { databaseTarget } from "../runtime/run-command.js";
import { ScriptDirectory } from "../script/script-directory.js";

export type { HistoryRow } from "../runtime/history-table.js";

export interface LogOptions {
  /** At most this many rows (the newest). */
  readonly limit?: number;
  /** Only rows of this revision (a unique prefix is accepted when a file defines it). */
  readonly revision?: string;
}

export interface LogResult {
  readonly rows: readonly HistoryRow[];
  /** False when the database has no history table yet. */
  readonly exists: boolean;
}

/** A revision's full id from an id or unique prefix; as given when no file defines it (it may have been deleted). */
export function fullRevisionId(directory: ScriptDirectory, ident: string): string {
  if (directory.map.get(ident)) return ident;
  try {
    return directory.map.resolveOne(ident) ?? ident;
  } catch {
    return ident;
  }
}

export async function log(config: ResolvedConfig, options: LogOptions = {}): Promise<LogResult> {
  const { rows, exists } = await readHistory(databaseTarget(config));
  let selected = rows;
  if (options.revision !== undefined) {
    const wanted = options.revision;
    const full = fullRevisionId(ScriptDirectory.load(config), wanted);
    selected = rows.filter((row) => row.revision === full || row.revision.split(",").includes(full));
  }
  if (options.limit !== undefined) selected = selected.slice(0, options.limit);
  return { rows: selected, exists };
}
