import { describe, expect, it } from "vitest";
import { allDialects, getDialect } from "../../src/dialects/index.js";
import type { DialectName } from "../support/databases.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

const quoteIdentifier = (dialect: DialectName, name: string) => getDialect(dialect).sql.quoteIdentifier(name);
const quoteQualified = (dialect: DialectName, name: string, schema?: string) =>
  getDialect(dialect).sql.quoteQualified(name, schema);
const literal = (dialect: DialectName, value: unknown) => getDialect(dialect).sql.literal(value);

describe("quoteIdentifier", () => {
  it("doubles the dialect's quote character inside names", () => {
    expect(quoteIdentifier("postgres", 'we"ird')).toBe('"we""ird"');
    expect(quoteIdentifier("mysql", "we`ird")).toBe("`we``ird`");
    expect(quoteIdentifier("sqlite", "select")).toBe('"select"');
  });
  it("qualifies with a schema when one is given", () => {
    expect(quoteQualified("pglite", "t", "s")).toBe('"s"."t"');
    expect(quoteQualified("mysql", "t")).toBe("`t`");
  });
  it("refuses NUL characters", () => {
    expect(() => quoteIdentifier("sqlite", "a\u0000b")).toThrow(/NUL/);
  });
});

describe("literal", () => {
  it("escapes quotes, and backslashes on MySQL", () => {
    expect(literal("postgres", "it's \\ ok")).toBe("'it''s \\ ok'");
    expect(literal("mysql", "it's \\ ok")).toBe("'it''s \\\\ ok'");
  });
  it("writes booleans, numbers, null, bytes and JSON per dialect", () => {
    expect(literal("postgres", true)).toBe("TRUE");
    expect(literal("sqlite", false)).toBe("0");
    expect(literal("mysql", 12.5)).toBe("12.5");
    expect(literal("sqlite", null)).toBe("NULL");
    expect(literal("postgres", new Uint8Array([1, 255]))).toBe("'\\x01ff'::bytea");
    expect(literal("sqlite", new Uint8Array([1, 255]))).toBe("X'01ff'");
    expect(literal("pglite", { a: "b'c" })).toBe(`'{"a":"b''c"}'`);
  });
  it("refuses values that have no literal", () => {
    expect(() => literal("postgres", Number.NaN)).toThrow(/cannot write/);
  });
});
