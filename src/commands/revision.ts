// `retort revision`: a new revision file on top of the current head (or `--head REV`), from the project's
// template. Returns the new id and path; prints nothing.

import type { ResolvedConfig } from "../config/types.js";
import { MultipleHeadsError } from "../graph/graph-errors.js";
import { type GeneratedRevision, generateRevision, type RevisionBody } from "../script/generate-revision.js";
import { ScriptDirectory } from "../script/script-directory.js";
import { ScriptWriteError } from "../script/script-errors.js";

export interface RevisionOptions {
  readonly message?: string;
  /** The revision to build on: `head` (default), `base` for a new root, `label@head`, an id or prefix… */
  readonly head?: string;
  /** Allow `head` to name a revision that is not a head, starting a new branch. */
  readonly splice?: boolean;
  readonly branchLabel?: readonly string[];
  readonly versionPath?: string;
  readonly dependsOn?: readonly string[];
  readonly revId?: string;
  /** Generated code for upgrade() and downgrade() (autogenerate); empty functions without it. */
  readonly body?: RevisionBody;
  /** The revision files, when the caller has loaded them already (autogenerate compared against them). */
  readonly directory?: ScriptDirectory;
}

export async function revision(
  config: ResolvedConfig,
  options: RevisionOptions = {},
): Promise<GeneratedRevision> {
  const directory = options.directory ?? ScriptDirectory.load(config);
  const head = options.head ?? "head";
  let parents: readonly string[];
  try {
    parents = directory.map.resolve(head);
  } catch (error) {
    if (error instanceof MultipleHeadsError) {
      throw new ScriptWriteError(
        "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.",
        { cause: error, hint: `heads: ${error.heads.join(", ")}` },
      );
    }
    throw error;
  }
  return generateRevision(directory, {
    parents,
    splice: options.splice,
    message: options.message,
    branchLabels: options.branchLabel,
    versionPath: options.versionPath,
    dependsOn: options.dependsOn,
    revId: options.revId,
    body: options.body,
  });
}
