// The benchmarks' generated migrations: `count` migrations in a chain, migration n creating table bench_n with
// the same DDL, written in the format of each tool that runs them (Retort, Alembic, and the peers timed by
// bench/peers-bench.mjs), so every tool executes identical SQL.

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The one statement migration `n` runs; valid on PostgreSQL and SQLite alike. */
export function createTableSql(n) {
  return `CREATE TABLE bench_${n} (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, created_at TIMESTAMP, amount NUMERIC(10, 2), note TEXT)`;
}

function dropTableSql(n) {
  return `DROP TABLE bench_${n}`;
}

function revisionId(n) {
  return `b${String(n).padStart(11, "0")}`;
}

/** A folder emptied and created again. */
function freshDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function retortRevision(n, ts) {
  const id = revisionId(n);
  const previous = n > 1 ? revisionId(n - 1) : null;
  const type = (annotation) => (ts ? annotation : "");
  return `/**
 * create bench_${n}
 *
 * Revision ID: ${id}
 * Revises: ${previous ?? ""}
 * Create Date: 2026-11-22 00:00:00.000000
 */
${ts ? 'import type { Op } from "retort-migrate";\n' : ""}
export const revision = "${id}";
export const downRevision${type(": string | string[] | null")} = ${previous ? `"${previous}"` : "null"};
export const branchLabels${type(": string | string[] | null")} = null;
export const dependsOn${type(": string | string[] | null")} = null;

export async function upgrade(op${type(": Op")})${type(": Promise<void>")} {
  await op.execute(${JSON.stringify(createTableSql(n))});
}

export async function downgrade(op${type(": Op")})${type(": Promise<void>")} {
  await op.execute(${JSON.stringify(dropTableSql(n))});
}
`;
}

/**
 * A Retort project in `dir`: retort.config.mjs for `url` and `count` revisions with extension `ext` (.ts, .mts
 * with type annotations; .js, .mjs without) in migrations/versions. Returns the versions folder.
 */
export function writeRetortProject(dir, count, { url, ext = ".ts" }) {
  freshDir(dir);
  const versions = join(dir, "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  const ts = ext === ".ts" || ext === ".mts";
  for (let n = 1; n <= count; n++)
    writeFileSync(join(versions, `${revisionId(n)}_create_bench_${n}${ext}`), retortRevision(n, ts));
  writeFileSync(
    join(dir, "retort.config.mjs"),
    `export default ${JSON.stringify({ url, scriptLocation: "migrations" })};\n`,
  );
  return versions;
}

/** An Alembic project in `dir` (alembic.ini, env.py, `count` .py revisions) for a SQLAlchemy `url`. */
export function writeAlembicProject(dir, count, url) {
  freshDir(dir);
  const versions = join(dir, "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  writeFileSync(
    join(dir, "alembic.ini"),
    `[alembic]\nscript_location = migrations\nsqlalchemy.url = ${url}\n`,
  );
  writeFileSync(
    join(dir, "migrations", "env.py"),
    [
      "from alembic import context",
      "from sqlalchemy import create_engine",
      'engine = create_engine(context.config.get_main_option("sqlalchemy.url"))',
      "with engine.connect() as connection:",
      "    context.configure(connection=connection)",
      "    with context.begin_transaction():",
      "        context.run_migrations()",
      "",
    ].join("\n"),
  );
  for (let n = 1; n <= count; n++) {
    const previous = n > 1 ? `"${revisionId(n - 1)}"` : "None";
    writeFileSync(
      join(versions, `${revisionId(n)}_create_bench_${n}.py`),
      `"""create bench_${n}"""\nfrom alembic import op\n\nrevision = "${revisionId(n)}"\ndown_revision = ${previous}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    op.execute(${JSON.stringify(createTableSql(n))})\n\n\ndef downgrade():\n    op.execute(${JSON.stringify(dropTableSql(n))})\n`,
    );
  }
  return versions;
}

/**
 * How each JavaScript peer's migration file runs one statement: `run(sql)` is the body of its up/down function,
 * `head` what the file imports. The files are ES modules named 0001_create_bench_1.mjs …, an order every one of
 * these tools sorts the same way.
 */
const peerModules = {
  knex: { head: "", run: (sql) => `await knex.raw(${JSON.stringify(sql)});`, parameter: "knex" },
  kysely: {
    head: 'import { sql } from "kysely";\n\n',
    run: (sql) => `await sql.raw(${JSON.stringify(sql)}).execute(db);`,
    parameter: "db",
  },
  "node-pg-migrate": { head: "", run: (sql) => `pgm.sql(${JSON.stringify(sql)});`, parameter: "pgm" },
  umzug: { head: "", run: (sql) => `await context.run(${JSON.stringify(sql)});`, parameter: "{ context }" },
};

/** `count` migrations in the format of `tool` (knex, kysely, node-pg-migrate, umzug) in `dir`. */
export function writePeerMigrations(tool, dir, count) {
  const format = peerModules[tool];
  if (!format) throw new Error(`no migration format for ${tool}`);
  freshDir(dir);
  for (let n = 1; n <= count; n++) {
    const body = (sql) => `(${format.parameter}) {\n  ${format.run(sql)}\n}\n`;
    writeFileSync(
      join(dir, `${String(n).padStart(4, "0")}_create_bench_${n}.mjs`),
      `${format.head}export async function up${body(createTableSql(n))}\nexport async function down${body(dropTableSql(n))}`,
    );
  }
  return dir;
}

/**
 * `count` migrations as drizzle-kit writes them for `dialect` ("postgresql" or "sqlite"): NNNN_tag.sql files and
 * meta/_journal.json listing them with increasing `when` stamps, which is all drizzle-orm's migrator reads.
 */
export function writeDrizzleMigrations(dir, count, dialect) {
  freshDir(dir);
  mkdirSync(join(dir, "meta"));
  const entries = [];
  for (let n = 1; n <= count; n++) {
    const tag = `${String(n - 1).padStart(4, "0")}_create_bench_${n}`;
    writeFileSync(join(dir, `${tag}.sql`), `${createTableSql(n)};\n`);
    entries.push({ idx: n - 1, version: "7", when: 1_763_769_600_000 + n * 1000, tag, breakpoints: true });
  }
  writeFileSync(
    join(dir, "meta", "_journal.json"),
    `${JSON.stringify({ version: "7", dialect, entries }, null, 2)}\n`,
  );
  return dir;
}
