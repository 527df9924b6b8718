// `retort doctor [--base GIT_REF]`: every problem of a project's revision files at once, for CI. Unlike a load,
// which stops at the first bad file, each file is read on its own; the graph is then checked for branches with
// several heads and, against a git ref, for new revisions that do not build on that ref's heads; finally every
// module is imported (not run) to check that it has an upgrade() and either a downgrade() or the irreversible mark.
// With a database configured and reachable, applied revisions whose file changed since they ran are reported too.

import { readFileSync } from "node:fs";
import { displayPath } from "../config/paths.js";
import type { ResolvedConfig } from "../config/types.js";
import { RetortError } from "../errors.js";
import { branchesOf, branchName, divergentBranches, RevisionMap } from "../graph/index.js";
import { databaseTarget } from "../runtime/database-target.js";
import { mismatchLine } from "../runtime/history-check.js";
import { type HistorySnapshot, readHistory } from "../runtime/history-store.js";
import { loadRevisionModule, loadRevisionModules } from "../runtime/revision-loader.js";
import type { RevisionModule } from "../runtime/revision-module.js";
import { hasEmptyBody } from "../script/function-body.js";
import { revisionsAtRef } from "../script/git-revisions.js";
import { HeaderSyntaxError, lineAt, readBooleanConst } from "../script/header-parser.js";
import {
  buildRevisionMap,
  fileNameMismatchMessage,
  inspectRevisionFiles,
  type RevisionScript,
} from "../script/script-directory.js";
import { ScriptLoadError } from "../script/script-errors.js";
import { appliedFileFindings } from "./verify.js";

export type DoctorProblemKind =
  /** A header that cannot be read without running the file (a non-literal constant, a missing one…). */
  | "unreadable-file"
  | "file-name"
  | "duplicate-revision"
  /** The graph does not build: a missing parent or dependency, a cycle, a label used twice. */
  | "graph"
  | "multiple-heads"
  /** A revision added since `--base` that does not build on that ref's head of its branch. */
  | "not-on-base-heads"
  /** The module cannot be imported, or exports no upgrade(). */
  | "module"
  | "no-downgrade"
  /** An applied revision whose file differs from the checksum recorded when the database ran it. */
  | "edited-applied-revision";

export interface DoctorProblem {
  readonly kind: DoctorProblemKind;
  /** One line, naming the file (and line) where there is one. */
  readonly message: string;
  /** Absolute path of the file concerned, if one is. */
  readonly path?: string;
  readonly revisions: readonly string[];
  readonly hint?: string;
}

export interface DoctorOptions {
  /** A git ref (branch, tag, commit): revisions added since it must build on its heads. */
  readonly base?: string;
}

export interface DoctorResult {
  /** No problems. */
  readonly ok: boolean;
  /** Revision files found. */
  readonly files: number;
  readonly problems: readonly DoctorProblem[];
  /** Checks that did not run, and why. */
  readonly notChecked: readonly { readonly check: string; readonly reason: string }[];
  /** With `base`: the commit it named, its heads, and the revisions added since. */
  readonly base?: {
    readonly ref: string;
    readonly commit: string;
    readonly heads: readonly string[];
    readonly added: readonly string[];
  };
}

/** Thrown by the CLI after printing the problems: exit 1. */
export class DoctorFailedError extends RetortError {}

const GRAPH_REASON = "the revision graph does not build (see the graph problem)";

export const IRREVERSIBLE_HINT =
  'write downgrade(), or, if the revision cannot be undone, declare "export const irreversible = true;"';

export async function doctor(config: ResolvedConfig, options: DoctorOptions = {}): Promise<DoctorResult> {
  const problems: DoctorProblem[] = [];
  const notChecked: { check: string; reason: string }[] = [];
  const reports = inspectRevisionFiles(config);

  const scripts = new Map<string, RevisionScript>();
  for (const report of reports) {
    if ("error" in report) {
      problems.push({
        kind: "unreadable-file",
        message: report.error.message,
        path: report.path,
        revisions: [],
      });
      continue;
    }
    const { script } = report;
    if (!report.fileNameMatches) {
      problems.push({
        kind: "file-name",
        message: fileNameMismatchMessage(script.path, script.id),
        path: script.path,
        revisions: [script.id],
        hint: `rename the file to ${script.id}_<slug> with the same extension`,
      });
    }
    const first = scripts.get(script.id);
    if (first !== undefined) {
      problems.push({
        kind: "duplicate-revision",
        message: `Revision ${script.id} is defined twice: ${displayPath(first.path)} and ${displayPath(script.path)}`,
        path: script.path,
        revisions: [script.id],
      });
      continue;
    }
    scripts.set(script.id, script);
  }

  let map: RevisionMap | undefined;
  try {
    map = buildRevisionMap(scripts);
  } catch (error) {
    if (!(error instanceof ScriptLoadError)) throw error;
    problems.push({
      kind: "graph",
      message: error.message,
      revisions: [],
      ...(error.hint ? { hint: error.hint } : {}),
    });
  }

  if (map === undefined) notChecked.push({ check: "multiple-heads", reason: GRAPH_REASON });
  else problems.push(...multipleHeads(map));

  let base: DoctorResult["base"];
  if (options.base !== undefined) {
    if (map === undefined) notChecked.push({ check: "not-on-base-heads", reason: GRAPH_REASON });
    else {
      const checked = againstBase(config, map, scripts, options.base, notChecked);
      base = checked.base;
      problems.push(...checked.problems);
    }
  }

  problems.push(...(await moduleProblems(config, scripts)));

  problems.push(...(await editedAppliedRevisions(config, scripts, map, notChecked)));

  return {
    ok: problems.length === 0,
    files: reports.length,
    problems,
    notChecked,
    ...(base ? { base } : {}),
  };
}

/**
 * Applied revisions whose file changed since the configured database ran them (verify's comparison). Skipped, and
 * said so, without a URL, without a history table, without a graph, or when the database cannot be read.
 */
async function editedAppliedRevisions(
  config: ResolvedConfig,
  scripts: ReadonlyMap<string, RevisionScript>,
  map: RevisionMap | undefined,
  notChecked: { check: string; reason: string }[],
): Promise<DoctorProblem[]> {
  const skip = (reason: string): DoctorProblem[] => {
    notChecked.push({ check: "edited-applied-revisions", reason });
    return [];
  };
  if (!config.url) return skip("no database URL is configured");
  if (config.historyTable === false) return skip("the config keeps no history (historyTable: false)");
  if (map === undefined) return skip(GRAPH_REASON);
  let state: HistorySnapshot;
  try {
    state = await readHistory(databaseTarget(config, "doctor"));
  } catch (error) {
    if (!(error instanceof RetortError)) throw error;
    return skip(`the database could not be read: ${error.message}`);
  }
  const lookup = { script: (id: string) => scripts.get(id)! };
  const { changed } = appliedFileFindings(map, lookup, state.versionRows, state.rows);
  return changed.map((mismatch) => ({
    kind: "edited-applied-revision",
    message: mismatchLine({ ...mismatch, path: displayPath(mismatch.path) }),
    path: mismatch.path,
    revisions: [mismatch.revision],
    hint: `restore the file, or record the edit with \`retort verify --accept ${mismatch.revision}\` if it was deliberate`,
  }));
}

function multipleHeads(map: RevisionMap): DoctorProblem[] {
  return divergentBranches(map).map((branch) => {
    const [first, ...others] = branch.heads;
    return {
      kind: "multiple-heads",
      message: `Branch ${branchName(branch.label)} has ${branch.heads.length} heads: ${branch.heads.join(", ")}`,
      revisions: branch.heads,
      hint:
        others.length === 1
          ? `retort rebase ${others[0]} --onto ${first}, or retort merge --auto`
          : `retort rebase --all-heads-onto ${first}, or retort merge --auto`,
    };
  });
}

/** Ids reachable from `id` through down revisions, itself included. */
function lineBelow(map: RevisionMap, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...map.get(next)!.downRevisions);
  }
  return seen;
}

function againstBase(
  config: ResolvedConfig,
  map: RevisionMap,
  scripts: ReadonlyMap<string, RevisionScript>,
  ref: string,
  notChecked: { check: string; reason: string }[],
): { base: DoctorResult["base"]; problems: DoctorProblem[] } {
  const then = revisionsAtRef(config, ref);
  let baseMap: RevisionMap;
  try {
    baseMap = new RevisionMap(then.revisions);
  } catch (error) {
    notChecked.push({
      check: "not-on-base-heads",
      reason: `the revision graph at ${ref} does not build: ${(error as Error).message}`,
    });
    return { base: undefined, problems: [] };
  }
  const baseHeads = baseMap.heads().filter((id) => map.get(id) !== undefined);
  const added = map
    .all()
    .map((revision) => revision.id)
    .filter((id) => baseMap.get(id) === undefined);
  const problems: DoctorProblem[] = [];
  const heads = map.heads();
  for (const head of baseHeads) {
    const branches = new Set(branchesOf(map, head));
    const failing = new Set<string>();
    for (const id of added) {
      if (!branchesOf(map, id).some((branch) => branches.has(branch))) continue;
      if (lineBelow(map, id).has(head)) continue;
      failing.add(id);
    }
    for (const id of failing) {
      // Only the lowest new revisions of a line: the ones above say nothing more.
      if (map.get(id)!.downRevisions.some((down) => failing.has(down))) continue;
      const newHead = heads.find((candidate) => lineBelow(map, candidate).has(id));
      const ontoHead = heads.find(
        (candidate) => candidate !== newHead && lineBelow(map, candidate).has(head),
      );
      problems.push({
        kind: "not-on-base-heads",
        message: `${displayPath(scripts.get(id)!.path)}: revision ${id}, new since ${ref}, does not build on ${head}, the head of branch ${branchName(branchesOf(map, head)[0] ?? null)} at ${ref}`,
        path: scripts.get(id)!.path,
        revisions: [id, head],
        hint:
          newHead !== undefined && ontoHead !== undefined
            ? `retort rebase ${newHead} --onto ${ontoHead}`
            : "rebase the new revisions onto that head, or merge: retort merge --auto",
      });
    }
  }
  return {
    base: { ref, commit: then.commit, heads: baseMap.heads(), added },
    problems,
  };
}

async function loadAll(
  paths: readonly string[],
  rootDir: string,
): Promise<Map<string, RevisionModule | Error>> {
  try {
    return await loadRevisionModules(paths, rootDir);
  } catch {
    // The fast path stops at the first file that fails: load one by one to name every one of them.
    const loaded = new Map<string, RevisionModule | Error>();
    for (const path of paths) {
      try {
        loaded.set(path, await loadRevisionModule(path, rootDir));
      } catch (error) {
        loaded.set(path, error instanceof Error ? error : new Error(String(error)));
      }
    }
    return loaded;
  }
}

async function moduleProblems(
  config: ResolvedConfig,
  scripts: ReadonlyMap<string, RevisionScript>,
): Promise<DoctorProblem[]> {
  const list = [...scripts.values()];
  const loaded = await loadAll(
    list.map((script) => script.path),
    config.rootDir,
  );
  const problems: DoctorProblem[] = [];
  for (const script of list) {
    const where = displayPath(script.path);
    const module = loaded.get(script.path);
    if (module === undefined || module instanceof Error) {
      const reason = module?.message.split("\n")[0] ?? "not loaded";
      problems.push({ kind: "module", message: reason, path: script.path, revisions: [script.id] });
      continue;
    }
    if (module.upgrade === undefined) {
      problems.push({
        kind: "module",
        message: `${where}: revision ${script.id} exports no upgrade() function`,
        path: script.path,
        revisions: [script.id],
      });
    }
    const missing = module.downgrade === undefined;
    const empty =
      !missing &&
      hasEmptyBody(module.downgrade!) &&
      module.upgrade !== undefined &&
      !hasEmptyBody(module.upgrade);
    if (!missing && !empty) continue;
    let irreversible: boolean;
    try {
      irreversible = isMarkedIrreversible(script.path);
    } catch (error) {
      if (!(error instanceof ScriptLoadError)) throw error;
      problems.push({
        kind: "unreadable-file",
        message: error.message,
        path: script.path,
        revisions: [script.id],
      });
      continue;
    }
    if (irreversible) continue;
    problems.push({
      kind: "no-downgrade",
      message: `${where}: revision ${script.id} ${missing ? "exports no downgrade() function" : "has an empty downgrade() but a non-empty upgrade()"} and is not marked irreversible`,
      path: script.path,
      revisions: [script.id],
      hint: IRREVERSIBLE_HINT,
    });
  }
  return problems;
}

/** `export const irreversible = true;`, read without running the file like the other header constants. */
export function isMarkedIrreversible(path: string): boolean {
  const text = readFileSync(path, "utf8");
  try {
    return readBooleanConst(text, "irreversible")?.value === true;
  } catch (error) {
    if (error instanceof HeaderSyntaxError) {
      throw new ScriptLoadError(`${displayPath(path)}:${lineAt(text, error.offset)}: ${error.message}`);
    }
    throw error;
  }
}
