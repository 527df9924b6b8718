import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { current, readCurrentHeads } from "../../src/commands/current.js";
import { downgrade } from "../../src/commands/downgrade.js";
import { ensureVersion } from "../../src/commands/ensure-version.js";
import { stamp } from "../../src/commands/stamp.js";
import { upgrade } from "../../src/commands/upgrade.js";
import type { RunEvent } from "../../src/runtime/events.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { tableNames, versionRows, withConnection } from "./inspect.js";
import { createProject, type Project, type RevisionSpec } from "./project.js";

const table = (name: string): Pick<RevisionSpec, "up" | "downSql"> => ({
  up: [`CREATE TABLE ${name} (id INTEGER)`],
  downSql: [`DROP TABLE ${name}`],
});

/**
 * a1 → a2 (branchpoint) → b1 ┐
 *                    └→ c1 ┴→ m1 (merge)
 * lib: l1 → l2 (label "lib");  app: x1 (label "app", depends on l2)
 */
const GRAPH: RevisionSpec[] = [
  { id: "aaaa00000001", message: "create a1", ...table("t_a1") },
  { id: "aaaa00000002", down: "aaaa00000001", message: "create a2", ...table("t_a2") },
  { id: "bbbb00000001", down: "aaaa00000002", ...table("t_b1") },
  { id: "cccc00000001", down: "aaaa00000002", ...table("t_c1") },
  { id: "mmmm00000001", down: ["bbbb00000001", "cccc00000001"], message: "merge b and c" },
  { id: "llll00000001", branchLabels: "lib", ...table("t_l1"), folder: "lib" },
  { id: "llll00000002", down: "llll00000001", ...table("t_l2"), folder: "lib", ext: ".mjs" },
  {
    id: "xxxx00000001",
    branchLabels: "app",
    dependsOn: "llll00000002",
    ...table("t_x1"),
    folder: "app",
    ext: ".js",
  },
];

describeEachDialect("upgrade, downgrade, stamp and current", (dialect) => {
  let db: TestDatabase;
  let project: Project;
  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    project = createProject(db.url, GRAPH);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it("current reads nothing and creates nothing on a fresh database", async () => {
    expect(await readCurrentHeads(project.config)).toEqual([]);
    expect((await current(project.config)).entries).toEqual([]);
    expect(await tableNames(db.url)).toEqual([]);
  });

  it.runIf(dialect === "sqlite" || dialect === "pglite")(
    "current on an embedded database that does not exist yet reports base and creates no file",
    async () => {
      const path = join(project.dir, "not-yet");
      const config = { ...project.config, url: `${dialect}:${path}` };
      expect(await readCurrentHeads(config)).toEqual([]);
      expect((await current(config)).entries).toEqual([]);
      expect(existsSync(path)).toBe(false);
    },
  );

  it("upgrade to a revision runs its ancestors in order and records one row", async () => {
    const events: RunEvent[] = [];
    const result = await upgrade(project.config, "aaaa00000002", { onStep: (event) => events.push(event) });
    expect(result.mode === "online" && result.executed.map((step) => step.line)).toEqual([
      "Running upgrade  -> aaaa00000001, create a1",
      "Running upgrade aaaa00000001 -> aaaa00000002, create a2",
    ]);
    expect(events.filter((event) => event.type === "step-done")).toHaveLength(2);
    expect(await versionRows(db.url)).toEqual(["aaaa00000002"]);
    expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t_a1", "t_a2"]);
  });

  it("upgrade heads applies both branches, the merge, and the dependency before its dependent", async () => {
    await upgrade(project.config, "bbbb00000001");
    await upgrade(project.config, "cccc00000001");
    expect(await versionRows(db.url)).toEqual(["bbbb00000001", "cccc00000001"]);
    await upgrade(project.config, "heads");
    expect(await versionRows(db.url)).toEqual(["mmmm00000001", "xxxx00000001"]);
    const shown = await current(project.config);
    expect(shown.entries.map((entry) => [entry.id, entry.effectiveHead])).toEqual([
      ["llll00000002", true],
      ["mmmm00000001", false],
      ["xxxx00000001", false],
    ]);
    expect(await tableNames(db.url)).toEqual(
      ["retort_history", "retort_version", "t_a1", "t_a2", "t_b1", "t_c1", "t_l1", "t_l2", "t_x1"].sort(),
    );
  });

  it("upgrade and downgrade by label move one branch only", async () => {
    await upgrade(project.config, "lib@head");
    expect(await versionRows(db.url)).toEqual(["llll00000002"]);
    await upgrade(project.config, "aaaa00000001");
    await downgrade(project.config, "lib@base");
    expect(await versionRows(db.url)).toEqual(["aaaa00000001"]);
    expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t_a1"]);
  });

  it("downgrade unmerges, downgrade -1 steps back one, downgrade base empties the table", async () => {
    await upgrade(project.config, "mmmm00000001");
    const result = await downgrade(project.config, "bbbb00000001");
    expect(result.mode === "online" && result.executed.map((step) => step.line)).toEqual([
      "Running downgrade mmmm00000001 -> bbbb00000001, cccc00000001, merge b and c",
    ]);
    expect(await versionRows(db.url)).toEqual(["bbbb00000001", "cccc00000001"]);
    await downgrade(project.config, "aaaa00000002");
    expect(await versionRows(db.url)).toEqual(["aaaa00000002"]);
    await downgrade(project.config, "-1");
    expect(await versionRows(db.url)).toEqual(["aaaa00000001"]);
    await downgrade(project.config, "base");
    expect(await versionRows(db.url)).toEqual([]);
    expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version"]);
  });

  it("stamp records revisions without running them; --purge empties the table first", async () => {
    await stamp(project.config, ["aaaa00000002"]);
    expect(await versionRows(db.url)).toEqual(["aaaa00000002"]);
    expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version"]);
    await stamp(project.config, ["llll00000001"]);
    expect(await versionRows(db.url)).toEqual(["aaaa00000002", "llll00000001"]);
    await stamp(project.config, ["bbbb00000001"], { purge: true });
    expect(await versionRows(db.url)).toEqual(["bbbb00000001"]);
    await stamp(project.config, ["base"]);
    expect(await versionRows(db.url)).toEqual([]);
  });

  it("--dry-run shows the plan and touches nothing", async () => {
    const result = await upgrade(project.config, "heads", { dryRun: true });
    expect(result.mode === "online" && result.dryRun).toBe(true);
    expect(result.plan.steps.length).toBe(GRAPH.length);
    expect(await tableNames(db.url)).toEqual([]);
  });

  it("a second upgrade head finds nothing to do", async () => {
    await upgrade(project.config, "mmmm00000001");
    const again = await upgrade(project.config, "mmmm00000001");
    expect(again.mode === "online" && again.executed).toEqual([]);
  });

  it("ensure-version creates only the version table", async () => {
    expect(await ensureVersion(project.config)).toMatchObject({ mode: "online", created: true });
    expect(await ensureVersion(project.config)).toMatchObject({ mode: "online", created: false });
    expect(await tableNames(db.url)).toEqual(["retort_version"]);
  });

  it("transactionPerMigration leaves the same result", async () => {
    const perStep = createProject(db.url, GRAPH, { transactionPerMigration: true });
    try {
      await upgrade(perStep.config, "heads");
      expect(await versionRows(db.url)).toEqual(["mmmm00000001", "xxxx00000001"]);
    } finally {
      perStep.remove();
    }
  });
});

describeEachDialect("a schema-qualified version table", (dialect) => {
  let db: TestDatabase;
  let project: Project;
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it(dialect === "sqlite" ? "is a clear error on SQLite" : "lives in versionTableSchema", async () => {
    db = await createTestDatabase(dialect);
    project = createProject(db.url, GRAPH.slice(0, 1), { versionTableSchema: "meta" });
    if (dialect === "sqlite") {
      await expect(upgrade(project.config, "head")).rejects.toThrow(/SQLite has no schemas/);
      return;
    }
    await withConnection(db.url, (c) => c.execute(dialect === "mysql" ? "SELECT 1" : "CREATE SCHEMA meta"));
    if (dialect === "mysql") {
      // On MySQL a schema is a database: use this test's own database name.
      project = createProject(db.url, GRAPH.slice(0, 1), { versionTableSchema: db.name });
    }
    await upgrade(project.config, "head");
    const qualified = dialect === "mysql" ? `${db.name}.retort_version` : "meta.retort_version";
    expect(await versionRows(db.url, qualified)).toEqual(["aaaa00000001"]);
    expect(await readCurrentHeads(project.config)).toEqual(["aaaa00000001"]);
  });
});
