// Autogenerate keeps every column type exactly: the types that used to collapse into the portable set (MySQL
// unsigned, tinyint, mediumint, blob, timestamp, SET with its case, ON UPDATE, a column's own character set;
// SQLite's declared types; PostgreSQL arrays, collations and precisions) come back from a `.sql` target, through
// a generated revision and an upgrade, to the same catalog as the DDL applied directly.

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
import { columnsOf } from "../operations/support.js";
import {
  createTestDatabase,
  type DialectName,
  describeEachDialect,
  type TestDatabase,
} from "../support/databases.js";

const DDL: Readonly<Record<DialectName, string>> = {
  mysql: `
CREATE TABLE film (
  film_id smallint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  views bigint unsigned NOT NULL DEFAULT 0,
  code int(10) unsigned zerofill,
  rating tinyint,
  length mediumint,
  poster blob,
  released year,
  special_features set('Trailers','Commentaries','Deleted Scenes'),
  kind enum('Movie','Series') NOT NULL DEFAULT 'Movie',
  latin_title varchar(60) CHARACTER SET latin1 COLLATE latin1_bin,
  price decimal(5,2) NOT NULL DEFAULT 4.99,
  flag bool,
  last_update timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;`,
  sqlite: `
CREATE TABLE album (
  AlbumId INTEGER NOT NULL PRIMARY KEY,
  Title NVARCHAR(160) NOT NULL,
  Released DATETIME,
  Plays UNSIGNED BIG INT,
  Price NUMERIC(10,2),
  Notes CLOB,
  Anything
);`,
  postgres: `
CREATE TABLE film (
  film_id int4 NOT NULL PRIMARY KEY,
  title varchar(255) NOT NULL,
  code char(3),
  tags text[],
  rating numeric(4,2),
  seen timestamptz(3),
  at_time time,
  sorted text COLLATE "C",
  ratio float8,
  small int2
);`,
  pglite: "",
};

const CATALOG_EXTRAS: Partial<Readonly<Record<DialectName, string>>> = {
  mysql: `SELECT COLUMN_NAME AS name, EXTRA AS extra, CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'film' ORDER BY COLUMN_NAME`,
  postgres: `SELECT a.attname AS name, co.collname AS collation
               FROM pg_attribute a LEFT JOIN pg_collation co ON co.oid = a.attcollation
              WHERE a.attrelid = 'film'::regclass AND a.attnum > 0 ORDER BY a.attname`,
};

const ddlOf = (dialect: DialectName) => DDL[dialect === "pglite" ? "postgres" : dialect];
const tableOf = (dialect: DialectName) => (dialect === "sqlite" ? "album" : "film");

describeEachDialect("autogenerate keeps native types", (dialect) => {
  let direct: TestDatabase;
  let generated: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    [direct, generated] = await Promise.all([createTestDatabase(dialect), createTestDatabase(dialect)]);
    dir = mkdtempSync(join(tmpdir(), "retort-native-"));
    await init({ directory: dir, template: "generic" });
    writeFileSync(join(dir, "schema.sql"), ddlOf(dialect));
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

  /** The table's columns as the catalog states them, plus what columnsOf leaves out (EXTRA, collations). */
  const catalog = (url: string) =>
    withConnection(url, async (connection) => {
      const extras = CATALOG_EXTRAS[dialect === "pglite" ? "postgres" : dialect];
      return {
        columns: await columnsOf(connection, tableOf(dialect)),
        extras: extras === undefined ? [] : await connection.query(extras),
      };
    });

  it("writes each type as the catalog states it, and the generated database matches the DDL's catalog", async () => {
    await withConnection(direct.url, async (connection) => {
      for (const statement of splitStatements(ddlOf(dialect))) await connection.execute(statement);
    });

    const config = resolveConfig({ url: generated.url, target: "./schema.sql" }, { rootDir: dir });
    const { body, result } = await autogenerateRevisionBody(config);
    expect(result.warnings).toEqual([]);
    const written = await revision(config, { message: "native types", body });
    const source = readFileSync(written.path, "utf8");
    if (dialect === "mysql") {
      expect(source).toContain('op.column.native("smallint(5) unsigned")');
      expect(source).toContain('op.column.native("mediumint(9)")');
      expect(source).toContain(`op.column.native("set('Trailers','Commentaries','Deleted Scenes')")`);
      expect(source).toContain('op.column.native("varchar(60) CHARACTER SET latin1 COLLATE latin1_bin")');
      expect(source).toContain(".onUpdate(op.sql`current_timestamp()`)");
    } else if (dialect === "sqlite") {
      expect(source).toContain('op.column.native("NVARCHAR(160)")');
      expect(source).toContain('op.column.native("DATETIME")');
      expect(source).toContain('op.column.native("UNSIGNED BIG INT")');
    } else {
      expect(source).toContain('op.column.native("text[]")');
      expect(source).toContain('op.column.native("text COLLATE \\"C\\"")');
      expect(source).toContain("op.column.timestamp({ withTimeZone: true, precision: 3 })");
    }

    await upgrade(config, "head");
    expect(await catalog(generated.url)).toEqual(await catalog(direct.url));
    expect((await check(config)).differences).toEqual([]);
    // The directly built database is at head once stamped; check compares only a database at head.
    const directConfig = resolveConfig({ url: direct.url, target: "./schema.sql" }, { rootDir: dir });
    await stamp(directConfig, ["head"]);
    const againstDirect = await check(directConfig);
    expect(againstDirect.differences).toEqual([]);
    expect(againstDirect.warnings).toEqual([]);
  });

  it("sees a changed native type that the portable set would have called the same", async () => {
    await withConnection(generated.url, async (connection) => {
      for (const statement of splitStatements(ddlOf(dialect))) await connection.execute(statement);
    });
    const changed = {
      mysql: ddlOf(dialect).replace("views bigint unsigned", "views bigint"),
      sqlite: ddlOf(dialect).replace("NVARCHAR(160)", "VARCHAR(160)"),
      postgres: ddlOf(dialect).replace("tags text[]", "tags varchar[]"),
    }[dialect === "pglite" ? "postgres" : dialect];
    writeFileSync(join(dir, "schema.sql"), changed);
    const config = resolveConfig({ url: generated.url, target: "./schema.sql" }, { rootDir: dir });
    const column = { mysql: "views", sqlite: "Title", postgres: "tags" }[
      dialect === "pglite" ? "postgres" : dialect
    ];
    const result = await check(config);
    expect(result.clean).toBe(false);
    expect(result.differences.join("\n")).toContain(`${tableOf(dialect)}.${column}`);
  });
});
