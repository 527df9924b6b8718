import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RevisionMap } from "../../src/graph/index.js";
import { ScriptDirectory } from "../../src/script/script-directory.js";
import { revisionSource, TempProject } from "./temp-project.js";

const CACHE = "node_modules/.cache/retort";

/** Everything a graph command can ask the map, as plain data. */
function summary(map: RevisionMap) {
  return {
    heads: map.heads(),
    realHeads: map.realHeads(),
    bases: map.bases(),
    branchPoints: map.branchPoints(),
    mergePoints: map.mergePoints(),
    revisions: map.all(),
    history: map.history().map((revision) => revision.id),
    upToHeads: map.planUpgrade([], "heads").steps.map((step) => step.revision),
    networking: map.resolve("networking@head"),
    current: map.currentDisplay(["bbbb00000001", "eeee00000001"]),
    // A head whose dependency is implied too: only a graph without dependencies shows its head rows alone.
    atHead: map.currentDisplay(["ffff00000001"]),
  };
}

/** What a load made of each file. */
function scriptsOf(directory: ScriptDirectory) {
  return [...directory.scripts.values()].map((s) => ({
    id: s.id,
    downRevisions: s.downRevisions,
    dependsOn: s.dependsOn,
    branchLabels: s.branchLabels,
    replaces: s.replaces,
    path: s.path,
    doc: s.doc,
    stat: s.stat,
  }));
}

/** The load of a project with no cache at all: every header read, the graph validated. */
function freshLoad(project: TempProject): ScriptDirectory {
  process.env.RETORT_NO_CACHE = "1";
  try {
    return ScriptDirectory.load(project.config);
  } finally {
    delete process.env.RETORT_NO_CACHE;
  }
}

function cacheNames(project: TempProject, prefix: string): string[] {
  const dir = project.path(CACHE);
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith(prefix)) : [];
}

/** The snapshot file, and its content parsed. */
function snapshotOf(project: TempProject): {
  path: string;
  data: { format: number; files: Record<string, unknown> };
} {
  const [name] = cacheNames(project, "graph-");
  expect(name).toBeDefined();
  const path = project.path(join(CACHE, name!));
  return { path, data: JSON.parse(readFileSync(path, "utf8")) };
}

/** Writes `text` into the file at `path` and sets its size-preserving edit's times back to `seconds`. */
function editKeepingTimes(path: string, text: string, seconds: number): void {
  const before = statSync(path);
  writeFileSync(path, text);
  // Put the times back until the kernel's clock has moved on, so the change time differs for certain.
  do utimesSync(path, seconds, seconds);
  while (statSync(path).ctimeMs === before.ctimeMs);
  const after = statSync(path);
  expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
}

describe("the graph snapshot", () => {
  const projects: TempProject[] = [];
  afterEach(() => {
    for (const created of projects.splice(0)) rmSync(created.root, { recursive: true, force: true });
  });

  /** A project with no revisions yet, whose caches live in its own node_modules; removed after the test. */
  const emptyProject = () => {
    const p = new TempProject();
    mkdirSync(p.path("node_modules"));
    projects.push(p);
    return p;
  };

  /** A branch and merge on the main line, a labelled second root depending on it, and a dependency by label. */
  const project = () => {
    const p = emptyProject();
    p.revision("aaaa00000001", { message: "first" });
    p.revision("aaaa00000002", { down: "aaaa00000001" });
    p.revision("bbbb00000001", { down: "aaaa00000002", message: "left" });
    p.revision("cccc00000001", { down: "aaaa00000002", message: "right" });
    p.revision("dddd00000001", { down: ["bbbb00000001", "cccc00000001"], message: "merge" });
    p.revision("eeee00000001", { labels: "networking", message: "networking root" });
    p.revision("eeee00000002", { down: "eeee00000001", dependsOn: "aaaa00000002" });
    p.revision("ffff00000001", { down: "dddd00000001", dependsOn: "networking" });
    return p;
  };

  it("restores the graph a first load built, reading no header, equal to a fresh build", () => {
    const p = project();
    const built = ScriptDirectory.load(p.config);
    expect(cacheNames(p, "graph-")).toHaveLength(1);
    // With the header cache gone, a load that read any header would write it again.
    for (const name of cacheNames(p, "headers-")) unlinkSync(p.path(join(CACHE, name)));
    const restored = ScriptDirectory.load(p.config);
    expect(cacheNames(p, "headers-")).toHaveLength(0);
    const fresh = freshLoad(p);
    expect(summary(restored.map)).toEqual(summary(fresh.map));
    expect(summary(restored.map)).toEqual(summary(built.map));
    expect(scriptsOf(restored)).toEqual(scriptsOf(fresh));
    expect(summary(restored.map).mergePoints).toEqual(["dddd00000001"]);
    expect(restored.map.get("ffff00000001")?.dependencies).toEqual(["eeee00000001"]);
    expect(restored.map.get("eeee00000002")?.labels).toEqual(["networking"]);
  });

  it("restores a map from its snapshot after a trip through JSON, equal to the build", () => {
    const revisions = [...freshLoad(project()).scripts.values()];
    const map = new RevisionMap(revisions);
    const saved = JSON.parse(JSON.stringify(map.snapshot()));
    const rebuild = () => expect.unreachable("the snapshot fits");
    expect(summary(RevisionMap.restore(() => revisions, saved, rebuild)!)).toEqual(summary(map));
  });

  it("relinks a restored map only for what its heads cannot answer, and hands links that do not fit to the rebuild", () => {
    const revisions = [...freshLoad(project()).scripts.values()];
    const map = new RevisionMap(revisions);
    const saved = map.snapshot();
    let rebuilt = 0;
    const misfit = { ...saved, links: { ...saved.links, down: saved.links.down.slice(1) } };
    const restored = RevisionMap.restore(
      () => revisions,
      misfit,
      () => {
        rebuilt++;
        return new RevisionMap(revisions);
      },
    )!;
    expect(restored.heads()).toEqual(map.heads());
    expect(restored.realHeads()).toEqual(map.realHeads());
    expect(restored.get("eeee00000002")).toEqual(map.get("eeee00000002"));
    expect(rebuilt).toBe(0);
    expect(summary(restored)).toEqual(summary(map));
    expect(rebuilt).toBe(1);
  });

  it("sees an edit that restores the file's size and modification time (the change time moves)", () => {
    const p = project();
    const path = p.revision("cccc00000001", { down: "aaaa00000002", message: "right" });
    const seconds = Math.floor(Date.now() / 1000) - 60;
    utimesSync(path, seconds, seconds);
    expect(ScriptDirectory.load(p.config).map.get("cccc00000001")?.downRevisions).toEqual(["aaaa00000002"]);
    ScriptDirectory.load(p.config);
    // Same length: a base instead of a child of aaaa00000002, so the merge gains a base.
    editKeepingTimes(
      path,
      revisionSource("cccc00000001", { down: "aaaa00000001", message: "right" }),
      seconds,
    );
    const after = ScriptDirectory.load(p.config);
    expect(after.map.get("cccc00000001")?.downRevisions).toEqual(["aaaa00000001"]);
    expect(summary(after.map)).toEqual(summary(freshLoad(p).map));
  });

  it("answers heads from the snapshot as a fresh build does, and sees them move when an edit keeps size and mtime", () => {
    const p = project();
    const path = p.revision("ffff00000001", { down: "dddd00000001", dependsOn: "networking" });
    const seconds = Math.floor(Date.now() / 1000) - 60;
    utimesSync(path, seconds, seconds);
    ScriptDirectory.load(p.config);
    const heads = (directory: ScriptDirectory) => {
      const { map } = directory;
      // Asked before anything else, so that a restored map answers from its snapshot.
      const ids = map.heads();
      return {
        ids,
        real: map.realHeads(),
        facts: ids.map((id) => ({ ...map.get(id), effective: map.isEffectiveHead(id) })),
        scripts: ids.map((id) => directory.script(id).path),
        atBase: map.currentDisplay([]),
        // Its dependency eeee00000001 is implied too, and shown: the graph has dependencies.
        atHead: map.currentDisplay(["ffff00000001"]),
      };
    };
    expect(heads(ScriptDirectory.load(p.config))).toEqual(heads(freshLoad(p)));
    expect(heads(ScriptDirectory.load(p.config)).ids).toEqual(["eeee00000002", "ffff00000001"]);
    // Same length: ffff00000001 now follows bbbb00000001, so the merge dddd00000001 becomes a head.
    editKeepingTimes(
      path,
      revisionSource("ffff00000001", { down: "bbbb00000001", dependsOn: "networking" }),
      seconds,
    );
    const after = heads(ScriptDirectory.load(p.config));
    expect(after.ids).toEqual(["dddd00000001", "eeee00000002", "ffff00000001"]);
    expect(after).toEqual(heads(freshLoad(p)));
    expect(heads(ScriptDirectory.load(p.config))).toEqual(after);
  });

  it("finds each script of a restored load, the first few by their names and the rest from the map of them all", () => {
    const p = emptyProject();
    const ids = Array.from({ length: 40 }, (_, i) => `aaaa${String(i).padStart(8, "0")}`);
    for (const [i, id] of ids.entries()) p.revision(id, i === 0 ? {} : { down: ids[i - 1]! });
    ScriptDirectory.load(p.config);
    const restored = ScriptDirectory.load(p.config);
    const fresh = freshLoad(p);
    const first = restored.script(ids[0]!);
    expect(ids.map((id) => restored.script(id).path)).toEqual(ids.map((id) => fresh.script(id).path));
    expect(restored.scripts.get(ids[0]!)).toBe(first);
    expect(scriptsOf(restored)).toEqual(scriptsOf(fresh));
    expect(() => restored.script("bbbb00000001")).toThrow(/bbbb00000001/);
  });

  it("answers current at the heads of a graph without dependencies from the snapshot, as a fresh build does", () => {
    const p = emptyProject();
    p.revision("aaaa00000001");
    p.revision("bbbb00000001", { down: "aaaa00000001" });
    p.revision("bbbb00000002", { down: "bbbb00000001" });
    p.revision("cccc00000001", { down: "aaaa00000001" });
    p.revision("2024", { down: "bbbb00000001" });
    ScriptDirectory.load(p.config);
    const rowsOf = [
      ["cccc00000001"],
      ["cccc00000001", "bbbb00000002"],
      ["2024", "2024"],
      ["bbbb00000001", "cccc00000001"],
    ];
    const current = (map: RevisionMap) => ({
      heads: map.heads(),
      shown: rowsOf.map((rows) => map.currentDisplay(rows)),
      replacement: map.replacement("cccc00000001"),
      original: map.original("aaaa00000001"),
    });
    const fresh = current(freshLoad(p).map);
    expect(fresh.shown[1]).toEqual([
      { id: "bbbb00000002", effectiveHead: false },
      { id: "cccc00000001", effectiveHead: false },
    ]);
    expect(current(ScriptDirectory.load(p.config).map)).toEqual(fresh);
    // Each row set on a map of its own: a set that needs the graph relinks it, and the next is asked afresh.
    for (const rows of rowsOf) {
      const expected = freshLoad(p).map.currentDisplay(rows);
      expect(ScriptDirectory.load(p.config).map.currentDisplay(rows)).toEqual(expected);
    }
  });

  it("sees a file added, removed or renamed", () => {
    const p = project();
    ScriptDirectory.load(p.config);
    p.revision("gggg00000001", { down: "ffff00000001" });
    expect(ScriptDirectory.load(p.config).map.heads()).toEqual(["eeee00000002", "gggg00000001"]);
    unlinkSync(p.path("migrations/versions/gggg00000001_rev.ts"));
    unlinkSync(p.path("migrations/versions/eeee00000002_rev.ts"));
    // eeee00000001 stays a head: an effective one, which ffff00000001 depends on.
    expect(ScriptDirectory.load(p.config).map.heads()).toEqual(["eeee00000001", "ffff00000001"]);
    const from = p.path("migrations/versions/ffff00000001_rev.ts");
    const to = p.path("migrations/versions/ffff00000001_renamed.ts");
    renameSync(from, to);
    const renamed = ScriptDirectory.load(p.config);
    expect(renamed.script("ffff00000001").path).toBe(to);
    expect(summary(renamed.map)).toEqual(summary(freshLoad(p).map));
    renameSync(to, p.path("migrations/versions/ffff00000002_renamed.ts"));
    expect(() => ScriptDirectory.load(p.config)).toThrow(/does not match the file name/);
  });

  it("restores a graph with a squash revision in place of the run it replaces", () => {
    const p = emptyProject();
    p.revision("aaaa00000001");
    p.revision("aaaa00000002", { down: "aaaa00000001" });
    p.write(
      "migrations/versions/ssss00000001_rev.ts",
      revisionSource("ssss00000001").replace(
        "export async function upgrade",
        'export const replaces = ["aaaa00000001", "aaaa00000002"];\n\nexport async function upgrade',
      ),
    );
    p.revision("bbbb00000001", { down: "aaaa00000002" });
    const squashed = (map: RevisionMap) => ({
      revisions: map.all(),
      history: map.history().map((revision) => revision.id),
      replacement: map.replacement("aaaa00000002"),
      original: map.original("aaaa00000001"),
      upToHeads: map.planUpgrade(["aaaa00000001"], "heads").steps,
    });
    ScriptDirectory.load(p.config);
    for (const name of cacheNames(p, "headers-")) unlinkSync(p.path(join(CACHE, name)));
    const restored = ScriptDirectory.load(p.config);
    expect(cacheNames(p, "headers-")).toHaveLength(0);
    expect(squashed(restored.map)).toEqual(squashed(freshLoad(p).map));
    expect(restored.map.get("aaaa00000001")).toBeUndefined();
    expect(restored.map.history().map((revision) => revision.id)).toEqual(["bbbb00000001", "ssss00000001"]);
  });

  it("sees a file moved from one version location to another", () => {
    const p = new TempProject({ versionLocations: ["migrations/versions", "migrations/more"] });
    mkdirSync(p.path("node_modules"));
    projects.push(p);
    p.revision("aaaa00000001");
    p.revision("bbbb00000001", { down: "aaaa00000001", location: "migrations/more" });
    ScriptDirectory.load(p.config);
    const to = p.path("migrations/versions/bbbb00000001_rev.ts");
    renameSync(p.path("migrations/more/bbbb00000001_rev.ts"), to);
    const moved = ScriptDirectory.load(p.config);
    expect(moved.script("bbbb00000001").path).toBe(to);
    expect(moved.map.heads()).toEqual(["bbbb00000001"]);
  });

  it("sees a branch label moved to another revision", () => {
    const p = project();
    expect(ScriptDirectory.load(p.config).map.resolve("networking@head")).toEqual(["eeee00000002"]);
    p.revision("eeee00000001", { message: "networking root" });
    p.revision("aaaa00000001", { labels: "networking", message: "first" });
    const moved = ScriptDirectory.load(p.config);
    expect(moved.map.get("eeee00000002")?.labels).toEqual([]);
    expect(moved.map.get("dddd00000001")?.labels).toEqual(["networking"]);
    expect(summary(moved.map)).toEqual(summary(freshLoad(p).map));
  });

  it("restores a project with no revision yet without writing its snapshot again", () => {
    const p = emptyProject();
    ScriptDirectory.load(p.config);
    const { path } = snapshotOf(p);
    const seconds = Math.floor(Date.now() / 1000) - 60;
    utimesSync(path, seconds, seconds);
    expect(ScriptDirectory.load(p.config).map.heads()).toEqual([]);
    expect(statSync(path).mtimeMs).toBe(seconds * 1000);
  });

  it("treats a truncated, an old-format or an ill-shaped snapshot as a miss and writes a good one", () => {
    // A hit writes nothing: a file that is good again afterwards shows that the damaged one was a miss.
    const p = project();
    ScriptDirectory.load(p.config);
    const { path, data } = snapshotOf(p);
    const expected = summary(freshLoad(p).map);
    const good = JSON.stringify(data);
    const map = data.files.map as { links: Record<string, unknown[]>; heads: Record<string, unknown>[] };
    const { links } = map;
    const files = (change: Record<string, unknown>) =>
      JSON.stringify({ ...data, files: { ...data.files, ...change } });
    const idLength = data.files.idLength as number[];
    const down = data.files.down as number[];
    const damaged = [
      good.slice(0, good.length / 2),
      JSON.stringify({ ...data, format: data.format - 1 }),
      files({ version: "0.0.0-another" }),
      JSON.stringify({ format: data.format, files: null }),
      files({ files: "another digest" }),
      files({ idLength: idLength.slice(1) }),
      // An id must end where its file name's stem ends or a "_" follows.
      files({ idLength: idLength.map(() => 4) }),
      files({ down: down.slice(1) }),
      files({ down: down.map(() => 99) }),
      files({ doc: 7 }),
      files({ doc: `${data.files.doc as string}one more` }),
      files({ dependsOn: { 0: [1] } }),
      files({ map: { ...map, links: { ...links, down: links.down!.slice(1) } } }),
      files({ map: { ...map, links: { ...links, down: links.down!.map(() => 99) } } }),
      files({ map: { ...map, links: { ...links, gen: "0" } } }),
      files({ map: { ...map, heads: [{ ...map.heads[0], labels: [1] }] } }),
      files({ map: { links } }),
    ];
    for (const text of damaged) {
      writeFileSync(path, text);
      expect(summary(ScriptDirectory.load(p.config).map)).toEqual(expected);
      expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(data);
    }
  });
});
