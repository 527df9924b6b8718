// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are generated TypeScript source holding template literals
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { check } from "../../src/commands/check.js";
import { downgrade } from "../../src/commands/downgrade.js";
import type { Connection } from "../../src/dialects/connection.js";
import { connect, loadDialect } from "../../src/dialects/index.js";
import type { ReflectedSchema } from "../../src/dialects/introspector.js";
import { type DialectName, describeEachDialect } from "../support/databases.js";
import { autogenerateProject } from "./project.js";

const reflectSchema = async (connection: Connection) =>
  (await loadDialect(connection.dialect)).introspector.reflect(connection);
const SCHEMA_MODULE = fileURLToPath(new URL("../../src/schema/index.ts", import.meta.url));

/** The first model: two related tables, an enum, defaults, a check, indexes, comments, and a table to drop later. */
function modelV1(dialect: DialectName): string {
  const comments = dialect !== "sqlite";
  return `
import { column, sql, table } from ${JSON.stringify(SCHEMA_MODULE)};
export const users = table("users", {
  id: column.integer().primaryKey(),
  email: column.varchar(200).notNull()${comments ? '.comment("login")' : ""},
  name: column.text(),
  status: column.enum("user_status", ["active", "closed"]).notNull().default("active"),
  score: column.numeric(10, 2).default(0),
}, {
  uniques: [{ name: "uq_users_email", columns: ["email"] }],
  checks: [{ name: "ck_users_score", condition: sql\`\${sql.id("score")} >= 0\` }],
  indexes: [{ name: "ix_users_name", columns: ["name"] }],
  ${comments ? 'comment: "people",' : ""}
});
export const posts = table("posts", {
  id: column.integer().primaryKey(),
  user_id: column.integer().references("users", "id", { name: "fk_posts_user", onDelete: "CASCADE" }),
  title: column.varchar(100).notNull(),
  body: column.text(),
  reviewer_id: column.integer().references("users", "id", { name: "fk_posts_reviewer" }),
}, {
  indexes: [
    { name: "ix_posts_user", columns: ["user_id"] },
    ${dialect === "mysql" ? "" : '{ name: "ix_posts_lower", columns: [sql`lower(${sql.id("title")})`], where: sql`${sql.id("user_id")} > 0` },'}
  ],
});
export const legacy = table("legacy", {
  id: column.integer().primaryKey(),
  note: column.varchar(20),
});
export const pairs = table("pairs", {
  a: column.integer().notNull(),
  b: column.integer().notNull(),
}, { primaryKey: { name: "pk_pairs", columns: ["a"] } });
`;
}

/** The second model changes every kind of object: tables, columns, types, nullability, defaults, keys, indexes, checks, comments. */
function modelV2(dialect: DialectName): string {
  const comments = dialect !== "sqlite";
  return `
import { column, sql, table } from ${JSON.stringify(SCHEMA_MODULE)};
export const users = table("users", {
  id: column.integer().primaryKey(),
  email: column.varchar(255).notNull()${comments ? '.comment("login address")' : ""},
  status: column.enum("user_status", ["active", "closed"]).notNull().default("closed"),
  score: column.numeric(10, 2).default(0),
  nickname: column.varchar(40),
  full_name: column.text(),
}, {
  uniques: [{ name: "uq_users_email", columns: ["email"] }],
  indexes: [{ name: "ix_users_nickname", columns: ["nickname"], unique: true }],
  ${comments ? 'comment: "accounts",' : ""}
});
export const posts = table("posts", {
  id: column.integer().primaryKey(),
  user_id: column.integer().references("users", "id", { name: "fk_posts_user", onDelete: "SET NULL" }),
  title: column.varchar(100),
  body: column.text().notNull().default(""),
  editor_id: column.integer().references("users", "id", { name: "fk_posts_editor" }),
  reviewer_id: column.integer(),
}, {
  uniques: [{ name: "uq_posts_title", columns: ["title"] }],
  checks: [{ name: "ck_posts_title", condition: sql\`\${sql.id("title")} <> ''\` }],
  indexes: [
    { name: "ix_posts_user", columns: ["user_id", "title"] },
    ${dialect === "mysql" ? "" : '{ name: "ix_posts_lower", columns: [sql`lower(${sql.id("title")})`], where: sql`${sql.id("user_id")} > 0` },'}
  ],
});
export const tags = table("tags", {
  id: column.integer().primaryKey(),
  post_id: column.integer().notNull().references("posts", "id", { name: "fk_tags_post" }),
  label: column.varchar(30).notNull(),
}, {
  uniques: [{ name: "uq_tags_label", columns: ["post_id", "label"] }],
});
export const pairs = table("pairs", {
  a: column.integer().notNull(),
  b: column.integer().notNull(),
}, { primaryKey: { name: "pk_pairs", columns: ["a", "b"] } });
`;
}

/** A reflected schema in an order-free form: columns, constraints and indexes sorted by name. */
function canonical(schema: ReflectedSchema): unknown {
  const byName = <T extends { name?: string | undefined }>(items: readonly T[]) =>
    [...items].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return {
    enums: byName(schema.enums),
    tables: byName(schema.tables.filter((t) => t.name !== "retort_version")).map((t) => ({
      ...t,
      columns: byName(t.columns),
      indexes: byName(t.indexes),
      uniques: byName(t.uniques),
      foreignKeys: byName(t.foreignKeys),
      checks: byName(t.checks),
    })),
  };
}

describeEachDialect("autogenerate round trip", (dialect) => {
  const project = autogenerateProject(dialect);

  const reflect = async () => {
    const connection = await connect(project.database.url);
    try {
      return canonical(await reflectSchema(connection));
    } finally {
      await connection.close();
    }
  };

  it("creates the model on an empty database, applies changes to every kind of object, and downgrades back", async () => {
    const { result: first } = await project.generateAndUpgrade(modelV1(dialect), "initial");
    expect(first.differences).toEqual(
      expect.arrayContaining(["add table users", "add table posts", "add table legacy"]),
    );
    const afterFirst = await check(project.config);
    expect(afterFirst.differences).toEqual([]);
    expect(afterFirst.clean).toBe(true);
    expect(afterFirst.warnings).toEqual([]);
    const before = await reflect();

    const { result: second } = await project.generateAndUpgrade(modelV2(dialect), "change everything");
    expect(second.differences).toEqual(
      expect.arrayContaining([
        "add table tags",
        "remove table legacy",
        "add column users.nickname varchar(40)",
        "remove column users.name",
        "add column posts.editor_id integer",
        "add foreign key fk_posts_editor on posts (editor_id) -> users",
        "add unique constraint uq_posts_title on posts (title)",
        "add primary key pk_pairs on pairs (a, b)",
        "remove foreign key fk_posts_reviewer on posts",
      ]),
    );
    expect(second.upgradeCode).toContain("possible rename of users.name to full_name");
    const afterSecond = await check(project.config);
    expect(afterSecond.differences).toEqual([]);
    expect(afterSecond.warnings).toEqual([]);

    await downgrade(project.config, "-1");
    expect(await reflect()).toEqual(before);
  });
});

describeEachDialect(
  "autogenerate with PostgreSQL schemas and enums",
  (dialect) => {
    const project = autogenerateProject(dialect, { prefix: "retort-autogen-pg-" });

    const model = (values: string[], extraColumn: string) => `
import { column, table } from ${JSON.stringify(SCHEMA_MODULE)};
export const events = table("events", {
  id: column.integer().identity().primaryKey(),
  mood: column.enum("mood", ${JSON.stringify(values)}, { schema: "audit" }).notNull(),
  ${extraColumn}
}, { schema: "audit", comment: "audit trail" });
`;

    it("creates the schema and enum, then adds an enum value and a column, and checks clean each time", async () => {
      const first = await project.generateAndUpgrade(model(["sad", "ok"], ""), "audit");
      expect(first.result.differences).toEqual([
        "add schema audit",
        "add enum audit.mood (sad, ok)",
        "add table audit.events",
      ]);
      expect((await check(project.config)).differences).toEqual([]);

      const second = await project.generateAndUpgrade(
        model(["sad", "ok", "happy"], "note: column.text(),"),
        "happy",
      );
      expect(second.result.differences).toEqual([
        "add value 'happy' to enum audit.mood",
        "add column audit.events.note text",
      ]);
      expect(second.result.downgradeCode).toContain("cannot be reversed automatically");
      const after = await check(project.config);
      expect(after.differences).toEqual([]);
      expect(after.warnings).toEqual([]);
    });
  },
  ["postgres", "pglite"],
);
