import { afterEach, beforeEach, expect, it } from "vitest";
import { compareSchemas } from "../../src/autogenerate/compare.js";
import { modelFromReflected } from "../../src/autogenerate/schema-model.js";
import type { Connection } from "../../src/dialects/connection.js";
import { allDialects, connect, getDialect, loadDialect } from "../../src/dialects/index.js";
import type { ReflectedSchema, ReflectedTable } from "../../src/dialects/introspector.js";
import { types } from "../../src/schema/types.js";
import {
  createTestDatabase,
  type DialectName,
  describeEachDialect,
  type TestDatabase,
} from "../support/databases.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

const reflectSchema = async (connection: Connection) =>
  (await loadDialect(connection.dialect)).introspector.reflect(connection);

/** A connection that counts the statements it is asked to run. */
export function countingConnection(connection: Connection): { connection: Connection; count: () => number } {
  let count = 0;
  const counted: Connection = {
    dialect: connection.dialect,
    execute: (sql, params) => {
      count++;
      return connection.execute(sql, params);
    },
    query: (sql, params) => {
      count++;
      return connection.query(sql, params);
    },
    close: () => connection.close(),
  };
  return { connection: counted, count: () => count };
}

const postgresLike = (d: DialectName) => d === "postgres" || d === "pglite";

function ddl(dialect: DialectName): string[] {
  const pg = postgresLike(dialect);
  const mysql = dialect === "mysql";
  const serial = pg ? "serial" : mysql ? "integer AUTO_INCREMENT" : "INTEGER";
  return [
    ...(pg ? ["CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')"] : []),
    `CREATE TABLE users (
       id ${serial} PRIMARY KEY,
       email varchar(200) NOT NULL,
       name text,
       score numeric(10, 2) DEFAULT 0,
       status varchar(10) DEFAULT 'active' NOT NULL,
       ${pg ? "mood mood," : ""}
       CONSTRAINT uq_users_email UNIQUE (email),
       CONSTRAINT ck_users_score CHECK (score >= 0)
     )`,
    `CREATE TABLE posts (
       id integer NOT NULL,
       user_id integer,
       title varchar(100) NOT NULL,
       CONSTRAINT pk_posts PRIMARY KEY (id),
       CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
     )`,
    "CREATE INDEX ix_posts_title ON posts (title)",
    ...(mysql ? [] : ["CREATE INDEX ix_posts_lower ON posts (lower(title)) WHERE user_id > 3"]),
    ...(pg ? ["COMMENT ON TABLE users IS 'people'", "COMMENT ON COLUMN users.email IS 'login'"] : []),
    ...(mysql
      ? [
          "ALTER TABLE users COMMENT = 'people'",
          "ALTER TABLE users MODIFY email varchar(200) NOT NULL COMMENT 'login'",
        ]
      : []),
  ];
}

function table(schema: ReflectedSchema, name: string): ReflectedTable {
  const found = schema.tables.find((t) => t.name === name);
  if (!found) throw new Error(`table ${name} not reflected`);
  return found;
}

describeEachDialect("reflection", (dialect) => {
  let database: TestDatabase;
  let connection: Connection;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    connection = await connect(database.url);
  });
  afterEach(async () => {
    await connection.close();
    await database.drop();
  });

  it("reads tables, columns, keys, indexes, constraints and comments", async () => {
    for (const statement of ddl(dialect)) await connection.execute(statement);
    const schema = await reflectSchema(connection);
    expect(schema.tables.map((t) => t.name).sort()).toEqual(["posts", "users"]);

    const users = table(schema, "users");
    const columns = Object.fromEntries(users.columns.map((c) => [c.name, c]));
    // Types exactly as each catalog states them (MariaDB keeps an integer's display width, MySQL 8 does not;
    // SQLite upper-cases the type names it knows).
    const spelled = { pglite: 0, postgres: 0, mysql: 1, sqlite: 2 }[dialect];
    const typeOf = (name: string) => columns[name]?.type.sql;
    // A column exactly as `serial` creates it (with its sequence and nextval default) is reflected as serial.
    expect([["serial"], ["int(11)", "int"], ["INTEGER"]][spelled]).toContain(typeOf("id"));
    expect(typeOf("email")).toBe(["character varying(200)", "varchar(200)", "varchar(200)"][spelled]);
    expect(typeOf("name")).toBe(["text", "text", "TEXT"][spelled]);
    expect(typeOf("score")).toBe(["numeric(10,2)", "decimal(10,2)", "numeric(10, 2)"][spelled]);
    const { types: typeSystem } = getDialect(dialect);
    const idType = postgresLike(dialect) ? types.native("serial") : types.integer();
    expect(typeSystem.same(idType, columns.id!.type)).toBe(true);
    expect(typeSystem.same(types.varchar(200), columns.email!.type)).toBe(true);
    expect(typeSystem.same(types.varchar(201), columns.email!.type)).toBe(false);
    expect(typeSystem.same(types.numeric(10, 2), columns.score!.type)).toBe(true);
    // SQLite's rowid alias is declared without NOT NULL, and can never hold NULL.
    if (dialect === "sqlite") expect(columns.id).toMatchObject({ nullable: true, neverNull: true });
    else expect(columns.id?.nullable).toBe(false);
    if (dialect !== "sqlite") expect(columns.id?.autoincrement).toBeDefined();
    expect(columns.email?.nullable).toBe(false);
    expect(columns.name?.nullable).toBe(true);
    expect(columns.status?.default).toBe("'active'");
    expect(users.primaryKey?.columns).toEqual(["id"]);
    const uniqueEmail =
      dialect === "mysql"
        ? users.indexes.find((i) => i.unique && i.columns.join() === "email")?.name
        : users.uniques.find((u) => u.columns.join() === "email")?.name;
    expect(uniqueEmail).toBe("uq_users_email");
    expect(users.checks.map((c) => c.name)).toContain("ck_users_score");
    expect(users.checks.find((c) => c.name === "ck_users_score")?.expression.replaceAll("`", "")).toMatch(
      /score >= 0/,
    );

    const posts = table(schema, "posts");
    if (dialect !== "mysql") expect(posts.primaryKey?.name).toBe("pk_posts");
    expect(posts.foreignKeys).toEqual([
      expect.objectContaining({
        name: "fk_posts_user",
        columns: ["user_id"],
        referredTable: "users",
        referredColumns: ["id"],
        onDelete: "cascade",
      }),
    ]);
    expect(posts.indexes.find((i) => i.name === "ix_posts_title")).toMatchObject({
      unique: false,
      columns: ["title"],
    });
    if (dialect !== "mysql") {
      const lower = posts.indexes.find((i) => i.name === "ix_posts_lower");
      expect(lower?.expressions[0]).toMatch(/lower\(title/);
      expect(lower?.where).toMatch(/user_id > 3/);
    }
    if (dialect === "postgres" || dialect === "pglite" || dialect === "mysql") {
      expect(users.comment).toBe("people");
      expect(columns.email?.comment).toBe("login");
    }
    if (postgresLike(dialect)) {
      expect(schema.enums).toEqual([{ schema: undefined, name: "mood", values: ["sad", "ok", "happy"] }]);
      expect(columns.mood?.type).toMatchObject({
        kind: "native",
        sql: "mood",
        name: "mood",
        schema: undefined,
      });
    }
  });

  it("reads back, as a target, exactly what it reflected: comparing the two finds nothing", async () => {
    for (const statement of ddl(dialect)) await connection.execute(statement);
    const schema = await reflectSchema(connection);
    const comparison = await compareSchemas(modelFromReflected(schema), schema, {
      dialect: getDialect(dialect),
      include: () => true,
    });
    expect(comparison.operations).toEqual([]);
    expect(comparison.warnings).toEqual([]);
  });

  it("issues the same number of catalog queries for 3 tables and for 60", async () => {
    const queriesFor = async (tables: number, offset: number) => {
      for (let i = offset; i < offset + tables; i++) {
        await connection.execute(
          `CREATE TABLE t${i} (id integer PRIMARY KEY, ref integer REFERENCES t${offset} (id), label varchar(20) UNIQUE)`,
        );
        await connection.execute(`CREATE INDEX ix_t${i} ON t${i} (label)`);
      }
      const counting = countingConnection(connection);
      const schema = await reflectSchema(counting.connection);
      return { queries: counting.count(), tables: schema.tables.length };
    };
    const small = await queriesFor(3, 0);
    const large = await queriesFor(57, 100);
    expect(small.tables).toBe(3);
    expect(large.tables).toBe(60);
    expect(large.queries).toBe(small.queries);
    // MySQL's are the most: version, tables, columns, statistics, constraints, checks, partitions, and the names
    // of the objects autogenerate does not manage (views, triggers, routines, events, SYSTEM_TIME partitioning).
    expect(small.queries).toBeLessThanOrEqual(8);
  });
});
