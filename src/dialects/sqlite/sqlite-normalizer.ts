// SQLite writes an enum column as text with a CHECK of its values, and records AUTOINCREMENT only on an
// `INTEGER PRIMARY KEY AUTOINCREMENT` column, so a rowid alias reads back without identity. Its collation names
// are case-insensitive.

import type { Table } from "../../schema/table.js";
import { Normalizer, normalizeExpression } from "../normalizer.js";

export class SqliteNormalizer extends Normalizer {
  override readonly catalogShowsIdentity = false;

  override collation(name: string | undefined): string | undefined {
    return name?.toLowerCase();
  }

  override implicitChecks(table: Table): string[] {
    return table.columns.flatMap((c) =>
      c.type.kind === "enum"
        ? [
            normalizeExpression(
              `${c.name} IN (${c.type.values.map((v) => this.compiler.literal(v)).join(", ")})`,
            ),
          ]
        : [],
    );
  }
}
