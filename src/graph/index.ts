// The revision graph: pure data and functions over revisions, no I/O.

export * from "./graph-errors.js";
export { type ResolveOptions, type Revision, RevisionMap } from "./revision-map.js";
export type { MigrationStep, Plan, RevisionInput, VersionChange } from "./types.js";
