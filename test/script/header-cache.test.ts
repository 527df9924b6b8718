import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ScriptDirectory } from "../../src/script/script-directory.js";
import { revisionSource, TempProject } from "./temp-project.js";

function cacheFiles(project: TempProject, prefix: string): string[] {
  const dir = project.path("node_modules/.cache/retort");
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith(prefix)) : [];
}

describe("the header cache", () => {
  const projects: TempProject[] = [];
  const project = (withModules: boolean) => {
    const created = new TempProject();
    if (withModules) mkdirSync(created.path("node_modules"));
    projects.push(created);
    return created;
  };
  const savedXdg = process.env.XDG_CACHE_HOME;
  afterEach(() => {
    for (const created of projects.splice(0)) rmSync(created.root, { recursive: true, force: true });
    if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedXdg;
  });

  it("is written under node_modules/.cache/retort and gives the same scripts on the next load", () => {
    const p = project(true);
    p.revision("aaaa00000001", { message: "first" });
    p.revision("aaaa00000002", { down: "aaaa00000001", labels: "main", message: "second" });
    const first = ScriptDirectory.load(p.config);
    // One file of headers, beside the graph snapshot (graph-snapshot.test.ts).
    expect(cacheFiles(p, "headers-")).toHaveLength(1);
    expect(cacheFiles(p, "graph-")).toHaveLength(1);
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

  it("re-reads a file edited with its size and modification time restored (its change time moves)", () => {
    const p = project(true);
    p.revision("aaaa00000001");
    p.revision("bbbb00000001");
    const path = p.revision("cccc00000001", { down: "aaaa00000001" });
    // Whole seconds, which utimes can set back exactly.
    const seconds = Math.floor(Date.now() / 1000) - 60;
    utimesSync(path, seconds, seconds);
    expect(ScriptDirectory.load(p.config).script("cccc00000001").downRevisions).toEqual(["aaaa00000001"]);
    const before = statSync(path);
    p.write(path.slice(p.root.length + 1), revisionSource("cccc00000001", { down: "bbbb00000001" }));
    // Put the times back until the kernel's clock has moved on, so the change time differs for certain.
    do utimesSync(path, seconds, seconds);
    while (statSync(path).ctimeMs === before.ctimeMs);
    const after = statSync(path);
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    expect(ScriptDirectory.load(p.config).script("cccc00000001").downRevisions).toEqual(["bbbb00000001"]);
  });

  it("without node_modules, lives in a per-user folder keyed by the project's path, not in the project", () => {
    const xdg = mkdtempSync(join(tmpdir(), "retort-xdg-"));
    process.env.XDG_CACHE_HOME = xdg;
    try {
      const p = project(false);
      const other = project(false);
      const first = p.revision("aaaa00000001");
      other.revision("bbbb00000001");
      ScriptDirectory.load(p.config);
      ScriptDirectory.load(other.config);
      expect(existsSync(join(p.root, "node_modules"))).toBe(false);
      // Beside them only the stamp of the once-a-day sweep (config/cache-prune.ts).
      const folders = readdirSync(join(xdg, "retort")).filter((name) => name.startsWith("project-"));
      expect(folders).toHaveLength(2);
      for (const folder of folders)
        expect(
          readdirSync(join(xdg, "retort", folder)).filter((name) => name.startsWith("headers-")),
        ).toHaveLength(1);
      // The cached header is the one read next time, and an edit is still noticed.
      const path = p.revision("aaaa00000001", { message: "edited", file: basename(first) });
      utimesSync(path, new Date(Date.now() + 5_000), new Date(Date.now() + 5_000));
      expect(ScriptDirectory.load(p.config).script("aaaa00000001").doc).toBe("edited");
    } finally {
      rmSync(xdg, { recursive: true, force: true });
    }
  });
});
