import { describe, expect, it } from "vitest";
import { NativeTypeError, parseNativeType } from "../../src/schema/native-type.js";

describe("parseNativeType", () => {
  it("keeps the text exactly and reads its parts", () => {
    const type = parseNativeType("int(10) unsigned zerofill");
    expect(type).toMatchObject({ sql: "int(10) unsigned zerofill", name: "int", args: ["10"] });
    expect([type.unsigned, type.zerofill]).toEqual([true, true]);
  });

  it("reads arguments in the middle of a name, array suffixes, schemas and quoted names", () => {
    expect(parseNativeType("timestamp(3) with time zone")).toMatchObject({
      name: "timestamp with time zone",
      args: ["3"],
    });
    expect(parseNativeType('"audit"."Mo""od"[][]')).toMatchObject({
      name: 'Mo"od',
      quoted: true,
      schema: "audit",
      arrayDimensions: 2,
    });
  });

  it("reads a character set and a collation, quoted or not", () => {
    expect(parseNativeType("varchar(10) CHARACTER SET latin1 COLLATE latin1_bin")).toMatchObject({
      name: "varchar",
      charset: "latin1",
      collation: "latin1_bin",
    });
    expect(parseNativeType('text COLLATE "C"')).toMatchObject({ name: "text", collation: "C" });
  });

  it("keeps quoted arguments whole, commas and escaped quotes inside them included", () => {
    expect(parseNativeType("set('a,b','it''s','x\\'y')").args).toEqual(["'a,b'", "'it''s'", "'x\\'y'"]);
    expect(parseNativeType("geometry(Point, 4326)").args).toEqual(["Point", "4326"]);
  });

  it("counts UNSIGNED as a modifier only after the name has begun", () => {
    expect(parseNativeType("UNSIGNED BIG INT")).toMatchObject({ name: "UNSIGNED BIG INT", unsigned: false });
  });

  it("takes an empty text as a column without a declared type", () => {
    expect(parseNativeType("")).toMatchObject({ sql: "", name: "" });
  });

  it("refuses malformed text with a message naming it", () => {
    expect(() => parseNativeType("varchar(10")).toThrow(NativeTypeError);
    expect(() => parseNativeType("int[x]")).toThrow(/array suffix/);
    expect(() => parseNativeType("text collate")).toThrow(/COLLATE needs a name/);
  });
});
