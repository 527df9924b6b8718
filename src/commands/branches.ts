// `retort branches`: every branchpoint, newest first, with the revisions it branches into.

import type { ResolvedConfig } from "../config/types.js";
import { ScriptDirectory } from "../script/script-directory.js";

export function branches(config: ResolvedConfig) {
  const directory = ScriptDirectory.load(config);
  const points = directory.map
    .history()
    .filter((revision) => revision.isBranchPoint)
    .map((revision) => ({
      branchpoint: directory.script(revision.id),
      children: revision.children.map((id) => directory.script(id)),
    }));
  return { directory, branches: points };
}
