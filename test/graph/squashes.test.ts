import { describe, expect, it } from "vitest";
import {
  NotAncestorError,
  RevisionMap,
  SquashError,
  SquashedRunIncompleteError,
} from "../../src/graph/index.js";
import { r } from "./fixtures.js";

// p0 -> a1 -> a2 -> a3 -> c4, with s1 squashing a1..a3 on p0; c4 still names a3 as its down revision.
const squash = (...ids: string[]) => ({ ...r("s1", ["p0"]), replaces: ids });
const withOriginals = () =>
  new RevisionMap([
    r("p0"),
    r("a1", ["p0"]),
    r("a2", ["a1"]),
    r("a3", ["a2"]),
    squash("a1", "a2", "a3"),
    r("c4", ["a3"]),
  ]);
const withoutOriginals = () => new RevisionMap([r("p0"), squash("a1", "a2", "a3"), r("c4", ["a3"])]);

const stepSummary = (plan: ReturnType<RevisionMap["planUpgrade"]>) =>
  plan.steps.map((s) => `${s.kind} ${s.revision ?? "-"} ${JSON.stringify(s.versionChanges)}`);

describe("squash revisions in the graph", () => {
  it("puts the squash in place of the revisions it replaces, with references to them pointing at it", () => {
    for (const map of [withOriginals(), withoutOriginals()]) {
      expect(map.all().map((rev) => rev.id)).toEqual(["c4", "p0", "s1"]);
      expect(map.get("c4")?.downRevisions).toEqual(["s1"]);
      expect(map.get("s1")?.replaces).toEqual(["a1", "a2", "a3"]);
      expect(map.heads()).toEqual(["c4"]);
      expect(map.replacement("a2")).toEqual({ squash: "s1", position: 1 });
      expect(map.isKnown("a2")).toBe(true);
      expect(map.isKnown("zz")).toBe(false);
      expect(map.resolve("a2")).toEqual(["s1"]);
    }
    expect(withOriginals().original("a2")?.downRevisions).toEqual(["a1"]);
    expect(withoutOriginals().original("a2")).toBeUndefined();
  });

  it("upgrades a database below the run through the squash alone", () => {
    const plan = withOriginals().planUpgrade(["p0"], "heads");
    expect(stepSummary(plan)).toEqual([
      'upgrade s1 [{"kind":"update","from":"p0","to":"s1"}]',
      'upgrade c4 [{"kind":"update","from":"s1","to":"c4"}]',
    ]);
    expect(plan.headsAfter).toEqual(["c4"]);
  });

  it("finishes a partly applied run through the remaining originals, then moves the row onto the squash", () => {
    const plan = withOriginals().planUpgrade(["a1"], "heads");
    expect(stepSummary(plan)).toEqual([
      'upgrade a2 [{"kind":"update","from":"a1","to":"a2"}]',
      'upgrade a3 [{"kind":"update","from":"a2","to":"a3"}]',
      'stamp - [{"kind":"update","from":"a3","to":"s1"}]',
      'upgrade c4 [{"kind":"update","from":"s1","to":"c4"}]',
    ]);
    expect(plan.headsBefore).toEqual(["a1"]);
    expect(plan.headsAfter).toEqual(["c4"]);
  });

  it("refuses to upgrade a partly applied run whose remaining originals are gone, naming them", () => {
    const error = (() => {
      try {
        withoutOriginals().planUpgrade(["a1"], "heads");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SquashedRunIncompleteError);
    expect((error as Error).message).toContain("a2, a3");
    expect((error as Error).message).toContain("s1");
  });

  it("moves a database at the end of the run onto the squash without running anything", () => {
    for (const map of [withOriginals(), withoutOriginals()]) {
      const toSquash = map.planUpgrade(["a3"], "s1");
      expect(stepSummary(toSquash)).toEqual(['stamp - [{"kind":"update","from":"a3","to":"s1"}]']);
      expect(toSquash.headsAfter).toEqual(["s1"]);
      expect(stepSummary(map.planUpgrade(["a3"], "heads"))).toEqual([
        'stamp - [{"kind":"update","from":"a3","to":"s1"}]',
        'upgrade c4 [{"kind":"update","from":"s1","to":"c4"}]',
      ]);
    }
  });

  it("leaves a database above the run alone", () => {
    const plan = withoutOriginals().planUpgrade(["c4"], "heads");
    expect(plan.steps).toEqual([]);
    expect(plan.notice).toContain("Already at c4");
  });

  it("downgrades through the squash from the end of the run, and through the originals from inside it", () => {
    const map = withOriginals();
    expect(stepSummary(map.planDowngrade(["a3"], "base"))).toEqual([
      'stamp - [{"kind":"update","from":"a3","to":"s1"}]',
      'downgrade s1 [{"kind":"update","from":"s1","to":"p0"}]',
      'downgrade p0 [{"kind":"delete","id":"p0"}]',
    ]);
    expect(stepSummary(map.planDowngrade(["a2"], "p0"))).toEqual([
      'downgrade a2 [{"kind":"update","from":"a2","to":"a1"}]',
      'downgrade a1 [{"kind":"update","from":"a1","to":"p0"}]',
    ]);
    expect(() => withoutOriginals().planDowngrade(["a2"], "p0")).toThrow(SquashedRunIncompleteError);
  });

  it("stamps from the end of a run, and refuses to stamp from inside one unless purging", () => {
    const map = withoutOriginals();
    expect(map.planStamp(["a3"], ["c4"]).headsAfter).toEqual(["c4"]);
    expect(() => map.planStamp(["a2"], ["c4"])).toThrow(SquashedRunIncompleteError);
    expect(map.planStamp(["a2"], ["c4"], { purge: true }).headsAfter).toEqual(["c4"]);
  });

  it("shows a replaced row as the squash in current, and reads `current` through it", () => {
    const map = withoutOriginals();
    expect(map.currentDisplay(["a2"])).toEqual([{ id: "s1", effectiveHead: false }]);
    expect(map.resolve("current", { current: ["a3"] })).toEqual(["s1"]);
    expect(map.history({ start: "current" }, { current: ["a3"] }).map((rev) => rev.id)).toEqual(["c4", "s1"]);
  });

  it("refuses a graph where a revision is replaced twice, or the originals no longer form the run", () => {
    expect(
      () => new RevisionMap([r("p0"), squash("a1", "a2"), { ...r("s2", ["p0"]), replaces: ["a2", "a3"] }]),
    ).toThrow(SquashError);
    expect(() => new RevisionMap([r("p0"), r("a1", ["p0"]), r("a2", ["p0"]), squash("a1", "a2")])).toThrow(
      /a2.*revises p0 but the squash expects a1/,
    );
    expect(() => new RevisionMap([r("p0"), { ...r("s1", ["a1"]), replaces: ["a1"] }])).toThrow(SquashError);
  });

  it("treats downgrade to a replaced id as the squash", () => {
    expect(() => withoutOriginals().planDowngrade(["c4"], "a3")).not.toThrow();
    expect(stepSummary(withoutOriginals().planDowngrade(["c4"], "a1"))).toEqual([
      'downgrade c4 [{"kind":"update","from":"c4","to":"s1"}]',
    ]);
    expect(() => withoutOriginals().planDowngrade(["p0"], "a1")).toThrow(NotAncestorError);
  });
});
