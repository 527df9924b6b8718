// PostgreSQL schema objects that autogenerate used to lose or misread: serial columns and their sequences,
// sequences of their own, identity options, domains, a `pg_dump -s` file as the target, enum types whose names need quoting
// in a default, and names longer than the 63 bytes PostgreSQL keeps. Each runs on PGlite and on the PostgreSQL
// server (pg_dump only there).

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { autogenerateRevisionBody } from "../../src/commands/autogenerate.js";
import { check } from "../../src/commands/check.js";
import { init } from "../../src/commands/init.js";
import { revision } from "../../src/commands/revision.js";
import { stamp } from "../../src/commands/stamp.js";
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
import { autogenerateProject } from "./project.js";

/** PGlite databases, and a scratch one per `.sql` target, are slow to start on a loaded machine. */
const LIVE_TIMEOUT = 120_000;
const SCHEMA_MODULE = JSON.stringify(fileURLToPath(new URL("../../src/schema/index.ts", import.meta.url)));
const resolveModule = createRequire(import.meta.url).resolve;
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
         FROM information_schema.columns WHERE table_schema = current_schema()
          AND table_name NOT IN ('retort_version', 'retort_history')
        ORDER BY table_name, column_name`,
    ),
    sequences: await c.query(
      `SELECT sequencename, data_type::text, start_value::text, min_value::text, max_value::text,
              increment_by::text, cycle, cache_size::text
         FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename`,
    ),
    constraints: await c.query(
      `SELECT conrelid::regclass::text AS "table", conname, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND contype IN ('p', 'u', 'f', 'c')
          AND conname NOT IN ('retort_version_pkc', 'retort_history_pkc')
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

/** A project with no revision files: check compares only a database at the graph's heads, base here. */
function withoutRevisions(made: { dir: string; config: ResolvedConfig }): {
  dir: string;
  config: ResolvedConfig;
} {
  mkdirSync(join(made.dir, "migrations", "versions"), { recursive: true });
  return made;
}

async function generateAndUpgrade(config: ResolvedConfig, dir: string): Promise<string> {
  await init({ directory: dir, template: "generic" });
  const { body, result } = await autogenerateRevisionBody(config);
  expect(result.warnings).toEqual([]);
  const written = await revision(config, { message: "objects", body });
  await upgrade(config, "head");
  return readFileSync(written.path, "utf8");
}

/** Every form a sequence takes: serial types, one a rename left behind, sequences of their own, identity options. */
const SEQUENCES_DDL = `
CREATE SEQUENCE order_numbers AS integer START WITH 1000 INCREMENT BY 10 MAXVALUE 99999 CYCLE;
CREATE SEQUENCE "Countdown" INCREMENT BY -1 CACHE 5;
CREATE TABLE counters (id serial PRIMARY KEY, big bigserial, small smallserial, label text);
CREATE TABLE old_name (id serial PRIMARY KEY);
ALTER TABLE old_name RENAME TO new_name;
CREATE TABLE orders (
  id integer GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5) PRIMARY KEY,
  number integer NOT NULL DEFAULT nextval('order_numbers'),
  ticket bigint GENERATED ALWAYS AS IDENTITY (MAXVALUE 5000 CYCLE)
);
ALTER SEQUENCE order_numbers OWNED BY orders.number;`;

describeEachDialect(
  "sequences, serial and identity columns",
  (dialect) => {
    let direct: TestDatabase;
    let generated: TestDatabase;
    let dir: string;
    beforeEach(async () => {
      [direct, generated] = await Promise.all([createTestDatabase(dialect), createTestDatabase(dialect)]);
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await Promise.all([direct.drop(), generated.drop()]);
    });

    it("round-trip from the catalog to a revision and back to the same catalog", {
      timeout: LIVE_TIMEOUT,
    }, async () => {
      await withConnection(direct.url, (c) => c.execute(SEQUENCES_DDL));
      let config: ResolvedConfig;
      ({ dir, config } = project(generated, "schema.sql", SEQUENCES_DDL));
      const code = await generateAndUpgrade(config, dir);
      for (const expected of [
        'id: op.column.native("serial").notNull()',
        'big: op.column.native("bigserial").notNull()',
        'small: op.column.native("smallserial").notNull()',
        'await op.createSequence("order_numbers", { as: "integer", start: 1000, increment: 10, maxValue: 99999, cycle: true });',
        'await op.createSequence("Countdown", { increment: -1, cache: 5 });',
        // A serial column whose table was renamed keeps its old sequence: not what `serial` would create now.
        'await op.createSequence("old_name_id_seq", { as: "integer" });',
        "id: op.column.integer().notNull().default(op.sql`nextval('old_name_id_seq'::regclass)`)",
        "id: op.column.integer().identity({ start: 100, increment: 5 })",
        "ticket: op.column.bigint().identity({ always: true, maxValue: 5000, cycle: true })",
        'await op.alterSequence("order_numbers", { changes: { ownedBy: { table: "orders", column: "number" } }, existing: { ownedBy: null } });',
      ]) {
        expect(code).toContain(expected);
      }
      expect(await catalogFacts(generated.url)).toEqual(await catalogFacts(direct.url));
      expect(await check(config)).toEqual({ clean: true, differences: [], warnings: [] });
      // The directly built database is at head once stamped; check compares only a database at head.
      const againstDirect = resolveConfig({ url: direct.url, target: "./schema.sql" }, { rootDir: dir });
      await stamp(againstDirect, ["head"]);
      expect(await check(againstDirect)).toEqual({ clean: true, differences: [], warnings: [] });
    });

    it("notice a serial column that lost its sequence, and sequences that changed", {
      timeout: LIVE_TIMEOUT,
    }, async () => {
      const before = SEQUENCES_DDL.replace("id serial PRIMARY KEY, big", "id integer PRIMARY KEY, big")
        .replace("MAXVALUE 99999 CYCLE", "MAXVALUE 99999")
        .replace("(START WITH 100 INCREMENT BY 5)", "(START WITH 100 INCREMENT BY 1)");
      await withConnection(direct.url, (c) => c.execute(before));
      let config: ResolvedConfig;
      ({ dir, config } = project(direct, "schema.sql", SEQUENCES_DDL));
      await init({ directory: dir, template: "generic" });
      const result = await check(config);
      expect(result.differences).toEqual([
        "add sequence counters_id_seq",
        "alter column counters.id: new default",
        "alter column orders.id: identity GENERATED BY DEFAULT (start 100) -> GENERATED BY DEFAULT (start 100, increment 5)",
        "alter sequence order_numbers: cycle",
      ]);
      expect(result.warnings).toEqual([]);
      const { body } = await autogenerateRevisionBody(config);
      await revision(config, { message: "serial again", body });
      await upgrade(config, "head");
      const serialAgain = await withConnection(direct.url, (c) =>
        c.query(
          `SELECT column_default, (SELECT sequencename FROM pg_sequences WHERE sequencename = 'counters_id_seq') AS seq,
                  pg_get_serial_sequence('counters', 'id') AS owned
             FROM information_schema.columns WHERE table_name = 'counters' AND column_name = 'id'`,
        ),
      );
      expect(serialAgain).toEqual([
        {
          column_default: "nextval('counters_id_seq'::regclass)",
          seq: "counters_id_seq",
          owned: "public.counters_id_seq",
        },
      ]);
      expect((await check(config)).differences).toEqual([]);
    });

    it("drop the default and the sequence of a serial column the model makes a plain integer", {
      timeout: LIVE_TIMEOUT,
    }, async () => {
      await withConnection(direct.url, (c) => c.execute(SEQUENCES_DDL));
      let config: ResolvedConfig;
      ({ dir, config } = withoutRevisions(
        project(
          direct,
          "schema.sql",
          SEQUENCES_DDL.replace("id serial PRIMARY KEY, big", "id integer PRIMARY KEY, big"),
        ),
      ));
      expect((await check(config)).differences).toEqual([
        "alter column counters.id: drop default",
        "remove sequence counters_id_seq",
      ]);
    });
  },
  POSTGRES_FAMILY,
);

describeEachDialect(
  "Drizzle serial columns",
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

    it("are the serial columns drizzle-kit creates", { timeout: LIVE_TIMEOUT }, async () => {
      await withConnection(database.url, (c) =>
        c.execute("CREATE TABLE events (id serial PRIMARY KEY, seq bigserial NOT NULL, note text)"),
      );
      let config: ResolvedConfig;
      ({ dir, config } = withoutRevisions(
        project(
          database,
          "schema.ts",
          `import { bigserial, pgTable, serial, text } from ${JSON.stringify(resolveModule("drizzle-orm/pg-core"))};
export const events = pgTable("events", {
  id: serial().primaryKey(),
  seq: bigserial({ mode: "number" }).notNull(),
  note: text(),
});
`,
        ),
      ));
      expect(await check(config)).toEqual({ clean: true, differences: [], warnings: [] });
    });
  },
  POSTGRES_FAMILY,
);

const DOMAINS_DDL = `
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE DOMAIN year AS integer CONSTRAINT year_range CHECK (VALUE >= 1901 AND VALUE <= 2155);
CREATE DOMAIN "Email Address" AS varchar(320) COLLATE "C" NOT NULL DEFAULT 'nobody@example.com'
  CONSTRAINT has_at CHECK (VALUE LIKE '%@%');
CREATE DOMAIN calm_mood AS mood DEFAULT 'calm';
CREATE TABLE films (id integer PRIMARY KEY, release_year year, contact "Email Address", feel calm_mood, years year[]);`;

/** The domains and what columns of each say, as the catalog states them. */
async function domainFacts(url: string): Promise<unknown> {
  return withConnection(url, async (c) => ({
    domains: await c.query(
      `SELECT t.typname, format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull, t.typdefault,
              (SELECT collname FROM pg_collation WHERE oid = t.typcollation) AS collation,
              ARRAY(SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contypid = t.oid
                    ORDER BY conname)::text AS checks
         FROM pg_type t WHERE t.typtype = 'd' AND t.typnamespace = current_schema()::regnamespace ORDER BY 1`,
    ),
    columns: await c.query(
      `SELECT column_name, data_type, domain_name FROM information_schema.columns
        WHERE table_name = 'films' ORDER BY column_name`,
    ),
  }));
}

describeEachDialect(
  "domains",
  (dialect) => {
    let direct: TestDatabase;
    let generated: TestDatabase;
    let dir: string;
    beforeEach(async () => {
      [direct, generated] = await Promise.all([createTestDatabase(dialect), createTestDatabase(dialect)]);
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await Promise.all([direct.drop(), generated.drop()]);
    });

    it("are created before the tables that use them, and columns refer to them by name", {
      timeout: LIVE_TIMEOUT,
    }, async () => {
      await withConnection(direct.url, (c) => c.execute(DOMAINS_DDL));
      let config: ResolvedConfig;
      ({ dir, config } = project(generated, "schema.sql", DOMAINS_DDL));
      const code = await generateAndUpgrade(config, dir);
      for (const expected of [
        'await op.createDomain("year", op.column.integer(), { checks: [{ name: "year_range", condition: op.sql`VALUE >= 1901 AND VALUE <= 2155` }] });',
        'await op.createDomain("Email Address", op.column.varchar(320), { notNull: true, default: "nobody@example.com", collation: "C", checks: [{ name: "has_at", condition: op.sql`VALUE::text ~~ \'%@%\'::text` }] });',
        'await op.createDomain("calm_mood", op.column.enum("mood", ["calm", "busy"]), { default: "calm" });',
        'release_year: op.column.domain("year")',
        'contact: op.column.domain("Email Address")',
        'years: op.column.native("year[]")',
      ]) {
        expect(code).toContain(expected);
      }
      expect(code.indexOf('createEnum("mood"')).toBeLessThan(code.indexOf('createDomain("calm_mood"'));
      expect(code.indexOf('createDomain("year"')).toBeLessThan(code.indexOf('createTable("films"'));
      expect(await domainFacts(generated.url)).toEqual(await domainFacts(direct.url));
      expect(await check(config)).toEqual({ clean: true, differences: [], warnings: [] });
    });

    it("are altered in place: NOT NULL, default and named checks", { timeout: LIVE_TIMEOUT }, async () => {
      // PostgreSQL refuses ALTER DOMAIN … ADD CONSTRAINT while a column holds an array of the domain.
      const ddl = DOMAINS_DDL.replace(", years year[]", "");
      const before = ddl
        .replace(" NOT NULL DEFAULT 'nobody@example.com'", "")
        .replace(
          "CONSTRAINT year_range CHECK (VALUE >= 1901 AND VALUE <= 2155)",
          "CONSTRAINT year_positive CHECK (VALUE > 0)",
        );
      await withConnection(direct.url, (c) => c.execute(before));
      let config: ResolvedConfig;
      ({ dir, config } = project(
        direct,
        "schema.ts",
        `import { column, domain, table, types, sql } from ${SCHEMA_MODULE};
export const mood = types.enum("mood", ["calm", "busy"]);
export const year = domain("year", types.integer(), {
  checks: [{ name: "year_range", condition: sql\`VALUE >= 1901 AND VALUE <= 2155\` }],
});
export const email = domain("Email Address", types.varchar(320), {
  notNull: true, default: "nobody@example.com", collation: "C",
  checks: [{ name: "has_at", condition: sql\`VALUE::text ~~ '%@%'::text\` }],
});
export const calm = domain("calm_mood", mood, { default: "calm" });
export const films = table("films", {
  id: column.integer().primaryKey(),
  release_year: column.domain("year"),
  contact: column.domain("Email Address"),
  feel: column.domain("calm_mood"),
});
`,
      ));
      await init({ directory: dir, template: "generic" });
      expect((await check(config)).differences).toEqual([
        "alter domain Email Address: notNull, default",
        "alter domain year: addChecks, dropChecks",
      ]);
      const { body } = await autogenerateRevisionBody(config);
      await revision(config, { message: "domains", body });
      await upgrade(config, "head");
      const other = await createTestDatabase(dialect);
      try {
        await withConnection(other.url, (c) => c.execute(ddl));
        expect(await domainFacts(direct.url)).toEqual(await domainFacts(other.url));
      } finally {
        await other.drop();
      }
      expect(await check(config)).toEqual({ clean: true, differences: [], warnings: [] });
    });
  },
  POSTGRES_FAMILY,
);

const DUMPED_DDL = `
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE TABLE teams (id serial PRIMARY KEY, name text NOT NULL, mood mood DEFAULT 'calm');
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
    const project = autogenerateProject(dialect, { prefix: "retort-pgobjects-" });

    it("compares their literal defaults as literals", { timeout: LIVE_TIMEOUT }, async () => {
      const { result, code } = await project.generateAndUpgrade(
        `import { column, table } from ${SCHEMA_MODULE};
export const orders = table("orders", {
  id: column.integer().primaryKey(),
  status: column.enum("Order Status", ["new", "paid"]).notNull().default("new"),
  stage: column.enum("Order-Stage", ["open", "shut"]).default("open"),
  audit: column.enum("Audit Mood", ["ok", "odd"], { schema: "Audit Trail" }).default("ok"),
});
`,
        "objects",
      );
      expect(result.warnings).toEqual([]);
      expect(code).toContain('.notNull().default("new")');
      expect(code).toContain('.default("open")');
      await withConnection(project.database.url, async (c) => {
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
      expect(await check(project.config)).toEqual({ clean: true, differences: [], warnings: [] });
    });
  },
  POSTGRES_FAMILY,
);

describeEachDialect(
  "names longer than 63 bytes",
  (dialect) => {
    const project = autogenerateProject(dialect, { prefix: "retort-pgobjects-" });

    // 4 + 30 × 2 = 64 bytes: the 63-byte cut falls inside the last "ü", which PostgreSQL drops whole.
    const longKey = `fk_x${"ü".repeat(30)}`;
    const longIndex = `ix_members_${"team".repeat(14)}`;

    it("match the truncated name the database keeps, with a warning", { timeout: LIVE_TIMEOUT }, async () => {
      await project.generateAndUpgrade(
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
        "long names",
      );
      const kept = await withConnection(project.database.url, (c) =>
        c.query<{ name: string }>(
          `SELECT conname AS name FROM pg_constraint WHERE contype = 'f'
           UNION ALL SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_members_%'`,
        ),
      );
      const keptKey = `fk_x${"ü".repeat(29)}`;
      expect(kept.map((r) => r.name).sort()).toEqual([keptKey, longIndex.slice(0, 63)].sort());
      const result = await check(project.config);
      expect(result.differences).toEqual([]);
      expect(result.warnings).toEqual([
        `the name "${longKey}" is longer than ${dialect === "pglite" ? "PGlite" : "PostgreSQL"}'s 63 bytes; the database keeps it as "${keptKey}", shorten it in the model`,
        `the name "${longIndex}" is longer than ${dialect === "pglite" ? "PGlite" : "PostgreSQL"}'s 63 bytes; the database keeps it as "${longIndex.slice(0, 63)}", shorten it in the model`,
      ]);
    });
  },
  POSTGRES_FAMILY,
);
