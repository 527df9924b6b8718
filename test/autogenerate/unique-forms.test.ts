// A unique constraint and a unique index on the same columns are one rule. A database built by hand or by another
// tool may keep a rule in the other form than the model: `check` finds nothing to do, and creating from the model
// uses the model's form. The model's form of a Drizzle `.unique()` is drizzle-kit's: a table constraint on
// PostgreSQL and MySQL, a named CREATE UNIQUE INDEX on SQLite.

import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeEach, expect, it } from "vitest";
import { check } from "../../src/commands/check.js";
import type { Connection } from "../../src/dialects/connection.js";
import { connect } from "../../src/dialects/index.js";
import { splitStatements } from "../../src/dialects/sql-conventions.js";
import { type DialectName, describeEachDialect } from "../support/databases.js";
import { autogenerateProject } from "./project.js";

/** PGlite databases, and a scratch one per target, are slow to start on a loaded machine. */
const LIVE_TIMEOUT = 120_000;

const resolveModule = createRequire(import.meta.url).resolve;
const from = (specifier: string) => JSON.stringify(resolveModule(specifier));

/**
 * users: email `.unique()` and (org, name) `unique()` are constraints on PostgreSQL and MySQL and unique indexes on
 * SQLite; handle's `uniqueIndex()` is an index everywhere.
 */
function drizzleSchema(dialect: DialectName): string {
  if (dialect === "sqlite") {
    return `
import { integer, sqliteTable, text, unique, uniqueIndex } from ${from("drizzle-orm/sqlite-core")};
export const users = sqliteTable("users", {
  id: integer().primaryKey(),
  email: text().notNull().unique(),
  handle: text().notNull(),
  org: integer().notNull(),
  name: text().notNull(),
}, (t) => [uniqueIndex("users_handle_key").on(t.handle), unique("users_org_name_unique").on(t.org, t.name)]);
`;
  }
  if (dialect === "mysql") {
    return `
import { int, mysqlTable, unique, uniqueIndex, varchar } from ${from("drizzle-orm/mysql-core")};
export const users = mysqlTable("users", {
  id: int().primaryKey(),
  email: varchar({ length: 200 }).notNull().unique(),
  handle: varchar({ length: 40 }).notNull(),
  org: int().notNull(),
  name: varchar({ length: 80 }).notNull(),
}, (t) => [uniqueIndex("users_handle_key").on(t.handle), unique("users_org_name_unique").on(t.org, t.name)]);
`;
  }
  return `
import { integer, pgTable, unique, uniqueIndex, varchar } from ${from("drizzle-orm/pg-core")};
export const users = pgTable("users", {
  id: integer().primaryKey(),
  email: varchar({ length: 200 }).notNull().unique(),
  handle: varchar({ length: 40 }).notNull(),
  org: integer().notNull(),
  name: varchar({ length: 80 }).notNull(),
}, (t) => [uniqueIndex("users_handle_key").on(t.handle), unique("users_org_name_unique").on(t.org, t.name)]);
`;
}

/** The same rules, each in the other form: unique indexes for the model's constraints, and the reverse. */
function otherFormDdl(dialect: DialectName): string {
  if (dialect === "sqlite") {
    // The model holds every rule as a unique index, as drizzle-kit creates them; here each is a table constraint,
    // one of them unnamed.
    return `
CREATE TABLE \`users\` (
  \`id\` integer PRIMARY KEY NOT NULL,
  \`email\` text NOT NULL,
  \`handle\` text NOT NULL,
  \`org\` integer NOT NULL,
  \`name\` text NOT NULL,
  CONSTRAINT \`users_email_unique\` UNIQUE (\`email\`),
  UNIQUE (\`handle\`),
  CONSTRAINT \`users_org_name_unique\` UNIQUE (\`org\`, \`name\`)
);`;
  }
  // On MySQL every unique rule is a unique index; the forms differ only in the model.
  return `
CREATE TABLE users (
  id integer PRIMARY KEY,
  email varchar(200) NOT NULL,
  handle varchar(40) NOT NULL,
  org integer NOT NULL,
  name varchar(80) NOT NULL,
  CONSTRAINT users_handle_key UNIQUE (handle)
);
CREATE UNIQUE INDEX users_email_unique ON users (email);
CREATE UNIQUE INDEX users_org_name_unique ON users (org, name);`;
}

/** Which unique rules the catalog keeps as constraints and which as plain indexes, where it can tell. */
async function uniqueForms(connection: Connection, dialect: DialectName): Promise<unknown> {
  if (dialect === "sqlite") {
    return connection.query(
      `SELECT name, origin FROM pragma_index_list('users') WHERE "unique" = 1 AND origin <> 'pk' ORDER BY origin, name`,
    );
  }
  if (dialect === "mysql") {
    return connection.query(
      `SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND NON_UNIQUE = 0 ORDER BY INDEX_NAME`,
    );
  }
  return {
    constraints: await connection.query(
      `SELECT conname AS name FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'u' ORDER BY 1`,
    ),
    indexes: await connection.query(
      `SELECT ic.relname AS name FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
        WHERE i.indrelid = 'users'::regclass AND i.indisunique AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1`,
    ),
  };
}

type Family = "sqlite" | "postgres" | "mysql";

/** What creating from the model leaves: its constraints as constraints and its unique indexes as indexes. */
const MODEL_FORMS: Readonly<Record<Family, unknown>> = {
  sqlite: [
    { name: "users_email_unique", origin: "c" },
    { name: "users_handle_key", origin: "c" },
    { name: "users_org_name_unique", origin: "c" },
  ],
  postgres: {
    constraints: [{ name: "users_email_unique" }, { name: "users_org_name_unique" }],
    indexes: [{ name: "users_handle_key" }],
  },
  mysql: [
    { name: "PRIMARY" },
    { name: "users_email_unique" },
    { name: "users_handle_key" },
    { name: "users_org_name_unique" },
  ],
};

/** What the autogenerated revision says of the three rules, in the model's form. */
const WRITTEN_FORMS: Readonly<Record<Family, readonly string[]>> = {
  sqlite: [
    '{ name: "users_email_unique", columns: ["email"], unique: true }',
    '{ name: "users_org_name_unique", columns: ["org", "name"], unique: true }',
    '{ name: "users_handle_key", columns: ["handle"], unique: true }',
  ],
  postgres: [
    'uniques: [{ name: "users_email_unique", columns: ["email"] }, { name: "users_org_name_unique", columns: ["org", "name"] }]',
    '{ name: "users_handle_key", columns: ["handle"], unique: true }',
  ],
  mysql: [
    'uniques: [{ name: "users_email_unique", columns: ["email"] }, { name: "users_org_name_unique", columns: ["org", "name"] }]',
    '{ name: "users_handle_key", columns: ["handle"], unique: true }',
  ],
};

/** How `check` reports email's rule when the database keeps it under another name. */
const RENAMED_RULE: Readonly<Record<Family, readonly string[]>> = {
  sqlite: [
    "remove unique constraint users_email_idx on users",
    "add unique index users_email_unique on users",
  ],
  postgres: [
    "remove index users_email_idx on users",
    "add unique constraint users_email_unique on users (email)",
  ],
  mysql: [
    "remove index users_email_idx on users",
    "add unique constraint users_email_unique on users (email)",
  ],
};

const familyOf = (dialect: DialectName): Family => (dialect === "pglite" ? "postgres" : dialect);

describeEachDialect("unique constraints and unique indexes are one rule", (dialect) => {
  const project = autogenerateProject(dialect, { prefix: "retort-unique-" });
  beforeEach(() => writeFileSync(join(project.dir, "schema.ts"), drizzleSchema(dialect)));

  const withConnection = async <T>(fn: (c: Connection) => Promise<T>): Promise<T> => {
    const connection = await connect(project.database.url);
    try {
      return await fn(connection);
    } finally {
      await connection.close();
    }
  };

  it("finds nothing to do on a database that keeps each rule in the other form", {
    timeout: LIVE_TIMEOUT,
  }, async () => {
    await withConnection(async (connection) => {
      for (const statement of splitStatements(otherFormDdl(dialect))) await connection.execute(statement);
    });
    const result = await check(project.config);
    expect(result.differences).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it("still sees a unique rule whose name differs", { timeout: LIVE_TIMEOUT }, async () => {
    await withConnection(async (connection) => {
      const renamed = otherFormDdl(dialect).replaceAll("users_email_unique", "users_email_idx");
      for (const statement of splitStatements(renamed)) await connection.execute(statement);
    });
    const result = await check(project.config);
    expect(result.differences).toEqual(expect.arrayContaining([...RENAMED_RULE[familyOf(dialect)]]));
  });

  it("creates each rule in the model's form", { timeout: LIVE_TIMEOUT }, async () => {
    const { code: source } = await project.generateAndUpgrade(drizzleSchema(dialect), "users");
    for (const form of WRITTEN_FORMS[familyOf(dialect)]) expect(source).toContain(form);
    if (dialect === "sqlite") expect(source).not.toContain("uniques:");
    expect(await withConnection((c) => uniqueForms(c, dialect))).toEqual(MODEL_FORMS[familyOf(dialect)]);
    expect((await check(project.config)).differences).toEqual([]);
  });
});
