// MySQL and MariaDB types: portable types in the spelling Retort has always written (INT, BOOL, DATETIME,
// LONGBLOB, inline ENUM), and a comparison key that knows MySQL's synonyms and defaults: `integer` is `int`,
// `bool` is `tinyint(1)`, `decimal` is `decimal(10,0)`, an integer's display width is only for display.

import type { NativeType } from "../../schema/native-type.js";
import type { PortableType } from "../../schema/types.js";
import { UnsupportedOperationError } from "../ddl-compiler.js";
import type { SqlConventions } from "../sql-conventions.js";
import { keyOf, precisionScale, TypeSystem } from "../type-system.js";

const SYNONYMS: Readonly<Record<string, string>> = {
  integer: "int",
  int4: "int",
  int8: "bigint",
  int2: "smallint",
  int1: "tinyint",
  int3: "mediumint",
  middleint: "mediumint",
  dec: "decimal",
  numeric: "decimal",
  fixed: "decimal",
  "double precision": "double",
  real: "double",
  float8: "double",
  float4: "float",
  "character varying": "varchar",
  character: "char",
  "national char": "char",
  nchar: "char",
  "national varchar": "varchar",
  nvarchar: "varchar",
  "long varchar": "mediumtext",
  long: "mediumtext",
};

const INTEGERS = new Set(["tinyint", "smallint", "mediumint", "int", "bigint"]);

/** The value of a quoted ENUM/SET member as MySQL reads it: '' and \\' are quotes, other escapes their letter. */
function memberValue(arg: string): string {
  const inner = /^'(.*)'$/s.exec(arg)?.[1] ?? arg;
  return inner.replace(/''|\\(.)/gs, (_match, escaped: string | undefined) =>
    escaped === undefined ? "'" : escaped,
  );
}

export class MysqlTypes extends TypeSystem {
  constructor(private readonly conventions: SqlConventions) {
    super();
  }

  protected override spell(type: PortableType): string {
    switch (type.kind) {
      case "integer":
        return "INT";
      case "boolean":
        return "BOOL";
      case "varchar":
        if (type.length === undefined) {
          throw new UnsupportedOperationError("MySQL needs a length for VARCHAR", {
            hint: "write column.varchar(255), or column.text()",
          });
        }
        return super.spell(type);
      case "numeric":
        return `DECIMAL${precisionScale(type.precision, type.scale)}`;
      case "real":
        return "FLOAT";
      case "double":
        return "DOUBLE";
      case "time":
        return type.precision === undefined ? "TIME" : `TIME(${type.precision})`;
      case "timestamp":
        // DATETIME, not TIMESTAMP: no 2038 limit and no implicit ON UPDATE; MySQL stores no time zone either way.
        return type.precision === undefined ? "DATETIME" : `DATETIME(${type.precision})`;
      case "interval":
        throw new UnsupportedOperationError("MySQL has no interval type", {
          hint: 'store a number of seconds (column.bigint()) or use column.native("…")',
        });
      case "bytes":
        return "LONGBLOB";
      case "enum":
        return `ENUM(${type.values.map((v) => this.conventions.literal(v)).join(", ")})`;
      default:
        return super.spell(type);
    }
  }

  override enumValues(type: NativeType): readonly string[] | undefined {
    return type.name.toLowerCase() === "enum" ? type.args.map(memberValue) : undefined;
  }

  key(type: NativeType): string {
    let name = type.name.toLowerCase().replace(/\s+/g, " ");
    name = SYNONYMS[name] ?? name;
    let args = type.args.map((arg) => arg.replace(/\s+/g, ""));
    if (name === "bool" || name === "boolean") {
      name = "tinyint";
      args = ["1"];
    }
    if (INTEGERS.has(name)) {
      // Display width is cosmetic (MySQL 8 no longer reports it), but tinyint(1) is how MySQL says boolean.
      args = name === "tinyint" && args[0] === "1" ? ["1"] : [];
    } else if (name === "decimal") {
      args = [args[0] ?? "10", args[1] ?? "0"];
    } else if (name === "float" && args.length === 1) {
      // FLOAT(p): up to 24 bits is FLOAT, more is DOUBLE.
      name = Number(args[0]) <= 24 ? "float" : "double";
      args = [];
    } else if (name === "char" || name === "binary" || name === "bit") {
      if (args.length === 0) args = ["1"];
    } else if (["datetime", "timestamp", "time"].includes(name)) {
      if (args[0] === "0") args = [];
    } else if (name === "year") {
      args = [];
    } else if (name === "enum" || name === "set") {
      args = [JSON.stringify(type.args.map(memberValue))];
    }
    const modifiers = [
      ...(type.unsigned || type.zerofill ? ["unsigned"] : []),
      ...(type.zerofill ? ["zerofill"] : []),
      ...(type.charset === undefined ? [] : [`character set ${type.charset.toLowerCase()}`]),
      ...(type.collation === undefined ? [] : [`collate ${type.collation.toLowerCase()}`]),
    ];
    return keyOf({ name, args, modifiers });
  }
}
