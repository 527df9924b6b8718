import { describe, expect, it } from "vitest";
import { planRebase, planRebaseAllHeads, RebaseRefusedError, RevisionMap } from "../../src/graph/index.js";
import { r } from "./fixtures.js";

/** Two developers each built on p: a1 on one side, b1 → b2 on the other. */
const forked = () => new RevisionMap([r("p"), r("a1", ["p"]), r("b1", ["p"]), r("b2", ["b1"])]);

function refusal(run: () => unknown): RebaseRefusedError {
  try {
    run();
  } catch (error) {
    if (error instanceof RebaseRefusedError) return error;
    throw error;
  }
  throw new Error("expected the rebase to be refused");
}

describe("planRebase", () => {
  it("moves a single revision onto the other head", () => {
    const map = new RevisionMap([r("p"), r("a1", ["p"]), r("b1", ["p"])]);
    const plan = planRebase(map, "b1", "a1");
    expect(plan.moves).toEqual([{ head: "b1", revision: "b1", from: ["p"], to: ["a1"], moved: ["b1"] }]);
    expect(plan.map.heads()).toEqual(["b1"]);
    expect(plan.map.get("b1")!.downRevisions).toEqual(["a1"]);
  });

  it("moves the head's whole line, rewriting only its lowest revision, as git rebase --onto does", () => {
    const plan = planRebase(forked(), "b2", "a1");
    expect(plan.moves).toEqual([
      { head: "b2", revision: "b1", from: ["p"], to: ["a1"], moved: ["b1", "b2"] },
    ]);
    expect(plan.map.history().map((revision) => revision.id)).toEqual(["b2", "b1", "a1", "p"]);
  });

  it("stops the line at what the target already builds on", () => {
    // a1 was built on b1: only b2 moves.
    const map = new RevisionMap([r("p"), r("b1", ["p"]), r("a1", ["b1"]), r("b2", ["b1"])]);
    expect(planRebase(map, "b2", "a1").moves).toEqual([
      { head: "b2", revision: "b2", from: ["b1"], to: ["a1"], moved: ["b2"] },
    ]);
  });

  it("stops the line at a branch point, so another head's revisions never move", () => {
    // x forks into y (which starts branch lib) and z; z and a are the two unlabelled heads.
    const map = new RevisionMap([
      r("p"),
      r("x", ["p"]),
      r("y", ["x"], [], ["lib"]),
      r("z", ["x"]),
      r("a", ["p"]),
    ]);
    const plan = planRebase(map, "z", "a");
    expect(plan.moves).toEqual([{ head: "z", revision: "z", from: ["x"], to: ["a"], moved: ["z"] }]);
    expect(plan.map.get("y")!.downRevisions).toEqual(["x"]);
  });

  it("refuses to leave a third head behind, and names the way out", () => {
    const map = new RevisionMap([r("p"), r("x", ["p"]), r("y", ["x"]), r("z", ["x"]), r("a", ["p"])]);
    const refused = refusal(() => planRebase(map, "z", "a"));
    expect(refused.reason).toBe("multiple-heads");
    expect(refused.message).toBe("Rebasing z onto a would leave 2 heads on branch (no label): y, z");
    expect(refused.hint).toBe(
      "stack every head of the branch with --all-heads-onto y, or merge them: retort merge --auto",
    );
  });

  it("is a no-op when the line already builds on the target", () => {
    expect(planRebase(forked(), "b2", "b1").moves).toEqual([]);
    expect(planRebase(forked(), "b2", "p").moves).toEqual([]);
  });

  it("refuses a revision that is not a head", () => {
    const refused = refusal(() => planRebase(forked(), "b1", "a1"));
    expect(refused.reason).toBe("not-a-head");
    expect(refused.message).toBe(
      "Revision b1 is not a head; rebase moves a head, with the revisions below it on its own line",
    );
  });

  it("refuses a cycle: onto itself, or onto a revision that depends on it", () => {
    expect(refusal(() => planRebase(forked(), "a1", "a1")).message).toBe(
      "Rebasing a1 onto a1 would create a cycle: Self-loop is detected in revisions (a1)",
    );
    const map = new RevisionMap([r("p"), r("a1", ["p"]), r("b1", ["p"]), r("c", ["a1"], ["b1"])]);
    const refused = refusal(() => planRebase(map, "b1", "c"));
    expect(refused.reason).toBe("cycle");
    expect(refused.message).toMatch(/^Rebasing b1 onto c would create a cycle: Dependency cycle is detected/);
  });

  it("refuses a line that starts at a merge the target does not build on", () => {
    const map = new RevisionMap([r("p"), r("x", ["p"]), r("y", ["p"]), r("m", ["x", "y"]), r("a", ["x"])]);
    const refused = refusal(() => planRebase(map, "m", "a"));
    expect(refused.reason).toBe("merge-point");
    // With both of the merge's parents below the target, the merge itself becomes a plain revision on it.
    const linear = new RevisionMap([
      r("p"),
      r("x", ["p"]),
      r("y", ["p"]),
      r("m", ["x", "y"]),
      r("t", ["x", "y"]),
    ]);
    expect(planRebase(linear, "m", "t").moves).toEqual([
      { head: "m", revision: "m", from: ["x", "y"], to: ["t"], moved: ["m"] },
    ]);
  });

  it("keeps a labelled branch's labels, and refuses to take a line off its label", () => {
    // main is labelled at its root; the feature line f1 → f2 inherits it.
    const map = new RevisionMap([
      r("m0", [], [], ["main"]),
      r("m1", ["m0"]),
      r("f1", ["m0"]),
      r("f2", ["f1"]),
      r("b0", [], [], ["billing"]),
    ]);
    const plan = planRebase(map, "f2", "m1");
    expect(plan.map.get("f2")!.labels).toEqual(["main"]);
    const refused = refusal(() => planRebase(map, "f2", "b0"));
    expect(refused.reason).toBe("labels");
    expect(refused.message).toBe(
      "Rebasing f2 onto b0 would take it off branch 'main': b0 is not on that branch",
    );
  });

  it("refuses to leave two heads on a label, and leaves unrelated branches be", () => {
    // billing forks in two; rebasing one billing head onto the other is fine even though main has two heads.
    const map = new RevisionMap([
      r("m"),
      r("ma", ["m"]),
      r("mb", ["m"]),
      r("b0", [], [], ["billing"]),
      r("b1", ["b0"]),
      r("b2", ["b0"]),
    ]);
    expect(planRebase(map, "b2", "b1").map.get("b2")!.labels).toEqual(["billing"]);
    // A billing head rebased onto an older billing revision would fork billing again.
    const tall = new RevisionMap([
      r("b0", [], [], ["billing"]),
      r("b1", ["b0"]),
      r("b2", ["b1"]),
      r("x", ["b0"]),
    ]);
    const refused = refusal(() => planRebase(tall, "x", "b1"));
    expect(refused.reason).toBe("multiple-heads");
    expect(refused.message).toBe("Rebasing x onto b1 would leave 2 heads on branch 'billing': b2, x");
  });

  it("moves a line onto base", () => {
    const map = new RevisionMap([r("p"), r("l0", ["p"], [], ["lib"]), r("l1", ["l0"]), r("a", ["p"])]);
    const plan = planRebase(map, "l1", undefined);
    expect(plan.moves[0]).toMatchObject({ revision: "l0", from: ["p"], to: [] });
    expect(plan.map.bases()).toEqual(["l0", "p"]);
  });
});

describe("planRebaseAllHeads", () => {
  it("stacks the other heads of the branch on the target, one on the next, in id order", () => {
    const map = new RevisionMap([r("p"), r("a", ["p"]), r("c", ["p"]), r("b1", ["p"]), r("b2", ["b1"])]);
    const plan = planRebaseAllHeads(map, "a");
    expect(plan.moves.map(({ head, revision, to }) => ({ head, revision, to }))).toEqual([
      { head: "b2", revision: "b1", to: ["a"] },
      { head: "c", revision: "c", to: ["b2"] },
    ]);
    expect(plan.map.heads()).toEqual(["c"]);
    expect(plan.map.history().map((revision) => revision.id)).toEqual(["c", "b2", "b1", "a", "p"]);
  });

  it("moves only the heads of the target's branches", () => {
    const map = new RevisionMap([
      r("p"),
      r("a", ["p"]),
      r("b", ["p"]),
      r("n0", [], [], ["net"]),
      r("n1", ["n0"]),
      r("n2", ["n0"]),
    ]);
    const plan = planRebaseAllHeads(map, "n1");
    expect(plan.moves.map((move) => move.head)).toEqual(["n2"]);
    expect(plan.map.heads()).toEqual(["a", "b", "n2"]);
  });

  it("needs a head to stack on, and does nothing when the branch has one head", () => {
    expect(refusal(() => planRebaseAllHeads(forked(), "p")).reason).toBe("not-a-head");
    expect(planRebaseAllHeads(new RevisionMap([r("p"), r("a", ["p"])]), "a").moves).toEqual([]);
  });
});
