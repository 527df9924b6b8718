// A run that reaches a server that cannot take writes (a hot standby, read-only transactions by default, MySQL's
// read_only) is refused before its first statement, naming the server; nothing changes there.

import { afterEach, beforeEach, expect, it } from "vitest";
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
