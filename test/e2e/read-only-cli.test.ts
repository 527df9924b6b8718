// A run that reaches a server that cannot take writes (a hot standby, read-only transactions by default, MySQL's
// read_only) is refused before its first statement, naming the server; nothing changes there.

import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tableNames } from "../runtime/inspect.js";
import { createProject, type Project } from "../runtime/project.js";
import {
  createTestDatabase,
  describeEachDialect,
  MYSQL_URL,
  PG_URL,
  type TestDatabase,
} from "../support/databases.js";
import { cliBuilt, runCli } from "./runtime-cli.js";

/** A streaming hot standby of the PostgreSQL server (.ci/run starts one on 127.0.0.1:5433). */
const STANDBY_URL = process.env.RETORT_TEST_PG_STANDBY_URL;
if (!STANDBY_URL) console.warn("skipping hot standby tests: RETORT_TEST_PG_STANDBY_URL is not set");

/** Runs `sql` on the server's admin database (not the test's own). */
async function admin(dialect: "postgres" | "mysql", sql: string): Promise<void> {
  if (dialect === "postgres") {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    return;
  }
  const mysql = await import("mysql2/promise");
  const connection = await mysql.createConnection(MYSQL_URL!);
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

describeEachDialect(
  "a read-only server",
  (dialect) => {
    const server = dialect as "postgres" | "mysql";
    let db: TestDatabase;
    let project: Project;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      project = createProject(db.url, [
        { id: "aaa001", up: ["CREATE TABLE teams (id INTEGER PRIMARY KEY)"] },
      ]);
      project.writeConfigFile();
    });
    afterEach(async () => {
      project.remove();
      await db.drop();
    });

    /** Runs each command against the read-only server; returns their results. */
    const runReadOnly = async (commands: string[][]) => {
      if (server === "postgres") {
        await admin(server, `ALTER DATABASE ${db.name} SET default_transaction_read_only = on`);
        return Promise.all(commands.map((args) => runCli(project.dir, args)));
      }
      // Server-wide: keep the window short and always restore it. root has SUPER and could still write.
      await admin(server, "SET GLOBAL read_only = 1");
      try {
        return await Promise.all(commands.map((args) => runCli(project.dir, args)));
      } finally {
        await admin(server, "SET GLOBAL read_only = 0");
      }
    };

    it.skipIf(!cliBuilt)(
      "refuses upgrade, stamp and ensure-version before any statement, naming host:port/database",
      async () => {
        const [upgrade, stamp, ensure, dryRun] = await runReadOnly([
          ["upgrade", "head"],
          ["stamp", "head"],
          ["ensure-version"],
          ["upgrade", "head", "--dry-run"],
        ]);
        const { hostname: host, port } = new URL(db.url);
        const expected =
          server === "postgres"
            ? `Error: PostgreSQL server ${host}:${port}/${db.name} is read-only (default_transaction_read_only is on): it cannot take this run's writes; nothing was run`
            : `Error: MySQL/MariaDB server ${host}:${port}/${db.name} is read-only (read_only is ON): it cannot take this run's writes; nothing was run`;
        for (const run of [upgrade!, stamp!, ensure!]) {
          expect(run.code).toBe(1);
          expect(run.stderr.split("\n")[0]).toBe(expected);
          expect(run.stdout).toBe("");
        }
        // A dry run writes nothing, so it may look.
        expect(dryRun!.code).toBe(0);
        expect(dryRun!.stdout).toContain("(dry run) Running upgrade  -> aaa001");
        expect(await tableNames(db.url)).toEqual([]);
      },
      60_000,
    );
  },
  ["postgres", "mysql"],
);

// A standby cannot create a database of its own for the test: the run targets its `postgres` database, with table
// names no other test uses, and the primary it replicates is checked too.
describe.skipIf(!STANDBY_URL || !PG_URL)("a PostgreSQL hot standby", () => {
  const suffix = randomBytes(4).toString("hex");
  const tables = [`standby_${suffix}`, `retort_version_${suffix}`, `retort_history_${suffix}`];
  let project: Project;
  beforeEach(() => {
    project = createProject(STANDBY_URL!, [
      { id: "aaa001", up: [`CREATE TABLE ${tables[0]} (id INTEGER PRIMARY KEY)`] },
    ]);
    project.writeConfigFile({ versionTable: tables[1], historyTable: tables[2] });
  });
  afterEach(() => project.remove());

  /** The test's tables found on a server, which should be none. */
  const found = async (url: string) => (await tableNames(url)).filter((name) => tables.includes(name));

  it.skipIf(!cliBuilt)(
    "refuses upgrade, stamp and ensure-version before any statement, naming host:port/database; --sql still works",
    async () => {
      const files = readdirSync(join(project.dir, "migrations", "versions"));
      const [upgrade, stamp, ensure, dryRun, offline] = await Promise.all(
        [
          ["upgrade", "head"],
          ["stamp", "head"],
          ["ensure-version"],
          ["upgrade", "head", "--dry-run"],
          ["upgrade", "head", "--sql"],
        ].map((args) => runCli(project.dir, args)),
      );
      const { hostname: host, port } = new URL(STANDBY_URL!);
      const expected = `Error: PostgreSQL server ${host}:${port}/postgres is a hot standby (pg_is_in_recovery() is true): it cannot take this run's writes; nothing was run`;
      for (const run of [upgrade!, stamp!, ensure!]) {
        expect(run.code).toBe(1);
        expect(run.stderr.split("\n")[0]).toBe(expected);
        expect(run.stdout).toBe("");
      }
      expect(dryRun!.code).toBe(0);
      expect(dryRun!.stdout).toContain("(dry run) Running upgrade  -> aaa001");
      // Offline needs no server: the script is written whatever the URL reaches.
      expect(offline!.code).toBe(0);
      expect(offline!.stdout).toContain(`CREATE TABLE ${tables[0]}`);
      expect(offline!.stdout).toContain(`INSERT INTO "${tables[1]}"`);
      expect(await found(STANDBY_URL!)).toEqual([]);
      expect(await found(PG_URL!)).toEqual([]);
      expect(readdirSync(join(project.dir, "migrations", "versions"))).toEqual(files);
    },
    60_000,
  );
});
