// Which runs `squash` takes: what it refuses, with nothing written (runs that are not one line, data it cannot
// record, originals whose downgrades do not undo them), and labelled runs, whose labels move to the squash. Programmatic calls on SQLite (the CLI path is in squash.test.ts).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SquashRefusedError, squash } from "../../src/commands/squash.js";
import { ScriptDirectory } from "../../src/script/script-directory.js";
import { PACKAGED_TEMPLATES } from "../../src/script/template.js";
import { revisionSource, TempProject } from "../script/temp-project.js";

interface Rev {
  readonly id: string;
  readonly down?: string | string[];
  readonly labels?: string;
  readonly up?: string;
  readonly downgrade?: string;
}

function projectWith(revisions: readonly Rev[]): TempProject {
  const project = new TempProject({ url: "sqlite:./dev.db" });
  for (const rev of revisions) {
    const source = revisionSource(rev.id, { down: rev.down ?? null, labels: rev.labels ?? null })
      .replace(
        "export async function upgrade(op: Op): Promise<void> {}",
        `export async function upgrade(op: Op): Promise<void> {\n  ${rev.up ?? `await op.createTable("t_${rev.id}", { id: op.column.integer() });`}\n}`,
      )
      .replace(
        "export async function downgrade(op: Op): Promise<void> {}",
        `export async function downgrade(op: Op): Promise<void> {\n  ${rev.downgrade ?? `await op.dropTable("t_${rev.id}");`}\n}`,
      );
    project.write(`migrations/versions/${rev.id}_rev.ts`, source);
  }
  return project;
}

async function refusal(
  project: TempProject,
  range: string,
  options: { snapshot?: boolean } = {},
): Promise<string> {
  const before = project.list();
  try {
    await squash(project.config, { range, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(SquashRefusedError);
    expect(project.list()).toEqual(before);
    return (error as Error).message;
  }
  throw new Error("expected the squash to be refused");
}

describe("squash refuses, writing nothing", () => {
  it("a range that is not FROM:TO on one line of at least two revisions", async () => {
    const project = projectWith([{ id: "a1" }, { id: "a2", down: "a1" }, { id: "b2", down: "a1" }]);
    expect(await refusal(project, "a1")).toMatch(/^Squash needs FROM:TO, both given/);
    expect(await refusal(project, "a2:a2")).toMatch(/single revision/);
    expect(await refusal(project, "a2:b2")).toMatch(/^a2 is not below b2 on one line/);
    expect(await refusal(project, "a1:a2")).toMatch(/^a1 has other children \(a2, b2\)/);
  });

  it("a --rev-id that is taken, before any work on the scratch database", async () => {
    const project = projectWith([
      { id: "a1" },
      { id: "a2", down: "a1", up: "throw new Error('never run');" },
    ]);
    await expect(squash(project.config, { range: "a1:a2", revId: "a1" })).rejects.toThrow(
      /^Revision a1 already exists: /,
    );
  });

  it("a run through a merge", async () => {
    const merged = projectWith([
      { id: "a1" },
      { id: "a2", down: "a1" },
      { id: "b2", down: "a1" },
      { id: "m3", down: ["a2", "b2"], up: "", downgrade: "" },
      { id: "m4", down: "m3" },
    ]);
    expect(await refusal(merged, "m3:m4")).toMatch(/m3 is a merge/);
  });

  it("op.query, whose use of the rows is code, naming the revision and its file", async () => {
    const project = projectWith([
      { id: "a1" },
      { id: "a2", down: "a1", up: 'await op.query("SELECT count(*) AS n FROM t_a1");', downgrade: "" },
    ]);
    expect(await refusal(project, "a1:a2")).toMatch(
      /^Cannot fold data steps into the squash: a2 \(.*a2_rev\.ts\): op\.query\("SELECT count\(\*\) AS n FROM t_a1"\)/,
    );
  });

  it("originals whose downgrades do not bring the schema back", async () => {
    const project = projectWith([{ id: "a1" }, { id: "a2", down: "a1", downgrade: "" }]);
    expect(await refusal(project, "a1:a2")).toMatch(
      /^The downgrades of a1, a2 do not bring the schema back to what it was below a1: .*t_a2/,
    );
  });
});

describe("squash accepts", () => {
  it("a run that declares branch labels: the squash declares them instead", async () => {
    const project = projectWith([
      { id: "a1", labels: "lib" },
      { id: "a2", down: "a1" },
      { id: "a3", down: "a2" },
    ]);
    const result = await squash(project.config, { range: "a1:a2", revId: "s1" });
    expect(result.text).toContain('export const branchLabels: string | string[] | null = "lib";\n');
    const { map } = ScriptDirectory.load(project.config);
    expect(map.resolve("lib@head")).toEqual(["a3"]);
    expect(map.get("s1")?.labels).toEqual(["lib"]);
    expect(map.get("a3")?.labels).toEqual(["lib"]);
  });

  it("a project of .js revisions: the squash is plain JavaScript, checked as the project loads it", async () => {
    const project = new TempProject({ url: "sqlite:./dev.db" });
    project.write("package.json", '{ "type": "module" }\n');
    const js = (text: string) =>
      text
        .replace('import type { Op } from "retort-migrate";\n', "")
        .replaceAll(": string | string[] | null", "")
        .replaceAll("(op: Op): Promise<void>", "(op)");
    project.write(
      "migrations/script.js.tmpl",
      js(readFileSync(join(PACKAGED_TEMPLATES, "script.ts.tmpl"), "utf8")),
    );
    for (const [id, down] of [
      ["a1", null],
      ["a2", "a1"],
    ] as const) {
      const source = js(revisionSource(id, { down }))
        .replace(
          "upgrade(op) {}",
          `upgrade(op) {\n  await op.createTable("t_${id}", { id: op.column.integer() });\n}`,
        )
        .replace("downgrade(op) {}", `downgrade(op) {\n  await op.dropTable("t_${id}");\n}`);
      project.write(`migrations/versions/${id}_rev.js`, source);
    }
    const result = await squash(project.config, { range: "a1:a2", revId: "s1" });
    expect(result.path.endsWith("s1_squash_a1_to_a2.js")).toBe(true);
    expect(result.text).toContain('export const replaces = ["a1", "a2"];\n');
    expect(result.text).toContain('await op.createTable("t_a2"');
    expect(project.list()).toEqual(["a1_rev.js", "a2_rev.js", "s1_squash_a1_to_a2.js"]);
  });
});
