// Plans for `retort rebase`: which revision's downRevision to rewrite so that a head's own line builds on another
// revision, and whether the graph that results is one Retort accepts. Pure: the command rewrites the files.

import { branchesOf, branchName, divergentBranches } from "./branch-heads.js";
import { CycleError, RebaseRefusedError, RevisionNotFoundError } from "./graph-errors.js";
import { RevisionMap } from "./revision-map.js";
import type { RevisionInput } from "./types.js";

export interface RebaseMove {
  /** The head whose line moves. */
  readonly head: string;
  /** The revision whose downRevision is rewritten: the lowest revision of the line. */
  readonly revision: string;
  /** Its down revisions before and after. */
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** The revisions whose ancestry changes: the line from `revision` up to `head`, lowest first. */
  readonly moved: readonly string[];
}

export interface RebasePlan {
  /** In the order they apply; empty when there is nothing to move. */
  readonly moves: readonly RebaseMove[];
  /** The graph after every move. */
  readonly map: RevisionMap;
}

/**
 * Moves `head`'s own line onto `onto` (undefined: onto base). The line is the head and the revisions below it
 * that belong to it alone: the walk down stops at a branch point, at a merge, at a root, and at anything
 * `onto` already builds on (through down revisions or dependencies). Its lowest revision gets `onto` as its
 * only down revision. This is `git rebase --onto`: the revisions that would otherwise be left behind as a
 * second head move along. Ids must be full revision ids.
 */
export function planRebase(map: RevisionMap, head: string, onto: string | undefined): RebasePlan {
  requireHead(map, head);
  if (onto !== undefined) requireRevision(map, onto);
  const move = planMove(map, head, onto);
  if (move === undefined) return { moves: [], map };
  const after = applyMoves(map, [move], onto);
  checkResult(map, after, [move]);
  return { moves: [move], map: after };
}

/**
 * Stacks every other head of `onto`'s branches on top of it, one after another in id order: the first onto
 * `onto`, the next onto the first, and so on, so that each branch ends in one line. `onto` must be a head.
 */
export function planRebaseAllHeads(map: RevisionMap, onto: string): RebasePlan {
  requireRevision(map, onto);
  if (!map.get(onto)!.isHead) {
    throw new RebaseRefusedError(
      "not-a-head",
      `Revision ${onto} is not a head; --all-heads-onto stacks the other heads of its branch on top of a head`,
    );
  }
  const branches = new Set(branchesOf(map, onto));
  const others = new Set<string>();
  for (const branch of divergentBranches(map)) {
    if (!branches.has(branch.label)) continue;
    for (const id of branch.heads) if (id !== onto) others.add(id);
  }
  const moves: RebaseMove[] = [];
  let current = map;
  let tip = onto;
  for (const head of [...others].sort()) {
    const move = planMove(current, head, tip);
    if (move !== undefined) {
      current = applyMoves(current, [move], tip);
      moves.push(move);
    }
    tip = head;
  }
  if (moves.length > 0) checkResult(map, current, moves);
  return { moves, map: current };
}

function requireRevision(map: RevisionMap, id: string): void {
  if (map.get(id) === undefined) throw new RevisionNotFoundError(id);
}

function requireHead(map: RevisionMap, id: string): void {
  requireRevision(map, id);
  if (!map.get(id)!.isHead) {
    throw new RebaseRefusedError(
      "not-a-head",
      `Revision ${id} is not a head; rebase moves a head, with the revisions below it on its own line`,
      { hint: `heads: ${map.heads().join(", ")}` },
    );
  }
}

/** `id` and everything it builds on, through down revisions and dependencies. */
function ancestry(map: RevisionMap, id: string | undefined): Set<string> {
  const seen = new Set<string>();
  const stack = id === undefined ? [] : [id];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    const revision = map.get(next)!;
    for (const down of revision.downRevisions) stack.push(down);
    for (const dependency of revision.dependencies) stack.push(dependency);
  }
  return seen;
}

function planMove(map: RevisionMap, head: string, onto: string | undefined): RebaseMove | undefined {
  const below = ancestry(map, onto);
  const line = [head];
  let lowest = map.get(head)!;
  for (;;) {
    if (lowest.downRevisions.length !== 1) break;
    const parent = map.get(lowest.downRevisions[0]!)!;
    if (below.has(parent.id) || parent.children.length !== 1) break;
    lowest = parent;
    line.unshift(parent.id);
  }
  const to = onto === undefined ? [] : [onto];
  const from = lowest.downRevisions;
  if (from.length === to.length && from.every((id, index) => id === to[index])) return undefined;
  if (from.length > 1 && !from.every((id) => below.has(id))) {
    throw new RebaseRefusedError(
      "merge-point",
      `The line of ${head} starts at merge ${lowest.id} (of ${from.join(", ")}), which ${onto ?? "base"} does not build on; rebase moves a line with one parent`,
      { hint: `merge instead: retort merge ${head} ${onto ?? "heads"}` },
    );
  }
  return { head, revision: lowest.id, from, to, moved: line };
}

function applyMoves(map: RevisionMap, moves: readonly RebaseMove[], onto: string | undefined): RevisionMap {
  const rewritten = new Map(moves.map((move) => [move.revision, move.to]));
  const inputs: RevisionInput[] = map.all().map((revision) => ({
    id: revision.id,
    downRevisions: rewritten.get(revision.id) ?? revision.downRevisions,
    dependsOn: revision.dependsOn,
    branchLabels: revision.branchLabels,
  }));
  try {
    return new RevisionMap(inputs);
  } catch (error) {
    if (!(error instanceof CycleError)) throw error;
    const heads = moves.map((move) => move.head).join(", ");
    throw new RebaseRefusedError(
      "cycle",
      `Rebasing ${heads} onto ${onto ?? "base"} would create a cycle: ${error.message}`,
      { cause: error },
    );
  }
}

/** Refuses a result in which a moved head lost a label, or a branch has two heads that it did not have before. */
function checkResult(before: RevisionMap, after: RevisionMap, moves: readonly RebaseMove[]): void {
  const heads = moves.map((move) => move.head);
  const target = moves[0]!.to[0] ?? "base";
  for (const head of heads) {
    const kept = new Set(after.get(head)!.labels);
    const lost = before.get(head)!.labels.filter((label) => !kept.has(label));
    if (lost.length > 0) {
      throw new RebaseRefusedError(
        "labels",
        `Rebasing ${head} onto ${target} would take it off branch ${lost.map((label) => `'${label}'`).join(", ")}: ${target} is not on that branch`,
        { hint: "rebase onto a revision of the same branch, or give the line its own --branch-label" },
      );
    }
  }
  const divergedBefore = new Map(divergentBranches(before).map((branch) => [branch.label, branch.heads]));
  for (const branch of divergentBranches(after)) {
    const unchanged = divergedBefore.get(branch.label);
    const involved = branch.heads.some((id) => heads.includes(id));
    if (!involved && unchanged !== undefined) continue;
    const otherHeads = branch.heads.filter((id) => !heads.includes(id));
    throw new RebaseRefusedError(
      "multiple-heads",
      `Rebasing ${heads.join(", ")} onto ${target} would leave ${branch.heads.length} heads on branch ${branchName(branch.label)}: ${branch.heads.join(", ")}`,
      {
        hint:
          otherHeads.length > 0 && involved
            ? `stack every head of the branch with --all-heads-onto ${otherHeads[0]}, or merge them: retort merge --auto`
            : "rebase onto a head of the branch, or merge: retort merge --auto",
      },
    );
  }
}
