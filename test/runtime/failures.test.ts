import { readFileSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { current } from "../../src/commands/current.js";
import { upgrade } from "../../src/commands/upgrade.js";
import {
  MigrationFailedError,
  UnknownDatabaseRevisionError,
  VersionTableMismatchError,
} from "../../src/runtime/errors.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { tableNames, versionRows, withConnection } from "./inspect.js";
import { createProject, type Project, type RevisionSpec } from "./project.js";

const FAILING: RevisionSpec[] = [
  { id: "r1", up: ["CREATE TABLE t1 (id INTEGER)"] },
  {
    id: "r2",
    down: "r1",
    up: [
      "CREATE TABLE t2 (id INTEGER)",
      "INSERT INTO no_such_table (id) VALUES (1)",
      "CREATE TABLE t3 (id INTEGER)",
    ],
  },
];

/** The 1-based line of `path` that contains `text`. */
function lineOf(path: string, text: string): number {
  return (
    readFileSync(path, "utf8")
      .split("\n")
      .findIndex((line) => line.includes(text)) + 1
  );
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error("expected the run to fail");
  return error;
}

describeEachDialect("a failing revision", (dialect) => {
  let db: TestDatabase;
  const projects: Project[] = [];
  const project = (revisions: RevisionSpec[], perMigration = false) => {
    const made = createProject(db.url, revisions, { transactionPerMigration: perMigration });
    projects.push(made);
    return made;
  };
  beforeEach(async () => {
    db = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    for (const made of projects.splice(0)) made.remove();
    await db.drop();
  });

  it("names revision, file:line and statement, and leaves the version table matching the schema", async () => {
    const p = project(FAILING);
    const error = await failureOf(upgrade(p.config, "head"));
    expect(error).toBeInstanceOf(MigrationFailedError);
    const failed = error as MigrationFailedError;
    expect(failed.revision).toBe("r2");
    expect(failed.location).toBe(`${p.path("r2")}:${lineOf(p.path("r2"), "no_such_table")}`);
    expect(failed.statement).toBe("INSERT INTO no_such_table (id) VALUES (1)");
    expect(failed.message).toContain("Upgrade r2 failed");
    if (dialect === "mysql") {
      // DDL commits implicitly: r1 is recorded, r2's first table stays, and the message says so.
      expect(await versionRows(db.url)).toEqual(["r1"]);
      expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t1", "t2"]);
      expect(failed.message).toContain("last completed revision: r1");
      expect(failed.message).toContain("CREATE TABLE t2 (id INTEGER)");
      expect(failed.headsNow).toEqual(["r1"]);
    } else {
      // One transaction for the run: nothing at all is left, not even the version table.
      expect(await tableNames(db.url)).toEqual([]);
      expect(failed.message).toContain("The whole run was rolled back");
    }
  });

  it.skipIf(dialect === "mysql")(
    "with transactionPerMigration keeps the revisions committed before it",
    async () => {
      const p = project(FAILING, true);
      const error = await failureOf(upgrade(p.config, "head"));
      expect(error).toBeInstanceOf(MigrationFailedError);
      expect(await versionRows(db.url)).toEqual(["r1"]);
      expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t1"]);
      expect((error as MigrationFailedError).headsNow).toEqual(["r1"]);
    },
  );

  it("that throws shows its own file and line (.ts and .mjs, alone and bundled with others)", async () => {
    for (const [ext, parent] of [
      [".ts", undefined],
      [".mjs", undefined],
      [".ts", "pre"],
      [".mjs", "pre"],
    ] as const) {
      const p = project([
        ...(parent ? [{ id: parent, up: ["CREATE TABLE pre (id INTEGER)"] }] : []),
        {
          id: `boom${ext.slice(1)}`,
          down: parent ?? null,
          ext,
          upBody: '  await op.execute("SELECT 1");\n  throw new Error("boom");',
        },
      ]);
      const error = await failureOf(upgrade(p.config, "head"));
      const path = p.path(`boom${ext.slice(1)}`);
      expect((error as MigrationFailedError).location).toBe(`${path}:${lineOf(path, "throw new Error")}`);
      expect(error.message).toMatch(/boom/);
    }
  });

  it("with an operation it did not await is an error, not a race", async () => {
    const p = project([{ id: "r1", upBody: '  op.execute("CREATE TABLE t1 (id INTEGER)");' }]);
    const error = await failureOf(upgrade(p.config, "head"));
    expect(error.message).toMatch(/op\.execute\(\) was not awaited/);
    expect(await withConnection(db.url, async () => true)).toBe(true);
  });
});

describeEachDialect("the version table", (dialect) => {
  let db: TestDatabase;
  let p: Project;
  beforeEach(async () => {
    db = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    p.remove();
    await db.drop();
  });

  it("naming a revision no file defines is an error naming it, and nothing changes", async () => {
    p = createProject(db.url, [{ id: "r1", up: ["CREATE TABLE t1 (id INTEGER)"] }]);
    await withConnection(db.url, async (connection) => {
      await connection.execute("CREATE TABLE retort_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
      await connection.execute("INSERT INTO retort_version (version_num) VALUES ('deadbeef0000')");
    });
    const error = await failureOf(upgrade(p.config, "head"));
    expect(error).toBeInstanceOf(UnknownDatabaseRevisionError);
    expect(error.message).toContain("'deadbeef0000'");
    // `current` returns what it found, unknown rows included; the CLI prints them and exits 1.
    expect((await current(p.config)).unknownRows).toEqual(["deadbeef0000"]);
    expect(await tableNames(db.url)).toEqual(["retort_version"]);
    expect(await versionRows(db.url)).toEqual(["deadbeef0000"]);
  });

  it("checks that an UPDATE matched exactly one row, in Alembic's words", async () => {
    p = createProject(db.url, [
      { id: "r1", up: ["CREATE TABLE t1 (id INTEGER)"] },
      { id: "r2", down: "r1", up: ["DELETE FROM retort_version"] },
    ]);
    await upgrade(p.config, "r1");
    const error = await failureOf(upgrade(p.config, "r2"));
    expect(error).toBeInstanceOf(VersionTableMismatchError);
    expect(error.message).toBe(
      "Online migration expected to match one row when updating 'r1' to 'r2' in 'retort_version'; 0 found",
    );
    if (dialect !== "mysql") expect(await versionRows(db.url)).toEqual(["r1"]);
  });
});
