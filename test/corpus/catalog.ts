// Reads a database's schema straight from its catalog, independently of Retort's reflection (which is what
// the corpus tests), and flattens it into facts: one key per object, one string stating it as the catalog does
// (PostgreSQL `format_type` and `pg_get_*def`, MySQL `COLUMN_TYPE` and EXTRA, SQLite declared types).

import type { DialectName } from "../support/databases.js";

/** Fact key (`column public.film.title`) → what the catalog says about it. */
export type Catalog = ReadonlyMap<string, string>;

type Row = Record<string, unknown>;
type Query = (sql: string) => Promise<Row[]>;

export interface CatalogOptions {
  /** Tables left out of the catalog, with everything on them (Retort's version table). */
  readonly ignoreTables?: readonly string[];
}

const text = (value: unknown): string => (value === null || value === undefined ? "" : String(value));
const squeeze = (value: unknown): string => text(value).replace(/\s+/g, " ").trim();

/** `name=value` parts, leaving out empty ones, so facts read like `integer not null default=0`. */
function describe(parts: Record<string, unknown>, flags: readonly (string | false)[] = []): string {
  const out: string[] = flags.filter((f): f is string => typeof f === "string" && f !== "");
  for (const [name, value] of Object.entries(parts)) {
    const v = text(value);
    if (v !== "") out.push(`${name}=${v}`);
  }
  return out.join(" ");
}

/** Opens the database named by a Retort URL with its own driver and runs `body` with a query function. */
export async function withQuery<T>(url: string, body: (query: Query) => Promise<T>): Promise<T> {
  if (url.startsWith("sqlite:")) {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.slice("sqlite:".length));
    try {
      return await body(async (sql) => db.prepare(sql).all() as Row[]);
    } finally {
      db.close();
    }
  }
  if (url.startsWith("pglite:")) {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = new PGlite(url.slice("pglite:".length));
    try {
      return await body(async (sql) => (await db.query<Row>(sql)).rows);
    } finally {
      await db.close();
    }
  }
  if (url.startsWith("postgres")) {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await body(async (sql) => (await client.query(sql)).rows as Row[]);
    } finally {
      await client.end();
    }
  }
  const mysql = await import("mysql2/promise");
  const connection = await mysql.createConnection(url.replace(/^mariadb:/, "mysql:"));
  try {
    return await body(async (sql) => (await connection.query(sql))[0] as Row[]);
  } finally {
    await connection.end();
  }
}

export function dialectOfUrl(url: string): DialectName {
  if (url.startsWith("sqlite:")) return "sqlite";
  if (url.startsWith("pglite:")) return "pglite";
  if (url.startsWith("postgres")) return "postgres";
  return "mysql";
}

export async function readCatalog(url: string, options: CatalogOptions = {}): Promise<Catalog> {
  const ignored = new Set(options.ignoreTables ?? []);
  const dialect = dialectOfUrl(url);
  return withQuery(url, async (query) => {
    if (dialect === "sqlite") return sqliteCatalog(query, ignored);
    if (dialect === "mysql") return mysqlCatalog(query, ignored);
    return postgresCatalog(query, ignored);
  });
}

// ---------------------------------------------------------------- PostgreSQL and PGlite

const USER_SCHEMA = (column: string) =>
  `${column} NOT IN ('pg_catalog', 'information_schema') AND ${column} NOT LIKE 'pg\\_toast%' AND ${column} NOT LIKE 'pg\\_temp\\_%'`;

/** Objects created by an extension are the extension's, not the schema's. */
const NOT_FROM_EXTENSION = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;

async function postgresCatalog(query: Query, ignored: ReadonlySet<string>): Promise<Catalog> {
  const facts = new Map<string, string>();
  const skip = (table: unknown) => ignored.has(text(table));

  for (const r of await query(`
    SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind, c.relpersistence::text AS persistence,
      CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
      (SELECT pn.nspname || '.' || p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
         JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid AND c.relispartition) AS partition_of,
      pg_get_expr(c.relpartbound, c.oid) AS partition_bound,
      obj_description(c.oid, 'pg_class') AS comment,
      CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS definition,
      CASE WHEN c.relrowsecurity THEN 'on' END AS row_security
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_SCHEMA("n.nspname")} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND ${NOT_FROM_EXTENSION("pg_class", "c.oid")}`)) {
    if (skip(r.name)) continue;
    const kind = { r: "table", p: "table", f: "foreign table", v: "view", m: "materialized view" }[
      text(r.kind)
    ];
    facts.set(
      `${kind} ${r.schema}.${r.name}`,
      describe(
        {
          "partitioned by": r.partition_key,
          "partition of": r.partition_of,
          bound: r.partition_bound,
          comment: r.comment,
          definition: squeeze(r.definition),
          "row security": r.row_security,
        },
        [r.persistence === "u" && "unlogged", r.persistence === "t" && "temporary"],
      ),
    );
  }

  const order = new Map<string, string[]>();
  for (const r of await query(`
    SELECT n.nspname AS schema, c.relname AS table, a.attname AS name, a.attnum AS position,
      format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
      pg_get_expr(d.adbin, d.adrelid) AS expression, a.attidentity::text AS identity, a.attgenerated::text AS generated,
      CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname END AS collation,
      col_description(c.oid, a.attnum) AS comment
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      LEFT JOIN pg_collation co ON co.oid = a.attcollation
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f') AND ${USER_SCHEMA("n.nspname")}
      AND ${NOT_FROM_EXTENSION("pg_class", "c.oid")}
    ORDER BY 1, 2, 4`)) {
    if (skip(r.table)) continue;
    const table = `${r.schema}.${r.table}`;
    const generated = text(r.generated) === "s";
    facts.set(
      `column ${table}.${r.name}`,
      describe(
        {
          default: generated ? "" : r.expression,
          "generated always as": generated ? r.expression : "",
          identity: { a: "always", d: "by default" }[text(r.identity)] ?? "",
          collation: r.collation,
          comment: r.comment,
        },
        [text(r.type), r.not_null === true && "not null"],
      ),
    );
    order.set(table, [...(order.get(table) ?? []), text(r.name)]);
  }
  for (const [table, columns] of order) facts.set(`column order ${table}`, columns.join(", "));

  for (const r of await query(`
    SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, pg_get_constraintdef(con.oid, true) AS definition,
      CASE WHEN NOT con.conislocal THEN 'inherited' END AS inherited,
      CASE WHEN NOT con.convalidated THEN 'not valid' END AS not_valid
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_SCHEMA("n.nspname")}`)) {
    if (skip(r.table)) continue;
    facts.set(
      `constraint ${r.schema}.${r.table}.${r.name}`,
      describe({}, [squeeze(r.definition), text(r.inherited), text(r.not_valid)]),
    );
  }

  for (const r of await query(`
    SELECT n.nspname AS schema, t.relname AS table, i.relname AS name, pg_get_indexdef(ix.indexrelid) AS definition,
      (SELECT con.conname FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid
         LIMIT 1) AS constraint_name
    FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE ${USER_SCHEMA("n.nspname")}`)) {
    if (skip(r.table)) continue;
    facts.set(
      `index ${r.schema}.${r.table}.${r.name}`,
      describe({ "backs constraint": r.constraint_name }, [squeeze(r.definition)]),
    );
  }

  for (const r of await query(`
    SELECT n.nspname AS schema, t.typname AS name,
      string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE ${USER_SCHEMA("n.nspname")} GROUP BY 1, 2`)) {
    facts.set(`enum ${r.schema}.${r.name}`, `(${r.labels})`);
  }

  for (const r of await query(`
    SELECT n.nspname AS schema, t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS base,
      t.typnotnull AS not_null, t.typdefault AS default_value,
      (SELECT string_agg(con.conname || ' ' || pg_get_constraintdef(con.oid, true), '; ' ORDER BY con.conname)
         FROM pg_constraint con WHERE con.contypid = t.oid) AS constraints
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype = 'd' AND ${USER_SCHEMA("n.nspname")}`)) {
    facts.set(
      `domain ${r.schema}.${r.name}`,
      describe({ default: r.default_value, constraints: squeeze(r.constraints) }, [
        text(r.base),
        r.not_null === true && "not null",
      ]),
    );
  }

  for (const r of await query(`
    SELECT n.nspname AS schema, t.typname AS name, t.typtype::text AS kind
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype IN ('c', 'r', 'm') AND ${USER_SCHEMA("n.nspname")} AND ${NOT_FROM_EXTENSION("pg_type", "t.oid")}
      AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')`)) {
    facts.set(
      `type ${r.schema}.${r.name}`,
      { c: "composite", r: "range", m: "multirange" }[text(r.kind)] ?? "",
    );
  }

  for (const r of await query(`
    SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start,
      s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache,
      CASE WHEN s.seqcycle THEN 'cycle' END AS cycle,
      (SELECT tn.nspname || '.' || tc.relname || '.' || a.attname || CASE d.deptype WHEN 'i' THEN ' (identity)' ELSE '' END
         FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
           JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
           AND d.deptype IN ('a', 'i') LIMIT 1) AS owned_by
    FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_SCHEMA("n.nspname")}`)) {
    const owner = text(r.owned_by);
    if ([...ignored].some((t) => owner.split(".")[1] === t)) continue;
    facts.set(
      `sequence ${r.schema}.${r.name}`,
      describe(
        {
          start: r.start,
          increment: r.increment,
          min: r.min,
          max: r.max,
          cache: r.cache,
          "owned by": owner,
        },
        [text(r.type), text(r.cycle)],
      ),
    );
  }

  for (const r of await query(`
    SELECT n.nspname AS schema, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args,
      p.prokind::text AS kind, pg_get_function_result(p.oid) AS result, l.lanname AS language
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
    WHERE ${USER_SCHEMA("n.nspname")} AND ${NOT_FROM_EXTENSION("pg_proc", "p.oid")}`)) {
    const kind = { f: "function", p: "procedure", a: "aggregate", w: "window function" }[text(r.kind)];
    facts.set(
      `${kind} ${r.schema}.${r.name}(${r.args})`,
      describe({ returns: r.result, language: r.language }),
    );
  }

  for (const r of await query(`
    SELECT n.nspname AS schema, c.relname AS table, tg.tgname AS name, pg_get_triggerdef(tg.oid) AS definition
    FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT tg.tgisinternal AND ${USER_SCHEMA("n.nspname")}`)) {
    if (skip(r.table)) continue;
    facts.set(`trigger ${r.schema}.${r.table}.${r.name}`, squeeze(r.definition));
  }

  for (const r of await query("SELECT extname AS name, extversion AS version FROM pg_extension")) {
    facts.set(`extension ${r.name}`, "");
  }
  return facts;
}

// ---------------------------------------------------------------- MySQL and MariaDB

async function mysqlCatalog(query: Query, ignored: ReadonlySet<string>): Promise<Catalog> {
  const facts = new Map<string, string>();
  const [info] = await query("SELECT DATABASE() AS db, VERSION() AS version");
  const database = text(info?.db);
  const mariadb = /mariadb/i.test(text(info?.version));
  // View and routine texts name the database they live in; D and R are different databases.
  const local = (value: unknown) => squeeze(value).split(`\`${database}\`.`).join("");
  const skip = (table: unknown) => ignored.has(text(table));
  const where = "TABLE_SCHEMA = DATABASE()";

  for (const r of await query(`
    SELECT TABLE_NAME AS name, TABLE_TYPE AS type, ENGINE AS engine, TABLE_COLLATION AS collation,
      CREATE_OPTIONS AS options, TABLE_COMMENT AS comment
    FROM information_schema.TABLES WHERE ${where}`)) {
    if (skip(r.name)) continue;
    if (r.type === "VIEW") continue;
    facts.set(
      `table ${r.name}`,
      // "partitioned" is left to the table's `partitions` fact, which says how.
      describe({
        engine: r.engine,
        collation: r.collation,
        options: squeeze(r.options)
          .replace(/\bpartitioned\b/, "")
          .trim(),
        comment: r.comment,
      }),
    );
  }

  const order = new Map<string, string[]>();
  for (const r of await query(`
    SELECT c.TABLE_NAME AS tbl, c.COLUMN_NAME AS name, c.COLUMN_TYPE AS type, c.IS_NULLABLE AS nullable,
      c.COLUMN_DEFAULT AS default_value, c.EXTRA AS extra, c.GENERATION_EXPRESSION AS generated,
      c.CHARACTER_SET_NAME AS charset, c.COLLATION_NAME AS collation, c.COLUMN_COMMENT AS comment
    FROM information_schema.COLUMNS c JOIN information_schema.TABLES t
      ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME AND t.TABLE_TYPE <> 'VIEW'
    WHERE c.${where} ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`)) {
    if (skip(r.tbl)) continue;
    facts.set(
      `column ${r.tbl}.${r.name}`,
      describe(
        {
          default: r.default_value,
          extra: r.extra,
          "generated as": r.generated,
          charset: r.charset,
          collation: r.collation,
          comment: r.comment,
        },
        [text(r.type), r.nullable === "NO" && "not null"],
      ),
    );
    const table = text(r.tbl);
    order.set(table, [...(order.get(table) ?? []), text(r.name)]);
  }
  for (const [table, columns] of order) facts.set(`column order ${table}`, columns.join(", "));

  const indexes = new Map<string, { unique: boolean; type: string; comment: string; parts: string[] }>();
  for (const r of await query(`
    SELECT TABLE_NAME AS tbl, INDEX_NAME AS name, NON_UNIQUE AS non_unique, COLUMN_NAME AS col, SUB_PART AS sub_part,
      COLLATION AS direction, INDEX_TYPE AS type, INDEX_COMMENT AS comment
    FROM information_schema.STATISTICS WHERE ${where} ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`)) {
    if (skip(r.tbl)) continue;
    const key = `index ${r.tbl}.${r.name}`;
    const index = indexes.get(key) ?? {
      unique: Number(r.non_unique) === 0,
      type: text(r.type),
      comment: text(r.comment),
      parts: [],
    };
    index.parts.push(
      `${text(r.col)}${r.sub_part === null || r.sub_part === undefined ? "" : `(${r.sub_part})`}${r.direction === "D" ? " DESC" : ""}`,
    );
    indexes.set(key, index);
  }
  for (const [key, index] of indexes) {
    facts.set(
      key,
      describe({ using: index.type, comment: index.comment }, [
        index.unique ? "unique" : "",
        `(${index.parts.join(", ")})`,
      ]),
    );
  }

  const foreignKeys = new Map<string, { columns: string[]; references: string; referenced: string[] }>();
  for (const r of await query(`
    SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, COLUMN_NAME AS col, REFERENCED_TABLE_NAME AS ref_table,
      REFERENCED_COLUMN_NAME AS ref_col
    FROM information_schema.KEY_COLUMN_USAGE
    WHERE CONSTRAINT_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
    ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`)) {
    if (skip(r.tbl)) continue;
    const key = `${r.tbl}.${r.name}`;
    const fk = foreignKeys.get(key) ?? { columns: [], references: text(r.ref_table), referenced: [] };
    fk.columns.push(text(r.col));
    fk.referenced.push(text(r.ref_col));
    foreignKeys.set(key, fk);
  }
  const rules = new Map<string, Row>();
  for (const r of await query(`
    SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, UPDATE_RULE AS on_update, DELETE_RULE AS on_delete
    FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`)) {
    rules.set(`${r.tbl}.${r.name}`, r);
  }
  for (const [key, fk] of foreignKeys) {
    const rule = rules.get(key);
    facts.set(
      `constraint ${key}`,
      `FOREIGN KEY (${fk.columns.join(", ")}) REFERENCES ${fk.references}(${fk.referenced.join(", ")}) ON UPDATE ${text(rule?.on_update)} ON DELETE ${text(rule?.on_delete)}`,
    );
  }

  for (const r of await query(`
    SELECT tc.TABLE_NAME AS tbl, tc.CONSTRAINT_NAME AS name, tc.CONSTRAINT_TYPE AS type, cc.CHECK_CLAUSE AS clause
    FROM information_schema.TABLE_CONSTRAINTS tc
      LEFT JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
        AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME ${mariadb ? "AND cc.TABLE_NAME = tc.TABLE_NAME" : ""}
    WHERE tc.CONSTRAINT_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE IN ('CHECK', 'UNIQUE', 'PRIMARY KEY')`)) {
    if (skip(r.tbl)) continue;
    facts.set(`constraint ${r.tbl}.${r.name}`, describe({}, [text(r.type), local(r.clause)]));
  }

  const partitions = new Map<string, string[]>();
  for (const r of await query(`
    SELECT TABLE_NAME AS tbl, PARTITION_NAME AS name, PARTITION_METHOD AS method, PARTITION_EXPRESSION AS expression,
      PARTITION_DESCRIPTION AS description, SUBPARTITION_NAME AS sub
    FROM information_schema.PARTITIONS WHERE ${where} AND PARTITION_NAME IS NOT NULL
    ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION`)) {
    if (skip(r.tbl)) continue;
    const key = `partitions ${r.tbl}`;
    const list = partitions.get(key) ?? [`${text(r.method)} (${squeeze(r.expression)})`];
    list.push(`${text(r.name)}${r.sub ? `/${text(r.sub)}` : ""} ${text(r.description)}`);
    partitions.set(key, list);
  }
  for (const [key, list] of partitions) facts.set(key, list.join("; "));

  for (const r of await query(
    `SELECT TABLE_NAME AS name, VIEW_DEFINITION AS definition FROM information_schema.VIEWS WHERE ${where}`,
  )) {
    facts.set(`view ${r.name}`, local(r.definition));
  }
  for (const r of await query(`
    SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type, DTD_IDENTIFIER AS returns
    FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()`)) {
    facts.set(`${text(r.type).toLowerCase()} ${r.name}`, describe({ returns: r.returns }));
  }
  for (const r of await query(`
    SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS tbl, ACTION_TIMING AS timing, EVENT_MANIPULATION AS event
    FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()`)) {
    if (skip(r.tbl)) continue;
    facts.set(`trigger ${r.tbl}.${r.name}`, `${text(r.timing)} ${text(r.event)}`);
  }
  return facts;
}

// ---------------------------------------------------------------- SQLite

/** The comma-separated items of the first parenthesized list in `sql` (a CREATE TABLE body), outside quotes. */
export function topLevelItems(sql: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = "";
  let started = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql.charAt(i);
    const close = { "'": "'", '"': '"', "`": "`", "[": "]" }[c];
    if (close) {
      const end = sql.indexOf(close, i + 1);
      const stop = end === -1 ? sql.length - 1 : end;
      if (started) current += sql.slice(i, stop + 1);
      i = stop;
      continue;
    }
    if (c === "-" && sql.charAt(i + 1) === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end;
      continue;
    }
    if (c === "(") {
      depth++;
      if (!started) {
        started = true;
        continue;
      }
    } else if (c === ")") {
      depth--;
      if (depth === 0) {
        items.push(current);
        return items.map(squeeze).filter((item) => item !== "");
      }
    } else if (c === "," && depth === 1) {
      items.push(current);
      current = "";
      continue;
    }
    if (started) current += c;
  }
  return items.map(squeeze).filter((item) => item !== "");
}

/** The balanced parenthesized text that starts at the first `(` at or after `from`. */
function balanced(sql: string, from: number): string {
  const start = sql.indexOf("(", from);
  if (start === -1) return "";
  let depth = 0;
  for (let i = start; i < sql.length; i++) {
    const c = sql.charAt(i);
    if (c === "'") {
      const end = sql.indexOf("'", i + 1);
      i = end === -1 ? sql.length : end;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return sql.slice(start, i + 1);
  }
  return sql.slice(start);
}

/** An SQLite identifier without its quotes: "x", [x] and `x` all name x. */
const unquote = (identifier: string) => identifier.replace(/^(["`[])(.*)["`\]]$/s, "$2");

const CONSTRAINT_WORDS = /^(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)\b/i;

async function sqliteCatalog(query: Query, ignored: ReadonlySet<string>): Promise<Catalog> {
  const facts = new Map<string, string>();
  const objects = await query(
    "SELECT type, name, tbl_name AS tbl, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
  );
  const tableList = new Map<string, Row>();
  for (const r of await query("SELECT name, strict, wr FROM pragma_table_list WHERE schema = 'main'")) {
    tableList.set(text(r.name), r);
  }
  for (const object of objects) {
    const name = text(object.name);
    const sql = text(object.sql);
    if (ignored.has(text(object.tbl))) continue;
    if (object.type === "view" || object.type === "trigger") {
      facts.set(`${object.type} ${name}`, squeeze(sql));
      continue;
    }
    if (object.type !== "table") continue;
    const listed = tableList.get(name);
    facts.set(
      `table ${name}`,
      describe({}, [
        /\bAUTOINCREMENT\b/i.test(sql) && "autoincrement",
        Number(listed?.strict) === 1 && "strict",
        Number(listed?.wr) === 1 && "without rowid",
      ]),
    );

    const items = topLevelItems(sql);
    const columnItems = new Map<string, string>();
    const constraintItems: string[] = [];
    for (const item of items) {
      if (CONSTRAINT_WORDS.test(item)) constraintItems.push(item);
      else columnItems.set(item.replace(/^["`[]?([^"`\]\s]+)["`\]]?.*$/, "$1").toLowerCase(), item);
    }

    const order: string[] = [];
    const quoted = name.replace(/'/g, "''");
    for (const c of await query(`SELECT * FROM pragma_table_xinfo('${quoted}') ORDER BY cid`)) {
      const item = columnItems.get(text(c.name).toLowerCase()) ?? "";
      const hidden = Number(c.hidden);
      const generatedAt = item.search(/\b(GENERATED\s+ALWAYS\s+)?AS\s*\(/i);
      facts.set(
        `column ${name}.${c.name}`,
        describe(
          {
            "declared type": `"${text(c.type)}"`,
            default: c.dflt_value,
            "primary key position": Number(c.pk) > 0 ? c.pk : "",
            generated: hidden === 2 ? "virtual" : hidden === 3 ? "stored" : "",
            as: hidden >= 2 && generatedAt >= 0 ? squeeze(balanced(item, generatedAt)) : "",
            "column constraints": columnChecks(item),
          },
          [Number(c.notnull) === 1 && "not null"],
        ),
      );
      order.push(text(c.name));
    }
    facts.set(`column order ${name}`, order.join(", "));

    for (const item of constraintItems) {
      const named = /^CONSTRAINT\s+("[^"]+"|\[[^\]]+\]|`[^`]+`|\S+)\s+(.*)$/i.exec(item);
      const body = named ? (named[2] ?? "") : item;
      const constraintName = named ? unquote(named[1] ?? "") : "";
      if (/^CHECK\b/i.test(body)) {
        facts.set(`check ${name} ${squeeze(balanced(body, 0))}`, named ? `name=${constraintName}` : "");
      } else if (named) {
        facts.set(`constraint name ${name}.${constraintName}`, body.replace(/\s*\(.*$/s, "").toUpperCase());
      }
    }

    for (const ix of await query(`SELECT * FROM pragma_index_list('${quoted}')`)) {
      const indexName = text(ix.name);
      const parts: string[] = [];
      for (const col of await query(
        `SELECT * FROM pragma_index_xinfo('${indexName.replace(/'/g, "''")}') WHERE key = 1 ORDER BY seqno`,
      )) {
        const collation = text(col.coll) !== "BINARY" ? ` COLLATE ${text(col.coll)}` : "";
        parts.push(
          `${col.name === null ? "<expression>" : text(col.name)}${collation}${Number(col.desc) ? " DESC" : ""}`,
        );
      }
      const indexSql = text(objects.find((o) => o.type === "index" && o.name === indexName)?.sql);
      const where = /\bWHERE\b([\s\S]*)$/i.exec(indexSql)?.[1];
      const automatic = indexName.startsWith("sqlite_autoindex_");
      facts.set(
        automatic ? `index ${name} (${parts.join(", ")}) from ${ix.origin}` : `index ${name}.${indexName}`,
        describe(
          {
            origin: { c: "create index", u: "unique constraint", pk: "primary key" }[text(ix.origin)],
            where: squeeze(where),
            expression: parts.includes("<expression>") ? squeeze(indexSql.replace(/^[^(]*/, "")) : "",
          },
          [Number(ix.unique) === 1 && "unique", `(${parts.join(", ")})`],
        ),
      );
    }

    const foreignKeys = new Map<number, Row[]>();
    for (const fk of await query(`SELECT * FROM pragma_foreign_key_list('${quoted}') ORDER BY id, seq`)) {
      foreignKeys.set(Number(fk.id), [...(foreignKeys.get(Number(fk.id)) ?? []), fk]);
    }
    for (const rows of foreignKeys.values()) {
      const first = rows[0] as Row;
      const from = rows.map((r) => text(r.from)).join(", ");
      const to = rows.map((r) => text(r.to)).join(", ");
      facts.set(
        `foreign key ${name} (${from}) -> ${first.table}`,
        `FOREIGN KEY (${from}) REFERENCES ${first.table}(${to}) ON UPDATE ${first.on_update} ON DELETE ${first.on_delete} MATCH ${first.match}`,
      );
    }
  }
  return facts;
}

/** Column-level CHECK/COLLATE clauses, which SQLite keeps only in the CREATE TABLE text. */
function columnChecks(item: string): string {
  const found: string[] = [];
  const check = item.search(/\bCHECK\s*\(/i);
  if (check >= 0) found.push(`CHECK ${squeeze(balanced(item, check))}`);
  const collate = /\bCOLLATE\s+(\S+)/i.exec(item);
  if (collate) found.push(`COLLATE ${collate[1]}`);
  return found.join(" ");
}

// ---------------------------------------------------------------- comparison

export interface CatalogDifference {
  readonly key: string;
  readonly expected: string | undefined;
  readonly actual: string | undefined;
}

/** Every fact that is missing, extra or different in `actual`, sorted by key. */
export function diffCatalogs(expected: Catalog, actual: Catalog): CatalogDifference[] {
  const keys = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  return keys
    .filter((key) => expected.get(key) !== actual.get(key))
    .map((key) => ({ key, expected: expected.get(key), actual: actual.get(key) }));
}

/** A diff people can read: `-` only in the expected database, `+` only in the actual one, `~` different. */
export function formatDifferences(
  differences: readonly CatalogDifference[],
  labels: { expected: string; actual: string } = { expected: "D", actual: "R" },
): string {
  return differences
    .map((d) => {
      if (d.actual === undefined) return `  - ${d.key}: ${d.expected} (only in ${labels.expected})`;
      if (d.expected === undefined) return `  + ${d.key}: ${d.actual} (only in ${labels.actual})`;
      return `  ~ ${d.key}\n      ${labels.expected}: ${d.expected}\n      ${labels.actual}: ${d.actual}`;
    })
    .join("\n");
}
