// What the history says before a run plans: a revision begun and never finished stops every run; an applied
// revision whose file changed since it ran is a warning, or with onChecksumMismatch "error" a refusal.

import type { Connection } from "../dialects/connection.js";
import { RetortError } from "../errors.js";
import { oneLine } from "./errors.js";
import type { FileIdentity, ScriptLookup } from "./events.js";
import type { ChecksumRow, HistoryRow, HistoryTable } from "./history-table.js";

export type ChecksumPolicy = "warn" | "error";

/** A row left `started`: the run that wrote it stopped mid-revision. Nothing was changed. */
export class UnfinishedRevisionError extends RetortError {
  constructor(readonly rows: readonly HistoryRow[]) {
    const row = rows[0]!;
    super(`${unfinishedDescription(row)}; nothing was changed`, {
      hint: `check the database, then \`retort resolve ${row.revision} --applied\` if all of it is there or \`--rolled-back\` if none of it is (undo the rest by hand first)`,
    });
  }
}

/** An applied revision's file differs from the one that ran, and the config or --strict refuses that. */
export class ChecksumMismatchError extends RetortError {}

/** What is known of a `started` row, in words: the revision, when and by whom, and which statements it recorded. */
export function unfinishedDescription(row: HistoryRow): string {
  const what = `${row.direction === "down" ? "Downgrade" : "Upgrade"} of ${row.revision} started at ${row.startedAt} by ${row.actor} and never finished`;
  const statements = row.statements ?? [];
  // No record survived: nothing had begun, or only DML that rolled back with the connection.
  if (statements.length === 0) return `${what}: none of its statements stayed committed`;
  const last = oneLine(statements[statements.length - 1]!, 80);
  const done = statements.slice(0, -1).map((sql) => oneLine(sql, 80));
  const before =
    done.length === 0
      ? ""
      : `${done.length} statement(s) completed and stayed committed (${done.join("; ")}); `;
  return `${what}: ${before}the statement it was running may or may not have completed: ${last}`;
}

/** An applied revision whose file does not match the checksum recorded when it ran. */
export interface ChecksumMismatch {
  readonly revision: string;
  readonly path: string;
  readonly recorded: string;
  /** When the recorded checksum was taken (the run's start). */
  readonly recordedAt: string;
  readonly current: string;
}

/** Per revision, the newest checksum vouched for by a run (up) or an accepted edit; stamps vouch for none. */
export function recordedChecksums(rows: readonly ChecksumRow[]): Map<string, ChecksumRow> {
  const latest = new Map<string, ChecksumRow>();
  for (const row of rows) {
    if (row.outcome !== "ok" || row.checksum === undefined) continue;
    if (row.direction !== "up" && row.direction !== "accept") continue;
    if (!latest.has(row.revision)) latest.set(row.revision, row);
  }
  return latest;
}

/** Compares each applied revision's file with its recorded checksum; `unverified` lists those with none. */
export function compareChecksums(
  applied: readonly string[],
  rows: readonly ChecksumRow[],
  scripts: ScriptLookup,
  checksum: (path: string, stat?: FileIdentity) => string,
): { mismatches: ChecksumMismatch[]; unverified: string[] } {
  const recorded = recordedChecksums(rows);
  const mismatches: ChecksumMismatch[] = [];
  const unverified: string[] = [];
  for (const revision of applied) {
    const row = recorded.get(revision);
    if (!row) {
      unverified.push(revision);
      continue;
    }
    const { path, stat } = scripts.script(revision);
    const current = checksum(path, stat);
    if (current !== row.checksum) {
      mismatches.push({ revision, path, recorded: row.checksum!, recordedAt: row.startedAt, current });
    }
  }
  return { mismatches, unverified };
}

export function mismatchLine(mismatch: ChecksumMismatch): string {
  return `revision ${mismatch.revision} (${mismatch.path}) changed since it was applied at ${mismatch.recordedAt}: checksum ${mismatch.recorded.slice(0, 12)}… then, ${mismatch.current.slice(0, 12)}… now`;
}

/**
 * Reads the history under the run lock: throws for unfinished rows, and for edited applied revisions either
 * returns one warning line each or (policy "error") throws.
 */
export async function inspectHistory(
  connection: Connection,
  history: HistoryTable,
  options: {
    applied: readonly string[];
    scripts: ScriptLookup;
    policy: ChecksumPolicy;
    checksum: (path: string, stat?: FileIdentity) => string;
  },
): Promise<string[]> {
  const refuseUnfinished = (unfinished: readonly HistoryRow[]) => {
    if (unfinished.length > 0) throw new UnfinishedRevisionError(unfinished);
  };
  if (options.applied.length === 0) {
    refuseUnfinished(await history.unfinished(connection));
    return [];
  }
  // One narrow read of every row serves both checks; unfinished rows' own columns (statements, actor) are read
  // only when there are some.
  const rows = await history.checksumRows(connection);
  if (rows.some((row) => row.outcome === "started")) refuseUnfinished(await history.unfinished(connection));
  const { mismatches } = compareChecksums(options.applied, rows, options.scripts, options.checksum);
  const lines = mismatches.map(mismatchLine);
  if (mismatches.length > 0 && options.policy === "error") {
    throw new ChecksumMismatchError(
      `Refusing to upgrade: ${lines.length === 1 ? lines[0] : `${lines.length} applied revisions changed since they were applied (${mismatches.map((m) => m.revision).join(", ")})`}; nothing was changed`,
      { hint: "restore the file, or record the edit with `retort verify --accept REV` if it was deliberate" },
    );
  }
  return lines;
}
