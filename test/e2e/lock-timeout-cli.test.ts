// A run that holds the migration lock and hangs (SIGSTOP) no longer blocks every later run forever: with
// `--lock-timeout` or the config's `lockTimeout` the waiting run exits 1, naming the holder as far as the
// database can tell, and changes nothing. That holds for every command that takes the lock, and a malformed
// `--lock-timeout` is bad usage (exit 2) while a malformed `lockTimeout` in the config is a config error (exit 1).

import { existsSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { versionRows, withConnection } from "../runtime/inspect.js";
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

/** The history as [revision, direction, outcome], in the order written. */
async function historyRows(url: string): Promise<string[][]> {
  return withConnection(url, async (connection) => {
    const rows = await connection.query<{ revision: string; direction: string; outcome: string }>(
      "SELECT revision, direction, outcome FROM retort_history ORDER BY started_at, seq",
    );
    return rows.map((row) => [row.revision, row.direction, row.outcome]);
  });
}

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

    /** Starts `upgrade head` and stops it (SIGSTOP) inside bbb002, holding the lock. */
    async function stoppedHolder(): Promise<void> {
      project.writeConfigFile({ transactionPerMigration: true });
      const running = startCli(project.dir, ["upgrade", "head"]);
      holder = running;
      // aaa001 is committed on its own: the holder is inside bbb002, holding the lock. It may be stopped before
      // its SLEEP is sent or during it, so its session shows Sleep or Query on MySQL, and idle in transaction or
      // active on PostgreSQL.
      await waitFor(() => running.stdout().includes("aaa001"), 30_000);
      running.child.kill("SIGSTOP");
    }

    it.skipIf(!cliBuilt)(
      "make a run with --lock-timeout or lockTimeout exit 1 naming the holder, changing nothing",
      async () => {
        await stoppedHolder();

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
        expect(invalid.code).toBe(2);
        expect(invalid.stderr).toContain('Error: Invalid --lock-timeout "soon"');
      },
      90_000,
    );

    it.skipIf(!cliBuilt)(
      "make ensure-version, verify --accept and resolve say they wait and time out the same way, changing nothing",
      async () => {
        await stoppedHolder();
        const historyBefore = await historyRows(db.url);

        for (const args of [
          ["ensure-version", "--lock-timeout", "500ms"],
          ["verify", "--accept", "aaa001", "--lock-timeout", "500ms"],
          ["resolve", "bbb002", "--applied", "--lock-timeout", "500ms"],
        ]) {
          const run = await runCli(project.dir, args);
          expect(run.code, args.join(" ")).toBe(1);
          expect(run.stderr, args.join(" ")).toMatch(HOLDER[dialect]!);
          // A wait is announced as upgrade announces it, so it is not mistaken for a hang.
          expect(run.stderr, args.join(" ")).toContain("Waiting for the migration lock held by another run…");
          expect(run.stdout, args.join(" ")).toBe("");
        }
        project.writeConfigFile({ transactionPerMigration: true, lockTimeout: "300ms" });
        const configured = await runCli(project.dir, ["ensure-version"]);
        expect(configured.code).toBe(1);
        expect(configured.stderr).toMatch(HOLDER[dialect]!);

        expect(await versionRows(db.url)).toEqual(["aaa001"]);
        expect(await historyRows(db.url)).toEqual(historyBefore);
      },
      90_000,
    );
  },
  ["postgres", "mysql", "sqlite"],
);

describeEachDialect(
  "a malformed lock timeout",
  (dialect) => {
    let db: TestDatabase;
    let project: Project;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      project = createProject(db.url, revisions(dialect));
      project.writeConfigFile();
    });
    afterEach(async () => {
      project.remove();
      await db.drop();
    });
    const databaseFile = () => db.url.slice("sqlite:".length);

    it.skipIf(!cliBuilt)(
      "given as --lock-timeout is bad usage: exit 2, one error line, nothing opened, with or without --sql",
      async () => {
        for (const args of [
          ["upgrade", "head", "--lock-timeout", "abc"],
          ["upgrade", "head", "--sql", "--lock-timeout", "abc"],
          ["downgrade", "base", "--lock-timeout", "abc"],
          ["stamp", "head", "--sql", "--lock-timeout", "abc"],
          ["ensure-version", "--lock-timeout", "abc"],
          ["ensure-version", "--sql", "--lock-timeout", "abc"],
          ["verify", "--accept", "aaa001", "--lock-timeout", "abc"],
          ["resolve", "aaa001", "--applied", "--lock-timeout", "abc"],
        ]) {
          const run = await runCli(project.dir, args);
          expect(run.code, args.join(" ")).toBe(2);
          expect(run.stderr, args.join(" ")).toBe(
            'Error: Invalid --lock-timeout "abc"\nHint: write a duration such as 500ms, 30s, 2m or 1h\n',
          );
          expect(run.stdout, args.join(" ")).toBe("");
        }
        expect(existsSync(databaseFile())).toBe(false);
      },
      90_000,
    );

    it.skipIf(!cliBuilt)("`log -n abc` is bad usage as well: exit 2, one error line", async () => {
      const run = await runCli(project.dir, ["log", "-n", "abc"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe("Error: -n takes a positive integer, not abc\n");
      expect(run.stdout).toBe("");
    });

    it.skipIf(!cliBuilt)(
      "in the config stays a config error: exit 1, naming the key and the file, nothing opened",
      async () => {
        project.writeConfigFile({ lockTimeout: "soon" });
        for (const args of [["upgrade", "head"], ["ensure-version"]]) {
          const run = await runCli(project.dir, args);
          expect(run.code, args.join(" ")).toBe(1);
          // The file is named relative to the directory the command runs in.
          expect(run.stderr, args.join(" ")).toContain(
            'Error: Config key lockTimeout in retort.config.mjs must be a duration such as "30s", "500ms" or "2m", or a number of milliseconds; got the string "soon"',
          );
          expect(run.stderr.split("\n").filter((line) => line.startsWith("Error:"))).toHaveLength(1);
        }
        expect(existsSync(databaseFile())).toBe(false);
      },
      60_000,
    );
  },
  ["sqlite"],
);
