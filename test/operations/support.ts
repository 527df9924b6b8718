// Test helpers for operations: a sink over a live Connection (online) or collecting printed SQL (offline),
// and a per-dialect catalog snapshot to assert on and to compare two databases with.

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { Connection } from "../../src/dialects/connection.js";
import { allDialects, connect, getDialect } from "../../src/dialects/index.js";
import { type Op, runWithOp as runOnSink } from "../../src/operations/op.js";
import type { OperationSink } from "../../src/operations/sink.js";
import { createTestDatabase, type DialectName, type TestDatabase } from "../support/databases.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

export interface RecordingSink extends OperationSink {
  /** Every statement emitted, in order. */
  readonly statements: string[];
  /** Reasons given to outsideTransaction, in order. */
  readonly outside: string[];
}

/** An online sink over `connection` in autocommit mode. */
export function onlineSink(connection: Connection): RecordingSink {
  const statements: string[] = [];
  const outside: string[] = [];
  return {
    dialect: getDialect(connection.dialect),
    offline: false,
    connection,
    statements,
    outside,
    emit: async (sql, params) => {
      statements.push(sql);
      await connection.execute(sql, params);
    },
    query: (sql, params) => connection.query(sql, params),
    outsideTransaction: async (reason, fn) => {
      outside.push(reason);
      return fn();
    },
  };
}

/** An offline sink: statements printed as `--sql` would, values inlined as literals. */
export function offlineSink(dialect: DialectName): RecordingSink {
  const statements: string[] = [];
  const outside: string[] = [];
  return {
    dialect: getDialect(dialect),
    offline: true,
    connection: undefined,
    statements,
    outside,
    emit: async (sql, params) => {
      statements.push(getDialect(dialect).sql.inlineParams(sql, params));
    },
    query: async () => {
      throw new Error("query offline");
    },
    outsideTransaction: async (reason, fn) => {
      outside.push(reason);
      return fn();
    },
  };
}

/** Runs `fn` with an op over `sink`, as the runtime does for upgrade()/downgrade(). */
/** Runs `fn` with an op on `sink` to the end, as the runtime runs a revision. */
export const runWithOp = (sink: OperationSink, fn: (op: Op) => Promise<void>): Promise<void> =>
  runOnSink(fn, sink);

export interface OpenDatabase {
  readonly database: TestDatabase;
  readonly connection: Connection;
  close(): Promise<void>;
}

export async function openTestDatabase(dialect: DialectName): Promise<OpenDatabase> {
  const database = await createTestDatabase(dialect);
  const connection = await connect(database.url);
  return {
    database,
    connection,
    close: async () => {
      await connection.close();
      await database.drop();
    },
  };
}

type Row = Record<string, unknown>;

const sortRows = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

/**
 * The schema as the catalog reports it, per object kind, in a stable order. `tables` limits it to some tables
 * (with their indexes, constraints and columns); enums and schemas are always included.
 */
export async function snapshot(
  connection: Connection,
  tables?: readonly string[],
): Promise<Record<string, string[]>> {
  const only = (name: unknown) => tables === undefined || tables.includes(String(name));
  const filter = (rows: Row[], key: string) => sortRows(rows.filter((r) => only(r[key])));
  switch (connection.dialect as DialectName) {
    case "sqlite": {
      const rows = await connection.query<Row>(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
      );
      const columns: Row[] = [];
      for (const t of rows.filter((r) => r.type === "table")) {
        for (const c of await connection.query<Row>("SELECT * FROM pragma_table_info(?)", [t.name])) {
          columns.push({
            table: t.name,
            name: c.name,
            type: c.type,
            notnull: c.notnull,
            dflt: c.dflt_value,
            pk: c.pk,
          });
        }
      }
      return { objects: filter(rows, "tbl_name"), columns: filter(columns, "table") };
    }
    case "postgres":
    case "pglite": {
      const userSchemas = "NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";
      const columns = await connection.query<Row>(
        `SELECT c.table_schema, c.table_name, c.column_name, c.ordinal_position, c.data_type, c.udt_name,
                c.character_maximum_length, c.numeric_precision, c.numeric_scale, c.is_nullable, c.column_default,
                c.is_identity, c.identity_generation,
                col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position) AS comment
           FROM information_schema.columns c WHERE c.table_schema ${userSchemas}`,
      );
      const indexes = await connection.query<Row>(
        `SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname ${userSchemas}`,
      );
      const constraints = await connection.query<Row>(
        `SELECT n.nspname, t.relname, c.conname, c.contype, pg_get_constraintdef(c.oid) AS def
           FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE n.nspname ${userSchemas} AND c.contype <> 'n'`,
      );
      const tableComments = await connection.query<Row>(
        `SELECT n.nspname, c.relname, obj_description(c.oid, 'pg_class') AS comment
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind = 'r' AND n.nspname ${userSchemas}`,
      );
      const enums = await connection.query<Row>(
        `SELECT n.nspname, t.typname, array_to_string(array_agg(e.enumlabel ORDER BY e.enumsortorder), ',') AS labels
           FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
          GROUP BY n.nspname, t.typname`,
      );
      const schemas = await connection.query<Row>(
        `SELECT nspname FROM pg_namespace WHERE nspname ${userSchemas} AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast%'`,
      );
      return {
        columns: filter(columns, "table_name"),
        indexes: filter(indexes, "tablename"),
        constraints: filter(constraints, "relname"),
        tableComments: filter(tableComments, "relname"),
        enums: sortRows(enums),
        schemas: sortRows(schemas),
      };
    }
    case "mysql": {
      const here = "TABLE_SCHEMA = DATABASE()";
      const columns = await connection.query<Row>(
        `SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT
           FROM information_schema.COLUMNS WHERE ${here}`,
      );
      const indexes = await connection.query<Row>(
        `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE
           FROM information_schema.STATISTICS WHERE ${here}`,
      );
      const constraints = await connection.query<Row>(
        `SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, rc.UPDATE_RULE, rc.DELETE_RULE, rc.REFERENCED_TABLE_NAME
           FROM information_schema.TABLE_CONSTRAINTS tc
           LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS rc
             ON rc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND rc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND rc.TABLE_NAME = tc.TABLE_NAME
          WHERE tc.CONSTRAINT_SCHEMA = DATABASE()`,
      );
      const checks = await connection.query<Row>(
        `SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`,
      );
      const tableComments = await connection.query<Row>(
        `SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE ${here}`,
      );
      return {
        columns: filter(columns, "TABLE_NAME"),
        indexes: filter(indexes, "TABLE_NAME"),
        constraints: filter(constraints, "TABLE_NAME"),
        checks: filter(checks, "TABLE_NAME"),
        tableComments: filter(tableComments, "TABLE_NAME"),
      };
    }
  }
}

/** Column facts in one shape for every dialect: name → { type, nullable, default, comment }. */
export async function columnsOf(
  connection: Connection,
  table: string,
  schema?: string,
): Promise<
  Record<string, { type: string; nullable: boolean; default: string | null; comment: string | null }>
> {
  const out: Record<
    string,
    { type: string; nullable: boolean; default: string | null; comment: string | null }
  > = {};
  switch (connection.dialect as DialectName) {
    case "sqlite":
      for (const c of await connection.query<Row>("SELECT * FROM pragma_table_info(?, ?)", [
        table,
        schema ?? "main",
      ])) {
        out[String(c.name)] = {
          type: String(c.type),
          nullable: c.notnull === 0 && c.pk === 0,
          default: (c.dflt_value as string | null) ?? null,
          comment: null,
        };
      }
      return out;
    case "postgres":
    case "pglite":
      for (const c of await connection.query<Row>(
        `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
                pg_get_expr(d.adbin, d.adrelid) AS dflt, col_description(a.attrelid, a.attnum) AS comment
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
        [
          schema === undefined
            ? `"${table.replaceAll('"', '""')}"`
            : `"${schema}"."${table.replaceAll('"', '""')}"`,
        ],
      )) {
        out[String(c.attname)] = {
          type: String(c.type),
          nullable: Boolean(c.nullable),
          default: (c.dflt as string | null) ?? null,
          comment: (c.comment as string | null) ?? null,
        };
      }
      return out;
    case "mysql":
      for (const c of await connection.query<Row>(
        `SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLUMN_COMMENT FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
        [schema ?? null, table],
      )) {
        out[String(c.COLUMN_NAME)] = {
          type: String(c.COLUMN_TYPE),
          nullable: c.IS_NULLABLE === "YES",
          default: (c.COLUMN_DEFAULT as string | null) ?? null,
          comment: c.COLUMN_COMMENT === "" ? null : String(c.COLUMN_COMMENT),
        };
      }
      return out;
  }
}

/** Index names on a table, with their uniqueness. */
export async function indexesOf(
  connection: Connection,
  table: string,
): Promise<Record<string, { unique: boolean }>> {
  const out: Record<string, { unique: boolean }> = {};
  switch (connection.dialect as DialectName) {
    case "sqlite":
      for (const i of await connection.query<Row>("SELECT * FROM pragma_index_list(?)", [table])) {
        if (i.origin === "c") out[String(i.name)] = { unique: i.unique === 1 };
      }
      return out;
    case "postgres":
    case "pglite":
      for (const i of await connection.query<Row>(
        `SELECT i.relname, x.indisunique FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
          WHERE x.indrelid = $1::regclass AND NOT x.indisprimary
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
        [`"${table.replaceAll('"', '""')}"`],
      )) {
        out[String(i.relname)] = { unique: Boolean(i.indisunique) };
      }
      return out;
    case "mysql":
      for (const i of await connection.query<Row>(
        `SELECT DISTINCT s.INDEX_NAME, s.NON_UNIQUE FROM information_schema.STATISTICS s
          WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME = ? AND s.INDEX_NAME <> 'PRIMARY'
            AND NOT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS c WHERE c.CONSTRAINT_SCHEMA = s.TABLE_SCHEMA
                            AND c.TABLE_NAME = s.TABLE_NAME AND c.CONSTRAINT_NAME = s.INDEX_NAME
                            AND c.CONSTRAINT_TYPE = 'FOREIGN KEY')`,
        [table],
      )) {
        out[String(i.INDEX_NAME)] = { unique: Number(i.NON_UNIQUE) === 0 };
      }
      return out;
  }
}

/** Constraint names on a table by kind. SQLite keeps names only in the table's SQL, which is searched. */
export async function constraintsOf(connection: Connection, table: string): Promise<string[]> {
  switch (connection.dialect as DialectName) {
    case "sqlite": {
      const [row] = await connection.query<{ sql: string }>(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
        [table],
      );
      return [...(row?.sql ?? "").matchAll(/CONSTRAINT "((?:[^"]|"")+)" (\w+)/g)].map(
        (m) => `${m[2]!.toLowerCase()}:${m[1]!.replaceAll('""', '"')}`,
      );
    }
    case "postgres":
    case "pglite": {
      const kinds: Record<string, string> = { p: "primary", u: "unique", f: "foreign", c: "check" };
      const rows = await connection.query<Row>(
        "SELECT conname, contype FROM pg_constraint WHERE conrelid = $1::regclass",
        [`"${table.replaceAll('"', '""')}"`],
      );
      return rows.map((r) => `${kinds[String(r.contype)]}:${r.conname}`).sort();
    }
    case "mysql": {
      const kinds: Record<string, string> = {
        "PRIMARY KEY": "primary",
        UNIQUE: "unique",
        "FOREIGN KEY": "foreign",
        CHECK: "check",
      };
      const rows = await connection.query<Row>(
        "SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ?",
        [table],
      );
      return rows.map((r) => `${kinds[String(r.CONSTRAINT_TYPE)]}:${r.CONSTRAINT_NAME}`).sort();
    }
  }
}

/**
 * Two fresh databases for the enclosing describe block, opened before its tests and closed after them: one the
 * revision runs on online, one its --sql script is applied to.
 */
export function onlineAndOffline(dialect: DialectName): {
  readonly online: OpenDatabase;
  readonly offline: OpenDatabase;
} {
  const pair: { online?: OpenDatabase; offline?: OpenDatabase } = {};
  beforeAll(async () => {
    [pair.online, pair.offline] = await Promise.all([openTestDatabase(dialect), openTestDatabase(dialect)]);
  }, 60_000);
  afterAll(async () => {
    await pair.online?.close();
    await pair.offline?.close();
  });
  return {
    get online() {
      return pair.online!;
    },
    get offline() {
      return pair.offline!;
    },
  };
}

/**
 * Runs `revision` on the online database, then prints it as --sql: the printed script, for the caller to check and
 * apply to the offline database.
 */
export async function runOnlineAndPrint(
  online: OpenDatabase,
  dialect: DialectName,
  revision: (op: Op) => Promise<void>,
): Promise<string> {
  await runWithOp(onlineSink(online.connection), revision);
  const printed = offlineSink(dialect);
  await runWithOp(printed, revision);
  return printedScript(printed);
}

/** The `--sql` script of `printed`, one statement a line, each ended by a semicolon, as the CLI prints it. */
export function printedScript(printed: RecordingSink): string {
  return `${printed.statements.map((s) => `${s};`).join("\n")}\n`;
}

/**
 * Runs a printed script on `target` the way a DBA would: through the database's own command-line client (sqlite3,
 * psql in one transaction, mysql), or, for PGlite, which has none, through its exec() as one text, as psql would.
 */
export async function applyScript(dialect: DialectName, target: OpenDatabase, script: string): Promise<void> {
  if (dialect === "pglite") {
    await target.connection.execute(script);
    return;
  }
  const file = join(mkdtempSync(join(tmpdir(), "retort-offline-")), "upgrade.sql");
  writeFileSync(file, script);
  const { url, name } = target.database;
  switch (dialect) {
    case "sqlite":
      execFileSync("sqlite3", ["-bail", url.slice("sqlite:".length), `.read ${file}`]);
      return;
    case "postgres":
      execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", file, url]);
      return;
    case "mysql": {
      const server = new URL(url);
      execFileSync(
        "mysql",
        ["-h", server.hostname, "-P", server.port || "3306", "-u", server.username, name!],
        {
          input: script,
        },
      );
      return;
    }
  }
}
