// A Drizzle schema's index facts reach the model: pg-core's `.using("gin", …)`, per-column `.op()`, `.desc()` and
// `.nullsFirst()`, mysql-core's `.using("hash")`; and what the model creates from them on PostgreSQL is what
// drizzle-kit would have written, so that `check` is clean afterwards.

import { createRequire } from "node:module";
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { drizzleSchema } from "../../src/autogenerate/drizzle-target.js";
import { check } from "../../src/commands/check.js";
import { allDialects, connect, getDialect } from "../../src/dialects/index.js";
import { describeEachDialect } from "../support/databases.js";
import { autogenerateProject } from "./project.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

/** PGlite databases, and a scratch one per target, are slow to start on a loaded machine. */
const LIVE_TIMEOUT = 120_000;

const resolveModule = createRequire(import.meta.url).resolve;
const from = (specifier: string) => JSON.stringify(resolveModule(specifier));

describe("Drizzle index options", () => {
  it("reads methods, operator classes, order and NULLS, leaving out what is the default", async () => {
    const docs = pgTable(
      "docs",
      { id: integer().primaryKey(), body: jsonb(), title: text().notNull(), rank: integer() },
      (t) => [
        index("docs_body_gin").using("gin", t.body.op("jsonb_path_ops")),
        index("docs_title_sorted").on(t.title.desc().nullsFirst(), t.rank.asc().nullsLast().op("int4_ops")),
        index("docs_title_desc").on(t.title.desc()),
        uniqueIndex("docs_lower_title").on(sql`lower(${t.title})`),
      ],
    );
    const { tables } = await drizzleSchema([docs], getDialect("postgres"));
    expect(tables[0]?.indexes).toEqual([
      { name: "docs_body_gin", columns: [{ column: "body", opclass: "jsonb_path_ops" }], method: "gin" },
      {
        name: "docs_title_sorted",
        columns: [
          { column: "title", descending: true },
          { column: "rank", opclass: "int4_ops" },
        ],
      },
      // Drizzle's `.desc()` alone means DESC NULLS LAST, as drizzle-kit writes it.
      { name: "docs_title_desc", columns: [{ column: "title", descending: true, nulls: "last" }] },
      { name: "docs_lower_title", columns: [expect.objectContaining({ kind: "sql" })], unique: true },
    ]);
  });

  it("reads mysql-core's .using(), with MySQL's B-tree for hash left out", async () => {
    const { int, mysqlTable, index: mysqlIndex } = await import("drizzle-orm/mysql-core");
    const t = mysqlTable("t", { id: int().primaryKey(), n: int() }, (c) => [
      mysqlIndex("ix").on(c.n).using("hash"),
    ]);
    const { tables } = await drizzleSchema([t], getDialect("mysql"));
    expect(tables[0]?.indexes).toEqual([{ name: "ix", columns: ["n"] }]);
  });
});

describeEachDialect(
  "a Drizzle schema's indexes",
  (dialect) => {
    const project = autogenerateProject(dialect, { prefix: "retort-drizzle-ix-" });
    const schema = `
import { index, integer, jsonb, pgTable, text } from ${from("drizzle-orm/pg-core")};
export const docs = pgTable("docs", { id: integer().primaryKey(), body: jsonb(), title: text().notNull(), rank: integer() }, (t) => [
  index("docs_body_gin").using("gin", t.body.op("jsonb_path_ops")),
  index("docs_title_sorted").on(t.title.desc().nullsFirst(), t.rank.op("int4_ops")),
  index("docs_title_desc").on(t.title.desc()),
]);
`;

    it("are created as drizzle-kit would write them, and then check clean", {
      timeout: LIVE_TIMEOUT,
    }, async () => {
      await project.generateAndUpgrade(schema, "docs");
      const connection = await connect(project.database.url);
      try {
        const definitions = await connection.query<{ definition: string }>(
          `SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index
            WHERE indrelid = 'docs'::regclass AND NOT indisprimary ORDER BY indexrelid::regclass::text`,
        );
        expect(definitions.map((d) => d.definition)).toEqual([
          "CREATE INDEX docs_body_gin ON public.docs USING gin (body jsonb_path_ops)",
          "CREATE INDEX docs_title_desc ON public.docs USING btree (title DESC NULLS LAST)",
          "CREATE INDEX docs_title_sorted ON public.docs USING btree (title DESC, rank)",
        ]);
      } finally {
        await connection.close();
      }
      const after = await check(project.config);
      expect(after.differences).toEqual([]);
      expect(after.warnings).toEqual([]);
    });
  },
  ["pglite", "postgres"],
);
