// Which heads share a branch. A branch is a branch label, or "no label" for the revisions that carry none;
// two heads on one branch are what a git merge of two feature branches leaves behind, and what `merge --auto`,
// `rebase` and `doctor` look for. Pure: works on a RevisionMap.

import type { RevisionMap } from "./revision-map.js";

export interface BranchHeads {
  /** The branch label, or null for heads that carry no label. */
  readonly label: string | null;
  /** The branch's heads, sorted by id. */
  readonly heads: readonly string[];
}

/**
 * Every branch and its heads: one entry per label some head carries (own or inherited), and one (label null)
 * for the heads without any label. A head with several labels appears under each. Unlabelled first, then by
 * label. Effective heads count: a head that another branch depends on is still the tip of its own.
 */
export function branchHeads(map: RevisionMap): BranchHeads[] {
  const byLabel = new Map<string | null, string[]>();
  for (const id of map.heads()) {
    const labels = map.get(id)!.labels;
    for (const label of labels.length === 0 ? [null] : labels) {
      const heads = byLabel.get(label);
      if (heads === undefined) byLabel.set(label, [id]);
      else heads.push(id);
    }
  }
  return [...byLabel.entries()]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1))
    .map(([label, heads]) => ({ label, heads }));
}

/** The branches with more than one head: what needs a merge or a rebase. */
export function divergentBranches(map: RevisionMap): BranchHeads[] {
  return branchHeads(map).filter((branch) => branch.heads.length > 1);
}

/** How a branch is named in messages: `'billing'`, or `(no label)`. */
export function branchName(label: string | null): string {
  return label === null ? "(no label)" : `'${label}'`;
}

/** The branches a revision belongs to, by the same rule: its labels, or null when it carries none. */
export function branchesOf(map: RevisionMap, id: string): (string | null)[] {
  const labels = map.get(id)?.labels ?? [];
  return labels.length === 0 ? [null] : [...labels];
}
