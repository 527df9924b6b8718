// `retort verify [--accept REV…]`: applied revisions whose file changed since they ran, applied revisions with no
// file, and revisions begun and never finished. `--accept` records the current checksum of deliberately edited ones.

import { fileChecksum } from "../config/file-checksum.js";
import type { ResolvedConfig } from "../config/types.js";
import { RetortError } from "../errors.js";
import type { RevisionMap } from "../graph/index.js";
import { databaseTarget, type LockWaitOptions } from "../runtime/database-target.js";
import type { ScriptLookup } from "../runtime/events.js";
import { type ChecksumMismatch, compareChecksums } from "../runtime/history-check.js";
import { newRunIdentity } from "../runtime/history-entry.js";
import { readHistory, writeHistory } from "../runtime/history-store.js";
import { executeBound, type HistoryRow } from "../runtime/history-table.js";
import { ScriptDirectory } from "../script/script-directory.js";
import { appliedRevisions } from "./applied-revisions.js";
import { fullRevisionId } from "./log.js";

export type { ChecksumMismatch } from "../runtime/history-check.js";

/** Verify found changed, missing or unfinished revisions: the CLI exits 1 after printing them. */
export class VerifyFailedError extends RetortError {}

/** `--accept` named a revision that is not applied, or has no file to take a checksum of. Nothing was changed. */
export class AcceptRevisionError extends RetortError {}

/** The lock options apply with `accept`: verify alone reads without a lock. */
export interface VerifyOptions extends LockWaitOptions {
  /** Revisions whose current file is to be recorded as what was applied. */
  readonly accept?: readonly string[];
}

export interface VerifyResult {
  /** Applied revisions whose file differs from the checksum recorded when it ran. */
  readonly changed: readonly ChecksumMismatch[];
  /** Version-table rows that no revision file defines. */
  readonly missingFiles: readonly string[];
  /** Rows of runs that began a revision and never finished it. */
  readonly unfinished: readonly HistoryRow[];
  /** Applied revisions with no recorded checksum (applied before the history existed, or stamped). */
  readonly unverified: readonly string[];
  /** The revisions `--accept` recorded. */
  readonly accepted: readonly string[];
  /** True when nothing was found: exit 0. */
  readonly ok: boolean;
}

/**
 * What the files and the history say of a database's applied revisions: the one comparison behind `verify` and
 * doctor's edited-applied-revisions check.
 */
export function appliedFileFindings(
  map: RevisionMap,
  scripts: ScriptLookup,
  versionRows: readonly string[],
  rows: readonly HistoryRow[],
) {
  // A row holding an id a squash replaces is known even when the original's file is gone.
  const known = versionRows.filter((id) => map.isKnown(id));
  const missingFiles = versionRows.filter((id) => !map.isKnown(id));
  const { mismatches, unverified } = compareChecksums(
    appliedRevisions(map, known),
    rows,
    scripts,
    fileChecksum,
  );
  const unfinished = rows.filter((row) => row.outcome === "started");
  return { changed: mismatches, missingFiles, unverified, unfinished };
}

export async function verify(config: ResolvedConfig, options: VerifyOptions = {}): Promise<VerifyResult> {
  const directory = ScriptDirectory.load(config);
  const target = databaseTarget(config, "verify", options);
  const accept = (options.accept ?? []).map((ident) => fullRevisionId(directory, ident));
  if (accept.length === 0) {
    const state = await readHistory(target);
    const found = appliedFileFindings(directory.map, directory, state.versionRows, state.rows);
    return { ...found, accepted: [], ok: isClean(found) };
  }
  return writeHistory(target, async ({ connection, history, state }) => {
    const applied = new Set(
      appliedRevisions(
        directory.map,
        state.versionRows.filter((id) => directory.map.isKnown(id)),
      ),
    );
    const notApplied = accept.filter((id) => !applied.has(id));
    if (notApplied.length > 0) {
      throw new AcceptRevisionError(
        `Cannot accept ${notApplied.join(", ")}: not an applied revision with a file; nothing was changed`,
      );
    }
    const identity = newRunIdentity();
    const now = new Date().toISOString();
    for (const [index, revision] of accept.entries()) {
      await executeBound(
        connection,
        history.insertSql({
          ...identity,
          seq: index + 1,
          revision,
          direction: "accept",
          startedAt: now,
          finishedAt: now,
          durationMs: 0,
          checksum: fileChecksum(directory.script(revision).path),
          outcome: "ok",
        }),
      );
    }
    const found = appliedFileFindings(directory.map, directory, state.versionRows, [
      ...(await history.read(connection)),
    ]);
    return { ...found, accepted: accept, ok: isClean(found) };
  });
}

function isClean(found: { changed: unknown[]; missingFiles: unknown[]; unfinished: unknown[] }): boolean {
  return found.changed.length === 0 && found.missingFiles.length === 0 && found.unfinished.length === 0;
}
