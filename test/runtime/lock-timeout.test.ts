// The lock timeout holds for every lock a run takes, not only the first: on SQLite with transactionPerMigration each
// revision's transaction is the lock, re-taken between revisions, and another connection can take it in that gap.

import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { upgrade } from "../../src/commands/upgrade.js";
import { LockTimeoutError } from "../../src/dialects/dialect.js";
import type { RunEvent } from "../../src/runtime/events.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { versionRows, withConnection } from "./inspect.js";
import { createProject, type Project } from "./project.js";

const REVISIONS = [
  { id: "aaa001", up: ["CREATE TABLE first_table (id INTEGER)"] },
  { id: "bbb002", down: "aaa001", up: ["CREATE TABLE second_table (id INTEGER)"] },
];

describeEachDialect(
  "a connection that takes the write lock between two revisions",
  (dialect) => {
    let db: TestDatabase;
    let project: Project;
    let holder: Database.Database | undefined;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      project = createProject(db.url, REVISIONS, { transactionPerMigration: true });
    });
    afterEach(async () => {
      holder?.close();
      holder = undefined;
      project.remove();
      await db.drop();
    });

    /** Upgrades to head; once aaa001 is committed, another connection opens a write transaction and keeps it. */
    const upgradeWhileHeld = (timeout: { flag?: string; configMs?: number }) => {
      const config = { ...project.config, lockTimeoutMs: timeout.configMs };
      const events: RunEvent[] = [];
      const run = upgrade(config, "head", {
        lockTimeout: timeout.flag,
        onStep: (event) => {
          events.push(event);
          if (event.type === "step-done" && event.step.revision === "aaa001") {
            holder = new Database(db.url.slice("sqlite:".length));
            holder.exec("BEGIN IMMEDIATE");
          }
        },
      });
      return { run, events };
    };

    for (const [how, timeout] of [
      ["--lock-timeout", { flag: "300ms" }],
      ["the config's lockTimeout", { configMs: 300 }],
    ] as const) {
      it(`times out re-taking the lock for the second revision with ${how}, naming the holder, at the first revision`, async () => {
        const { run, events } = upgradeWhileHeld(timeout);
        const error = await run.catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(LockTimeoutError);
        expect((error as LockTimeoutError).exitCode).toBe(1);
        expect((error as Error).message).toMatch(
          /^Timed out after 300 ms waiting for the migration lock; it is held by another connection's write transaction on the SQLite file/,
        );
        expect(events.some((event) => event.type === "waiting")).toBe(true);
        holder!.exec("ROLLBACK");
        expect(await versionRows(db.url)).toEqual(["aaa001"]);
        // The second revision never started: no table of it, and no history row claims it ran or failed.
        const history = await withConnection(db.url, (connection) =>
          connection.query<{ revision: string; outcome: string }>(
            "SELECT revision, outcome FROM retort_history ORDER BY revision",
          ),
        );
        expect(history.map((row) => [row.revision, row.outcome])).toEqual([["aaa001", "ok"]]);
        const second = await withConnection(db.url, (connection) =>
          connection.query("SELECT name FROM sqlite_master WHERE name = 'second_table'"),
        );
        expect(second).toEqual([]);
      });
    }
  },
  ["sqlite"],
);
