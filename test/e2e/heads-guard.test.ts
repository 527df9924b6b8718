// `revision --autogenerate` and `check` refuse a database that is not at the graph's heads: comparing it with the
// target would write a revision repeating the unapplied one. Nothing is written, in files or in the database.

import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";
import { tableNames, versionRows } from "../runtime/inspect.js";
import { createProject, type Project } from "../runtime/project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { cliBuilt, runCli } from "./runtime-cli.js";

const SCHEMA_MODULE = fileURLToPath(new URL("../../src/schema/index.ts", import.meta.url));

describeEachDialect("the heads guard of autogenerate and check", (dialect) => {
  let db: TestDatabase;
  let project: Project;
  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    project = createProject(db.url, [
      { id: "aaa001", up: ["CREATE TABLE teams (id INTEGER PRIMARY KEY)"] },
      { id: "bbb002", down: "aaa001", up: ["CREATE TABLE players (id INTEGER PRIMARY KEY)"] },
    ]);
    project.writeConfigFile({ target: "./schema.ts" });
    writeFileSync(
      join(project.dir, "schema.ts"),
      `import { column, table } from ${JSON.stringify(SCHEMA_MODULE)};
export const teams = table("teams", { id: column.integer().primaryKey() });
export const players = table("players", { id: column.integer().primaryKey() });
`,
    );
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  const snapshot = async () => ({
    files: readdirSync(join(project.dir, "migrations", "versions")).sort(),
    tables: await tableNames(db.url),
    rows: await versionRows(db.url),
  });

  it.skipIf(!cliBuilt)(
    "refuse a database behind head, naming both sides, and change nothing",
    async () => {
      expect((await runCli(project.dir, ["upgrade", "aaa001"])).code).toBe(0);
      const before = await snapshot();
      expect(before.rows).toEqual(["aaa001"]);

      const message =
        "Error: Target database is not up to date: the version table is at aaa001, the revision files' heads are bbb002; nothing was written";
      for (const args of [["revision", "--autogenerate", "-m", "again"], ["check"]]) {
        const run = await runCli(project.dir, args);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(message);
        expect(run.stdout).not.toContain("players");
        expect(await snapshot()).toEqual(before);
      }

      const sql = await runCli(project.dir, ["revision", "--autogenerate", "--sql"]);
      expect(sql.code).toBe(1);
      expect(sql.stderr).toContain(message);
      expect(sql.stderr).toContain("--from-heads");
      expect(sql.stdout).toBe("");

      const assumedBehind = await runCli(project.dir, [
        "revision",
        "--autogenerate",
        "--sql",
        "--from-heads",
        "aaa001",
      ]);
      expect(assumedBehind.code).toBe(1);
      expect(assumedBehind.stderr).toContain(
        "Error: Target database is not up to date: --from-heads assumes the database at aaa001, the revision files' heads are bbb002",
      );

      // Told the SQL is for a database at head, it compares: the players table is what this database lacks.
      const assumed = await runCli(project.dir, [
        "revision",
        "--autogenerate",
        "--sql",
        "--from-heads",
        "bbb002",
      ]);
      expect(assumed.stderr).toBe("");
      expect(assumed.code).toBe(0);
      expect(assumed.stdout).toMatch(/CREATE TABLE \W?players/);
      expect(await snapshot()).toEqual(before);

      const online = await runCli(project.dir, ["revision", "--autogenerate", "--from-heads", "bbb002"]);
      expect(online.code).toBe(2);
      expect(await snapshot()).toEqual(before);
    },
    60_000,
  );

  it.skipIf(!cliBuilt)("compare once the database is at head", async () => {
    expect((await runCli(project.dir, ["upgrade", "head"])).code).toBe(0);
    const run = await runCli(project.dir, ["check"]);
    expect(run.stderr).not.toContain("not up to date");
    expect(run.stdout).toContain("No new upgrade operations detected.");
    expect(run.code).toBe(0);
  });
});
