// MySQL reports NO ACTION, its default referential action, as RESTRICT.

import { Normalizer } from "../normalizer.js";

export class MysqlNormalizer extends Normalizer {
  override referentialAction(value: string | undefined): string {
    const text = super.referentialAction(value);
    return text === "restrict" ? "no action" : text;
  }
}
