import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { autoMergeMessage, merge, mergeAuto } from "../../src/commands/merge.js";
import { ScriptDirectory } from "../../src/script/script-directory.js";
import { TempProject } from "../script/temp-project.js";

function forked(): TempProject {
  const project = new TempProject();
  project.revision("aaaa0001");
  project.revision("bbbb0001", { down: "aaaa0001" });
  project.revision("cccc0001", { down: "aaaa0001" });
  return project;
}

describe("merge", () => {
  it("merges every head with 'heads'", async () => {
    const project = forked();
    const { id, path } = await merge(project.config, {
      revisions: ["heads"],
      message: "merge orders and audit",
    });
    expect(basename(path)).toBe(`${id}_merge_orders_and_audit.ts`);
    const text = readFileSync(path, "utf8");
    expect(text).toContain(" * Revises: bbbb0001, cccc0001\n");
    expect(text).toContain('export const downRevision: string | string[] | null = ["bbbb0001", "cccc0001"];');
    const directory = ScriptDirectory.load(project.config);
    expect(directory.map.heads()).toEqual([id]);
    expect(directory.map.get(id)?.isMergePoint).toBe(true);
  });

  it("merges the revisions named, by prefix, in the order given", async () => {
    const project = forked();
    const { id } = await merge(project.config, {
      revisions: ["cccc", "bbbb"],
      revId: "m1",
      branchLabel: ["merged"],
    });
    const script = ScriptDirectory.load(project.config).script(id);
    expect(script).toMatchObject({
      id: "m1",
      downRevisions: ["cccc0001", "bbbb0001"],
      branchLabels: ["merged"],
    });
  });

  it("needs at least two revisions", async () => {
    const project = new TempProject();
    project.revision("aaaa0001");
    await expect(merge(project.config, { revisions: ["heads"] })).rejects.toThrow(
      "Nothing to merge: heads names only aaaa0001; a merge needs at least two revisions",
    );
    await expect(merge(project.config, { revisions: ["aaaa", "aaaa0001"] })).rejects.toThrow(/only aaaa0001/);
    expect(project.list()).toEqual(["aaaa0001_rev.ts"]);
  });

  it("refuses to merge a revision that is not a head", async () => {
    const project = forked();
    await expect(merge(project.config, { revisions: ["aaaa0001", "bbbb0001"] })).rejects.toThrow(
      "Revision aaaa0001 is not a head revision; please specify --splice to create a new branch from this revision",
    );
    expect(project.list()).toHaveLength(3);
  });
});

describe("merge --auto", () => {
  it("writes nothing and returns [] when every branch has one head", async () => {
    const project = new TempProject();
    project.revision("aaaa0001");
    project.revision("n0", { labels: "net" });
    expect(await mergeAuto(project.config)).toEqual([]);
    expect(project.list()).toHaveLength(2);
  });

  it("merges the unlabelled heads with a generated message", async () => {
    const project = forked();
    const [written, ...more] = await mergeAuto(project.config);
    expect(more).toEqual([]);
    expect(written).toMatchObject({ branch: null, parents: ["bbbb0001", "cccc0001"] });
    expect(basename(written!.path)).toBe(`${written!.id}_merge_bbbb0001_and_cccc0001.ts`);
    const text = readFileSync(written!.path, "utf8");
    expect(text).toContain(" * merge bbbb0001 and cccc0001\n");
    expect(ScriptDirectory.load(project.config).map.heads()).toEqual([written!.id]);
  });

  it("merges each label's heads on their own, leaving a branch with one head alone", async () => {
    const project = new TempProject();
    project.revision("m0");
    project.revision("n0", { labels: "net" });
    project.revision("n1", { down: "n0" });
    project.revision("n2", { down: "n0" });
    project.revision("n3", { down: "n0" });
    project.revision("b0", { labels: "billing" });
    const written = await mergeAuto(project.config, { message: "merge net" });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ branch: "net", parents: ["n1", "n2", "n3"] });
    const { map } = ScriptDirectory.load(project.config);
    expect(map.heads()).toEqual(["b0", written[0]!.id, "m0"].sort());
    expect(ScriptDirectory.load(project.config).script(written[0]!.id).doc).toBe("merge net");
    expect(autoMergeMessage(["a", "b", "c"])).toBe("merge a, b and c");
  });
});
