// A version row naming a revision whose file was deleted: `current` and `history -i` say so instead of failing
// opaquely, runs refuse and change nothing, and `stamp --purge REV` repairs the table whatever it holds.

import { rmSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { versionRows } from "../runtime/inspect.js";
import { createProject, type Project } from "../runtime/project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { cliBuilt, runCli } from "./runtime-cli.js";

describeEachDialect("version rows no revision file defines", (dialect) => {
  let db: TestDatabase;
  let project: Project;
  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    project = createProject(db.url, [{ id: "aaa001" }, { id: "bbb002", down: "aaa001" }]);
    project.writeConfigFile();
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it.skipIf(!cliBuilt)(
    "are reported by current and history -i, and repaired by stamp --purge",
    async () => {
      expect((await runCli(project.dir, ["upgrade", "head"])).code).toBe(0);
      rmSync(project.path("bbb002"));

      const current = await runCli(project.dir, ["current"]);
      expect(current.code).toBe(1);
      expect(current.stdout).toBe("bbb002 (unknown: no revision file defines it)\n");
      expect(current.stderr).toContain(
        "Error: The version table retort_version names revision 'bbb002' that no revision file defines",
      );
      expect(current.stderr).toContain("Hint: check versionLocations");
      expect(current.stderr).toContain("`retort stamp --purge REV` rewrites the table");

      const history = await runCli(project.dir, ["history", "-i"]);
      expect(history.code).toBe(0);
      expect(history.stdout).toContain("<base> -> aaa001 (head), revision aaa001");
      expect(history.stderr).toContain(
        "Warning: the version table also names 'bbb002', which no revision file defines",
      );

      const upgrade = await runCli(project.dir, ["upgrade", "head"]);
      expect(upgrade.code).toBe(1);
      expect(upgrade.stderr).toContain(
        "names revision 'bbb002' that no revision file defines; nothing was changed",
      );
      expect(await versionRows(db.url)).toEqual(["bbb002"]);

      const purgeBase = await runCli(project.dir, ["stamp", "--purge", "base"]);
      expect(purgeBase.stderr).toBe("");
      expect(purgeBase.code).toBe(0);
      expect(await versionRows(db.url)).toEqual([]);
      expect((await runCli(project.dir, ["upgrade", "head"])).code).toBe(0);
      expect(await versionRows(db.url)).toEqual(["aaa001"]);
    },
    60_000,
  );

  it.skipIf(!cliBuilt)("stamp --purge REV replaces unknown rows with REV", async () => {
    expect((await runCli(project.dir, ["upgrade", "head"])).code).toBe(0);
    rmSync(project.path("bbb002"));
    const purge = await runCli(project.dir, ["stamp", "--purge", "aaa001"]);
    expect(purge.stderr).toBe("");
    expect(purge.code).toBe(0);
    expect(await versionRows(db.url)).toEqual(["aaa001"]);
    const current = await runCli(project.dir, ["current"]);
    expect(current).toMatchObject({ code: 0, stdout: "aaa001 (head)\n" });
  });
});
