import { describe, expect, it } from "vitest";
import { allDialects, getDialect } from "../../src/dialects/index.js";
import { types } from "../../src/schema/types.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

const same = (dialect: string, a: string, b: string) =>
  getDialect(dialect).types.same(types.native(a), types.native(b));

describe("each dialect's canonical type key", () => {
  it("PostgreSQL: synonyms and defaults are one type; arguments, arrays and collations count", () => {
    expect(same("postgres", "int4", "integer")).toBe(true);
    expect(same("postgres", "varchar(50)", "character varying(50)")).toBe(true);
    expect(same("postgres", "timestamptz(3)", "timestamp(3) with time zone")).toBe(true);
    expect(same("postgres", "char", "character(1)")).toBe(true);
    expect(same("postgres", "numeric(10)", "numeric(10,0)")).toBe(true);
    expect(same("postgres", "float(24)", "real")).toBe(true);
    expect(same("postgres", "Mood", '"mood"')).toBe(true);
    expect(same("postgres", '"Mood"', "mood")).toBe(false);
    expect(same("postgres", "varchar(50)", "varchar(51)")).toBe(false);
    expect(same("postgres", "text[]", "text")).toBe(false);
    expect(same("postgres", 'text COLLATE "C"', "text")).toBe(false);
    expect(same("postgres", "audit.mood", "mood")).toBe(false);
  });

  it("MySQL: synonyms, display widths and default arguments are one type; signedness and members count", () => {
    expect(same("mysql", "integer", "int(11)")).toBe(true);
    expect(same("mysql", "bool", "tinyint(1)")).toBe(true);
    expect(same("mysql", "tinyint(4)", "tinyint")).toBe(true);
    expect(same("mysql", "decimal", "decimal(10,0)")).toBe(true);
    expect(same("mysql", "int(10) unsigned zerofill", "int zerofill")).toBe(true);
    expect(same("mysql", "int unsigned", "int")).toBe(false);
    expect(same("mysql", "tinyint", "smallint")).toBe(false);
    expect(same("mysql", "mediumint", "int")).toBe(false);
    expect(same("mysql", "blob", "longblob")).toBe(false);
    expect(same("mysql", "timestamp", "datetime")).toBe(false);
    expect(same("mysql", "set('Trailers')", "set('trailers')")).toBe(false);
    expect(same("mysql", "enum('it''s')", "enum('it\\'s')")).toBe(true);
    expect(same("mysql", "varchar(9) CHARACTER SET latin1", "varchar(9)")).toBe(false);
  });

  it("SQLite: the declared text, case and spacing aside", () => {
    expect(same("sqlite", "nvarchar(160)", "NVARCHAR( 160 )")).toBe(true);
    expect(same("sqlite", "NVARCHAR(160)", "VARCHAR(160)")).toBe(false);
    expect(same("sqlite", "DATETIME", "TIMESTAMP")).toBe(false);
  });

  it("resolves portable types to the type each database stores, and finds the builder for a native type", () => {
    expect(getDialect("mysql").types.same(types.boolean(), types.native("tinyint(1)"))).toBe(true);
    expect(getDialect("postgres").types.same(types.varchar(80), types.native("character varying(80)"))).toBe(
      true,
    );
    expect(getDialect("mysql").types.portable(types.native("datetime(6)"))).toEqual(
      types.timestamp({ precision: 6 }),
    );
    expect(getDialect("mysql").types.portable(types.native("timestamp"))).toBeUndefined();
    expect(getDialect("mysql").types.portable(types.native("int unsigned"))).toBeUndefined();
    expect(getDialect("sqlite").types.portable(types.native("INTEGER"))).toEqual(types.integer());
    expect(getDialect("sqlite").types.portable(types.native("integer"))).toBeUndefined();
  });
});
