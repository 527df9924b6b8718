import { afterEach, describe, expect, it } from "vitest";
import { redactUrl } from "../../src/config/url.js";
import type { Connection } from "../../src/dialects/connection.js";
import {
  ConnectionError,
  connect,
  dialectForUrl,
  dialectOfConnection,
  parseDatabaseUrl,
} from "../../src/dialects/index.js";
import {
  createTestDatabase,
  describeEachDialect,
  MYSQL_URL,
  PG_URL,
  type TestDatabase,
} from "../support/databases.js";

describe("database URLs", () => {
  it("parse per dialect and resolve relative files against the base folder", async () => {
    expect(await parseDatabaseUrl("sqlite:./dev.db", "/proj")).toEqual({
      dialect: "sqlite",
      filename: "/proj/dev.db",
    });
    expect(await parseDatabaseUrl("sqlite::memory:", "/proj")).toEqual({
      dialect: "sqlite",
      filename: ":memory:",
    });
    expect(await parseDatabaseUrl("pglite:memory:", "/proj")).toEqual({
      dialect: "pglite",
      dataDir: undefined,
    });
    expect(await parseDatabaseUrl("pglite:./data", "/proj")).toEqual({
      dialect: "pglite",
      dataDir: "/proj/data",
    });
    const pg = await parseDatabaseUrl("postgresql://u:p%40ss@db.example:6543/app?sslmode=require");
    expect(pg).toMatchObject({
      dialect: "postgres",
      host: "db.example",
      port: 6543,
      user: "u",
      password: "p@ss",
      database: "app",
      params: { sslmode: "require" },
    });
    expect(await parseDatabaseUrl("mariadb://root@localhost/shop")).toMatchObject({
      dialect: "mysql",
      mariadb: true,
      database: "shop",
    });
    expect((await dialectForUrl("postgres://x")).name).toBe("postgres");
    await expect(dialectForUrl("oracle://x")).rejects.toThrow(/Unsupported database URL/);
  });

  it("redact the password, even one with an unencoded @", () => {
    expect(redactUrl("postgres://user:s3cret@host/db")).toBe("postgres://user:***@host/db");
    expect(redactUrl("mysql://user:a@b@host/db")).toBe("mysql://user:***@host/db");
    expect(redactUrl("postgres://user@host/db")).toBe("postgres://user@host/db");
    expect(redactUrl("sqlite:./a.db")).toBe("sqlite:./a.db");
  });
});

describeEachDialect("driver", (dialect) => {
  let db: TestDatabase;
  let connection: Connection;
  afterEach(async () => {
    await connection?.close();
    await db?.drop();
  });

  it("executes statements, reports rows changed and queries rows", async () => {
    db = await createTestDatabase(dialect);
    connection = await connect(db.url);
    expect(connection.dialect).toBe(dialect);
    await connection.execute("CREATE TABLE t (a INTEGER, b VARCHAR(10))");
    const placeholder = (n: number) => (dialect === "postgres" || dialect === "pglite" ? `$${n}` : "?");
    await connection.execute(`INSERT INTO t (a, b) VALUES (${placeholder(1)}, ${placeholder(2)})`, [1, "x"]);
    await connection.execute("INSERT INTO t (a, b) VALUES (2, 'y')");
    await connection.execute("INSERT INTO t (a, b) VALUES (3, 'y')");
    expect((await connection.execute("UPDATE t SET b = 'y' WHERE b = 'y'")).rowCount).toBe(2);
    expect((await connection.execute(`DELETE FROM t WHERE a = ${placeholder(1)}`, [1])).rowCount).toBe(1);
    expect((await connection.execute("DELETE FROM t WHERE a = 99")).rowCount).toBe(0);
    const rows = await connection.query<{ a: number; b: string }>("SELECT a, b FROM t ORDER BY a");
    expect(rows.map((row) => [Number(row.a), row.b])).toEqual([
      [2, "y"],
      [3, "y"],
    ]);
  });

  it("reads the version table's presence without creating it", async () => {
    db = await createTestDatabase(dialect);
    connection = await connect(db.url);
    const d = dialectOfConnection(connection).versionTable;
    const table = { name: "retort_version", schema: undefined };
    expect(await d.exists(connection, table)).toBe(false);
    await connection.execute(d.createSql(table));
    expect(await d.exists(connection, table)).toBe(true);
    await connection.execute(d.insertSql(table, "abc"));
    expect((await connection.execute(d.updateSql(table, "abc", "def"))).rowCount).toBe(1);
    expect(await connection.query(d.selectSql(table))).toEqual([{ version_num: "def" }]);
    expect((await connection.execute(d.deleteSql(table, "zzz"))).rowCount).toBe(0);
  });
});

describe("connection errors", () => {
  const expectOneLine = async (url: string, pattern: RegExp) => {
    const error = await connect(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    const message = (error as Error).message;
    expect(message).toMatch(pattern);
    expect(message).not.toContain("\n");
    expect(message).not.toContain("hunter2");
  };

  it("name the redacted URL for a refused connection", async () => {
    await expectOneLine(
      "postgres://u:hunter2@127.0.0.1:1/db",
      /Cannot connect to postgres:\/\/u:\*\*\*@.*connection refused/,
    );
    await expectOneLine(
      "mysql://u:hunter2@127.0.0.1:1/db",
      /Cannot connect to mysql:\/\/u:\*\*\*@.*connection refused/,
    );
  });

  it.skipIf(!PG_URL)("say a PostgreSQL database does not exist", async () => {
    const url = new URL(PG_URL!);
    url.pathname = "/retort_no_such_db";
    url.password = "hunter2";
    await expectOneLine(url.toString(), /database "retort_no_such_db" does not exist/);
  });

  it.skipIf(!MYSQL_URL)("say a MySQL password is wrong or a database is missing", async () => {
    const wrong = new URL(MYSQL_URL!);
    wrong.password = "hunter2";
    await expectOneLine(wrong.toString(), /access denied/);
    const missing = new URL(MYSQL_URL!);
    missing.pathname = "/retort_no_such_db";
    await expectOneLine(missing.toString(), /database "retort_no_such_db" does not exist/);
  });

  it("say a SQLite file's folder is missing", async () => {
    await expectOneLine("sqlite:/nonexistent-dir-retort/x.db", /Cannot open SQLite database/);
  });
});
