import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseUnavailableError, RevisionAppliedError, rebase } from "../../src/commands/rebase.js";
import { upgrade } from "../../src/commands/upgrade.js";
import { UsageError } from "../../src/errors.js";
import { RebaseRefusedError } from "../../src/graph/index.js";
import { ScriptDirectory } from "../../src/script/script-directory.js";
import { revisionSource, TempProject } from "../script/temp-project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";

/** After a clean git merge: a1 and b1 were both written on p1. */
function twoDevelopers(settings = {}): TempProject {
  const project = new TempProject(settings);
  project.revision("p1", { message: "create people" });
  project.revision("a1", { down: "p1", message: "add teams" });
  project.revision("b1", { down: "p1", message: "add pets" });
  return project;
}

const snapshot = (project: TempProject) =>
  Object.fromEntries(project.list().map((name) => [name, project.read(`migrations/versions/${name}`)]));

describe("rebase", () => {
  it("rewrites the moved revision's file so the graph has one head", async () => {
    const project = twoDevelopers();
    const before = snapshot(project);
    const result = await rebase(project.config, { revision: "b1", onto: "a1" });
    expect(result.changes).toMatchObject([
      {
        head: "b1",
        revision: "b1",
        from: ["p1"],
        to: ["a1"],
        path: project.path("migrations/versions/b1_add_pets.ts"),
      },
    ]);
    expect(result.database).toEqual({ checked: false, reason: "no-url" });
    const after = snapshot(project);
    expect(after["a1_add_teams.ts"]).toBe(before["a1_add_teams.ts"]);
    expect(after["b1_add_pets.ts"]).toBe(
      before["b1_add_pets.ts"]!.replace("Revises: p1", "Revises: a1").replace('= "p1";', '= "a1";'),
    );
    const { map } = ScriptDirectory.load(project.config);
    expect(map.heads()).toEqual(["b1"]);
    expect(project.list()).toEqual(["a1_add_teams.ts", "b1_add_pets.ts", "p1_create_people.ts"]);
  });

  it("--dry-run returns the diff and writes nothing", async () => {
    const project = twoDevelopers();
    const before = snapshot(project);
    const result = await rebase(project.config, { revision: "b1", onto: "a1", dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.changes[0]!.diff).toContain("\n- * Revises: p1\n+ * Revises: a1\n");
    expect(result.changes[0]!.diff).toContain(
      '\n-export const downRevision: string | string[] | null = "p1";\n',
    );
    expect(snapshot(project)).toEqual(before);
  });

  it("accepts any identifier naming one revision, and refuses what names none or several", async () => {
    const project = twoDevelopers();
    await expect(rebase(project.config, { revision: "b1", onto: "heads" })).rejects.toThrow(
      /Multiple head revisions/,
    );
    await expect(rebase(project.config, { revision: "base", onto: "a1" })).rejects.toThrow(UsageError);
    await expect(rebase(project.config, { revision: "b1" })).rejects.toThrow(UsageError);
    await expect(rebase(project.config, { revision: "b1", onto: "a1", allHeadsOnto: "a1" })).rejects.toThrow(
      UsageError,
    );
    await rebase(project.config, { revision: "b1", onto: "a1@head" });
    expect(ScriptDirectory.load(project.config).map.heads()).toEqual(["b1"]);
  });

  it("refuses a cycle and two heads on a branch, leaving the files untouched", async () => {
    const project = twoDevelopers();
    project.revision("c1", { down: "p1" });
    const before = snapshot(project);
    await expect(rebase(project.config, { revision: "b1", onto: "b1" })).rejects.toThrow(RebaseRefusedError);
    const refused = rebase(project.config, { revision: "b1", onto: "a1" });
    await expect(refused).rejects.toThrow(
      "Rebasing b1 onto a1 would leave 2 heads on branch (no label): b1, c1",
    );
    expect(snapshot(project)).toEqual(before);
  });

  it("--all-heads-onto stacks every other head, rewriting each moved line's lowest file", async () => {
    const project = twoDevelopers();
    project.revision("c1", { down: "p1" });
    project.revision("c2", { down: "c1" });
    const result = await rebase(project.config, { allHeadsOnto: "a1" });
    expect(result.changes.map(({ revision, to }) => `${revision}->${to.join()}`)).toEqual([
      "b1->a1",
      "c1->b1",
    ]);
    const { map } = ScriptDirectory.load(project.config);
    expect(map.history().map((revision) => revision.id)).toEqual(["c2", "c1", "b1", "a1", "p1"]);
  });

  it("refuses when the configured database cannot be asked, unless --offline", async () => {
    const project = twoDevelopers({ url: "postgres://app:hunter2@127.0.0.1:1/app" });
    const refused = rebase(project.config, { revision: "b1", onto: "a1" });
    await expect(refused).rejects.toThrow(DatabaseUnavailableError);
    await expect(refused).rejects.toThrow(
      /^Cannot check whether postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app has applied b1: /,
    );
    const offline = await rebase(project.config, { revision: "b1", onto: "a1", offline: true });
    expect(offline.database).toEqual({ checked: false, reason: "offline" });
    expect(readFileSync(project.path("migrations/versions/b1_add_pets.ts"), "utf8")).toContain('= "a1";');
  });
});

describeEachDialect("rebase asks the database", (dialect) => {
  let database: TestDatabase;
  afterEach(async () => database?.drop());

  it("refuses to move a revision the database has applied, and moves one it has not", async () => {
    database = await createTestDatabase(dialect);
    const project = twoDevelopers({ url: database.url });
    await upgrade(project.config, "b1");
    const before = snapshot(project);
    const refused = rebase(project.config, { revision: "b1", onto: "a1" });
    await expect(refused).rejects.toThrow(RevisionAppliedError);
    await expect(refused).rejects.toThrow(/has applied b1 \(version table retort_version: b1\)/);
    expect(snapshot(project)).toEqual(before);
    const moved = await rebase(project.config, { revision: "a1", onto: "b1" });
    expect(moved.database).toMatchObject({ checked: true, rows: ["b1"] });
    await upgrade(project.config, "head");
    expect(ScriptDirectory.load(project.config).map.heads()).toEqual(["a1"]);
  });

  it("counts a squash as applied where the database holds an id it replaces", async () => {
    database = await createTestDatabase(dialect);
    const project = twoDevelopers({ url: database.url });
    project.revision("a2", { down: "a1", message: "add captains" });
    await upgrade(project.config, "a1");
    // The squash of a1..a2 lands after the database ran a1: its row now holds a replaced id.
    const squash = revisionSource("s1", { down: "p1", message: "teams" }).replace(
      "export const dependsOn",
      'export const replaces = ["a1", "a2"];\nexport const dependsOn',
    );
    project.write("migrations/versions/s1_teams.ts", squash);
    const before = snapshot(project);
    const refused = rebase(project.config, { revision: "s1", onto: "b1" });
    await expect(refused).rejects.toThrow(/has applied s1 \(version table retort_version: a1\)/);
    expect(snapshot(project)).toEqual(before);
  });
});
