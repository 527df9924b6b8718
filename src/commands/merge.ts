// `retort merge`: a new revision whose down revisions are the given ones (`heads` merges every head).

import type { ResolvedConfig } from "../config/types.js";
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
  return generateRevision(directory, {
    parents,
    message: options.message,
    branchLabels: options.branchLabel,
    revId: options.revId,
  });
}
