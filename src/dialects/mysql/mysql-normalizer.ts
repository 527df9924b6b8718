// MySQL reports NO ACTION, its default referential action, as RESTRICT, and compares them as equal; but MariaDB
// reads a foreign key declared without an action back as RESTRICT and one declared NO ACTION as NO ACTION, so a
// model read from the catalog keeps every action as it is stated. Its catalog cannot tell a HASH index from
// a B-tree: InnoDB builds USING HASH as a B-tree and reports BTREE, MariaDB reports a long UNIQUE as HASH. And
// MariaDB indexes a TEXT or BLOB column given without a prefix length by the longest prefix a key can hold. MariaDB
// keeps comments and the text of defaults in utf8mb3, so a 4-byte UTF-8 character (an emoji) reads back as "?".

import type { NativeType } from "../../schema/native-type.js";
import { Normalizer } from "../normalizer.js";
import { boundExpression, partitioningKey, partitionReorganization } from "./mysql-partitioning.js";

export class MysqlNormalizer extends Normalizer {
  override readonly defaultIndexMethods: readonly string[] = ["btree", "hash"];

  override implicitIndexPrefix(type: NativeType): boolean {
    return /^(tiny|medium|long)?(text|blob)$/i.test(type.name);
  }

  override sameCatalogText(model: string | undefined, catalog: string | undefined): boolean {
    if (model === catalog) return true;
    return (
      model !== undefined &&
      catalog !== undefined &&
      model.replace(/[\u{10000}-\u{10FFFF}]/gu, "?") === catalog
    );
  }

  override partitioning(text: string | undefined): string | undefined {
    return text === undefined ? undefined : partitioningKey(text);
  }

  override uncomparablePartitioning(wanted: string, found: string | undefined): string | undefined {
    const bound = found === undefined ? undefined : boundExpression(wanted);
    return bound === undefined
      ? undefined
      : `its partition bound ${bound} is an expression, which MySQL stores evaluated; the database has ${found}: write each bound as the value SHOW CREATE TABLE gives`;
  }

  override partitionReorganization(existing: string, wanted: string) {
    return partitionReorganization(existing, wanted);
  }

  override readonly impliedReferentialAction = undefined;

  override referentialAction(value: string | undefined): string {
    const text = super.referentialAction(value);
    return text === "restrict" ? "no action" : text;
  }
}
