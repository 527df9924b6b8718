// Generated columns survive autogenerate: reflected with their expression and storage, created as generated
// columns (not plain ones), a changed expression is seen and applied by dropping and adding the column again, and
// SQLite's table rebuild carries them instead of refusing the table.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { autogenerateRevisionBody } from "../../src/commands/autogenerate.js";
import { check } from "../../src/commands/check.js";
import { init } from "../../src/commands/init.js";
import { revision } from "../../src/commands/revision.js";
import { upgrade } from "../../src/commands/upgrade.js";
import { resolveConfig } from "../../src/config/load-config.js";
import type { Connection } from "../../src/dialects/connection.js";
import { connect } from "../../src/dialects/index.js";
import { splitStatements } from "../../src/dialects/sql-conventions.js";
import {
  createTestDatabase,
  type DialectName,
  describeEachDialect,
  type TestDatabase,
} from "../support/databases.js";

const family = (d: DialectName) => (d === "pglite" ? "postgres" : d);

function ddl(dialect: DialectName, factor: number): string {
  switch (family(dialect)) {
    case "mysql":
      return `CREATE TABLE items (
  id int PRIMARY KEY,
  price decimal(8,2) NOT NULL,
  doubled decimal(9,2) AS (price * ${factor}) VIRTUAL,
  label varchar(40) AS (concat('item ', id)) STORED
);`;
    case "sqlite":
      return `CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  price REAL NOT NULL,
  doubled REAL GENERATED ALWAYS AS (price * ${factor}) VIRTUAL,
  label TEXT GENERATED ALWAYS AS ('item ' || id) STORED
);`;
    default:
      return `CREATE TABLE items (
  id integer PRIMARY KEY,
  price numeric(8,2) NOT NULL,
  doubled numeric(9,2) GENERATED ALWAYS AS (price * ${factor}) STORED,
  label text GENERATED ALWAYS AS ('item ' || id::text) STORED
);`;
  }
}

/** Each column's generation as the catalog states it: expression and storage, or null for a plain column. */
async function generation(connection: Connection, dialect: DialectName): Promise<Record<string, unknown>> {
  const rows = await connection.query<{ name: string; expr: string | null; kind: string | number | null }>(
    {
      mysql: `SELECT COLUMN_NAME AS name, NULLIF(GENERATION_EXPRESSION, '') AS expr, EXTRA AS kind
                FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'items'`,
      sqlite: "SELECT name, NULL AS expr, hidden AS kind FROM pragma_table_xinfo('items')",
      postgres: `SELECT a.attname AS name, CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS expr,
                        a.attgenerated AS kind
                   FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                  WHERE a.attrelid = 'items'::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    }[family(dialect)],
  );
  const out: Record<string, unknown> = Object.fromEntries(
    rows.map((r) => [r.name, [r.expr, String(r.kind)]]),
  );
  if (family(dialect) === "sqlite") {
    const [row] = await connection.query<{ sql: string }>(
      "SELECT sql FROM sqlite_master WHERE name = 'items'",
    );
    // Sorted: a column dropped and added again moves to the end of the table.
    out.sql = row?.sql
      .replace(/\s+/g, " ")
      .match(/GENERATED ALWAYS AS \([^)]*\) \w+/g)
      ?.sort();
  }
  return out;
}

describeEachDialect("autogenerate keeps generated columns", (dialect) => {
  let direct: TestDatabase;
  let generated: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    [direct, generated] = await Promise.all([createTestDatabase(dialect), createTestDatabase(dialect)]);
    dir = mkdtempSync(join(tmpdir(), "retort-generated-"));
    await init({ directory: dir, template: "generic" });
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([direct.drop(), generated.drop()]);
  });

  const onDatabase = async <T>(url: string, fn: (c: Connection) => Promise<T>): Promise<T> => {
    const connection = await connect(url);
    try {
      return await fn(connection);
    } finally {
      await connection.close();
    }
  };
  const applyDirectly = (script: string) =>
    onDatabase(direct.url, async (c) => {
      await c.execute("DROP TABLE IF EXISTS items");
      for (const statement of splitStatements(script)) await c.execute(statement);
    });
  const generate = async (factor: number, message: string) => {
    writeFileSync(join(dir, "schema.sql"), ddl(dialect, factor));
    const config = resolveConfig({ url: generated.url, target: "./schema.sql" }, { rootDir: dir });
    const { body, result } = await autogenerateRevisionBody(config);
    await revision(config, { message, body });
    await upgrade(config, "head");
    return { config, result, body };
  };

  // Every step applies the .sql target to a scratch database; with PGlite that is a new instance each time.
  it("creates generated columns from a .sql target, and applies a changed expression by dropping and adding", {
    timeout: 120_000,
  }, async () => {
    const first = await generate(2, "items");
    expect(first.body.upgrade).toContain(".generatedAlwaysAs(op.sql`");
    await applyDirectly(ddl(dialect, 2));
    const [mine, theirs] = await Promise.all([
      onDatabase(generated.url, (c) => generation(c, dialect)),
      onDatabase(direct.url, (c) => generation(c, dialect)),
    ]);
    expect(mine).toEqual(theirs);
    expect((await check(first.config)).differences).toEqual([]);

    await onDatabase(generated.url, (c) => c.execute("INSERT INTO items (id, price) VALUES (1, 10)"));
    const second = await generate(3, "triple");
    expect(second.result.differences).toEqual([
      expect.stringMatching(/^remove column items\.doubled/),
      expect.stringMatching(/^add column items\.doubled/),
    ]);
    expect((await check(second.config)).differences).toEqual([]);
    await applyDirectly(ddl(dialect, 3));
    const [after, expected] = await Promise.all([
      onDatabase(generated.url, (c) => generation(c, dialect)),
      onDatabase(direct.url, (c) => generation(c, dialect)),
    ]);
    expect(after).toEqual(expected);
    const [row] = await onDatabase(generated.url, (c) =>
      c.query<{ doubled: unknown; label: string }>("SELECT doubled, label FROM items WHERE id = 1"),
    );
    expect(Number(row?.doubled)).toBe(30);
    expect(row?.label).toBe("item 1");
  });

  it.runIf(dialect === "sqlite")(
    "rebuilds an SQLite table that has generated columns and keeps them",
    async () => {
      const { config } = await generate(2, "items");
      await onDatabase(generated.url, (c) => c.execute("INSERT INTO items (id, price) VALUES (1, 10)"));
      writeFileSync(
        join(dir, "schema.sql"),
        ddl(dialect, 2).replace(
          "price REAL NOT NULL,",
          "price REAL NOT NULL,\n  stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),",
        ),
      );
      const { body } = await autogenerateRevisionBody(config);
      expect(body.upgrade).toContain("batchAlterTable");
      await revision(config, { message: "stock", body });
      await upgrade(config, "head");
      expect((await check(config)).differences).toEqual([]);
      const [row] = await onDatabase(generated.url, (c) =>
        c.query<{ doubled: number; label: string; stock: number }>("SELECT doubled, label, stock FROM items"),
      );
      expect(row).toEqual({ doubled: 20, label: "item 1", stock: 0 });
    },
  );
});
