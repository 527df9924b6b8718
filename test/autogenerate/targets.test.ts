import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect, it } from "vitest";
import { autogenerateRevisionBody } from "../../src/commands/autogenerate.js";
import { check, formatCheck } from "../../src/commands/check.js";
import { revision } from "../../src/commands/revision.js";
import { upgrade } from "../../src/commands/upgrade.js";
import { resolveConfig } from "../../src/config/load-config.js";
import { type DialectName, describeEachDialect } from "../support/databases.js";
import { autogenerateProject } from "./project.js";

const resolveModule = createRequire(import.meta.url).resolve;
const from = (specifier: string) => JSON.stringify(resolveModule(specifier));

function drizzleSchema(dialect: DialectName): string {
  if (dialect === "sqlite") {
    return `
import { sql } from ${from("drizzle-orm")};
import { check, index, integer, sqliteTable, text } from ${from("drizzle-orm/sqlite-core")};
export const users = sqliteTable("users", {
  id: integer().primaryKey({ autoIncrement: true }),
  email: text().notNull().unique(),
  active: integer({ mode: "boolean" }).notNull().default(true),
});
export const posts = sqliteTable("posts", {
  id: integer().primaryKey(),
  userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
  title: text().notNull(),
}, (t) => [index("ix_posts_title").on(t.title), check("ck_posts_title", sql\`length(\${t.title}) > 0\`)]);
`;
  }
  if (dialect === "mysql") {
    return `
import { int, index, mysqlEnum, mysqlTable, varchar, boolean } from ${from("drizzle-orm/mysql-core")};
export const users = mysqlTable("users", {
  id: int().autoincrement().primaryKey(),
  email: varchar({ length: 200 }).notNull().unique(),
  role: mysqlEnum(["admin", "member"]).notNull().default("member"),
  active: boolean().notNull().default(true),
});
export const posts = mysqlTable("posts", {
  id: int().primaryKey(),
  userId: int("user_id").references(() => users.id, { onDelete: "cascade" }),
  title: varchar({ length: 100 }).notNull(),
}, (t) => [index("ix_posts_title").on(t.title)]);
`;
  }
  return `
import { sql } from ${from("drizzle-orm")};
import { boolean, check, index, integer, pgEnum, pgTable, serial, timestamp, uniqueIndex, varchar } from ${from(
    "drizzle-orm/pg-core",
  )};
export const role = pgEnum("role", ["admin", "member"]);
export const users = pgTable("users", {
  id: serial().primaryKey(),
  email: varchar({ length: 200 }).notNull().unique(),
  role: role().notNull().default("member"),
  active: boolean().notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export const posts = pgTable("posts", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
  title: varchar({ length: 100 }).notNull(),
}, (t) => [
  index("ix_posts_title").on(t.title),
  uniqueIndex("ux_posts_user_title").on(t.userId, t.title).where(sql\`\${t.userId} IS NOT NULL\`),
  check("ck_posts_title", sql\`length(\${t.title}) > 0\`),
]);
`;
}

function ddl(dialect: DialectName): string {
  if (dialect === "mysql") {
    return `
CREATE TABLE users (id int AUTO_INCREMENT PRIMARY KEY, email varchar(200) NOT NULL, CONSTRAINT uq_users_email UNIQUE (email));
-- posts belong to users; a semicolon inside a comment; is fine
CREATE TABLE posts (
  id int PRIMARY KEY,
  user_id int,
  title varchar(100) NOT NULL DEFAULT 'untitled; really',
  CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT ck_posts_title CHECK (title <> '')
);
CREATE INDEX ix_posts_title ON posts (title);
`;
  }
  const pg = dialect !== "sqlite";
  return `
${pg ? "CREATE TYPE mood AS ENUM ('sad', 'happy');" : ""}
CREATE TABLE users (id integer PRIMARY KEY, email varchar(200) NOT NULL, ${pg ? "mood mood," : ""} CONSTRAINT uq_users_email UNIQUE (email));
CREATE TABLE posts (
  id integer PRIMARY KEY,
  user_id integer,
  title varchar(100) NOT NULL DEFAULT 'untitled',
  CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT ck_posts_title CHECK (title <> '')
);
CREATE INDEX ix_posts_title ON posts (title) WHERE user_id IS NOT NULL;
${pg ? "COMMENT ON TABLE posts IS 'articles';" : ""}
`;
}

describeEachDialect("autogenerate targets", (dialect) => {
  const project = autogenerateProject(dialect, { prefix: "retort-targets-" });

  const createThenCheck = async (target: string) => {
    const config = resolveConfig({ url: project.database.url, target }, { rootDir: project.dir });
    const { body, result } = await autogenerateRevisionBody(config);
    expect(result.warnings).toEqual([]);
    expect(result.differences).toEqual(expect.arrayContaining(["add table users", "add table posts"]));
    await revision(config, { message: "from target", body });
    await upgrade(config, "head");
    const after = await check(config);
    expect(after.differences).toEqual([]);
    expect(after.warnings).toEqual([]);
    expect(formatCheck(after)).toBe("No new upgrade operations detected.");
    return config;
  };

  it("reads a Drizzle schema module, creates it, and then finds nothing to do", async () => {
    writeFileSync(join(project.dir, "schema.ts"), drizzleSchema(dialect));
    await createThenCheck("./schema.ts");
  });

  it("applies a .sql target to a scratch database, creates it, and then finds nothing to do", async () => {
    writeFileSync(join(project.dir, "schema.sql"), ddl(dialect));
    const config = await createThenCheck("./schema.sql");
    writeFileSync(join(project.dir, "schema.sql"), ddl(dialect).replace("varchar(200)", "varchar(250)"));
    const changed = await check(config);
    expect(changed.differences).toEqual(["alter column users.email: type varchar(200) -> varchar(250)"]);
    expect(formatCheck(changed)).toBe(
      "New upgrade operations detected (1):\n  - alter column users.email: type varchar(200) -> varchar(250)",
    );
  });
});
