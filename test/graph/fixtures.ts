// Graph shapes shared by the graph tests.

import { RevisionMap } from "../../src/graph/index.js";

export const r = (
  id: string,
  down: string[] = [],
  dependsOn: string[] = [],
  branchLabels: string[] = [],
) => ({
  id,
  downRevisions: down,
  dependsOn,
  branchLabels,
});

/** The sample graph of the reference study: a branch and merge on the main line, and a labelled second root
 * that depends on the main line's branchpoint. */
export const sample = () =>
  new RevisionMap([
    r("1975ea83b712"),
    r("27c6a30d7c24", ["1975ea83b712"]),
    r("ae1027a6acf1", ["27c6a30d7c24"]),
    r("3cac04ae8714", ["27c6a30d7c24"]),
    r("53fffde5ad5c", ["3cac04ae8714", "ae1027a6acf1"]),
    r("4a5b6c7d8e9f", ["53fffde5ad5c"]),
    r("5b3a1d2c9e0f", [], [], ["networking"]),
    r("6c4b2e3d0f1a", ["5b3a1d2c9e0f"], ["27c6a30d7c24"]),
  ]);
