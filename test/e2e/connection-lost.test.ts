// A connection killed between two statements of a revision (pg_terminate_backend, MariaDB KILL) fails like any
// other statement: one line with the revision, the statement and the state left behind, not the driver's text.

import { afterEach, beforeEach, expect, it } from "vitest";
import { tableNames, withConnection } from "../runtime/inspect.js";
import { createProject, type Project } from "../runtime/project.js";
import {
  createTestDatabase,
  describeEachDialect,
  MYSQL_URL,
  PG_URL,
  type TestDatabase,
} from "../support/databases.js";
import { cliBuilt, startCli, waitFor } from "./runtime-cli.js";

const PAUSE = `  await op.execute("CREATE TABLE a (id INT)");
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  await op.execute("CREATE TABLE b (id INT)");`;

describeEachDialect(
  "a connection lost between statements",
  (dialect) => {
    let db: TestDatabase;
    let project: Project;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      project = createProject(db.url, [{ id: "aaa001", upBody: PAUSE }]);
      project.writeConfigFile();
    });
    afterEach(async () => {
      project.remove();
      await db.drop();
    });

    /** The session of the run, once it sits between the two statements; undefined until then. */
    const runSession = async (): Promise<string | undefined> => {
      if (dialect === "postgres") {
        const rows = await withConnection(PG_URL!, (c) =>
          c.query<{ pid: number }>(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'retort upgrade' AND state = 'idle in transaction'",
            [db.name],
          ),
        );
        return rows[0] === undefined ? undefined : String(rows[0].pid);
      }
      if (!(await tableNames(db.url)).includes("a")) return undefined;
      const rows = await withConnection(MYSQL_URL!, (c) =>
        c.query<{ ID: number }>(
          // Sleeping: CREATE TABLE a has returned, not merely made its table visible.
          "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID() AND COMMAND = 'Sleep'",
          [db.name],
        ),
      );
      return rows[0] === undefined ? undefined : String(rows[0].ID);
    };

    it.skipIf(!cliBuilt)(
      "fails with the revision, the statement and the state, naming the server",
      async () => {
        const run = startCli(project.dir, ["upgrade", "head"]);
        let session: string | undefined;
        const started = Date.now();
        while (session === undefined) {
          if (Date.now() - started > 20_000) throw new Error("the run never reached its pause");
          session = await runSession();
          if (session === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await withConnection(dialect === "postgres" ? PG_URL! : MYSQL_URL!, (c) =>
          c.execute(dialect === "postgres" ? `SELECT pg_terminate_backend(${session})` : `KILL ${session}`),
        );
        await waitFor(() => run.child.exitCode !== null, 30_000);
        expect(await run.done).toBe(1);
        const lines = run.stderr().trim().split("\n");
        expect(lines).toHaveLength(1);
        const server = dialect === "postgres" ? "PostgreSQL" : "MySQL\\/MariaDB";
        expect(lines[0]).toMatch(
          new RegExp(
            `^Error: Upgrade aaa001 failed \\(\\S+aaa001_rev\\.ts:\\d+\\) at statement: CREATE TABLE b \\(id INT\\): the connection to ${server} server 127\\.0\\.0\\.1:\\d+/${db.name} was lost \\([^)]+\\)\\. `,
          ),
        );
        expect(lines[0]).not.toMatch(/not queryable|closed state/);
        if (dialect === "postgres") {
          expect(lines[0]).toContain("The whole run was rolled back; the version table is unchanged at base");
          expect(await tableNames(db.url)).toEqual([]);
        } else {
          expect(lines[0]).toContain("the version table is at base");
          expect(lines[0]).toContain("CREATE TABLE a (id INT)");
        }
      },
      60_000,
    );
  },
  ["postgres", "mysql"],
);
