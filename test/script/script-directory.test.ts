import { mkdirSync, rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ScriptDirectory } from "../../src/script/script-directory.js";
import { ScriptLoadError } from "../../src/script/script-errors.js";
import { revisionSource, TempProject } from "./temp-project.js";

function loadError(project: TempProject): ScriptLoadError {
  try {
    ScriptDirectory.load(project.config);
  } catch (error) {
    if (error instanceof ScriptLoadError) return error;
    throw error;
  }
  throw new Error("expected a ScriptLoadError");
}

describe("ScriptDirectory.load discovers revision files", () => {
  it("reads every version location and builds the graph", () => {
    const project = new TempProject({ versionLocations: ["migrations/versions", "migrations/networking"] });
    project.revision("aaaa00000001", { message: "create account table" });
    project.revision("aaaa00000002", { down: "aaaa00000001", message: "add email" });
    project.revision("bbbb00000001", {
      location: "migrations/networking",
      labels: "networking",
      dependsOn: "aaaa00000001",
      message: "create networking branch",
    });
    const directory = ScriptDirectory.load(project.config);
    expect([...directory.scripts.keys()].sort()).toEqual(["aaaa00000001", "aaaa00000002", "bbbb00000001"]);
    expect(directory.map.heads()).toEqual(["aaaa00000002", "bbbb00000001"]);
    const networking = directory.script("bbbb00000001");
    expect(networking.path).toBe(
      project.path("migrations/networking/bbbb00000001_create_networking_branch.ts"),
    );
    expect(networking).toMatchObject({
      downRevisions: [],
      dependsOn: ["aaaa00000001"],
      branchLabels: ["networking"],
    });
    expect(networking.doc).toBe("create networking branch");
    expect(networking.longDoc).toBe(
      "create networking branch\n\nRevision ID: bbbb00000001\nRevises: \nCreate Date: 2026-02-27 02:00:25.694782",
    );
    expect(directory.script("aaaa00000002").downRevisions).toEqual(["aaaa00000001"]);
    expect(() => directory.script("zzzz")).toThrow(/zzzz/);
  });

  it("accepts .ts, .mts, .js and .mjs and ignores everything else", () => {
    const project = new TempProject();
    project.revision("a1", { file: "a1_one.ts" });
    project.revision("a2", { down: "a1", file: "a2_two.mts" });
    project.revision("a3", { down: "a2", file: "a3_three.js" });
    project.revision("a4", { down: "a3", file: "a4_four.mjs" });
    project.write("migrations/versions/a5_types.d.ts", "export const revision: string;\n");
    project.write("migrations/versions/.a6_hidden.ts", "garbage(");
    project.write("migrations/versions/notes.md", "# notes");
    project.write("migrations/versions/a7_x.cts", "garbage(");
    mkdirSync(project.path("migrations/versions/sub"));
    project.write("migrations/versions/sub/b1_nested.ts", "garbage(");
    const directory = ScriptDirectory.load(project.config);
    expect([...directory.scripts.keys()].sort()).toEqual(["a1", "a2", "a3", "a4"]);
    expect(directory.map.heads()).toEqual(["a4"]);
  });

  it("skips a version location that does not exist yet", () => {
    const project = new TempProject({ versionLocations: ["migrations/versions", "migrations/later"] });
    project.revision("a1");
    expect(ScriptDirectory.load(project.config).map.heads()).toEqual(["a1"]);
  });

  it("fails when neither the script folder nor any version location exists", () => {
    const project = new TempProject();
    rmSync(project.path("migrations"), { recursive: true });
    const error = loadError(project);
    expect(error.message).toMatch(/^Path doesn't exist: .*migrations$/);
    expect(error.hint).toContain("retort init");
  });

  it("reads UTF-8 messages and ids", () => {
    const project = new TempProject();
    project.revision("a1", { message: "Crée la table « équipes »", labels: "équipe" });
    const script = ScriptDirectory.load(project.config).script("a1");
    expect(script.doc).toBe("Crée la table « équipes »");
    expect(script.branchLabels).toEqual(["équipe"]);
  });

  it("reads files with Windows line endings and a byte-order mark", () => {
    const project = new TempProject();
    project.write(
      "migrations/versions/a1_crlf.ts",
      `\ufeff${revisionSource("a1", { message: "Windows file" }).replace(/\n/g, "\r\n")}`,
    );
    const script = ScriptDirectory.load(project.config).script("a1");
    expect(script.doc).toBe("Windows file");
    expect(script.longDoc.split("\n")[2]).toBe("Revision ID: a1");
  });

  it("reads a header that starts beyond the first chunk of a large file", () => {
    const project = new TempProject();
    const padding = `const data = ${JSON.stringify("x".repeat(40_000))};\n`;
    project.write("migrations/versions/a1_big.ts", padding + revisionSource("a1"));
    const longDoc = `/**\n * big doc\n${" * line\n".repeat(5_000)} */\n`;
    project.write(
      "migrations/versions/a2_doc.ts",
      longDoc + revisionSource("a2", { down: "a1" }).replace(/^\/\*\*[\s\S]*?\*\/\n/, ""),
    );
    const directory = ScriptDirectory.load(project.config);
    expect(directory.map.heads()).toEqual(["a2"]);
    expect(directory.script("a2").doc).toBe("big doc");
    expect(directory.script("a2").longDoc.split("\n")).toHaveLength(5_001);
  });
});

describe("reading only the start of a file", () => {
  /** A file whose text up to and including `cut` is exactly `at` bytes long. */
  function cutAt(head: string, cut: string, tail: string, at: number): string {
    const padding = "p".repeat(at - head.length - cut.length - 5);
    return `${head}/*${padding}*/\n${cut}${tail}`;
  }

  for (const at of [1024, 16 * 1024]) {
    it(`does not take a value cut off at byte ${at} for a whole one`, () => {
      const project = new TempProject();
      project.revision("a1");
      const head =
        'export const revision = "b1";\nexport const downRevision = "a1";\nexport const branchLabels = null;\n';
      const text = cutAt(head, 'export const dependsOn = "a1"', ' + "x";\n', at);
      expect(text.indexOf(' + "x"')).toBe(at);
      project.write("migrations/versions/b1_cut.ts", text);
      const error = loadError(project);
      expect(error.message).toMatch(/b1_cut\.ts:\d+: dependsOn must be a string literal/);
    });
  }

  it("parses a header that continues past the first kilobyte", () => {
    const project = new TempProject();
    project.revision("a1");
    const head = 'export const revision = "b1";\nexport const downRevision = "a1";\n';
    project.write(
      "migrations/versions/b1_long.ts",
      cutAt(head, "export const dependsOn = [", '"a1"];\n', 1024),
    );
    expect(ScriptDirectory.load(project.config).script("b1").dependsOn).toEqual(["a1"]);
  });
});

describe("ScriptDirectory.load reports broken files by name and line", () => {
  it("names both files of a duplicate revision id", () => {
    const project = new TempProject({ versionLocations: ["migrations/versions", "migrations/other"] });
    project.revision("a1", { file: "a1_first.ts" });
    project.revision("a1", { file: "a1_second.ts", location: "migrations/other" });
    expect(loadError(project).message).toMatch(
      /^Revision a1 is defined twice: .*versions\/a1_first\.ts and .*other\/a1_second\.ts$/,
    );
  });

  it("names file and line of a header value that is not a literal", () => {
    const project = new TempProject();
    project.write(
      "migrations/versions/ab12_x.ts",
      '/** x */\nexport const revision = "ab12";\nexport const downRevision = PARENT;\n',
    );
    expect(loadError(project).message).toMatch(
      /ab12_x\.ts:3: downRevision must be a string literal, an array of string literals, or null$/,
    );
  });

  it("requires the revision constant", () => {
    const project = new TempProject();
    project.write("migrations/versions/ab12_x.ts", "export const downRevision = null;\n");
    expect(loadError(project).message).toMatch(/ab12_x\.ts: no "export const revision = '<id>';" found$/);
  });

  it("requires the downRevision constant", () => {
    const project = new TempProject();
    project.write("migrations/versions/ab12_x.ts", 'export const revision = "ab12";\n');
    expect(loadError(project).message).toMatch(/ab12_x\.ts: no "export const downRevision = …;" found/);
  });

  it("requires the id to match the file name", () => {
    const project = new TempProject();
    project.revision("ab12", { file: "ab13_x.ts" });
    expect(loadError(project).message).toMatch(
      /ab13_x\.ts:10: revision id 'ab12' does not match the file name, which must start with 'ab12_'$/,
    );
    const prefix = new TempProject();
    prefix.revision("ab", { file: "abc_x.ts" });
    expect(loadError(prefix).message).toContain("does not match the file name");
  });

  it("rejects ids with other characters or more than 32 of them", () => {
    const project = new TempProject();
    project.revision("a-b", { file: "a-b_x.ts" });
    expect(loadError(project).message).toMatch(/a-b_x\.ts:10: revision id 'a-b' must be 1 to 32 characters/);
    const long = new TempProject();
    long.revision("a".repeat(33));
    expect(loadError(long).message).toContain("must be 1 to 32 characters");
  });

  it("names the file and line of a down revision that does not exist", () => {
    const project = new TempProject();
    project.revision("ab12", { down: "zz99", message: "x" });
    expect(loadError(project).message).toMatch(/ab12_x\.ts:11: down revision 'zz99' does not exist$/);
  });

  it("names the file and line of a dependency that does not exist", () => {
    const project = new TempProject();
    project.revision("ab12", { dependsOn: ["nolabel"], message: "x" });
    expect(loadError(project).message).toMatch(/ab12_x\.ts:13: dependency 'nolabel' does not exist$/);
  });

  it("lists the files of a cycle", () => {
    const project = new TempProject();
    project.revision("base1");
    project.revision("c1", { down: "c3", message: "x" });
    project.revision("c2", { down: "c1", message: "x" });
    project.revision("c3", { down: "c2", message: "x" });
    const message = loadError(project).message;
    expect(message).toMatch(/^Cycle is detected in revisions \(c1, c2, c3\): /);
    for (const id of ["c1", "c2", "c3"]) expect(message).toMatch(new RegExp(`${id}_x\\.ts:11`));
  });

  it("names both files of a duplicate branch label", () => {
    const project = new TempProject();
    project.revision("a1", { labels: "lib", message: "x" });
    project.revision("b1", { labels: "lib", message: "x" });
    const message = loadError(project).message;
    expect(message).toMatch(
      /b1_x\.ts:12: Branch name 'lib' in revision b1 already used by revision a1 \(.*a1_x\.ts:12\)$/,
    );
  });
});
