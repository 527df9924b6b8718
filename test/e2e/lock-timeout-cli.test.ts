// A run that holds the migration lock and hangs (SIGSTOP) no longer blocks every later run forever: with
// `--lock-timeout` or the config's `lockTimeout` the waiting run exits 1, naming the holder as far as the
// database can tell, and changes nothing.

import { afterEach, beforeEach, expect, it } from "vitest";
import { versionRows } from "../runtime/inspect.js";
import { createProject, type Project, type RevisionSpec } from "../runtime/project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { type CliRun, cliBuilt, runCli, startCli, waitFor } from "./runtime-cli.js";

const HOLDER: Record<string, RegExp> = {
  postgres:
    /^Error: Timed out after \d+ ms waiting for the migration lock; it is held by PostgreSQL pid \d+ \(application_name "retort upgrade", client 127\.0\.0\.1, query started \d{4}-\d\d-\d\dT[\d:.]+Z, state (?:active|idle in transaction)\)$/m,
  mysql:
    /^Error: Timed out after \d+ ms waiting for the migration lock; it is held by MySQL\/MariaDB connection \d+ \(user root, host 127\.0\.0\.1:\d+, (?:Query|Sleep) for \d+ s\), lock retort:\S+$/m,
  sqlite:
    /^Error: Timed out after \d+ ms waiting for the migration lock; it is held by another connection's write transaction on the SQLite file/m,
};

function revisions(dialect: string): RevisionSpec[] {
  const hang =
    dialect === "postgres"
      ? { up: ["SELECT pg_sleep(120)"] }
      : dialect === "mysql"
        ? { up: ["SELECT SLEEP(120)"] }
        : { upBody: "  await new Promise((resolve) => setTimeout(resolve, 120_000));" };
  return [
    { id: "aaa001", up: ["CREATE TABLE marker (id INTEGER)"] },
    { id: "bbb002", down: "aaa001", ...hang },
  ];
}

describeEachDialect(
  "a lock holder that hangs",
  (dialect) => {
    let db: TestDatabase;
    let project: Project;
    let holder: CliRun | undefined;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      project = createProject(db.url, revisions(dialect));
    });
    afterEach(async () => {
      // SIGKILL ends a stopped process too; the server then drops its session and lock.
      if (holder && holder.child.exitCode === null) {
        holder.child.kill("SIGKILL");
        await holder.done;
      }
      holder = undefined;
      project.remove();
      await db.drop();
    });

    it.skipIf(!cliBuilt)(
      "make a run with --lock-timeout or lockTimeout exit 1 naming the holder, changing nothing",
      async () => {
        project.writeConfigFile({ transactionPerMigration: true });
        const running = startCli(project.dir, ["upgrade", "head"]);
        holder = running;
        // aaa001 is committed on its own: the holder is inside bbb002, holding the lock. It may be stopped before
        // its SLEEP is sent or during it, so its session shows Sleep or Query on MySQL, and idle in transaction or
        // active on PostgreSQL.
        await waitFor(() => running.stdout().includes("aaa001"), 30_000);
        running.child.kill("SIGSTOP");

        const flagged = await runCli(project.dir, ["upgrade", "head", "--lock-timeout", "500ms"]);
        expect(flagged.code).toBe(1);
        expect(flagged.stderr).toMatch(HOLDER[dialect]!);
        expect(flagged.stderr).toContain("Waiting for the migration lock held by another run…");
        expect(flagged.stdout).toBe("");

        project.writeConfigFile({ transactionPerMigration: true, lockTimeout: "300ms" });
        const configured = await runCli(project.dir, ["downgrade", "base"]);
        expect(configured.code).toBe(1);
        expect(configured.stderr).toMatch(HOLDER[dialect]!);
        expect(await versionRows(db.url)).toEqual(["aaa001"]);

        const invalid = await runCli(project.dir, ["upgrade", "head", "--lock-timeout", "soon"]);
        expect(invalid.code).toBe(1);
        expect(invalid.stderr).toContain('Error: Invalid --lock-timeout "soon"');
      },
      90_000,
    );
  },
  ["postgres", "mysql", "sqlite"],
);
