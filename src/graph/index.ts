// The revision graph: pure data and functions over revisions, no I/O.

export { type BranchHeads, branchesOf, branchHeads, branchName, divergentBranches } from "./branch-heads.js";
export type { GraphLinks } from "./graph-core.js";
export * from "./graph-errors.js";
export { planRebase, planRebaseAllHeads, type RebaseMove, type RebasePlan } from "./rebase-plan.js";
export { type MapSnapshot, type ResolveOptions, type Revision, RevisionMap } from "./revision-map.js";
export type { Replacement } from "./squashes.js";
export type { MigrationStep, Plan, RevisionInput, VersionChange } from "./types.js";
