import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createProject, type Project, type RevisionSpec } from "../runtime/project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { cliBuilt, runCli } from "./runtime-cli.js";

const REVISIONS: RevisionSpec[] = [
  { id: "r1", up: ["CREATE TABLE t1 (id INTEGER)"] },
  { id: "r2", down: "r1", up: ["CREATE TABLE t2 (id INTEGER)"] },
];

describeEachDialect(
  "log, verify and checksum warnings on the command line",
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

    it.skipIf(!cliBuilt)(
      "prints the history, warns about an edited applied file, and verify exits 1 until it is accepted",
      async () => {
        project = createProject(db.url, REVISIONS);
        project.writeConfigFile();
        const env = { RETORT_ACTOR: "ci-job-7" };
        expect((await runCli(project.dir, ["upgrade", "r1"], env)).code).toBe(0);
        const logged = await runCli(project.dir, ["log", "-n", "1"]);
        expect(logged.stdout).toMatch(
          /^\S+Z up {5}r1 ok \d+ ms by ci-job-7 \(run [0-9a-f]{8}, retort \S+\)\n$/,
        );
        const rows = JSON.parse((await runCli(project.dir, ["--json", "log"])).stdout) as {
          revision: string;
        }[];
        expect(rows.map((row) => row.revision)).toEqual(["r1"]);
        expect(await runCli(project.dir, ["verify"])).toMatchObject({
          code: 0,
          stdout: "verify: no changed, missing or unfinished revisions\n",
        });

        writeFileSync(project.path("r1"), `${readFileSync(project.path("r1"), "utf8")}// edited\n`);
        const strict = await runCli(project.dir, ["upgrade", "head", "--strict"]);
        expect(strict.code).toBe(1);
        expect(strict.stderr).toMatch(
          /^Error: Refusing to upgrade: revision r1 \(.*\) changed since it was applied at /,
        );
        const verified = await runCli(project.dir, ["verify"]);
        expect(verified.code).toBe(1);
        expect(verified.stdout).toMatch(/^changed: revision r1 /);
        expect(verified.stderr).toContain("Error: verify found 1 problem(s)");

        const warned = await runCli(project.dir, ["upgrade", "head"]);
        expect(warned.code).toBe(0);
        expect(warned.stderr).toMatch(/^Warning: revision r1 \(.*\) changed since it was applied at /);
        expect((await runCli(project.dir, ["verify", "--accept", "r1"])).code).toBe(0);
        expect((await runCli(project.dir, ["verify"])).code).toBe(0);
        expect((await runCli(project.dir, ["upgrade", "head"])).stderr).toBe("");
      },
      60_000,
    );
  },
  ["sqlite", "postgres"],
);
