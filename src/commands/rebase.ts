// `retort rebase REV --onto TARGET` and `retort rebase --all-heads-onto TARGET`: make a head's own line build on
// another revision by rewriting one file's `downRevision` (and its `Revises:` line), after checking that the
// graph that results is sound and that no database has applied what moves. Every check runs before any write.

import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { displayPath } from "../config/paths.js";
import type { ResolvedConfig } from "../config/types.js";
import { redactUrl } from "../config/url.js";
import { RetortError, UsageError } from "../errors.js";
import { planRebase, planRebaseAllHeads, type RevisionMap } from "../graph/index.js";
import { databaseTarget, readDatabaseHeads } from "../runtime/database-target.js";
import { parseHeader } from "../script/header-parser.js";
import { rewriteDownRevisions } from "../script/rewrite-revision.js";
import { ScriptDirectory } from "../script/script-directory.js";
import { ScriptWriteError } from "../script/script-errors.js";
import { unifiedDiff } from "../script/unified-diff.js";

export interface RebaseOptions {
  /** The head to move (any identifier naming one revision); with `onto`. */
  readonly revision?: string;
  readonly onto?: string;
  /** Instead of `revision` and `onto`: stack every other head of this head's branch on top of it. */
  readonly allHeadsOnto?: string;
  /** Compute the change and its diff; write nothing. */
  readonly dryRun?: boolean;
  /** Do not ask the database whether it has applied the revisions that move. */
  readonly offline?: boolean;
}

export interface RebaseChange {
  /** The head whose line moved. */
  readonly head: string;
  /** The revision whose file is rewritten, and its down revisions before and after. */
  readonly revision: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** Every revision that now builds on `to`, lowest first. */
  readonly moved: readonly string[];
  /** Absolute path of the file. */
  readonly path: string;
  /** Unified diff of the file, paths as shown to the user. */
  readonly diff: string;
}

/** Whether the database was asked, and what it said. */
export type RebaseDatabaseCheck =
  | { readonly checked: true; readonly url: string; readonly rows: readonly string[] }
  | { readonly checked: false; readonly reason: "offline" | "no-url" | "nothing-to-move" };

export interface RebaseResult {
  /** Empty when there was nothing to move. */
  readonly changes: readonly RebaseChange[];
  readonly dryRun: boolean;
  readonly database: RebaseDatabaseCheck;
}

/** A database has run a revision that the rebase would move: its history would no longer match the files. */
export class RevisionAppliedError extends RetortError {}

/** The database could not be asked; `--offline` rebases without asking. */
export class DatabaseUnavailableError extends RetortError {}

export async function rebase(config: ResolvedConfig, options: RebaseOptions): Promise<RebaseResult> {
  const all = options.allHeadsOnto !== undefined;
  if (all && (options.revision !== undefined || options.onto !== undefined)) {
    throw new UsageError("rebase takes REV --onto TARGET, or --all-heads-onto TARGET, not both");
  }
  if (!all && (options.revision === undefined || options.onto === undefined)) {
    throw new UsageError("rebase needs REV --onto TARGET (or --all-heads-onto TARGET)");
  }
  const directory = ScriptDirectory.load(config);
  const { map } = directory;
  const plan = all
    ? planRebaseAllHeads(map, one(map, options.allHeadsOnto!, "--all-heads-onto"))
    : planRebase(map, one(map, options.revision!, "REV"), map.resolveOne(options.onto!));

  const moved = plan.moves.flatMap((move) => move.moved);
  const database =
    plan.moves.length === 0
      ? skipped("nothing-to-move")
      : await checkDatabase(config, map, moved, options.offline === true);

  const changes = plan.moves.map((move) => {
    const path = directory.script(move.revision).path;
    const before = readRevisionText(path);
    const after = rewriteDownRevisions(before, move.to, path);
    checkRewritten(after, move.to, path);
    const shown = displayPath(path);
    return { ...move, path, before, after, diff: unifiedDiff(before, after, shown) };
  });
  if (!options.dryRun) replaceFiles(changes.map((change) => [change.path, change.after]));
  return {
    changes: changes.map(({ before: _before, after: _after, ...change }) => change),
    dryRun: options.dryRun === true,
    database,
  };
}

/** An identifier that must name exactly one revision. */
function one(map: RevisionMap, ident: string, what: string): string {
  const id = map.resolveOne(ident);
  if (id === undefined) throw new UsageError(`${what} must name a revision, not base`);
  return id;
}

function skipped(reason: "offline" | "no-url" | "nothing-to-move"): RebaseDatabaseCheck {
  return { checked: false, reason };
}

async function checkDatabase(
  config: ResolvedConfig,
  map: RevisionMap,
  moved: readonly string[],
  offline: boolean,
): Promise<RebaseDatabaseCheck> {
  if (offline) return skipped("offline");
  if (!config.url) return skipped("no-url");
  const target = databaseTarget(config, "rebase");
  const url = redactUrl(target.url);
  let rows: string[];
  try {
    rows = await readDatabaseHeads(target);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new DatabaseUnavailableError(
      `Cannot check whether ${url} has applied ${moved.join(", ")}: ${reason}`,
      {
        hint: "rebase with --offline to skip the check, if no database has run these revisions",
        cause: error,
      },
    );
  }
  const applied = appliedRevisions(map, rows);
  const clash = moved.filter((id) => applied.has(id));
  if (clash.length > 0) {
    throw new RevisionAppliedError(
      `${url} has applied ${clash.join(", ")} (version table ${config.versionTable}: ${rows.join(", ")}); rebasing would change history the database has already run`,
      { hint: "merge the heads instead (retort merge --auto), or downgrade that database first" },
    );
  }
  return { checked: true, url, rows };
}

/**
 * The rows and everything they imply: each revision the database has run. A row holding an id a squash replaces
 * has run part of the squash, so the squash counts as applied: moving it would change what that database ran.
 */
function appliedRevisions(map: RevisionMap, rows: readonly string[]): Set<string> {
  return new Set(map.ancestry(rows.map((id) => map.replacement(id)?.squash ?? id)));
}

/** The file as text, refusing one whose bytes would not survive decoding (so the rest stays byte for byte). */
function readRevisionText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ScriptWriteError(`Cannot read ${displayPath(path)}: ${(error as Error).message}`);
  }
  const text = bytes.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(bytes)) {
    throw new ScriptWriteError(`${displayPath(path)} is not valid UTF-8; rebase rewrites only UTF-8 files`);
  }
  return text;
}

/** Reads the rewritten header back: a rewrite the graph would read differently is never written. */
function checkRewritten(text: string, expected: readonly string[], path: string): void {
  const value = parseHeader(text).values.downRevision;
  const written = value === null || value === undefined ? [] : typeof value === "string" ? [value] : value;
  if (written.length !== expected.length || written.some((id, index) => id !== expected[index])) {
    throw new ScriptWriteError(
      `Rewriting ${displayPath(path)} would not give it downRevision ${expected.join(", ")}`,
    );
  }
}

/**
 * Writes each new text beside its file, then renames them all over the originals: a reader never sees half a
 * file, and a write that fails leaves every file as it was. Modes are kept.
 */
function replaceFiles(files: readonly (readonly [path: string, text: string])[]): void {
  const written: string[] = [];
  try {
    for (const [path, text] of files) {
      const temporary = `${path}.${process.pid}.retort-tmp`;
      writeFileSync(temporary, text, { mode: statSync(path).mode, flag: "wx" });
      written.push(temporary);
    }
  } catch (error) {
    for (const temporary of written) rmSync(temporary, { force: true });
    throw new ScriptWriteError(
      `Cannot write beside ${displayPath(files[written.length]![0])}: ${(error as Error).message}`,
    );
  }
  for (const [index, [path]] of files.entries()) renameSync(written[index]!, path);
}
