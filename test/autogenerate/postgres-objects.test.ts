// PostgreSQL schema objects that autogenerate used to lose or misread: a `pg_dump -s` file as the target, enum
// types whose names need quoting in a default, and names longer than the 63 bytes PostgreSQL keeps. Each runs on
// PGlite and on the PostgreSQL server.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { autogenerateRevisionBody } from "../../src/commands/autogenerate.js";
import { check } from "../../src/commands/check.js";
import { init } from "../../src/commands/init.js";
import { revision } from "../../src/commands/revision.js";
import { upgrade } from "../../src/commands/upgrade.js";
import { resolveConfig } from "../../src/config/load-config.js";
import type { ResolvedConfig } from "../../src/config/types.js";
import type { Connection } from "../../src/dialects/connection.js";
import { connect } from "../../src/dialects/index.js";
import {
  createTestDatabase,
  type DialectName,
  describeEachDialect,
  dialectAvailable,
  type TestDatabase,
} from "../support/databases.js";

/** PGlite databases, and a scratch one per `.sql` target, are slow to start on a loaded machine. */
const LIVE_TIMEOUT = 120_000;
const SCHEMA_MODULE = JSON.stringify(fileURLToPath(new URL("../../src/schema/index.ts", import.meta.url)));
const POSTGRES_FAMILY: readonly DialectName[] = ["pglite", "postgres"];

async function withConnection<T>(url: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const connection = await connect(url);
  try {
    return await fn(connection);
  } finally {
    await connection.close();
  }
}

/** Columns, defaults, identity and sequences as the catalog states them. */
async function catalogFacts(url: string): Promise<unknown> {
  return withConnection(url, async (c) => ({
    columns: await c.query(
      `SELECT table_name, column_name, data_type, domain_name, column_default, is_nullable, is_identity,
              identity_generation, identity_start, identity_increment, identity_maximum, identity_minimum,
              identity_cycle
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'retort_version'
        ORDER BY table_name, column_name`,
    ),
    sequences: await c.query(
      `SELECT sequencename, data_type::text, start_value::text, min_value::text, max_value::text,
              increment_by::text, cycle, cache_size::text
         FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename`,
    ),
    constraints: await c.query(
      `SELECT conrelid::regclass::text AS "table", conname, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname <> 'retort_version_pkc'
        ORDER BY 1, 2`,
    ),
  }));
}

/** A project folder with a config on `database` whose target is `target` (written to the file of that name). */
function project(
  database: TestDatabase,
  target: string,
  source: string,
): { dir: string; config: ResolvedConfig } {
  const dir = mkdtempSync(join(tmpdir(), "retort-pgobjects-"));
  writeFileSync(join(dir, target), source);
  return { dir, config: resolveConfig({ url: database.url, target: `./${target}` }, { rootDir: dir }) };
}

async function generateAndUpgrade(config: ResolvedConfig, dir: string): Promise<string> {
  await init({ directory: dir, template: "generic" });
  const { body, result } = await autogenerateRevisionBody(config);
  expect(result.warnings).toEqual([]);
  const written = await revision(config, { message: "objects", body });
  await upgrade(config, "head");
  return readFileSync(written.path, "utf8");
}

const DUMPED_DDL = `
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE TABLE teams (id integer PRIMARY KEY, name text NOT NULL, mood mood DEFAULT 'calm');
CREATE TABLE members (
  id integer PRIMARY KEY,
  team_id integer NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  handle varchar(40) NOT NULL UNIQUE
);
CREATE INDEX members_team ON members (team_id);`;

describe.skipIf(!dialectAvailable("postgres"))("a pg_dump -s file as the target", () => {
  let source: TestDatabase;
  let generated: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    [source, generated] = await Promise.all([createTestDatabase("postgres"), createTestDatabase("postgres")]);
  });
  afterEach(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await Promise.all([source.drop(), generated.drop()]);
  });

  it("reflects every table the dump creates, and the upgrade gives the dumped catalog", {
    timeout: LIVE_TIMEOUT,
  }, async () => {
    await withConnection(source.url, (c) => c.execute(DUMPED_DDL));
    const dump = execFileSync("pg_dump", ["--schema-only", "--no-owner", source.url], { encoding: "utf8" });
    expect(dump).toContain("set_config('search_path', '', false)");
    // pg_dump 17 (and the point releases that fixed CVE-2025-8714) fence the script with psql meta-commands.
    const fenced = dump.includes("\\restrict") ? dump : `\\restrict key\n${dump}\n\\unrestrict key\n`;
    let config: ResolvedConfig;
    ({ dir, config } = project(generated, "schema.sql", fenced));
    const code = await generateAndUpgrade(config, dir);
    expect(code).toContain('await op.createTable("members"');
    expect(await catalogFacts(generated.url)).toEqual(await catalogFacts(source.url));
    expect(await check(config)).toEqual({ clean: true, differences: [], warnings: [] });
  });
});

describeEachDialect(
  "enum types whose names need quoting",
  (dialect) => {
    let database: TestDatabase;
    let dir: string;
    beforeEach(async () => {
      database = await createTestDatabase(dialect);
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    });

    it("compares their literal defaults as literals", { timeout: LIVE_TIMEOUT }, async () => {
      let config: ResolvedConfig;
      ({ dir, config } = project(
        database,
        "schema.ts",
        `import { column, table } from ${SCHEMA_MODULE};
export const orders = table("orders", {
  id: column.integer().primaryKey(),
  status: column.enum("Order Status", ["new", "paid"]).notNull().default("new"),
  stage: column.enum("Order-Stage", ["open", "shut"]).default("open"),
  audit: column.enum("Audit Mood", ["ok", "odd"], { schema: "Audit Trail" }).default("ok"),
});
`,
      ));
      const code = await generateAndUpgrade(config, dir);
      expect(code).toContain('.notNull().default("new")');
      expect(code).toContain('.default("open")');
      await withConnection(database.url, async (c) => {
        const rows = await c.query<{ column_name: string; column_default: string }>(
          `SELECT column_name, column_default FROM information_schema.columns
            WHERE table_name = 'orders' AND column_default IS NOT NULL ORDER BY column_name`,
        );
        expect(rows).toEqual([
          { column_name: "audit", column_default: `'ok'::"Audit Trail"."Audit Mood"` },
          { column_name: "stage", column_default: `'open'::"Order-Stage"` },
          { column_name: "status", column_default: `'new'::"Order Status"` },
        ]);
      });
      expect(await check(config)).toEqual({ clean: true, differences: [], warnings: [] });
    });
  },
  POSTGRES_FAMILY,
);

describeEachDialect(
  "names longer than 63 bytes",
  (dialect) => {
    let database: TestDatabase;
    let dir: string;
    beforeEach(async () => {
      database = await createTestDatabase(dialect);
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    });

    // 4 + 30 × 2 = 64 bytes: the 63-byte cut falls inside the last "ü", which PostgreSQL drops whole.
    const longKey = `fk_x${"ü".repeat(30)}`;
    const longIndex = `ix_members_${"team".repeat(14)}`;

    it("match the truncated name the database keeps, with a warning", { timeout: LIVE_TIMEOUT }, async () => {
      let config: ResolvedConfig;
      ({ dir, config } = project(
        database,
        "schema.ts",
        `import { column, table } from ${SCHEMA_MODULE};
export const teams = table("teams", { id: column.integer().primaryKey() });
export const members = table("members", {
  id: column.integer().primaryKey(),
  team_id: column.integer().notNull(),
}, {
  foreignKeys: [{ name: ${JSON.stringify(longKey)}, columns: ["team_id"], references: "teams", referencedColumns: ["id"] }],
  indexes: [{ name: ${JSON.stringify(longIndex)}, columns: ["team_id"] }],
});
`,
      ));
      await init({ directory: dir, template: "generic" });
      const { body } = await autogenerateRevisionBody(config);
      await revision(config, { message: "long names", body });
      await upgrade(config, "head");
      const kept = await withConnection(database.url, (c) =>
        c.query<{ name: string }>(
          `SELECT conname AS name FROM pg_constraint WHERE contype = 'f'
           UNION ALL SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_members_%'`,
        ),
      );
      const keptKey = `fk_x${"ü".repeat(29)}`;
      expect(kept.map((r) => r.name).sort()).toEqual([keptKey, longIndex.slice(0, 63)].sort());
      const result = await check(config);
      expect(result.differences).toEqual([]);
      expect(result.warnings).toEqual([
        `the name "${longKey}" is longer than ${dialect === "pglite" ? "PGlite" : "PostgreSQL"}'s 63 bytes; the database keeps it as "${keptKey}", shorten it in the model`,
        `the name "${longIndex}" is longer than ${dialect === "pglite" ? "PGlite" : "PostgreSQL"}'s 63 bytes; the database keeps it as "${longIndex.slice(0, 63)}", shorten it in the model`,
      ]);
    });
  },
  POSTGRES_FAMILY,
);
