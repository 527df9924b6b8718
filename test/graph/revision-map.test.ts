import { describe, expect, it } from "vitest";
import {
  AmbiguousRevisionError,
  BranchNotFoundError,
  CurrentUnknownError,
  CycleError,
  DependencyCycleError,
  DependencyLoopError,
  DuplicateBranchLabelError,
  DuplicateRevisionError,
  InvalidIdentifierError,
  LoopError,
  MissingReferenceError,
  MultipleHeadsError,
  NotAncestorError,
  NotOnBranchError,
  OverlappingRevisionsError,
  RelativeStepError,
  RevisionMap,
  RevisionNotFoundError,
  StampConflictError,
} from "../../src/graph/index.js";
import { r, sample } from "./fixtures.js";

const libApp = () =>
  new RevisionMap([
    r("aaaa00000001", [], [], ["lib"]),
    r("aaaa00000002", ["aaaa00000001"]),
    r("bbbb00000001", [], ["aaaa00000002"], ["app"]),
  ]);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

describe("load errors", () => {
  it("rejects reserved characters and words in ids", () => {
    for (const bad of ["a@b", "a-b", "a+b", "a:b"]) {
      expect(() => new RevisionMap([r(bad)])).toThrow(InvalidIdentifierError);
    }
    expect(thrown(() => new RevisionMap([r("a@b")]))).toHaveProperty(
      "message",
      "Character(s) '@' not allowed in revision identifier 'a@b'",
    );
    expect(() => new RevisionMap([r("head")])).toThrow(InvalidIdentifierError);
    expect(() => new RevisionMap([r("a1", [], [], ["x@y"])])).toThrow(InvalidIdentifierError);
  });

  it("rejects duplicate ids", () => {
    expect(() => new RevisionMap([r("a1"), r("a1")])).toThrow(DuplicateRevisionError);
  });

  it("reports a missing down revision or dependency as a clean error with its facts", () => {
    const e = thrown(() => new RevisionMap([r("a1"), r("b1", ["zz"])])) as MissingReferenceError;
    expect(e).toBeInstanceOf(MissingReferenceError);
    expect([e.revision, e.missing, e.via]).toEqual(["b1", "zz", "downRevision"]);
    const d = thrown(() => new RevisionMap([r("a1"), r("b1", ["a1"], ["nope"])])) as MissingReferenceError;
    expect([d.revision, d.missing, d.via]).toEqual(["b1", "nope", "dependsOn"]);
  });

  it("detects self-loops in down revisions and dependencies", () => {
    expect(thrown(() => new RevisionMap([r("a1", ["a1"])]))).toHaveProperty(
      "message",
      "Self-loop is detected in revisions (a1)",
    );
    expect(() => new RevisionMap([r("a1", ["a1"])])).toThrow(LoopError);
    expect(() => new RevisionMap([r("a1"), r("b1", ["a1"], ["b1"])])).toThrow(DependencyLoopError);
  });

  it("detects cycles, naming the revisions involved", () => {
    const e = thrown(
      () =>
        new RevisionMap([r("a1"), r("b1", ["a1", "d1"]), r("c1", ["b1"]), r("d1", ["c1"]), r("e1", ["a1"])]),
    );
    expect(e).toBeInstanceOf(CycleError);
    expect((e as CycleError).revisions).toEqual(["b1", "c1", "d1"]);
    expect((e as Error).message).toBe("Cycle is detected in revisions (b1, c1, d1)");
    expect(() => new RevisionMap([r("a1", ["b1"]), r("b1", ["a1"])])).toThrow(CycleError);
  });

  it("detects dependency cycles", () => {
    const e = thrown(
      () =>
        new RevisionMap([
          r("a1", [], ["b2"]),
          r("a2", ["a1"]),
          r("b1", [], ["a2"]),
          r("b2", ["b1"]),
          r("c1"),
        ]),
    );
    expect(e).toBeInstanceOf(DependencyCycleError);
    expect((e as Error).message).toMatch(/^Dependency cycle is detected in revisions \(/);
  });

  it("rejects a branch label used twice or equal to a revision id", () => {
    const e = thrown(
      () => new RevisionMap([r("a1", [], [], ["x"]), r("b1", [], [], ["x"])]),
    ) as DuplicateBranchLabelError;
    expect(e.message).toBe("Branch name 'x' in revision b1 already used by revision a1");
    expect([e.label, ...e.revisions]).toEqual(["x", "a1", "b1"]);
    expect(() => new RevisionMap([r("a1"), r("b1", [], [], ["a1"])])).toThrow(DuplicateBranchLabelError);
  });
});

describe("structure", () => {
  it("children, labels, flags and dependencies of the sample", () => {
    const m = sample();
    expect(m.size).toBe(8);
    expect(m.heads()).toEqual(["4a5b6c7d8e9f", "6c4b2e3d0f1a"]);
    expect(m.bases()).toEqual(["1975ea83b712", "5b3a1d2c9e0f"]);
    expect(m.branchPoints()).toEqual(["27c6a30d7c24"]);
    expect(m.mergePoints()).toEqual(["53fffde5ad5c"]);
    const bp = m.get("27c6a30d7c24")!;
    expect(bp.children).toEqual(["3cac04ae8714", "ae1027a6acf1"]);
    expect(bp.isBranchPoint).toBe(true);
    expect(m.get("6c4b2e3d0f1a")!.labels).toEqual(["networking"]);
    expect(m.get("6c4b2e3d0f1a")!.dependencies).toEqual(["27c6a30d7c24"]);
    expect(m.get("27c6")).toBeUndefined();
  });

  it("effective heads: a head something depends on", () => {
    const m = libApp();
    expect(m.heads()).toEqual(["aaaa00000002", "bbbb00000001"]);
    expect(m.realHeads()).toEqual(["bbbb00000001"]);
    expect(m.isEffectiveHead("aaaa00000002")).toBe(true);
    expect(m.isEffectiveHead("bbbb00000001")).toBe(false);
    expect(m.resolve("heads")).toEqual(["bbbb00000001"]);
    expect(m.currentDisplay(["bbbb00000001"])).toEqual([
      { id: "aaaa00000002", effectiveHead: true },
      { id: "bbbb00000001", effectiveHead: false },
    ]);
  });

  it("a dependency on a label resolves to the revision declaring it", () => {
    const m = new RevisionMap([r("lib1", [], [], ["lib"]), r("lib2", ["lib1"]), r("app1", [], ["lib"])]);
    expect(m.get("app1")!.dependencies).toEqual(["lib1"]);
    expect(m.get("lib2")!.labels).toEqual(["lib"]);
  });
});

describe("identifier grammar", () => {
  const m = sample();
  it("full ids, prefixes of any unique length, labels", () => {
    expect(m.resolve("1975ea83b712")).toEqual(["1975ea83b712"]);
    expect(m.resolve("1")).toEqual(["1975ea83b712"]);
    expect(m.resolve("ae10")).toEqual(["ae1027a6acf1"]);
    expect(m.resolve("networking")).toEqual(["5b3a1d2c9e0f"]);
  });

  it("ambiguous prefixes list every candidate", () => {
    const e = thrown(() => m.resolve("5")) as AmbiguousRevisionError;
    expect(e).toBeInstanceOf(AmbiguousRevisionError);
    expect(e.candidates).toEqual(["53fffde5ad5c", "5b3a1d2c9e0f"]);
    expect(e.message).toBe("Multiple revisions start with '5': '53fffde5ad5c', '5b3a1d2c9e0f'");
  });

  it("not found, with the four-character hint for short prefixes", () => {
    expect(thrown(() => m.resolve("zz"))).toHaveProperty(
      "message",
      "No such revision or branch 'zz'; please ensure at least four characters are present for partial revision identifier matches",
    );
    expect(thrown(() => m.resolve("zzzzz"))).toHaveProperty("message", "No such revision or branch 'zzzzz'");
    expect(() => m.resolve("zzzzz")).toThrow(RevisionNotFoundError);
  });

  it("head with several heads names them; heads and base", () => {
    const e = thrown(() => m.resolve("head")) as MultipleHeadsError;
    expect(e).toBeInstanceOf(MultipleHeadsError);
    expect(e.heads).toEqual(["4a5b6c7d8e9f", "6c4b2e3d0f1a"]);
    expect(e.hint).toContain("4a5b6c7d8e9f, 6c4b2e3d0f1a");
    expect(m.resolve("heads")).toEqual(["4a5b6c7d8e9f", "6c4b2e3d0f1a"]);
    expect(m.resolve("base")).toEqual([]);
    expect(m.resolveOne("base")).toBeUndefined();
    expect(() => m.resolveOne("heads")).toThrow(MultipleHeadsError);
  });

  it("label@head, label@base, label@heads, label@rev, rev@head", () => {
    expect(m.resolve("networking@head")).toEqual(["6c4b2e3d0f1a"]);
    expect(m.resolve("networking@base")).toEqual([]);
    expect(m.resolve("networking@heads")).toEqual(["6c4b2e3d0f1a"]);
    expect(m.resolve("networking@6c4b")).toEqual(["6c4b2e3d0f1a"]);
    expect(m.resolve("ae10@head")).toEqual(["4a5b6c7d8e9f"]);
    expect(() => m.resolve("networking@ae1027a6acf1")).toThrow(NotOnBranchError);
    expect(() => m.resolve("networking@ae10")).toThrow("No such revision or branch 'ae10'");
    expect(() => m.resolve("nosuch@ae10")).toThrow(BranchNotFoundError);
  });

  it("relative forms: rev±N, head-N, label@-N, and ±N from current", () => {
    expect(m.resolve("ae10-1")).toEqual(["27c6a30d7c24"]);
    expect(m.resolve("1975+1")).toEqual(["27c6a30d7c24"]);
    expect(m.resolve("1975-1")).toEqual([]);
    expect(() => m.resolve("27c6+1")).toThrow(RelativeStepError);
    expect(m.resolve("networking@-1")).toEqual(["5b3a1d2c9e0f"]);
    expect(m.resolve("+1", { current: ["1975ea83b712"] })).toEqual(["27c6a30d7c24"]);
    expect(m.resolve("-1", { current: ["27c6a30d7c24"] })).toEqual(["1975ea83b712"]);
    expect(m.resolve("current", { current: ["ae1027a6acf1", "3cac04ae8714"] })).toEqual([
      "3cac04ae8714",
      "ae1027a6acf1",
    ]);
    expect(() => m.resolve("current")).toThrow(CurrentUnknownError);
    expect(() => m.resolve("+1", { current: ["ae1027a6acf1", "3cac04ae8714"] })).toThrow(
      "Ambiguous upgrade from multiple current revisions",
    );
    expect(() => m.resolve("4a5b+1")).toThrow("Walked too far");
    expect(() => m.resolve("1975+2")).toThrow("Ambiguous walk");
    const single = new RevisionMap([r("a001"), r("b002", ["a001"]), r("c003", ["b002"])]);
    expect(single.resolve("head-1")).toEqual(["b002"]);
    expect(single.resolve("heads-2")).toEqual(["a001"]);
  });
});

describe("plans", () => {
  it("upgrade with a cross-branch dependency keeps one row (SPEC §3 example)", () => {
    const m = new RevisionMap([r("A0"), r("A1", ["A0"]), r("B0"), r("B1", ["B0"], ["A1"])]);
    const plan = m.planUpgrade(["A1", "B0"], "B1");
    expect(plan.steps.map((s) => s.revision)).toEqual(["B1"]);
    expect(plan.steps[0]!.versionChanges).toEqual([
      { kind: "delete", id: "A1" },
      { kind: "update", from: "B0", to: "B1" },
    ]);
    expect(plan.headsAfter).toEqual(["B1"]);
    expect(m.currentDisplay(plan.headsAfter)).toEqual([
      { id: "A1", effectiveHead: true },
      { id: "B1", effectiveHead: false },
    ]);
  });

  it("merge deletes all but the last row in id order and updates the last; unmerge mirrors it", () => {
    const m = sample();
    const up = m.planUpgrade(["3cac04ae8714", "ae1027a6acf1"], "53ff");
    expect(up.steps[0]!.fromIds).toEqual(["3cac04ae8714", "ae1027a6acf1"]);
    expect(up.steps[0]!.versionChanges).toEqual([
      { kind: "delete", id: "3cac04ae8714" },
      { kind: "update", from: "ae1027a6acf1", to: "53fffde5ad5c" },
    ]);
    const down = m.planDowngrade(["53fffde5ad5c"], "27c6");
    expect(down.steps[0]!.versionChanges).toEqual([
      { kind: "insert", id: "3cac04ae8714" },
      { kind: "update", from: "53fffde5ad5c", to: "ae1027a6acf1" },
    ]);
    expect(down.headsAfter).toEqual(["27c6a30d7c24"]);
  });

  it("upgrade heads applies both branches in dependency order", () => {
    const plan = sample().planUpgrade(["53fffde5ad5c"], "heads");
    expect(plan.steps.map((s) => [s.revision, s.fromIds, s.toIds])).toEqual([
      ["5b3a1d2c9e0f", [], ["5b3a1d2c9e0f"]],
      ["6c4b2e3d0f1a", ["5b3a1d2c9e0f"], ["6c4b2e3d0f1a"]],
      ["4a5b6c7d8e9f", ["53fffde5ad5c"], ["4a5b6c7d8e9f"]],
    ]);
    expect(plan.headsAfter).toEqual(["4a5b6c7d8e9f", "6c4b2e3d0f1a"]);
  });

  it("upgrade head refuses several heads with Alembic's message", () => {
    expect(thrown(() => sample().planUpgrade([], "head"))).toHaveProperty(
      "message",
      "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
    );
  });

  it("upgrade -1 and downgrade +1 are errors; too long a relative step says so", () => {
    const m = sample();
    expect(() => m.planUpgrade(["27c6a30d7c24"], "-1")).toThrow(
      "Relative revision -1 didn't produce 1 migrations",
    );
    expect(() => m.planDowngrade(["27c6a30d7c24"], "+1")).toThrow(
      "Relative revision +1 didn't produce 1 migrations",
    );
    expect(() => m.planUpgrade(["1975ea83b712"], "+5")).toThrow(RelativeStepError);
  });

  it("downgrade -1 from several rows is refused instead of picking one", () => {
    expect(() => sample().planDowngrade(["4a5b6c7d8e9f", "6c4b2e3d0f1a"], "-1")).toThrow(
      /Ambiguous downgrade from multiple current revisions/,
    );
    expect(
      sample()
        .planDowngrade(["4a5b6c7d8e9f", "6c4b2e3d0f1a"], "networking@-1")
        .steps.map((s) => s.revision),
    ).toEqual(["6c4b2e3d0f1a"]);
  });

  it("upgrade to an applied revision is an empty plan that says why", () => {
    const plan = sample().planUpgrade(["4a5b6c7d8e9f"], "ae10");
    expect(plan.steps).toEqual([]);
    expect(plan.notice).toMatch(/ae1027a6acf1 already applied/);
  });

  it("a target on another line is not a valid destination", () => {
    expect(() => sample().planDowngrade(["1975ea83b712"], "4a5b")).toThrow(
      "Destination 4a5b is not a valid downgrade target from current head(s)",
    );
    expect(() => sample().planDowngrade(["1975ea83b712"], "4a5b")).toThrow(NotAncestorError);
  });

  it("rows that overlap are refused", () => {
    expect(() => sample().planUpgrade(["1975ea83b712", "27c6a30d7c24"], "heads")).toThrow(
      OverlappingRevisionsError,
    );
  });
});

describe("stamp", () => {
  it("never drops an unrelated branch's row (Alembic drops the networking head here)", () => {
    const plan = sample().planStamp(["4a5b6c7d8e9f", "6c4b2e3d0f1a"], ["27c6"]);
    expect(plan.headsAfter).toEqual(["27c6a30d7c24", "6c4b2e3d0f1a"]);
    expect(plan.steps.map((s) => [s.fromIds, s.toIds])).toEqual([[["4a5b6c7d8e9f"], ["27c6a30d7c24"]]]);
  });

  it("refuses a stamp that leaves a row depending on something above the stamped revision", () => {
    const e = thrown(() =>
      sample().planStamp(["4a5b6c7d8e9f", "6c4b2e3d0f1a"], ["1975"]),
    ) as StampConflictError;
    expect(e).toBeInstanceOf(StampConflictError);
    expect(e.keptRows).toEqual(["6c4b2e3d0f1a"]);
    expect(e.dependencies).toEqual(["27c6a30d7c24"]);
    const ok = sample().planStamp(["4a5b6c7d8e9f", "6c4b2e3d0f1a"], ["1975", "networking@base"]);
    expect(ok.headsAfter).toEqual(["1975ea83b712"]);
  });

  it("stamps several destinations and base like Alembic", () => {
    const m = sample();
    const two = m.planStamp(["1975ea83b712"], ["ae10", "3cac"]);
    expect(two.steps.map((s) => [s.fromIds, s.toIds, s.versionChanges])).toEqual([
      [["1975ea83b712"], ["ae1027a6acf1"], [{ kind: "update", from: "1975ea83b712", to: "ae1027a6acf1" }]],
      [["1975ea83b712"], ["3cac04ae8714"], [{ kind: "insert", id: "3cac04ae8714" }]],
    ]);
    expect(m.planStamp(["53fffde5ad5c", "6c4b2e3d0f1a"], ["base"]).headsAfter).toEqual([]);
    expect(m.planStamp(["6c4b2e3d0f1a"], ["heads"]).headsAfter).toEqual(["4a5b6c7d8e9f", "6c4b2e3d0f1a"]);
  });

  it("purge deletes every row first, even unknown ones", () => {
    const plan = sample().planStamp(["garbage", "1975ea83b712"], ["1975"], { purge: true });
    expect(plan.steps[0]!.versionChanges).toEqual([
      { kind: "delete", id: "1975ea83b712" },
      { kind: "delete", id: "garbage" },
    ]);
    expect(plan.headsAfter).toEqual(["1975ea83b712"]);
  });

  it("several heads for a single-revision stamp uses the stamp message", () => {
    expect(() => sample().planStamp([], ["head"])).toThrow(
      "Multiple heads are present; please specify a single target revision",
    );
  });
});

describe("history", () => {
  it("ranges are inclusive; a wrong-way range is refused with Alembic's message", () => {
    const m = sample();
    expect(m.history({ start: "27c6", end: "53ff" }).map((x) => x.id)).toEqual([
      "53fffde5ad5c",
      "3cac04ae8714",
      "ae1027a6acf1",
      "27c6a30d7c24",
    ]);
    expect(() => m.history({ start: "4a5b", end: "ae10" })).toThrow(
      "Requested range 4a5b:ae10 does not refer to ancestor/descendant revisions along the same branch",
    );
    expect(m.history({ start: "27c6", end: "4a5b-1" })[0]!.id).toBe("53fffde5ad5c");
  });

  it("current as either end", () => {
    const m = sample();
    expect(m.history({ end: "current" }, { current: ["27c6a30d7c24"] }).map((x) => x.id)).toEqual([
      "27c6a30d7c24",
      "1975ea83b712",
    ]);
    expect(m.history({ start: "current" }, { current: ["53fffde5ad5c"] }).map((x) => x.id)).toEqual([
      "4a5b6c7d8e9f",
      "53fffde5ad5c",
    ]);
    expect(() => m.history({ start: "current" })).toThrow(CurrentUnknownError);
  });
});

describe("ancestry", () => {
  it("is what a downgrade to base would undo, through dependencies, newest first", () => {
    const m = sample();
    for (const rows of [
      ["6c4b2e3d0f1a"],
      ["4a5b6c7d8e9f", "6c4b2e3d0f1a"],
      ["53fffde5ad5c"],
      ["ae1027a6acf1"],
    ]) {
      const ancestry = m.ancestry(rows);
      const undone = m.planDowngrade(rows, "base").steps.map((step) => step.revision);
      expect(new Set(ancestry)).toEqual(new Set(undone));
      expect(ancestry).toHaveLength(undone.length);
      // Each revision comes before everything below it.
      for (const [index, id] of ancestry.entries()) {
        const below = m.get(id)!.downRevisions.concat(m.get(id)!.dependsOn);
        for (const down of below) expect(ancestry.indexOf(down)).toBeGreaterThan(index);
      }
    }
    // The labelled root's dependency brings the main line's first two revisions with it.
    expect(m.ancestry(["6c4b2e3d0f1a"])).toEqual([
      "6c4b2e3d0f1a",
      "27c6a30d7c24",
      "1975ea83b712",
      "5b3a1d2c9e0f",
    ]);
    expect(m.ancestry(["nope"])).toEqual([]);
  });
});
