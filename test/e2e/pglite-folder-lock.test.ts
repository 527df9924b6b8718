// Several processes on one PGlite data folder: the second is refused with the pid of the first, instead of
// PGlite's low-level file errors; a lock left by a process that died is taken over.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createProject, type Project } from "../runtime/project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { type CliRun, cliBuilt, runCli, startCli, waitFor } from "./runtime-cli.js";

const HOLD = `  await op.execute("CREATE TABLE teams (id INTEGER)");
  if (process.env.RETORT_TEST_HOLD) await new Promise((resolve) => setTimeout(resolve, 120_000));`;

describeEachDialect("a PGlite data folder", () => {
  let db: TestDatabase;
  let project: Project;
  let holder: CliRun | undefined;
  beforeEach(async () => {
    db = await createTestDatabase("pglite");
    project = createProject(db.url, [{ id: "aaa001", upBody: HOLD }]);
    project.writeConfigFile();
  });
  afterEach(async () => {
    if (holder && holder.child.exitCode === null) {
      holder.child.kill("SIGKILL");
      await holder.done;
    }
    holder = undefined;
    project.remove();
    await db.drop();
  });

  it.skipIf(!cliBuilt)(
    "is used by one process at a time, and a dead holder's lock is taken over",
    async () => {
      const folder = db.url.slice("pglite:".length);
      const running = startCli(project.dir, ["upgrade", "head"], { RETORT_TEST_HOLD: "1" });
      holder = running;
      await waitFor(() => existsSync(join(folder, "retort.lock")), 30_000);

      for (const args of [["upgrade", "head"], ["current"]]) {
        const refused = await runCli(project.dir, args);
        expect(refused.code).toBe(1);
        expect(refused.stderr.split("\n")[0]).toBe(
          `Error: Cannot open PGlite database ${db.url}: the data folder is in use by pid ${running.child.pid}`,
        );
      }

      running.child.kill("SIGKILL");
      await running.done;
      // The dead holder's run never committed: the next run takes the stale lock and does all the work.
      const after = await runCli(project.dir, ["upgrade", "head"]);
      expect(after.stderr).toBe("");
      expect(after.code).toBe(0);
      expect(after.stdout).toContain("Running upgrade  -> aaa001");
      expect(existsSync(join(folder, "retort.lock"))).toBe(false);
      const current = await runCli(project.dir, ["current"]);
      expect(current.stdout).toContain("aaa001 (head)");
    },
    90_000,
  );
}, ["pglite"]);
