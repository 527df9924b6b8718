import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { graph, graphFormatOf } from "../../src/commands/graph.js";
import { upgrade } from "../../src/commands/upgrade.js";
import { TempProject } from "../script/temp-project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";

function project(settings = {}): TempProject {
  const p = new TempProject(settings);
  p.revision("p1", { message: "create people" });
  p.revision("a1", { down: "p1", message: "add teams" });
  p.revision("n0", { labels: "net", dependsOn: "a1", message: "networking" });
  return p;
}

describe("graph", () => {
  it("takes the format from --format, else the output's extension, else mermaid", () => {
    expect(graphFormatOf({})).toBe("mermaid");
    expect(graphFormatOf({ output: "docs/graph.SVG" })).toBe("svg");
    expect(graphFormatOf({ output: "graph.htm" })).toBe("html");
    expect(graphFormatOf({ output: "graph.gv" })).toBe("dot");
    expect(graphFormatOf({ output: "graph.txt" })).toBe("mermaid");
    expect(graphFormatOf({ format: "dot", output: "graph.svg" })).toBe("dot");
    expect(() => graphFormatOf({ format: "png" as "svg" })).toThrow("Unknown graph format 'png'");
  });

  it("returns the text, and with an output writes it there, creating folders", async () => {
    const p = project();
    const text = await graph(p.config);
    expect(text.text).toContain("r_p1 --> r_a1");
    expect(text.text).toContain("r_a1 -.-> r_n0");
    expect(text.path).toBeUndefined();
    const written = await graph(p.config, { output: p.path("out/graph.html") });
    expect(written.format).toBe("html");
    expect(readFileSync(p.path("out/graph.html"), "utf8")).toBe(written.text);
    expect(written.text).toContain("networking");
  });

  it("--current needs a database URL", async () => {
    await expect(graph(project().config, { current: true })).rejects.toThrow("No database URL is configured");
  });
});

describeEachDialect("graph --current", (dialect) => {
  let database: TestDatabase;
  afterEach(async () => database?.drop());

  it("marks the revisions the database is at and what it has applied", async () => {
    database = await createTestDatabase(dialect);
    const p = project({ url: database.url });
    const empty = await graph(p.config, { current: true, format: "dot" });
    expect(empty.drawing.nodes.every((node) => node.applied === false && !node.current)).toBe(true);
    await upgrade(p.config, "a1");
    const result = await graph(p.config, { current: true, format: "dot" });
    const state = Object.fromEntries(
      result.drawing.nodes.map((node) => [node.id, [node.current, node.applied]]),
    );
    expect(state).toEqual({ a1: [true, true], p1: [false, true], n0: [false, false] });
    expect(result.text).toContain('"a1" [label="a1 (current)\\nadd teams"');
    expect(result.text).toMatch(
      /"n0" \[label="n0\\nnetworking", fillcolor="#4e79a7", fontcolor="#ffffff", tooltip="[^"]*", style="rounded,filled,dashed"\];/,
    );
  });
});
