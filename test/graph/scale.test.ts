// 10,000 revisions: every operation must finish without recursion proportional to depth, and fast.

import { describe, expect, it } from "vitest";
import { RevisionMap } from "../../src/graph/index.js";
import type { RevisionInput } from "../../src/graph/types.js";

const N = 10_000;
const id = (i: number) => `r${String(i).padStart(6, "0")}`;

function linear(): RevisionInput[] {
  return Array.from({ length: N }, (_, i) => ({
    id: id(i),
    downRevisions: i === 0 ? [] : [id(i - 1)],
    dependsOn: [],
    branchLabels: i === 0 ? ["main"] : [],
  }));
}

/** A main line that forks into two short branches and merges them again every 50 revisions. */
function branchy(): RevisionInput[] {
  const out: RevisionInput[] = [];
  let tip = "";
  for (let i = 0; out.length < N; i++) {
    if (i % 50 === 49 && tip !== "") {
      const left = `${id(i)}L`;
      const right = `${id(i)}R`;
      const merge = `${id(i)}M`;
      out.push({ id: left, downRevisions: [tip], dependsOn: [], branchLabels: [] });
      out.push({ id: right, downRevisions: [tip], dependsOn: [], branchLabels: [] });
      out.push({ id: merge, downRevisions: [left, right], dependsOn: [], branchLabels: [] });
      tip = merge;
    } else {
      out.push({ id: id(i), downRevisions: tip === "" ? [] : [tip], dependsOn: [], branchLabels: [] });
      tip = id(i);
    }
  }
  return out;
}

describe("10,000 revisions", () => {
  for (const [name, make] of [
    ["linear", linear],
    ["branchy (merge every 50)", branchy],
  ] as const) {
    it(`${name}: build, heads, history, resolution and plans`, () => {
      const inputs = make();
      // No recursion proportional to depth: every walk below must finish on a 10,000-long graph.
      // (Speed is measured by bench/graph-bench.mjs, not asserted here.)
      const history = new RevisionMap(inputs).history();
      expect(history).toHaveLength(inputs.length);
      const map = new RevisionMap(inputs);
      const head = map.resolveOne("head")!;
      expect(history[0]!.id).toBe(head);
      expect(history.at(-1)!.id).toBe(id(0));
      if (make === linear) expect(map.resolve("head-9000")).toEqual([id(N - 9001)]);
      else expect(() => map.resolve("head-9000")).toThrow("Ambiguous walk");
      const up = map.planUpgrade([], "heads");
      expect(up.steps).toHaveLength(inputs.length);
      expect(up.headsAfter).toEqual([head]);
      const down = map.planDowngrade([head], "base");
      expect(down.steps).toHaveLength(inputs.length);
      expect(down.headsAfter).toEqual([]);
      expect(map.planStamp([head], [id(0)]).headsAfter).toEqual([id(0)]);
      expect(map.currentDisplay([head])).toEqual([{ id: head, effectiveHead: false }]);
      expect(map.history({ start: id(100), end: "head" }).length).toBeGreaterThan(9000);
    });
  }

  it("labels spread along a 10,000-long line", () => {
    const map = new RevisionMap(linear());
    expect(map.get(id(N - 1))!.labels).toEqual(["main"]);
    expect(map.resolve("main@head")).toEqual([id(N - 1)]);
  });
});
