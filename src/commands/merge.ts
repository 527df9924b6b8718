// `retort merge`: a new revision whose down revisions are the given ones (`heads` merges every head), and
// `merge --auto`, which merges the heads of each branch that has several, and does nothing when none has.

import type { ResolvedConfig } from "../config/types.js";
import { divergentBranches } from "../graph/index.js";
import { type GeneratedRevision, generateRevision } from "../script/generate-revision.js";
import { ScriptDirectory } from "../script/script-directory.js";
import { ScriptWriteError } from "../script/script-errors.js";

export interface MergeOptions {
  /** Identifiers of the revisions to merge, e.g. `["heads"]` or two ids. */
  readonly revisions: readonly string[];
  readonly message?: string;
  readonly branchLabel?: readonly string[];
  readonly revId?: string;
}

export async function merge(config: ResolvedConfig, options: MergeOptions): Promise<GeneratedRevision> {
  const directory = ScriptDirectory.load(config);
  const parents: string[] = [];
  for (const ident of options.revisions) {
    for (const id of directory.map.resolve(ident)) if (!parents.includes(id)) parents.push(id);
  }
  if (parents.length < 2) {
    throw new ScriptWriteError(
      `Nothing to merge: ${options.revisions.join(" ")} names ${parents.length === 0 ? "no revision" : `only ${parents[0]}`}; a merge needs at least two revisions`,
    );
  }
  return writeMerge(directory, parents, options);
}

function writeMerge(
  directory: ScriptDirectory,
  parents: readonly string[],
  options: Omit<MergeOptions, "revisions">,
): Promise<GeneratedRevision> {
  return generateRevision(directory, {
    parents,
    message: options.message,
    branchLabels: options.branchLabel,
    revId: options.revId,
  });
}

export interface AutoMergeOptions {
  /** The message of every merge written; default `merge <id1> and <id2>`. */
  readonly message?: string;
}

export interface AutoMerge extends GeneratedRevision {
  /** The branch label whose heads were merged, or null for heads without a label. */
  readonly branch: string | null;
  readonly parents: readonly string[];
}

/** `merge a and b`, `merge a, b and c`. */
export function autoMergeMessage(parents: readonly string[]): string {
  return parents.length < 2
    ? `merge ${parents.join("")}`
    : `merge ${parents.slice(0, -1).join(", ")} and ${parents[parents.length - 1]}`;
}

/**
 * Writes one merge revision for each branch with more than one head (the heads of a branch label, or the
 * heads that carry no label), and returns them; returns [] when every branch has one head. Branches are taken
 * one at a time and the graph read again after each merge: a merge can settle two branches at once when a
 * head carries both labels.
 */
export async function mergeAuto(
  config: ResolvedConfig,
  options: AutoMergeOptions = {},
): Promise<AutoMerge[]> {
  const written: AutoMerge[] = [];
  for (;;) {
    const directory = ScriptDirectory.load(config);
    const branch = divergentBranches(directory.map)[0];
    if (branch === undefined) return written;
    const parents = branch.heads;
    const merged = await writeMerge(directory, parents, {
      message: options.message ?? autoMergeMessage(parents),
    });
    written.push({ ...merged, branch: branch.label, parents });
  }
}
