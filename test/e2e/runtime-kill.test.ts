import { afterEach, beforeEach, expect, it } from "vitest";
import { tableNames, versionRows, withConnection } from "../runtime/inspect.js";
import { createProject, type Project, type RevisionSpec } from "../runtime/project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { cliBuilt, runCli, startCli, waitFor } from "./runtime-cli.js";

/** r2 stalls (in the database on PostgreSQL, in a busy JavaScript loop on SQLite) while RETORT_TEST_STALL is set. */
function revisions(dialect: "postgres" | "sqlite"): RevisionSpec[] {
  const stall =
    dialect === "postgres"
      ? '  if (process.env.RETORT_TEST_STALL) await op.execute("SELECT pg_sleep(60)");'
      : "  if (process.env.RETORT_TEST_STALL) { const end = Date.now() + 60000; while (Date.now() < end) {} }";
  return [
    { id: "r1", up: ["CREATE TABLE t1 (id INTEGER)"] },
    { id: "r2", down: "r1", upBody: `  await op.execute("CREATE TABLE t2 (id INTEGER)");\n${stall}` },
    { id: "r3", down: "r2", up: ["CREATE TABLE t3 (id INTEGER)"] },
  ];
}

describeEachDialect(
  "SIGKILL in the middle of a revision",
  (dialect) => {
    let db: TestDatabase;
    let project: Project;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
    });
    afterEach(async () => {
      project.remove();
      await db.drop();
    });

    for (const perMigration of [false, true]) {
      it.skipIf(!cliBuilt)(
        `leaves nothing half-recorded, and a re-run completes (transactionPerMigration: ${perMigration})`,
        async () => {
          project = createProject(db.url, revisions(dialect as "postgres" | "sqlite"));
          project.writeConfigFile({ transactionPerMigration: perMigration });
          const run = startCli(project.dir, ["upgrade", "head"], { RETORT_TEST_STALL: "1" });
          await waitFor(() => run.stdout().includes("Running upgrade  -> r1"));
          await new Promise((resolve) => setTimeout(resolve, 500));
          run.child.kill("SIGKILL");
          expect(await run.done).toBe(null);

          if (perMigration) {
            expect(await versionRows(db.url)).toEqual(["r1"]);
            expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t1"]);
          } else {
            expect(await tableNames(db.url)).toEqual([]);
          }
          const again = await runCli(project.dir, ["upgrade", "head"]);
          // The server may take a moment to notice the killed client and free its lock: waiting is right.
          expect(again.stderr.replace(/^Waiting for the migration lock held by another run…\n/m, "")).toBe(
            "",
          );
          expect(again.code).toBe(0);
          expect(await versionRows(db.url)).toEqual(["r3"]);
          expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t1", "t2", "t3"]);
        },
        60_000,
      );
    }
  },
  ["postgres", "sqlite"],
);

describeEachDialect("SIGKILL in the middle of a MariaDB revision", () => {
  let db: TestDatabase;
  let project: Project;
  beforeEach(async () => {
    db = await createTestDatabase("mysql");
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it.skipIf(!cliBuilt)(
    "leaves a started row that stops the next run; verify lists it, resolve recovers without running r2 twice",
    async () => {
      // r2's DDL commits implicitly and its INSERT runs in autocommit: both stay when the run dies in the stall.
      project = createProject(db.url, [
        { id: "r1", up: ["CREATE TABLE t1 (id INTEGER)"] },
        {
          id: "r2",
          down: "r1",
          upBody: [
            '  await op.execute("CREATE TABLE t2 (id INTEGER)");',
            '  await op.execute("INSERT INTO t2 (id) VALUES (1)");',
            "  if (process.env.RETORT_TEST_STALL) { const end = Date.now() + 60000; while (Date.now() < end) {} }",
            '  await op.execute("CREATE TABLE t3 (id INTEGER)");',
          ].join("\n"),
        },
      ]);
      project.writeConfigFile();
      const run = startCli(project.dir, ["upgrade", "head"], { RETORT_TEST_STALL: "1" });
      await waitFor(() => run.stdout().includes("Running upgrade  -> r1"));
      await new Promise((resolve) => setTimeout(resolve, 500));
      run.child.kill("SIGKILL");
      expect(await run.done).toBe(null);
      expect(await versionRows(db.url)).toEqual(["r1"]);

      const again = await runCli(project.dir, ["upgrade", "head"]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("Upgrade of r2 started at");
      expect(again.stderr).toContain(
        "1 statement(s) completed and stayed committed (CREATE TABLE t2 (id INTEGER))",
      );
      expect(again.stderr).toContain("may or may not have completed: INSERT INTO t2 (id) VALUES (1)");
      expect(again.stderr).toContain("retort resolve r2");
      expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t1", "t2"]);

      const verified = await runCli(project.dir, ["verify", "--json"]);
      expect(verified.code).toBe(1);
      const report = JSON.parse(verified.stdout) as {
        unfinished: { revision: string; statements: string[] }[];
      };
      expect(report.unfinished.map((row) => row.revision)).toEqual(["r2"]);
      expect(report.unfinished[0]!.statements).toEqual([
        "CREATE TABLE t2 (id INTEGER)",
        "INSERT INTO t2 (id) VALUES (1)",
      ]);

      // Undo what the record shows stayed, mark it rolled back, and run again: r2 runs once, whole.
      await withConnection(db.url, (connection) => connection.execute("DROP TABLE t2"));
      const resolved = await runCli(project.dir, ["resolve", "r2", "--rolled-back"]);
      expect(resolved.stderr).toBe("");
      expect(resolved.code).toBe(0);
      const last = await runCli(project.dir, ["upgrade", "head"]);
      expect(last.code).toBe(0);
      expect(await versionRows(db.url)).toEqual(["r2"]);
      expect(await withConnection(db.url, (c) => c.query("SELECT id FROM t2"))).toEqual([{ id: 1 }]);
      expect((await runCli(project.dir, ["verify"])).code).toBe(0);
    },
    60_000,
  );
}, ["mysql"]);
