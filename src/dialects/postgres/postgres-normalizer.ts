// PostgreSQL compares enum columns by their named type: the values belong to the type, not to the column.

import type { ColumnType } from "../../schema/types.js";
import type { ReflectedType } from "../introspector.js";
import { Normalizer } from "../normalizer.js";

export class PostgresNormalizer extends Normalizer {
  override enumMatches(model: Extract<ColumnType, { kind: "enum" }>, reflected: ReflectedType): boolean {
    return (
      reflected.kind === "enum" && reflected.enumName === model.name && reflected.enumSchema === model.schema
    );
  }
}
