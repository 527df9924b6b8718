// Autogenerate keeps every index fact: PostgreSQL access methods, operator classes, INCLUDE, collations and
// NULLS order; MySQL FULLTEXT and SPATIAL indexes, prefix lengths and DESC; SQLite expression and partial indexes,
// DESC and COLLATE. The DDL applied directly and the same DDL as a `.sql` target, turned into a revision and
// upgraded, leave the same catalog.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { autogenerateRevisionBody } from "../../src/commands/autogenerate.js";
import { check } from "../../src/commands/check.js";
import { init } from "../../src/commands/init.js";
import { revision } from "../../src/commands/revision.js";
import { stamp } from "../../src/commands/stamp.js";
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

/** PGlite databases, and a scratch one per target, are slow to start on a loaded machine. */
const LIVE_TIMEOUT = 120_000;

type Family = "postgres" | "mysql" | "sqlite";
const familyOf = (dialect: DialectName): Family => (dialect === "pglite" ? "postgres" : dialect);

const DDL: Readonly<Record<Family, string>> = {
  postgres: `
CREATE TABLE docs (
  id int4 NOT NULL PRIMARY KEY,
  body jsonb,
  title text NOT NULL,
  slug varchar(80),
  tags text[],
  spot point,
  views int4,
  created timestamptz,
  "Sort Key" text
);
CREATE INDEX docs_body_gin ON docs USING gin (body jsonb_path_ops);
CREATE INDEX docs_tags_gin ON docs USING gin (tags);
CREATE INDEX docs_spot_gist ON docs USING gist (spot);
CREATE INDEX docs_created_brin ON docs USING brin (created);
CREATE INDEX docs_slug_hash ON docs USING hash (slug);
CREATE INDEX docs_title_pattern ON docs (title text_pattern_ops);
CREATE INDEX docs_title_sorted ON docs (title COLLATE "C" DESC NULLS LAST, views NULLS FIRST) INCLUDE (slug, created);
CREATE INDEX docs_lower_title ON docs (lower(title) DESC);
CREATE UNIQUE INDEX docs_slug_live ON docs (slug) WHERE views > 0;
CREATE INDEX "docs (sort, key)" ON docs ("Sort Key" COLLATE "C" text_pattern_ops DESC, (views + 1)) INCLUDE ("Sort Key");`,
  mysql: `
CREATE TABLE articles (
  id int NOT NULL PRIMARY KEY,
  title varchar(200) NOT NULL,
  body text,
  summary text,
  location geometry NOT NULL,
  code varchar(40),
  score int,
  FULLTEXT KEY ft_title_body (title, body),
  SPATIAL KEY sp_location (location),
  KEY ix_title_prefix (title(20), score DESC),
  KEY ix_summary (summary(100)),
  UNIQUE KEY uq_code (code)
) ENGINE=InnoDB;
CREATE FULLTEXT INDEX ft_summary ON articles (summary);`,
  sqlite: `
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  email TEXT,
  rank INTEGER,
  deleted_at TEXT
);
CREATE INDEX notes_title_nocase ON notes (title COLLATE NOCASE DESC, rank);
CREATE INDEX notes_lower_email ON notes (lower(email));
CREATE UNIQUE INDEX notes_email_live ON notes (email) WHERE deleted_at IS NULL;
CREATE INDEX notes_rank_twice ON notes (rank DESC, rank * 2 DESC);`,
};

const TABLE: Readonly<Record<Family, string>> = { postgres: "docs", mysql: "articles", sqlite: "notes" };

/** The code each dialect's revision must contain: the facts that used to be lost. */
const RENDERED: Readonly<Record<Family, readonly string[]>> = {
  postgres: [
    '{ name: "docs_body_gin", columns: [{ column: "body", opclass: "jsonb_path_ops" }], method: "gin" }',
    '{ name: "docs_tags_gin", columns: ["tags"], method: "gin" }',
    '{ name: "docs_spot_gist", columns: ["spot"], method: "gist" }',
    '{ name: "docs_created_brin", columns: ["created"], method: "brin" }',
    '{ name: "docs_slug_hash", columns: ["slug"], method: "hash" }',
    'columns: [{ column: "title", opclass: "text_pattern_ops" }] }',
    'columns: [{ column: "title", descending: true, nulls: "last", collation: "C" }, { column: "views", nulls: "first" }], include: ["slug", "created"] }',
    "columns: [{ column: op.sql`lower(title)`, descending: true }] }",
    '{ name: "docs (sort, key)", columns: [{ column: "Sort Key", descending: true, opclass: "text_pattern_ops", collation: "C" }, op.sql`(views + 1)`], include: ["Sort Key"] }',
  ],
  mysql: [
    '{ name: "ft_title_body", columns: ["title", "body"], method: "fulltext" }',
    '{ name: "ft_summary", columns: ["summary"], method: "fulltext" }',
    '{ name: "sp_location", columns: ["location"], method: "spatial" }',
    'columns: [{ column: "title", length: 20 }, { column: "score", descending: true }] }',
    'columns: [{ column: "summary", length: 100 }] }',
  ],
  sqlite: [
    'columns: [{ column: "title", descending: true, collation: "NOCASE" }, "rank"] }',
    "columns: [op.sql`lower(email)`] }",
    'columns: ["email"], unique: true, where: op.sql`deleted_at IS NULL` }',
    'columns: [{ column: "rank", descending: true }, { column: op.sql`rank * 2`, descending: true }] }',
  ],
};

/** What each catalog says about the table's indexes, in its own words. */
async function indexFacts(connection: Connection, family: Family): Promise<unknown> {
  const table = TABLE[family];
  if (family === "postgres") {
    return connection.query(
      `SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
        WHERE i.indrelid = '${table}'::regclass ORDER BY ic.relname`,
    );
  }
  if (family === "mysql") {
    return connection.query(
      `SELECT INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE, SUB_PART, COLLATION, INDEX_TYPE
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${table}'
        ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
    );
  }
  const parts = await connection.query(
    `SELECT il.name AS idx, il."unique", il.origin, il.partial, x.seqno, x.cid, x.name, x."desc", x.coll, x."key"
       FROM pragma_index_list('${table}') il JOIN pragma_index_xinfo(il.name) x ORDER BY il.name, x.seqno`,
  );
  // The stored text, up to quoting, letter case and spacing: Retort quotes every identifier it writes.
  const statements = (
    await connection.query<{ name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '${table}' ORDER BY name`,
    )
  ).map((row) => ({ name: row.name, sql: row.sql.replace(/["`\s]/g, "").toLowerCase() }));
  return { parts, statements };
}

/** The same DDL with one index fact changed, which check must report. */
const CHANGED: Readonly<Record<Family, readonly [string, string, string]>> = {
  postgres: ["(body jsonb_path_ops)", "(body)", "docs_body_gin"],
  mysql: [
    "FULLTEXT KEY ft_title_body (title, body)",
    "KEY ft_title_body (title(50), body(50))",
    "ft_title_body",
  ],
  sqlite: ["(title COLLATE NOCASE DESC, rank)", "(title DESC, rank)", "notes_title_nocase"],
};

describeEachDialect("autogenerate keeps indexes", (dialect) => {
  const family = familyOf(dialect);
  let direct: TestDatabase;
  let generated: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    [direct, generated] = await Promise.all([createTestDatabase(dialect), createTestDatabase(dialect)]);
    dir = mkdtempSync(join(tmpdir(), "retort-indexes-"));
    await init({ directory: dir, template: "generic" });
    writeFileSync(join(dir, "schema.sql"), DDL[family]);
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([direct.drop(), generated.drop()]);
  });

  const withConnection = async <T>(url: string, fn: (c: Connection) => Promise<T>): Promise<T> => {
    const connection = await connect(url);
    try {
      return await fn(connection);
    } finally {
      await connection.close();
    }
  };
  const applyDdl = (url: string, ddl: string) =>
    withConnection(url, async (connection) => {
      for (const statement of splitStatements(ddl)) await connection.execute(statement);
    });

  it("writes every index fact into the revision, and the upgraded catalog equals the DDL's", {
    timeout: LIVE_TIMEOUT,
  }, async () => {
    await applyDdl(direct.url, DDL[family]);

    const config = resolveConfig({ url: generated.url, target: "./schema.sql" }, { rootDir: dir });
    const { body, result } = await autogenerateRevisionBody(config);
    expect(result.warnings).toEqual([]);
    const written = await revision(config, { message: "indexes", body });
    const source = readFileSync(written.path, "utf8");
    for (const code of RENDERED[family]) expect(source).toContain(code);

    await upgrade(config, "head");
    const facts = await withConnection(generated.url, (c) => indexFacts(c, family));
    expect(facts).toEqual(await withConnection(direct.url, (c) => indexFacts(c, family)));

    const again = await check(config);
    expect(again.differences).toEqual([]);
    expect(again.warnings).toEqual([]);
    // The directly built database is at head once stamped; check compares only a database at head.
    const directConfig = resolveConfig({ url: direct.url, target: "./schema.sql" }, { rootDir: dir });
    await stamp(directConfig, ["head"]);
    const againstDirect = await check(directConfig);
    expect(againstDirect.differences).toEqual([]);
    expect(againstDirect.warnings).toEqual([]);
  });

  it("sees an index whose method, operator class or collation changed", {
    timeout: LIVE_TIMEOUT,
  }, async () => {
    await applyDdl(direct.url, DDL[family]);
    const [from, to, index] = CHANGED[family];
    writeFileSync(join(dir, "schema.sql"), DDL[family].replace(from, to));
    const result = await check(resolveConfig({ url: direct.url, target: "./schema.sql" }, { rootDir: dir }));
    expect(result.differences).toEqual([
      `remove index ${index} on ${TABLE[family]}`,
      expect.stringMatching(new RegExp(`^add index ${index} on ${TABLE[family]}`)),
    ]);
  });
});
