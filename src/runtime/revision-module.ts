// What loading a revision file yields: its upgrade and downgrade functions. Both loaders (the cached bundle and
// the per-file path) produce this shape, and the runner consumes it.

import type { Op } from "../operations/op.js";

export type MigrationFunction = (op: Op) => unknown;

export interface RevisionModule {
  readonly upgrade: MigrationFunction | undefined;
  readonly downgrade: MigrationFunction | undefined;
  /**
   * The checksum of the bytes the module was built from, when the loader read them itself (the bundle); a run
   * records it in the history without reading the file again.
   */
  readonly checksum?: string;
}
