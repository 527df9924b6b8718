// SQLite with transactionPerMigration: each revision's transaction is the lock, so concurrent runs interleave
// between revisions. A run that finds another run did its remaining work is a success that re-plans, as runs on
// the server dialects are; every revision still runs exactly once.

import { afterEach, beforeEach, expect, it } from "vitest";
import { versionRows, withConnection } from "../runtime/inspect.js";
import { createProject, type Project, type RevisionSpec } from "../runtime/project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { cliBuilt, runCli } from "./runtime-cli.js";

const IDS = ["rev00001", "rev00002", "rev00003", "rev00004", "rev00005", "rev00006"];

function revisions(): RevisionSpec[] {
  return IDS.map((id, index) => ({
    id,
    down: index === 0 ? null : IDS[index - 1],
    up: [
      ...(index === 0 ? ["CREATE TABLE effects (rev VARCHAR(32))"] : []),
      `INSERT INTO effects (rev) VALUES ('${id}')`,
    ],
  }));
}

describeEachDialect(
  "16 concurrent `retort upgrade head` runs with transactionPerMigration",
  (dialect) => {
    let db: TestDatabase;
    let project: Project;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      project = createProject(db.url, revisions());
      project.writeConfigFile({ transactionPerMigration: true });
    });
    afterEach(async () => {
      project.remove();
      await db.drop();
    });

    it.skipIf(!cliBuilt)(
      "all succeed, and every revision runs exactly once",
      async () => {
        const runs = await Promise.all(
          Array.from({ length: 16 }, () => runCli(project.dir, ["upgrade", "head"])),
        );
        for (const run of runs) {
          expect(run.stderr.replace(/Waiting for the migration lock[^\n]*\n/g, "")).toBe("");
        }
        expect(runs.map((run) => run.code)).toEqual(Array(16).fill(0));
        const applied = runs.flatMap((run) => run.stdout.match(/Running upgrade \S* -> \w+/g) ?? []);
        expect(applied).toHaveLength(IDS.length);
        const effects = await withConnection(db.url, (c) =>
          c.query<{ rev: string; n: number }>(
            "SELECT rev, COUNT(*) AS n FROM effects GROUP BY rev ORDER BY rev",
          ),
        );
        expect(effects.map((row) => [row.rev, Number(row.n)])).toEqual(IDS.map((id) => [id, 1]));
        expect(await versionRows(db.url)).toEqual([IDS.at(-1)]);
      },
      120_000,
    );
  },
  ["sqlite"],
);
