import { describe, expect, it } from "vitest";
import { renderDot } from "../../src/graph/draw/dot.js";
import { renderHtml } from "../../src/graph/draw/html.js";
import {
  type GraphDrawing,
  layoutGraph,
  textColorOn,
  UNLABELLED_COLOR,
} from "../../src/graph/draw/layout.js";
import { renderMermaid } from "../../src/graph/draw/mermaid.js";
import { renderSvg } from "../../src/graph/draw/svg.js";
import { RevisionMap } from "../../src/graph/index.js";
import { r, sample } from "./fixtures.js";

const draw = (map: RevisionMap, current?: string[]): GraphDrawing =>
  layoutGraph(
    map,
    (id) => ({ message: `message of ${id}`, doc: `doc of ${id}`, path: `versions/${id}.ts` }),
    {
      ...(current ? { current } : {}),
    },
  );

describe("layoutGraph", () => {
  it("gives each revision a row in history order, newest first", () => {
    const map = sample();
    const drawing = draw(map);
    expect(drawing.nodes.map((node) => node.id)).toEqual(map.history().map((revision) => revision.id));
    expect(drawing.nodes.map((node) => node.row)).toEqual(drawing.nodes.map((_, index) => index));
  });

  it("keeps a line in its first parent's lane and gives a branch the next free lane", () => {
    const map = new RevisionMap([r("p"), r("a", ["p"]), r("b", ["p"]), r("m", ["a", "b"]), r("t", ["m"])]);
    const lane = Object.fromEntries(draw(map).nodes.map((node) => [node.id, node.lane]));
    expect(lane).toEqual({ p: 0, a: 0, m: 0, t: 0, b: 1 });
    const routes = draw(map).edges.map((edge) => `${edge.from}->${edge.to}:${edge.route}`);
    expect(routes.sort()).toEqual(
      ["a->m:lane", "b->m:merge", "m->t:lane", "p->a:lane", "p->b:branch"].sort(),
    );
  });

  it("never puts two revisions whose lane segments overlap in one lane", () => {
    // Forks every few revisions, some merged late: lanes must be reused only once free.
    const inputs = [r("r0")];
    for (let i = 1; i < 60; i++) {
      const down = i % 7 === 3 ? [`r${i - 3}`] : i % 7 === 5 ? [`r${i - 1}`, `r${i - 2}`] : [`r${i - 1}`];
      inputs.push(
        r(
          `r${i}`,
          down.filter((id, index, all) => all.indexOf(id) === index),
        ),
      );
    }
    const map = new RevisionMap(inputs);
    const drawing = draw(map);
    const byId = new Map(drawing.nodes.map((node) => [node.id, node]));
    // A node's segment: from just above its first parent's row up to its own row.
    const segments = drawing.nodes.map((node) => {
      const parent = node.downRevisions[0];
      const bottom =
        parent === undefined
          ? node.row
          : byId.get(parent)!.row - (byId.get(parent)!.lane === node.lane ? 0 : 1);
      return { lane: node.lane, top: node.row, bottom, id: node.id, parent };
    });
    for (const a of segments) {
      for (const b of segments) {
        if (a === b || a.lane !== b.lane || a.parent === b.id || b.parent === a.id) continue;
        const overlap = a.top < b.bottom && b.top < a.bottom;
        expect(overlap, `${a.id} and ${b.id} share lane ${a.lane}`).toBe(false);
      }
    }
  });

  it("colours by the nearest declared label, and grey without one", () => {
    const drawing = draw(sample());
    const node = (id: string) => drawing.nodes.find((n) => n.id === id)!;
    expect(drawing.labels).toEqual([{ label: "networking", color: node("5b3a1d2c9e0f").color }]);
    expect(node("6c4b2e3d0f1a")).toMatchObject({ branch: "networking", color: node("5b3a1d2c9e0f").color });
    expect(node("1975ea83b712")).toMatchObject({ branch: null, color: UNLABELLED_COLOR });
    expect(drawing.edges.filter((edge) => edge.kind === "dependency")).toEqual([
      { from: "27c6a30d7c24", to: "6c4b2e3d0f1a", kind: "dependency", route: "direct" },
    ]);
  });

  it("marks the database's position: current revisions, applied and pending", () => {
    const drawing = draw(sample(), ["27c6a30d7c24"]);
    const state = Object.fromEntries(drawing.nodes.map((node) => [node.id, [node.current, node.applied]]));
    expect(state["27c6a30d7c24"]).toEqual([true, true]);
    expect(state["1975ea83b712"]).toEqual([false, true]);
    expect(state["4a5b6c7d8e9f"]).toEqual([false, false]);
    expect(draw(sample()).nodes.every((node) => node.applied === undefined)).toBe(true);
  });
});

describe("renderers", () => {
  const awkward = new RevisionMap([r("a1"), r("end", ["a1"], [], ["lib.x"])]);
  const drawing = layoutGraph(awkward, (id) => ({ message: `<b>"${id}"</b> & #1`, path: `v/${id}.ts` }));

  it("Mermaid: every revision a node, edges from parent to child, text escaped", () => {
    const text = renderMermaid(drawing);
    expect(text.split("\n")[0]).toBe("flowchart BT");
    expect(text).toContain('r_end["end<br/>#60;b#62;#34;end#34;#60;/b#62; #38; #35;1"]:::label0');
    expect(text).toContain("  r_a1 --> r_end\n");
    expect(text).toContain("  %% label0: lib.x\n");
    expect(renderMermaid(draw(sample()))).toContain("  r_27c6a30d7c24 -.-> r_6c4b2e3d0f1a\n");
  });

  it("DOT: quoted ids and labels, dependencies dashed", () => {
    const text = renderDot(drawing);
    expect(text).toContain('"end" [label="end\\n<b>\\"end\\"</b> & #1", fillcolor=');
    expect(text).toContain('  "a1" -> "end";');
    expect(renderDot(draw(sample()))).toContain('"27c6a30d7c24" -> "6c4b2e3d0f1a" [style=dashed');
  });

  it("SVG: one node group per revision, escaped text, dashed dependencies", () => {
    const svg = renderSvg(draw(sample()));
    expect(svg.match(/<g class="node[^"]*" data-id=/g)).toHaveLength(8);
    expect(svg.match(/<path class="edge dependency"/g)).toHaveLength(2); // the edge, and the legend's sample
    const escaped = renderSvg(drawing);
    expect(escaped).toContain("&#60;b&#62;&#34;end&#34;&#60;/b&#62; &#38; #1");
    expect(escaped).not.toContain("<b>");
  });

  it("HTML: one self-contained page that forbids every fetch, with the revisions' docs and paths", () => {
    const html = renderHtml(draw(sample()));
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    );
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const json = /<script type="application\/json" id="revisions">(.*?)<\/script>/s.exec(html)![1]!;
    const data = JSON.parse(json) as { revisions: Record<string, { doc: string; path: string }> };
    expect(Object.keys(data.revisions)).toHaveLength(8);
    expect(data.revisions["6c4b2e3d0f1a"]).toMatchObject({
      doc: "doc of 6c4b2e3d0f1a",
      path: "versions/6c4b2e3d0f1a.ts",
    });
    // A doc cannot close the script element it is embedded in.
    const hostile = layoutGraph(awkward, () => ({ message: "m", doc: "</script><script>alert(1)</script>" }));
    expect(renderHtml(hostile)).not.toContain("</script><script>alert(1)");
  });
});

describe("textColorOn", () => {
  it("writes dark text on light fills and white on dark ones", () => {
    expect(textColorOn("#edc948")).toBe("#111827");
    expect(textColorOn("#4e79a7")).toBe("#ffffff");
    expect(textColorOn("hsl(10, 55%, 50%)")).toBe("#ffffff");
  });
});
