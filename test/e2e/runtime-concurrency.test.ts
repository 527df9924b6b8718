import { afterEach, beforeEach, expect, it } from "vitest";
import { versionRows, withConnection } from "../runtime/inspect.js";
import { createProject, type Project, type RevisionSpec } from "../runtime/project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { cliBuilt, runCli } from "./runtime-cli.js";

function revisions(dialect: "postgres" | "mysql"): RevisionSpec[] {
  const sleep = dialect === "postgres" ? "SELECT pg_sleep(0.2)" : "SELECT SLEEP(0.2)";
  const specs: RevisionSpec[] = [
    {
      id: "rev00001",
      up: ["CREATE TABLE effects (rev VARCHAR(32))", "INSERT INTO effects (rev) VALUES ('rev00001')"],
    },
  ];
  for (let n = 2; n <= 5; n++) {
    const id = `rev0000${n}`;
    specs.push({ id, down: `rev0000${n - 1}`, up: [sleep, `INSERT INTO effects (rev) VALUES ('${id}')`] });
  }
  return specs;
}

describeEachDialect(
  "8 concurrent `retort upgrade head` runs",
  (dialect) => {
    let db: TestDatabase;
    let project: Project;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      project = createProject(db.url, revisions(dialect as "postgres" | "mysql"));
      project.writeConfigFile();
    });
    afterEach(async () => {
      project.remove();
      await db.drop();
    });

    it.skipIf(!cliBuilt)(
      "apply every revision exactly once; seven find nothing to do",
      async () => {
        const runs = await Promise.all(
          Array.from({ length: 8 }, () => runCli(project.dir, ["upgrade", "head"])),
        );
        for (const run of runs)
          expect(run.stderr.replace(/Waiting for the migration lock[^\n]*\n/g, "")).toBe("");
        expect(runs.map((run) => run.code)).toEqual(Array(8).fill(0));
        const migrated = runs.filter((run) => run.stdout.includes("Running upgrade"));
        expect(migrated).toHaveLength(1);
        expect(migrated[0]!.stdout.match(/^Running upgrade/gm)).toHaveLength(5);
        expect(runs.filter((run) => run.stdout.includes("Nothing to do"))).toHaveLength(7);
        expect(
          runs.some((run) => run.stderr.includes("Waiting for the migration lock held by another run")),
        ).toBe(true);
        const effects = await withConnection(db.url, (c) =>
          c.query<{ rev: string; n: number | string }>(
            "SELECT rev, COUNT(*) AS n FROM effects GROUP BY rev ORDER BY rev",
          ),
        );
        expect(effects.map((row) => [row.rev, Number(row.n)])).toEqual(
          ["rev00001", "rev00002", "rev00003", "rev00004", "rev00005"].map((rev) => [rev, 1]),
        );
        expect(await versionRows(db.url)).toEqual(["rev00005"]);
      },
      90_000,
    );
  },
  ["postgres", "mysql"],
);
