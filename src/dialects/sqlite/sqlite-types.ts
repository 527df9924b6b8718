// SQLite keeps a column's declared type as written and nothing else about it: that text is the only record
// of intent, so two types are the same only when they are written the same, case and spacing aside.

import type { NativeType } from "../../schema/native-type.js";
import { keyOf, TypeSystem } from "../type-system.js";

export class SqliteTypes extends TypeSystem {
  /** SQLite stores the declared text (upper-casing only the names it knows), so only the same text is the same. */
  protected override writesAs(candidate: NativeType, type: NativeType): boolean {
    return candidate.sql === type.sql;
  }

  key(type: NativeType): string {
    return keyOf({
      name: type.name.toUpperCase().replace(/\s+/g, " "),
      args: type.args.map((arg) => arg.replace(/\s+/g, "")),
      arrayDimensions: type.arrayDimensions,
      modifiers: [
        ...(type.unsigned ? ["UNSIGNED"] : []),
        ...(type.zerofill ? ["ZEROFILL"] : []),
        ...(type.collation === undefined ? [] : [`COLLATE ${type.collation}`]),
      ],
    });
  }
}
