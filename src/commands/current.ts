// `retort current`: the database's revisions as the version table records them, with dependencies expanded
// the way Alembic shows them (a depended-on revision appears as an effective head).

import type { ResolvedConfig } from "../config/types.js";
import { redactUrl } from "../config/url.js";
import { RetortError } from "../errors.js";
import { checkKnownRows, databaseTarget, readDatabaseHeads } from "../runtime/database-target.js";
import { type RevisionScript, ScriptDirectory } from "../script/script-directory.js";

/** The version-table rows of the config's database, sorted; empty when the table is missing (never created). */
export async function readCurrentHeads(config: ResolvedConfig): Promise<string[]> {
  return readDatabaseHeads(databaseTarget(config, "current"));
}

/** The revisions `current` names (rows plus effective heads), for `show current` and `edit current`. */
export async function currentRevisionIds(
  config: ResolvedConfig,
  directory: ScriptDirectory,
): Promise<string[]> {
  const rows = await readCurrentHeads(config);
  if (rows.length === 0) throw new RetortError("No current revisions", { hint: "the database is at base" });
  checkKnownRows(rows, (id) => directory.map.isKnown(id), config.versionTable);
  return directory.map.currentDisplay(rows).map((entry) => entry.id);
}

export interface CurrentEntry {
  readonly id: string;
  /** Shown because something applied depends on it, not because it has a row. */
  readonly effectiveHead: boolean;
  readonly script: RevisionScript;
  /** Set when `id` is a squash revision and the row is one of the ids it replaces. */
  readonly covers?: { readonly row: string; readonly partlyApplied: boolean };
}

export interface CurrentResult {
  /** The URL with its password masked. */
  readonly url: string;
  /** The rows of the version table. */
  readonly rows: readonly string[];
  /** Rows that no revision file defines (the file was deleted, or is in another checkout). */
  readonly unknownRows: readonly string[];
  /** What `current` prints, in order. */
  readonly entries: readonly CurrentEntry[];
  readonly directory: ScriptDirectory;
}

export async function current(
  config: ResolvedConfig,
  _options: { readonly verbose?: boolean } = {},
): Promise<CurrentResult> {
  const directory = ScriptDirectory.load(config);
  const target = databaseTarget(config, "current");
  const rows = await readDatabaseHeads(target);
  const known = rows.filter((id) => directory.map.isKnown(id));
  const covered = new Map<string, { row: string; partlyApplied: boolean }>();
  for (const row of known) {
    const replacement = directory.map.replacement(row);
    if (replacement === undefined) continue;
    const last = (directory.map.get(replacement.squash)?.replaces.length ?? 0) - 1;
    covered.set(replacement.squash, { row, partlyApplied: replacement.position < last });
  }
  const entries = directory.map.currentDisplay(known).map((entry) => {
    const covers = covered.get(entry.id);
    return {
      id: entry.id,
      effectiveHead: entry.effectiveHead,
      script: directory.script(entry.id),
      ...(covers === undefined ? {} : { covers }),
    };
  });
  const unknownRows = rows.filter((id) => !directory.map.isKnown(id));
  return { url: redactUrl(target.url), rows, unknownRows, entries, directory };
}
