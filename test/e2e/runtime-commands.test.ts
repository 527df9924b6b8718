import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createProject, type Project, type RevisionSpec } from "../runtime/project.js";
import { cliBuilt, runCli } from "./runtime-cli.js";

const REVISIONS: RevisionSpec[] = [
  {
    id: "1975ea83b712",
    message: "create account table",
    up: ["CREATE TABLE account (id INTEGER)"],
    downSql: ["DROP TABLE account"],
  },
  {
    id: "27c6a30d7c24",
    down: "1975ea83b712",
    message: "add email to account",
    up: ["ALTER TABLE account ADD COLUMN email VARCHAR(100)"],
    downSql: ["ALTER TABLE account DROP COLUMN email"],
  },
];

describe.skipIf(!cliBuilt)("retort upgrade/downgrade/current on the command line", () => {
  let project: Project;
  afterEach(() => project.remove());

  it("adopts a database Alembic manages (alembic_version) and marks it in history -i", async () => {
    project = createProject("sqlite:./app.db", REVISIONS);
    project.writeConfigFile({ versionTable: "alembic_version" });
    // The database as Alembic leaves it after its first revision: its own version table, one row.
    const db = new Database(join(project.dir, "app.db"));
    db.exec(
      "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));" +
        "CREATE TABLE account (id INTEGER);" +
        "INSERT INTO alembic_version (version_num) VALUES ('1975ea83b712');",
    );
    db.close();
    expect((await runCli(project.dir, ["current"])).stdout).toBe("1975ea83b712\n");
    expect((await runCli(project.dir, ["history", "-i"])).stdout).toBe(
      "1975ea83b712 -> 27c6a30d7c24 (head), add email to account\n" +
        "<base> -> 1975ea83b712 (current), create account table\n",
    );
    const up = await runCli(project.dir, ["upgrade", "head"]);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(
      /^Running upgrade 1975ea83b712 -> 27c6a30d7c24, add email to account \(\d+ ms\)\n$/,
    );
    const after = new Database(join(project.dir, "app.db"), { readonly: true });
    expect(after.prepare("SELECT version_num FROM alembic_version").all()).toEqual([
      { version_num: "27c6a30d7c24" },
    ]);
    expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'retort_version'").all()).toEqual([]);
    after.close();
  });

  it("prints one line per revision with its time, and current like Alembic", async () => {
    project = createProject("sqlite:./app.db", REVISIONS);
    project.writeConfigFile();
    const up = await runCli(project.dir, ["upgrade", "head"]);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(
      /^Running upgrade {2}-> 1975ea83b712, create account table \(\d+ ms\)\nRunning upgrade 1975ea83b712 -> 27c6a30d7c24, add email to account \(\d+ ms\)\n$/,
    );
    expect((await runCli(project.dir, ["current"])).stdout).toBe("27c6a30d7c24 (head)\n");
    const down = await runCli(project.dir, ["downgrade", "-1"]);
    expect(down.stdout).toMatch(/^Running downgrade 27c6a30d7c24 -> 1975ea83b712, add email to account/);
    expect((await runCli(project.dir, ["current"])).stdout).toBe("1975ea83b712\n");
    expect((await runCli(project.dir, ["-q", "upgrade", "+1"])).stdout).toBe("");
    const verbose = await runCli(project.dir, ["current", "-v"]);
    expect(verbose.stdout).toMatch(
      /^Current revision\(s\) for sqlite:\.\/app\.db:\nRev: 27c6a30d7c24 \(head\)\n/,
    );
  });

  it("--dry-run prints the plan and --sql prints SQL, neither touching the database", async () => {
    project = createProject("sqlite:./app.db", REVISIONS);
    project.writeConfigFile();
    const dry = await runCli(project.dir, ["upgrade", "head", "--dry-run"]);
    expect(dry.stdout).toContain("(dry run) Running upgrade  -> 1975ea83b712, create account table");
    const sql = await runCli(project.dir, ["upgrade", "head", "--sql"]);
    expect(sql.stdout).toContain("-- Running upgrade 1975ea83b712 -> 27c6a30d7c24");
    expect((await runCli(project.dir, ["current"])).stdout).toBe("");
  });

  it("a connection failure is one line with the password masked, exit 1", async () => {
    project = createProject("postgres://deploy:hunter2@127.0.0.1:1/app", REVISIONS);
    project.writeConfigFile();
    const run = await runCli(project.dir, ["upgrade", "head"]);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain("hunter2");
    const [first, ...rest] = run.stderr.trimEnd().split("\n");
    expect(first).toBe(
      "Error: Cannot connect to postgres://deploy:***@127.0.0.1:1/app: connection refused at 127.0.0.1:1",
    );
    expect(rest.every((line) => line.startsWith("Hint: "))).toBe(true);
  });
});
