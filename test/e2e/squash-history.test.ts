// A squash seen through the history table, by the built CLI: databases at the end of and inside the squashed run
// keep their original rows under the squash (`log`, `verify`, `doctor`), and the upgrade that moves them onto the
// squash records that move.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createProject, type Project, type RevisionSpec } from "../runtime/project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { cliBuilt, runCli } from "./runtime-cli.js";

// p0 <- a1 <- a2 <- c3, and a1:a2 is squashed into s1 once the databases stand at a2 and a1.
const REVISIONS: RevisionSpec[] = [
  { id: "p0", up: ["CREATE TABLE t0 (id INTEGER)"], downSql: ["DROP TABLE t0"] },
  { id: "a1", down: "p0", up: ["CREATE TABLE t1 (id INTEGER)"], downSql: ["DROP TABLE t1"] },
  { id: "a2", down: "a1", up: ["CREATE TABLE t2 (id INTEGER)"], downSql: ["DROP TABLE t2"] },
  { id: "c3", down: "a2", up: ["CREATE TABLE t3 (id INTEGER)"], downSql: ["DROP TABLE t3"] },
];

interface Row {
  readonly runId: string;
  readonly revision: string;
  readonly direction: string;
  readonly outcome: string;
  readonly checksum?: string;
  readonly replacedBy?: string;
}

describe.skipIf(!cliBuilt)("a squash in the history", () => {
  describeEachDialect(
    "databases at the end of and inside the squashed run",
    (dialect) => {
      const databases: TestDatabase[] = [];
      const projects: Project[] = [];
      afterEach(async () => {
        for (const made of projects.splice(0)) made.remove();
        for (const database of databases.splice(0)) await database.drop();
      });

      it("log and verify report the replaced rows under the squash; the catch-up upgrade records a stamp onto it", {
        timeout: 120_000,
      }, async () => {
        const url: Record<"end" | "inside", string> = { end: "", inside: "" };
        for (const position of ["end", "inside"] as const) {
          const database = await createTestDatabase(dialect);
          databases.push(database);
          url[position] = database.url;
        }
        const project = createProject(url.end, REVISIONS);
        projects.push(project);
        writeFileSync(
          join(project.dir, "retort.config.mjs"),
          'export default (x) => ({ url: x.url, scriptLocation: "migrations" });\n',
        );
        const cli = (position: "end" | "inside", ...args: string[]) =>
          runCli(project.dir, ["-x", `url=${url[position]}`, ...args]);
        const json = async (position: "end" | "inside", ...args: string[]) => {
          const run = await cli(position, "--json", ...args);
          expect(run.stderr).toBe("");
          return JSON.parse(run.stdout);
        };

        expect((await cli("end", "upgrade", "a2")).code).toBe(0);
        expect((await cli("inside", "upgrade", "a1")).code).toBe(0);
        const squashed = await cli("end", "squash", "a1:a2", "--rev-id", "s1");
        expect(squashed.stderr).toBe("");
        expect(squashed.code).toBe(0);

        // The rows a2 and a1 are not "applied revisions with no file": they stand for s1, which has not run.
        for (const position of ["end", "inside"] as const) {
          expect(await json(position, "verify")).toMatchObject({
            ok: true,
            missingFiles: [],
            changed: [],
            unverified: [],
          });
        }
        const endRows: Row[] = await json("end", "log", "--revision", "s1");
        expect(endRows.map((row) => [row.revision, row.replacedBy])).toEqual([
          ["a2", "s1"],
          ["a1", "s1"],
        ]);
        expect((await cli("end", "log", "--revision", "a1")).stdout).toMatch(
          / up {5}a1 ok .* \(replaced by s1\)\n$/,
        );

        // An original that ran is still checked against its file, by verify and doctor alike.
        const a1 = project.path("a1");
        const text = readFileSync(a1, "utf8");
        writeFileSync(a1, `${text}// edited\n`);
        const verify = await cli("end", "--json", "verify");
        expect(verify.code).toBe(1);
        expect(JSON.parse(verify.stdout).changed.map((m: { revision: string }) => m.revision)).toEqual([
          "a1",
        ]);
        const doctor = await cli("end", "--json", "doctor");
        expect(doctor.code).toBe(1);
        expect(JSON.parse(doctor.stdout).problems).toMatchObject([
          { kind: "edited-applied-revision", revisions: ["a1"] },
        ]);
        writeFileSync(a1, text);

        // At the end of the run: the upgrade runs nothing of a1..a2, and its history says it moved onto s1.
        const up = await cli("end", "upgrade", "head");
        expect(up.code).toBe(0);
        expect(up.stdout).toMatch(/^Running stamp_revision a2 -> s1 .*\nRunning upgrade s1 -> c3/);
        const [c3, stamp]: Row[] = await json("end", "log", "--limit", "2");
        expect(stamp).toMatchObject({ revision: "s1", direction: "stamp", outcome: "ok" });
        expect(stamp!.checksum).toBeUndefined();
        expect(c3).toMatchObject({ revision: "c3", direction: "up", runId: stamp!.runId });
        expect(await json("end", "verify")).toMatchObject({ ok: true, unverified: ["s1"] });

        // Inside the run: the remaining original runs first, then the same stamp.
        expect((await cli("inside", "upgrade", "head")).code).toBe(0);
        const inside: Row[] = await json("inside", "log", "--limit", "3");
        expect(inside.map((row) => [row.direction, row.revision, row.replacedBy])).toEqual([
          ["up", "c3", undefined],
          ["stamp", "s1", undefined],
          ["up", "a2", "s1"],
        ]);
        expect((await json("inside", "current")).rows).toEqual(["c3"]);
      });
    },
    ["sqlite", "postgres", "mysql"],
  );
});
