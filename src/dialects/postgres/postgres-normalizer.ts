// PostgreSQL's serial types: `serial` is shorthand for an integer column, the sequence it owns (named as
// PostgreSQL names it) and a nextval() default.

import { type NativeType, parseNativeType } from "../../schema/native-type.js";
import { Normalizer } from "../normalizer.js";
import { postgresObjectName } from "./postgres-names.js";

const SERIAL_BASE: Readonly<Record<string, string>> = {
  serial: "integer",
  bigserial: "bigint",
  smallserial: "smallint",
};

export class PostgresNormalizer extends Normalizer {
  override serialBase(type: NativeType): NativeType | undefined {
    const base = SERIAL_BASE[this.compiler.types.key(type)];
    return base === undefined ? undefined : parseNativeType(base);
  }

  override serialSequenceName(table: string, column: string): string {
    return postgresObjectName(table, column, "seq");
  }
}
