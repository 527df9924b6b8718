// MySQL keeps an enum's values inline in the column, and reports NO ACTION (its default) as RESTRICT.

import type { ColumnType } from "../../schema/types.js";
import type { ReflectedType } from "../introspector.js";
import { Normalizer } from "../normalizer.js";

export class MysqlNormalizer extends Normalizer {
  override enumMatches(model: Extract<ColumnType, { kind: "enum" }>, reflected: ReflectedType): boolean {
    return (
      reflected.kind === "enum" && (reflected.values ?? []).join("\u0000") === model.values.join("\u0000")
    );
  }

  override referentialAction(value: string | undefined): string {
    const text = super.referentialAction(value);
    return text === "restrict" ? "no action" : text;
  }
}
