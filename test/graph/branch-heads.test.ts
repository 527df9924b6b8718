import { describe, expect, it } from "vitest";
import { branchHeads, divergentBranches, RevisionMap } from "../../src/graph/index.js";
import { r, sample } from "./fixtures.js";

describe("branchHeads", () => {
  it("puts heads without a label on one branch, and each labelled head on its labels", () => {
    const map = new RevisionMap([
      r("p"),
      r("a", ["p"]),
      r("b", ["p"]),
      r("n0", [], [], ["net"]),
      r("n1", ["n0"]),
    ]);
    expect(branchHeads(map)).toEqual([
      { label: null, heads: ["a", "b"] },
      { label: "net", heads: ["n1"] },
    ]);
    expect(divergentBranches(map)).toEqual([{ label: null, heads: ["a", "b"] }]);
  });

  it("finds two heads of one label, which an inherited label gives both sides of a fork", () => {
    const map = new RevisionMap([r("b0", [], [], ["billing"]), r("b1", ["b0"]), r("b2", ["b0"]), r("m")]);
    expect(divergentBranches(map)).toEqual([{ label: "billing", heads: ["b1", "b2"] }]);
  });

  it("counts an effective head on its own branch: a dependency does not merge branches", () => {
    // The sample: the main line's head, and the networking branch depending on the main line.
    expect(divergentBranches(sample())).toEqual([]);
    const map = new RevisionMap([r("a"), r("b", [], ["a"])]);
    expect(map.heads()).toEqual(["a", "b"]);
    expect(divergentBranches(map)).toEqual([{ label: null, heads: ["a", "b"] }]);
  });
});
