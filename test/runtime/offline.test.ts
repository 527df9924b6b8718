import { spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { downgrade } from "../../src/commands/downgrade.js";
import { ensureVersion } from "../../src/commands/ensure-version.js";
import { log } from "../../src/commands/log.js";
import { stamp } from "../../src/commands/stamp.js";
import { upgrade } from "../../src/commands/upgrade.js";
import { UsageError } from "../../src/errors.js";
import type { MigrationResult } from "../../src/runtime/run-command.js";
import {
  createTestDatabase,
  type DialectName,
  describeEachDialect,
  type TestDatabase,
} from "../support/databases.js";
import { tableNames, versionRows } from "./inspect.js";
import { createProject, type Project, type RevisionSpec } from "./project.js";

const table = (name: string): Pick<RevisionSpec, "up" | "downSql"> => ({
  up: [
    `CREATE TABLE ${name} (id INTEGER, note VARCHAR(20))`,
    `INSERT INTO ${name} (id, note) VALUES (1, 'it''s')`,
  ],
  downSql: [`DROP TABLE ${name}`],
});

const GRAPH: RevisionSpec[] = [
  { id: "aaaa00000001", ...table("t_a1") },
  { id: "aaaa00000002", down: "aaaa00000001", ...table("t_a2") },
  { id: "bbbb00000001", down: "aaaa00000002", ...table("t_b1") },
  { id: "cccc00000001", down: "aaaa00000002", ...table("t_c1") },
  { id: "mmmm00000001", down: ["bbbb00000001", "cccc00000001"] },
  { id: "llll00000001", branchLabels: "lib", ...table("t_l1") },
  { id: "xxxx00000001", dependsOn: "llll00000001", down: "aaaa00000001", ...table("t_x1") },
];

const sqlOf = (result: MigrationResult): string => {
  if (result.mode !== "offline") throw new Error("expected offline SQL");
  return result.sql;
};

/** Runs a SQL script through the dialect's own command-line client; undefined when the client is missing. */
function runClient(
  dialect: DialectName,
  db: TestDatabase,
  script: string,
): { ok: boolean; output: string } | undefined {
  let command: string;
  let args: string[];
  if (dialect === "sqlite") {
    command = "sqlite3";
    args = ["-bail", db.url.slice("sqlite:".length)];
  } else if (dialect === "postgres") {
    command = "psql";
    args = [db.url, "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"];
  } else if (dialect === "mysql") {
    const url = new URL(db.url);
    command = "mysql";
    args = [
      "-h",
      url.hostname,
      "-P",
      url.port || "3306",
      "-u",
      decodeURIComponent(url.username),
      url.pathname.slice(1),
    ];
    if (url.password) args.push(`-p${decodeURIComponent(url.password)}`);
  } else {
    return undefined;
  }
  const result = spawnSync(command, args, { input: script, encoding: "utf8" });
  if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") {
    console.warn(`skipping the ${command} half of the offline test: ${command} is not installed`);
    return undefined;
  }
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

describe("offline SQL", () => {
  let project: Project;
  afterEach(() => project.remove());

  it("has Alembic's shape: BEGIN, CREATE of the version table from base, a comment per step, COMMIT", async () => {
    project = createProject("sqlite:./never-created.db", GRAPH.slice(0, 2));
    const sql = sqlOf(await upgrade(project.config, "head", { sql: true, noHistory: true }));
    expect(sql).toBe(
      [
        "BEGIN IMMEDIATE;",
        'CREATE TABLE "retort_version" (\n    "version_num" VARCHAR(32) NOT NULL,\n    CONSTRAINT "retort_version_pkc" PRIMARY KEY ("version_num")\n);',
        "-- Running upgrade  -> aaaa00000001",
        "CREATE TABLE t_a1 (id INTEGER, note VARCHAR(20));",
        "INSERT INTO t_a1 (id, note) VALUES (1, 'it''s');",
        `INSERT INTO "retort_version" ("version_num") VALUES ('aaaa00000001');`,
        "-- Running upgrade aaaa00000001 -> aaaa00000002",
        "CREATE TABLE t_a2 (id INTEGER, note VARCHAR(20));",
        "INSERT INTO t_a2 (id, note) VALUES (1, 'it''s');",
        `UPDATE "retort_version" SET "version_num" = 'aaaa00000002' WHERE "retort_version"."version_num" = 'aaaa00000001';`,
        "COMMIT;",
        "",
      ].join("\n\n"),
    );
  });

  it("writes one BEGIN/COMMIT pair per revision under transactionPerMigration, none for MySQL", async () => {
    project = createProject("postgres://u:p@localhost/x", GRAPH.slice(0, 2), {
      transactionPerMigration: true,
    });
    const sql = sqlOf(await upgrade(project.config, "head", { sql: true }));
    expect(sql.match(/^BEGIN;$/gm)).toHaveLength(2);
    expect(sql.match(/^COMMIT;$/gm)).toHaveLength(2);
    const mysql = createProject("mysql://u:p@localhost/x", GRAPH.slice(0, 2));
    try {
      const text = sqlOf(await upgrade(mysql.config, "head", { sql: true }));
      expect(text).not.toMatch(/BEGIN|COMMIT/);
      expect(text).toContain("CREATE TABLE `retort_version`");
    } finally {
      mysql.remove();
    }
  });

  it("starts from the FROM side of a range and omits the CREATE TABLE then", async () => {
    project = createProject("sqlite::memory:", GRAPH);
    const sql = sqlOf(await upgrade(project.config, "aaaa00000001:aaaa00000002", { sql: true }));
    expect(sql).not.toContain('CREATE TABLE "retort_version"');
    expect(sql).toContain("-- Running upgrade aaaa00000001 -> aaaa00000002");
    const stamped = sqlOf(await stamp(project.config, ["aaaa00000001:aaaa00000002"], { sql: true }));
    expect(stamped).toContain("-- Running stamp_revision aaaa00000001 -> aaaa00000002");
    expect(stamped).not.toContain("t_a2");
    expect((await ensureVersion(project.config, { sql: true })).mode).toBe("offline");
  });

  it("refuses what Alembic refuses", async () => {
    project = createProject("sqlite::memory:", GRAPH);
    await expect(downgrade(project.config, "base", { sql: true })).rejects.toThrow(
      "downgrade with --sql requires <fromrev>:<torev>",
    );
    await expect(stamp(project.config, ["head"], { sql: true, purge: true })).rejects.toBeInstanceOf(
      UsageError,
    );
    for (const online of [
      upgrade(project.config, "aaaa00000001:head"),
      downgrade(project.config, "head:base"),
      stamp(project.config, ["base:head"]),
    ]) {
      await expect(online).rejects.toThrow("Range revision not allowed");
    }
  });

  it("carries the history: the table (if not there yet) and one insert per transaction; --no-history leaves it out", async () => {
    project = createProject("postgres://u:p@localhost/x", GRAPH.slice(0, 2));
    const sql = sqlOf(await upgrade(project.config, "head", { sql: true }));
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS "retort_history" (');
    const inserts = sql.match(/^INSERT INTO "retort_history" [^;]*;$/gm) ?? [];
    // Both steps share the run's transaction: one INSERT of their two rows, after the last version change.
    expect(inserts).toHaveLength(1);
    expect(inserts[0]).toMatch(/'aaaa00000001', 'up'[^\n]*\),\n {4}\('[^']*', 2, 'aaaa00000002', 'up'/);
    expect(sql.indexOf(inserts[0]!)).toBeGreaterThan(sql.indexOf('UPDATE "retort_version"'));
    expect(sql.indexOf(inserts[0]!)).toBeLessThan(sql.lastIndexOf("COMMIT;"));
    // With a transaction per revision, and without transactions (MySQL), each row follows its own step.
    const perStep = createProject("postgres://u:p@localhost/x", GRAPH.slice(0, 2), {
      transactionPerMigration: true,
    });
    const mysql = createProject("mysql://u:p@localhost/x", GRAPH.slice(0, 2));
    try {
      for (const other of [perStep, mysql]) {
        const text = sqlOf(await upgrade(other.config, "head", { sql: true }));
        const rows = text.match(/^INSERT INTO .retort_history. .*$/gm) ?? [];
        expect(rows).toHaveLength(2);
        expect(text.indexOf(rows[1]!)).toBeGreaterThan(text.indexOf("t_a2"));
      }
    } finally {
      perStep.remove();
      mysql.remove();
    }
    const without = sqlOf(await upgrade(project.config, "head", { sql: true, noHistory: true }));
    expect(without).not.toContain("retort_history");
    await expect(upgrade(project.config, "head", { noHistory: true })).rejects.toBeInstanceOf(UsageError);
  });

  it("cannot run op.query(): it needs a database", async () => {
    project = createProject("sqlite::memory:", [{ id: "q1", upBody: '  await op.query("SELECT 1");' }]);
    await expect(upgrade(project.config, "head", { sql: true })).rejects.toThrow(
      /op\.query\(\) needs a live database/,
    );
  });
});

describeEachDialect(
  "offline SQL run through the database's own client",
  (dialect) => {
    let online: TestDatabase;
    let offline: TestDatabase;
    let project: Project;
    beforeEach(async () => {
      online = await createTestDatabase(dialect);
      offline = await createTestDatabase(dialect);
      project = createProject(online.url, GRAPH);
    });
    afterEach(async () => {
      project.remove();
      await online.drop();
      await offline.drop();
    });

    it("leaves the database exactly as an online run does, up and back down", async () => {
      const up = sqlOf(await upgrade(project.config, "heads", { sql: true }));
      const applied = runClient(dialect, offline, up);
      if (!applied) return;
      expect(applied.output).toBe(applied.ok ? applied.output : "");
      await upgrade(project.config, "heads");
      expect(await tableNames(offline.url)).toEqual(await tableNames(online.url));
      expect(await versionRows(offline.url)).toEqual(await versionRows(online.url));
      const steps = async (url: string) =>
        (await log({ ...project.config, url })).rows.map((row) => [
          row.direction,
          row.revision,
          row.checksum,
        ]);
      expect(await steps(offline.url)).toEqual(await steps(online.url));

      const down = sqlOf(await downgrade(project.config, "heads:aaaa00000001", { sql: true }));
      const reverted = runClient(dialect, offline, down);
      expect(reverted?.ok ? "" : reverted?.output).toBe("");
      await downgrade(project.config, "aaaa00000001");
      expect(await tableNames(offline.url)).toEqual(await tableNames(online.url));
      expect(await versionRows(offline.url)).toEqual(await versionRows(online.url));
      expect(await versionRows(online.url)).toEqual(["aaaa00000001", "llll00000001"]);
    });
  },
  ["sqlite", "postgres", "mysql"],
);
