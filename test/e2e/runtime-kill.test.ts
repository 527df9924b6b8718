import { afterEach, beforeEach, expect, it } from "vitest";
import { tableNames, versionRows } from "../runtime/inspect.js";
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
