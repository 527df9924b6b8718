import { createHash } from "node:crypto";
import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { downgrade } from "../../src/commands/downgrade.js";
import { log } from "../../src/commands/log.js";
import { resolve } from "../../src/commands/resolve.js";
import { stamp } from "../../src/commands/stamp.js";
import { upgrade } from "../../src/commands/upgrade.js";
import { verify } from "../../src/commands/verify.js";
import { connect, dialectOfConnection } from "../../src/dialects/index.js";
import { MigrationFailedError } from "../../src/runtime/errors.js";
import type { RunEvent } from "../../src/runtime/events.js";
import { ChecksumMismatchError, UnfinishedRevisionError } from "../../src/runtime/history-check.js";
import { executeBound, HistoryTable } from "../../src/runtime/history-table.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { tableNames, versionRows, withConnection } from "./inspect.js";
import { createProject, type Project, type RevisionSpec } from "./project.js";

const REVISIONS: RevisionSpec[] = [
  { id: "r1", up: ["CREATE TABLE t1 (id INTEGER)"], downSql: ["DROP TABLE t1"] },
  { id: "r2", down: "r1", up: ["CREATE TABLE t2 (id INTEGER)"], downSql: ["DROP TABLE t2"] },
  { id: "r3", down: "r2", up: ["CREATE TABLE t3 (id INTEGER)"], downSql: ["DROP TABLE t3"] },
];

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error("expected a failure");
  return error;
}

async function countRows(url: string, table: string): Promise<number> {
  return withConnection(url, async (connection) => {
    const [row] = await connection.query<Record<string, unknown>>(`SELECT COUNT(*) AS n FROM ${table}`);
    return Number(row?.n ?? row?.N);
  });
}

describeEachDialect("the applied-history table", (dialect) => {
  let db: TestDatabase;
  const projects: Project[] = [];
  const project = (revisions: RevisionSpec[], overrides = {}) => {
    const made = createProject(db.url, revisions, overrides);
    projects.push(made);
    return made;
  };
  let actor: string | undefined;
  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    actor = process.env.RETORT_ACTOR;
    process.env.RETORT_ACTOR = "deploy-bot";
  });
  afterEach(async () => {
    if (actor === undefined) delete process.env.RETORT_ACTOR;
    else process.env.RETORT_ACTOR = actor;
    for (const made of projects.splice(0)) made.remove();
    await db.drop();
  });

  it("gets one row per revision run, up and down, and one per stamp; log shows them newest first", async () => {
    const p = project(REVISIONS);
    await upgrade(p.config, "head");
    await downgrade(p.config, "r2");
    await stamp(p.config, ["r3"]);
    const { rows } = await log(p.config);
    expect(rows.map((row) => [row.direction, row.revision, row.outcome])).toEqual([
      ["stamp", "r3", "ok"],
      ["down", "r3", "ok"],
      ["up", "r3", "ok"],
      ["up", "r2", "ok"],
      ["up", "r1", "ok"],
    ]);
    const first = rows[4]!;
    expect(first.checksum).toBe(sha256(p.path("r1")));
    expect(first.actor).toBe("deploy-bot");
    expect(first.retortVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(first.runId).toBe(rows[2]!.runId);
    expect(first.runId).not.toBe(rows[1]!.runId);
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(first.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(first.startedAt));
    expect(rows[0]!.checksum).toBeUndefined();
    expect((await log(p.config, { limit: 2 })).rows).toEqual(rows.slice(0, 2));
    expect((await log(p.config, { revision: "r2" })).rows).toEqual([rows[3]]);
    expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t1", "t2"]);
  });

  it("is not created, nor written, with historyTable: false", async () => {
    const p = project(REVISIONS, { historyTable: false });
    await upgrade(p.config, "head");
    expect(await tableNames(db.url)).toEqual(["retort_version", "t1", "t2", "t3"]);
  });

  it("adopts an alembic_version database: creates the history table, leaves Alembic's table as it is", async () => {
    await withConnection(db.url, async (connection) => {
      await connection.execute(
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
      );
      await connection.execute("CREATE TABLE t1 (id INTEGER)");
      await connection.execute("INSERT INTO alembic_version (version_num) VALUES ('r1')");
    });
    const p = project(REVISIONS, { versionTable: "alembic_version" });
    await upgrade(p.config, "r2");
    expect(await versionRows(db.url, "alembic_version")).toEqual(["r2"]);
    expect(await tableNames(db.url)).toEqual(["alembic_version", "retort_history", "t1", "t2"]);
    expect((await log(p.config)).rows.map((row) => row.revision)).toEqual(["r2"]);
    // r1 ran before the history existed: unverified, not a mismatch.
    const result = await verify(p.config);
    expect(result).toMatchObject({ ok: true, changed: [], unverified: ["r1"] });
  });

  it("rolls back with the run: a failing first run leaves no table at all", async () => {
    const p = project([
      ...REVISIONS.slice(0, 1),
      { id: "r2", down: "r1", up: ["INSERT INTO nowhere VALUES (1)"] },
    ]);
    await failureOf(upgrade(p.config, "head"));
    if (dialect === "mysql") {
      expect((await log(p.config)).rows.map((row) => [row.revision, row.outcome])).toEqual([
        ["r2", "failed"],
        ["r1", "ok"],
      ]);
    } else {
      expect(await tableNames(db.url)).toEqual([]);
    }
  });

  it.runIf(dialect !== "mysql")(
    "records a failed revision after its rollback when the table survives it (transactionPerMigration)",
    async () => {
      const p = project(
        [...REVISIONS.slice(0, 1), { id: "r2", down: "r1", up: ["INSERT INTO nowhere VALUES (1)"] }],
        { transactionPerMigration: true },
      );
      await failureOf(upgrade(p.config, "head"));
      const { rows } = await log(p.config);
      expect(rows.map((row) => [row.revision, row.outcome])).toEqual([
        ["r2", "failed"],
        ["r1", "ok"],
      ]);
      expect(rows[0]!.failedStatement).toBe("INSERT INTO nowhere VALUES (1)");
      expect(rows[0]!.error).toBeTruthy();
      expect(await versionRows(db.url)).toEqual(["r1"]);
    },
  );

  it("checksums ignore line endings; verify reports edited files, upgrade warns and --strict refuses", async () => {
    const p = project(REVISIONS);
    await upgrade(p.config, "r2");
    const original = readFileSync(p.path("r1"), "utf8");
    writeFileSync(p.path("r1"), original.replaceAll("\n", "\r\n"));
    expect(await verify(p.config)).toMatchObject({ ok: true, changed: [], unverified: [] });

    writeFileSync(p.path("r1"), `${original}// edited\n`);
    const found = await verify(p.config);
    expect(found.ok).toBe(false);
    expect(found.changed).toHaveLength(1);
    expect(found.changed[0]).toMatchObject({ revision: "r1", path: p.path("r1") });
    expect(found.changed[0]!.current).toBe(sha256(p.path("r1")));
    expect(found.changed[0]!.recorded).not.toBe(found.changed[0]!.current);

    const refused = await failureOf(upgrade(p.config, "head", { strict: true }));
    expect(refused).toBeInstanceOf(ChecksumMismatchError);
    expect(refused.message).toContain("revision r1");
    const strictConfig = { ...p.config, onChecksumMismatch: "error" as const };
    expect(await failureOf(upgrade(strictConfig, "head"))).toBeInstanceOf(ChecksumMismatchError);
    expect(await versionRows(db.url)).toEqual(["r2"]);
    expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t1", "t2"]);

    const events: RunEvent[] = [];
    await upgrade(p.config, "head", { onStep: (event) => events.push(event) });
    const warnings = events.filter((event) => event.type === "warning");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ message: expect.stringContaining("revision r1") });
    expect(await versionRows(db.url)).toEqual(["r3"]);

    const accepted = await verify(p.config, { accept: ["r1"] });
    expect(accepted).toMatchObject({ ok: true, accepted: ["r1"], changed: [] });
    expect((await log(p.config, { limit: 1 })).rows[0]).toMatchObject({
      direction: "accept",
      revision: "r1",
      checksum: sha256(p.path("r1")),
    });
  });

  /** Sets `path`'s times to whole seconds a minute back, which utimes can set back exactly after an edit. */
  function agedTimes(path: string): number {
    const seconds = Math.floor(Date.now() / 1000) - 60;
    utimesSync(path, seconds, seconds);
    return seconds;
  }

  /** Edits `path` in place keeping its size, modification time and inode: only the change time moves. */
  function editKeepingSizeAndTimes(path: string, seconds: number, from: string, to: string): void {
    const before = statSync(path);
    writeFileSync(path, readFileSync(path, "utf8").replace(from, to));
    // Put the times back until the kernel's clock has moved on, so the change time differs for certain.
    do utimesSync(path, seconds, seconds);
    while (statSync(path).ctimeMs === before.ctimeMs);
    const after = statSync(path);
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
  }

  it("an edit that keeps the file's size and modification time is still caught (the cache keys on change time)", async () => {
    const p = project(REVISIONS);
    const path = p.path("r1");
    const seconds = agedTimes(path);
    await upgrade(p.config, "r1");
    editKeepingSizeAndTimes(path, seconds, "TABLE t1", "TABLE t9");
    const events: RunEvent[] = [];
    await upgrade(p.config, "r2", { onStep: (event) => events.push(event) });
    expect(events.filter((event) => event.type === "warning")).toMatchObject([
      { message: expect.stringContaining("revision r1") },
    ]);
  });

  it("a revision edited after a run loaded it is recorded with the checksum of its new content", async () => {
    const p = project(REVISIONS);
    const path = p.path("r1");
    const seconds = agedTimes(path);
    const first = sha256(path);
    await upgrade(p.config, "r1");
    await downgrade(p.config, "base");
    // The module bundle of the first run holds the old content under the old change time: this run builds another.
    editKeepingSizeAndTimes(path, seconds, "TABLE t1", "TABLE t8");
    await upgrade(p.config, "r1");
    expect(await tableNames(db.url)).toContain("t8");
    const { rows } = await log(p.config, { revision: "r1" });
    expect(rows.map((row) => [row.direction, row.checksum])).toEqual([
      ["up", sha256(path)],
      ["down", first],
      ["up", first],
    ]);
    expect(sha256(path)).not.toBe(first);
  });

  it("verify reports an applied revision whose file is gone", async () => {
    const p = project(REVISIONS);
    await upgrade(p.config, "head");
    rmSync(p.path("r3"));
    const result = await verify(p.config);
    expect(result).toMatchObject({ ok: false, missingFiles: ["r3"], changed: [] });
  });

  it("an unfinished row stops every run, naming the revision; resolve completes it", async () => {
    const p = project(REVISIONS);
    await upgrade(p.config, "r1");
    const connection = await connect(db.url);
    try {
      const history = new HistoryTable(dialectOfConnection(connection), "retort_history", undefined);
      await executeBound(
        connection,
        history.insertSql({
          runId: "00000000-0000-0000-0000-000000000001",
          seq: 1,
          revision: "r2",
          direction: "up",
          startedAt: "2026-12-01T10:00:00.000Z",
          checksum: sha256(p.path("r2")),
          outcome: "started",
          retortVersion: "0.1.0",
          actor: "crashed@host",
        }),
      );
      await connection.execute(
        history.statementsSql("00000000-0000-0000-0000-000000000001", 1, ["CREATE TABLE t2 (id INTEGER)"]),
      );
    } finally {
      await connection.close();
    }
    const refused = await failureOf(upgrade(p.config, "head"));
    expect(refused).toBeInstanceOf(UnfinishedRevisionError);
    expect(refused.message).toContain("Upgrade of r2 started at 2026-12-01T10:00:00.000Z by crashed@host");
    expect(refused.message).toContain("CREATE TABLE t2 (id INTEGER)");
    expect(await failureOf(upgrade(p.config, "head", { dryRun: true }))).toBeInstanceOf(
      UnfinishedRevisionError,
    );
    expect(await versionRows(db.url)).toEqual(["r1"]);
    expect((await verify(p.config)).unfinished.map((row) => row.revision)).toEqual(["r2"]);

    // The user finished r2's DDL by hand: --applied moves the version table and completes the row.
    await withConnection(db.url, (c) => c.execute("CREATE TABLE t2 (id INTEGER)"));
    const resolved = await resolve(p.config, "r2", { applied: true });
    expect(resolved.versionRows).toEqual(["r2"]);
    expect(await versionRows(db.url)).toEqual(["r2"]);
    expect((await log(p.config, { revision: "r2" })).rows[0]).toMatchObject({ outcome: "ok" });
    expect(await failureOf(resolve(p.config, "r2", { rolledBack: true }))).toMatchObject({
      message: expect.stringContaining("No unfinished run of r2"),
    });
    await upgrade(p.config, "head");
    expect(await versionRows(db.url)).toEqual(["r3"]);
  });

  it.runIf(dialect === "mysql")(
    "a MySQL connection killed mid-revision leaves the row started; the failure says so and the next run refuses",
    async () => {
      const p = project([
        { id: "r1", up: ["CREATE TABLE t1 (id INTEGER)"] },
        {
          id: "r2",
          down: "r1",
          up: ["CREATE TABLE t2 (id INTEGER)", "SELECT SLEEP(20)", "CREATE TABLE t3 (id INTEGER)"],
        },
      ]);
      const run = failureOf(upgrade(p.config, "head"));
      const killer = await connect(db.url);
      try {
        let id: unknown;
        for (let attempt = 0; attempt < 400 && id === undefined; attempt++) {
          const [row] = await killer.query<Record<string, unknown>>(
            "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(20)'",
          );
          id = row?.id;
          if (id === undefined) await new Promise((done) => setTimeout(done, 25));
        }
        await killer.execute(`KILL ${Number(id)}`);
      } finally {
        await killer.close();
      }
      const error = await run;
      expect(error.message).toContain("Upgrade r2 failed");
      expect(error.message).toContain(
        "of r2, completed before the failure: CREATE TABLE t2 (id INTEGER). Retort could not read back which of them stayed committed",
      );
      const refused = await failureOf(upgrade(p.config, "head"));
      expect(refused).toBeInstanceOf(UnfinishedRevisionError);
      expect(refused.message).toContain(
        "1 statement(s) completed and stayed committed (CREATE TABLE t2 (id INTEGER)); the statement it was running may or may not have completed: SELECT SLEEP(20)",
      );
      expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t1", "t2"]);
    },
    30_000,
  );

  it.runIf(dialect === "mysql")(
    "a failing MySQL revision's message says exactly what stayed committed, read back from its history row",
    async () => {
      const dmlOnly = project([
        { id: "r1", up: ["CREATE TABLE t1 (id INTEGER)"] },
        { id: "r2", down: "r1", up: ["INSERT INTO t1 (id) VALUES (1)", "INSERT INTO nowhere VALUES (1)"] },
      ]);
      const first = (await failureOf(upgrade(dmlOnly.config, "head"))) as MigrationFailedError;
      expect(first).toBeInstanceOf(MigrationFailedError);
      expect(first.message).toContain("no statement of r2 stayed committed");
      expect(await countRows(db.url, "t1")).toBe(0);

      const ddlThenDml = project([
        { id: "r1", up: ["CREATE TABLE t1 (id INTEGER)"] },
        {
          id: "r2",
          down: "r1",
          up: [
            "INSERT INTO t1 (id) VALUES (1)",
            "CREATE TABLE t2 (id INTEGER)",
            "INSERT INTO t2 (id) VALUES (2)",
            "INSERT INTO nowhere VALUES (1)",
          ],
        },
      ]);
      const second = (await failureOf(upgrade(ddlThenDml.config, "head"))) as MigrationFailedError;
      expect(second.message).toContain(
        "3 statement(s) of r2 stayed committed: INSERT INTO t1 (id) VALUES (1); CREATE TABLE t2 (id INTEGER); INSERT INTO t2 (id) VALUES (2)",
      );
      expect(await countRows(db.url, "t1")).toBe(1);
      expect(await countRows(db.url, "t2")).toBe(1);
      const [row] = (await log(ddlThenDml.config, { limit: 1 })).rows;
      expect(row).toMatchObject({
        revision: "r2",
        outcome: "failed",
        failedStatement: "INSERT INTO nowhere VALUES (1)",
      });
    },
  );
});
