import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { revision } from "../../src/commands/revision.js";
import { ScriptDirectory } from "../../src/script/script-directory.js";
import { TempProject } from "../script/temp-project.js";

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

/** Runs a revision call that must fail, and checks that no file appeared or changed. */
async function failsWithoutWriting(
  project: TempProject,
  run: () => Promise<unknown>,
  message: string | RegExp,
) {
  const before = snapshot(project);
  const error = await failure(run());
  if (typeof message === "string") expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  expect(snapshot(project)).toEqual(before);
  return error;
}

/** Every file under the project with its content. */
function snapshot(project: TempProject): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of readdirSync(project.root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    result[path] = entry.isFile() ? readFileSync(path, "utf8") : "<dir>";
  }
  return result;
}

describe("revision writes the exact file layout", () => {
  it("writes a first revision from the packaged template", async () => {
    const project = new TempProject();
    const result = await revision(project.config, { message: "Add teams table", revId: "2d8b17e13d1a" });
    expect(result).toEqual({
      id: "2d8b17e13d1a",
      path: project.path("migrations/versions/2d8b17e13d1a_add_teams_table.ts"),
    });
    const text = readFileSync(result.path, "utf8");
    expect(text).toMatch(
      /^\/\*\*\n \* Add teams table\n \*\n \* Revision ID: 2d8b17e13d1a\n \* Revises: \n \* Create Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\n \*\/\nimport type \{ Op \} from "retort-migrate";\n\nexport const revision = "2d8b17e13d1a";\nexport const downRevision: string \| string\[\] \| null = null;\nexport const branchLabels: string \| string\[\] \| null = null;\nexport const dependsOn: string \| string\[\] \| null = null;\n\nexport async function upgrade\(op: Op\): Promise<void> \{\n\}\n\nexport async function downgrade\(op: Op\): Promise<void> \{\n\}\n$/,
    );
  });

  it("writes the creation time as local time with microseconds", async () => {
    const project = new TempProject();
    const before = new Date();
    const { path } = await revision(project.config, { message: "x" });
    const stamp = /Create Date: (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6})/.exec(
      readFileSync(path, "utf8"),
    );
    const [, y, mo, d, h, mi, s] = stamp!.map(Number);
    const written = new Date(y!, mo! - 1, d!, h!, mi!, s!);
    expect(Math.abs(written.getTime() - before.getTime())).toBeLessThan(5_000);
  });

  it("builds on the head by default and generates 12-hex ids", async () => {
    const project = new TempProject();
    const first = await revision(project.config, { message: "one" });
    const second = await revision(project.config, { message: "two" });
    expect(first.id).toMatch(/^[0-9a-f]{12}$/);
    const directory = ScriptDirectory.load(project.config);
    expect(directory.script(second.id).downRevisions).toEqual([first.id]);
    expect(readFileSync(second.path, "utf8")).toContain(`Revises: ${first.id}\n`);
    expect(directory.script(second.id).doc).toBe("two");
  });

  it("writes 'empty message' and an empty slug without -m", async () => {
    const project = new TempProject();
    const { id, path } = await revision(project.config, {});
    expect(basename(path)).toBe(`${id}_.ts`);
    expect(ScriptDirectory.load(project.config).script(id).doc).toBe("empty message");
  });

  it("keeps a multi-line message inside the doc block and escapes */", async () => {
    const project = new TempProject();
    const { id, path } = await revision(project.config, { message: "first line */ oops\n\nmore detail" });
    const script = ScriptDirectory.load(project.config).script(id);
    expect(script.doc).toBe("first line *\\/ oops");
    expect(script.longDoc.startsWith("first line *\\/ oops\n\nmore detail\n\nRevision ID:")).toBe(true);
    expect(readFileSync(path, "utf8")).toContain(" * first line *\\/ oops\n *\n * more detail\n");
  });

  it("renders a body and imports for autogenerate", async () => {
    const project = new TempProject();
    const { path } = await revision(project.config, {
      message: "x",
      body: {
        upgrade: 'await op.createTable("t", {});\nawait op.execute("select 1");',
        downgrade: 'await op.dropTable("t");',
        imports: 'import { helper } from "../helpers.js";',
      },
    });
    const text = readFileSync(path, "utf8");
    expect(text).toContain(
      'import type { Op } from "retort-migrate";\nimport { helper } from "../helpers.js";\n',
    );
    expect(text).toContain(
      'upgrade(op: Op): Promise<void> {\n  await op.createTable("t", {});\n  await op.execute("select 1");\n}',
    );
    expect(text).toContain('downgrade(op: Op): Promise<void> {\n  await op.dropTable("t");\n}');
  });
});

describe("revision slugs", () => {
  it("keeps a hostile message inside the versions folder", async () => {
    const project = new TempProject();
    for (const message of ["../../etc/passwd", "a/b\\c", "..", "/abs/path", "x\u0000y"]) {
      const { id, path } = await revision(project.config, { message });
      expect(dirname(path)).toBe(project.path("migrations/versions"));
      expect(basename(path)).toMatch(new RegExp(`^${id}_[a-z0-9_]*\\.ts$`));
    }
    expect(project.list()).toContainEqual(expect.stringMatching(/_etc_passwd\.ts$/));
  });

  it("lowercases words and cuts long messages at a word boundary", async () => {
    const project = new TempProject();
    const long = await revision(project.config, {
      message: "Add the Customer-Orders table, with 25 columns and several indexes",
    });
    expect(basename(long.path)).toBe(`${long.id}_add_the_customer_orders_table_with_25_.ts`);
    const short = await revision(new TempProject({ truncateSlugLength: 10 }).config, {
      message: "Héllo wörld",
    });
    expect(basename(short.path)).toBe(`${short.id}_h_llo_w_.ts`);
  });
});

describe("revision follows Alembic's rules for --head and --splice", () => {
  it("refuses to pick between several heads", async () => {
    const project = new TempProject();
    project.revision("a1");
    project.revision("b1", { down: "a1" });
    project.revision("c1", { down: "a1" });
    const error = await failsWithoutWriting(
      project,
      () => revision(project.config, { message: "x" }),
      "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.",
    );
    expect((error as { exitCode?: number }).exitCode).toBe(1);
  });

  it("needs --splice to branch from a revision that is not a head", async () => {
    const project = new TempProject();
    project.revision("a1");
    project.revision("b1", { down: "a1" });
    await failsWithoutWriting(
      project,
      () => revision(project.config, { head: "a1" }),
      "Revision a1 is not a head revision; please specify --splice to create a new branch from this revision",
    );
    const spliced = await revision(project.config, { head: "a1", splice: true, revId: "c1" });
    expect(ScriptDirectory.load(project.config).map.heads()).toEqual(["b1", spliced.id]);
  });

  it("starts a new root with --head base", async () => {
    const project = new TempProject();
    project.revision("a1");
    const { id } = await revision(project.config, { head: "base", branchLabel: ["lib"] });
    const directory = ScriptDirectory.load(project.config);
    expect(directory.script(id)).toMatchObject({ downRevisions: [], branchLabels: ["lib"] });
    expect(directory.map.bases()).toEqual(["a1", id].sort());
  });

  it("builds on label@head and resolves a prefix", async () => {
    const project = new TempProject();
    project.revision("aaaa1111");
    project.revision("bbbb1111", { labels: "lib" });
    project.revision("bbbb2222", { down: "bbbb1111" });
    const onLabel = await revision(project.config, { head: "lib@head" });
    expect(ScriptDirectory.load(project.config).script(onLabel.id).downRevisions).toEqual(["bbbb2222"]);
    const onPrefix = await revision(project.config, { head: "aaaa" });
    expect(ScriptDirectory.load(project.config).script(onPrefix.id).downRevisions).toEqual(["aaaa1111"]);
  });

  it("reports an unknown --head without writing", async () => {
    const project = new TempProject();
    project.revision("a1");
    await failsWithoutWriting(project, () => revision(project.config, { head: "zzzz" }), /zzzz/);
  });
});

describe("revision with several version locations", () => {
  const settings = { versionLocations: ["migrations/versions", "migrations/networking"] };

  it("needs --version-path for a new root", async () => {
    const project = new TempProject(settings);
    await failsWithoutWriting(
      project,
      () => revision(project.config, { message: "first" }),
      "Multiple version locations present, please specify --version-path",
    );
    const { path } = await revision(project.config, {
      message: "first",
      versionPath: "migrations/networking",
    });
    expect(dirname(path)).toBe(project.path("migrations/networking"));
  });

  it("puts a revision in its parent's folder by default", async () => {
    const project = new TempProject(settings);
    project.revision("n1", { location: "migrations/networking", labels: "net" });
    project.revision("v1", { message: "x" });
    const { path } = await revision(project.config, { head: "net@head" });
    expect(dirname(path)).toBe(project.path("migrations/networking"));
  });

  it("accepts only a configured --version-path, relative or absolute", async () => {
    const project = new TempProject(settings);
    project.revision("v1");
    await failsWithoutWriting(
      project,
      () => revision(project.config, { versionPath: "migrations/elsewhere" }),
      "Path migrations/elsewhere is not represented in current version locations",
    );
    const { path } = await revision(project.config, { versionPath: project.path("migrations/networking/") });
    expect(dirname(path)).toBe(project.path("migrations/networking"));
  });
});

describe("revision options", () => {
  it("stores --depends-on as full ids but keeps bare branch labels", async () => {
    const project = new TempProject();
    project.revision("aaaa00000001");
    project.revision("bbbb00000001", { labels: "lib" });
    project.revision("cccc00000001", { down: "aaaa00000001" });
    const { id, path } = await revision(project.config, {
      head: "cccc00000001",
      dependsOn: ["bbbb0", "lib", "aaaa00000001"],
    });
    expect(ScriptDirectory.load(project.config).script(id).dependsOn).toEqual([
      "bbbb00000001",
      "lib",
      "aaaa00000001",
    ]);
    expect(readFileSync(path, "utf8")).toContain(
      'export const dependsOn: string | string[] | null = ["bbbb00000001", "lib", "aaaa00000001"];',
    );
  });

  it("rejects a --depends-on that names nothing", async () => {
    const project = new TempProject();
    project.revision("a1");
    await failsWithoutWriting(project, () => revision(project.config, { dependsOn: ["nothing"] }), /nothing/);
  });

  it("validates --rev-id", async () => {
    const project = new TempProject();
    project.revision("a1");
    await failsWithoutWriting(
      project,
      () => revision(project.config, { revId: "bad-id" }),
      "Invalid revision id 'bad-id': use 1 to 32 characters from A-Z, a-z, 0-9 and _",
    );
    await failsWithoutWriting(
      project,
      () => revision(project.config, { revId: "x".repeat(33) }),
      /Invalid revision id/,
    );
    await failsWithoutWriting(
      project,
      () => revision(project.config, { revId: "a1" }),
      /^Revision a1 already exists: /,
    );
    const ok = await revision(project.config, { revId: "Release_2026_01" });
    expect(ok.id).toBe("Release_2026_01");
  });

  it("refuses a branch label that exists, is reserved or malformed", async () => {
    const project = new TempProject();
    project.revision("a1", { labels: "lib" });
    project.revision("a2", { down: "a1" });
    await failsWithoutWriting(
      project,
      () => revision(project.config, { branchLabel: ["lib"] }),
      "Branch label 'lib' already exists (revision a1)",
    );
    await failsWithoutWriting(
      project,
      () => revision(project.config, { branchLabel: ["heads"] }),
      /Invalid branch label/,
    );
    await failsWithoutWriting(
      project,
      () => revision(project.config, { branchLabel: ["a@b"] }),
      /Invalid branch label/,
    );
    await failsWithoutWriting(
      project,
      () => revision(project.config, { branchLabel: ["a1"] }),
      /already a revision id/,
    );
    const { path } = await revision(project.config, { branchLabel: ["one", "two"] });
    expect(readFileSync(path, "utf8")).toContain(
      'export const branchLabels: string | string[] | null = ["one", "two"];',
    );
  });
});

describe("revision templates", () => {
  it("uses the project's template and its extension", async () => {
    const project = new TempProject();
    project.write(
      "migrations/script.mjs.tmpl",
      `/**
 * \${message}
 */
export const revision = "\${revisionId}";
export const downRevision = \${downRevision};
export const branchLabels = \${branchLabels};
export const dependsOn = \${dependsOn};
export async function upgrade(op) {
  \${upgrades}
}
export async function downgrade(op) {
  \${downgrades}
}
`,
    );
    const { id, path } = await revision(project.config, { message: "js project" });
    expect(path.endsWith(`${id}_js_project.mjs`)).toBe(true);
    expect(readFileSync(path, "utf8")).toContain(
      `export const revision = "${id}";\nexport const downRevision = null;`,
    );
    expect(ScriptDirectory.load(project.config).script(id).doc).toBe("js project");
  });

  it("refuses a template that drops a header constant it was given", async () => {
    const project = new TempProject();
    project.write(
      "migrations/script.ts.tmpl",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is a template
      'export const revision = "${revisionId}";\nexport const downRevision = ${downRevision};\n',
    );
    await failsWithoutWriting(
      project,
      () => revision(project.config, { branchLabel: ["lib"] }),
      /^Template .*script\.ts\.tmpl does not write branchLabels as given/,
    );
  });
});
