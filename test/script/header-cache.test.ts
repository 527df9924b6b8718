import { existsSync, mkdirSync, readdirSync, rmSync, unlinkSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ScriptDirectory } from "../../src/script/script-directory.js";
import { revisionSource, TempProject } from "./temp-project.js";

function cacheFiles(project: TempProject): string[] {
  const dir = project.path("node_modules/.cache/retort");
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe("the header cache", () => {
  const projects: TempProject[] = [];
  const project = (withModules: boolean) => {
    const created = new TempProject();
    if (withModules) mkdirSync(created.path("node_modules"));
    projects.push(created);
    return created;
  };
  afterEach(() => {
    for (const created of projects.splice(0)) rmSync(created.root, { recursive: true, force: true });
  });

  it("is written under node_modules/.cache/retort and gives the same scripts on the next load", () => {
    const p = project(true);
    p.revision("aaaa00000001", { message: "first" });
    p.revision("aaaa00000002", { down: "aaaa00000001", labels: "main", message: "second" });
    const first = ScriptDirectory.load(p.config);
    expect(cacheFiles(p)).toHaveLength(1);
    const second = ScriptDirectory.load(p.config);
    expect(second.script("aaaa00000002")).toMatchObject({
      downRevisions: ["aaaa00000001"],
      branchLabels: ["main"],
      doc: "second",
    });
    expect(second.map.heads()).toEqual(first.map.heads());
  });

  it("re-reads a file whose header changed, even with the same size", () => {
    const p = project(true);
    p.revision("aaaa00000001");
    p.revision("bbbb00000001");
    const path = p.revision("cccc00000001", { down: "aaaa00000001" });
    expect(ScriptDirectory.load(p.config).script("cccc00000001").downRevisions).toEqual(["aaaa00000001"]);
    // Same length, different parent; the mtime moves as any edit moves it.
    p.write(path.slice(p.root.length + 1), revisionSource("cccc00000001", { down: "bbbb00000001" }));
    const later = new Date(Date.now() + 5_000);
    utimesSync(path, later, later);
    expect(ScriptDirectory.load(p.config).script("cccc00000001").downRevisions).toEqual(["bbbb00000001"]);
  });

  it("forgets deleted files and notices new ones", () => {
    const p = project(true);
    const gone = p.revision("aaaa00000001");
    p.revision("bbbb00000001");
    ScriptDirectory.load(p.config);
    unlinkSync(gone);
    p.revision("cccc00000001", { down: "bbbb00000001" });
    const directory = ScriptDirectory.load(p.config);
    expect([...directory.scripts.keys()].sort()).toEqual(["bbbb00000001", "cccc00000001"]);
  });

  it("writes nothing when the project has no node_modules folder", () => {
    const p = project(false);
    p.revision("aaaa00000001");
    ScriptDirectory.load(p.config);
    expect(existsSync(join(p.root, "node_modules"))).toBe(false);
  });
});
