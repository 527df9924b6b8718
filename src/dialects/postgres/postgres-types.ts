// PostgreSQL's types (PGlite's too): portable types in the spelling Retort has always written, and a comparison
// key in the catalog's own words (format_type), so that `int4`, `int` and `integer` are one type, as are
// `varchar(50)` and `character varying(50)`, `timestamptz` and `timestamp with time zone`.

import type { NativeType } from "../../schema/native-type.js";
import type { PortableType } from "../../schema/types.js";
import type { SqlConventions } from "../sql-conventions.js";
import { keyOf, TypeSystem } from "../type-system.js";

/** Other spellings of a built-in type, each to the name format_type gives it. */
const SYNONYMS: Readonly<Record<string, string>> = {
  int: "integer",
  int4: "integer",
  int8: "bigint",
  int2: "smallint",
  serial4: "serial",
  serial8: "bigserial",
  serial2: "smallserial",
  bool: "boolean",
  varchar: "character varying",
  char: "character",
  bpchar: "character",
  decimal: "numeric",
  float4: "real",
  float8: "double precision",
  timestamp: "timestamp without time zone",
  timestamptz: "timestamp with time zone",
  time: "time without time zone",
  timetz: "time with time zone",
  varbit: "bit varying",
};

export class PostgresTypes extends TypeSystem {
  constructor(private readonly conventions: SqlConventions) {
    super();
  }

  protected override spell(type: PortableType): string {
    switch (type.kind) {
      case "jsonb":
        return "JSONB";
      case "uuid":
        return "UUID";
      case "bytes":
        return "BYTEA";
      case "enum":
        return this.conventions.quoteQualified(type.name, type.schema);
      default:
        return super.spell(type);
    }
  }

  key(type: NativeType): string {
    // Unquoted names fold to lower case, as PostgreSQL folds them; quoted ones keep theirs.
    let name = type.quoted ? type.name : type.name.toLowerCase().replace(/\s+/g, " ");
    let args = type.args.map((arg) => arg.replace(/\s+/g, ""));
    if (!type.quoted && type.schema === undefined) {
      name = SYNONYMS[name] ?? name;
      if (name === "float") {
        // float(p): up to 24 binary digits is real, more is double precision; plain float is double.
        name = args[0] !== undefined && Number(args[0]) <= 24 ? "real" : "double precision";
        args = [];
      }
      if (name === "character" && args.length === 0) args = ["1"];
      if (name === "numeric" && args.length === 1) args = [args[0]!, "0"];
    }
    const schema = type.schema === undefined ? undefined : type.schema;
    return keyOf({
      schema,
      name,
      args,
      arrayDimensions: Math.min(type.arrayDimensions, 1),
      modifiers: type.collation === undefined ? [] : [`collate ${type.collation}`],
    });
  }
}
