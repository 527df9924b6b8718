// The target's names as the database will keep them: where it truncates long identifiers (PostgreSQL, 63 bytes),
// a model name over the limit would otherwise never match its own object, and every run would drop and re-create it.

import type { Dialect } from "../dialects/dialect.js";
import { truncateIdentifier } from "../dialects/identifier-limit.js";
import type { IndexColumn } from "../schema/constraints.js";
import type { Table } from "../schema/table.js";
import type { SchemaModel } from "./schema-model.js";

/** The model with every name cut as `dialect` cuts it, and one warning per name that was too long. */
export function truncateModelNames(
  model: SchemaModel,
  dialect: Dialect,
): { model: SchemaModel; warnings: string[] } {
  const limit = dialect.capabilities.truncatesIdentifiersTo;
  if (limit === undefined) return { model, warnings: [] };
  const reported = new Set<string>();
  const warnings: string[] = [];
  const cut = (name: string): string => {
    const kept = truncateIdentifier(name, limit);
    if (kept !== name && !reported.has(name)) {
      reported.add(name);
      warnings.push(
        `the name "${name}" is longer than ${dialect.displayName}'s ${limit} bytes; the database keeps it as "${kept}", shorten it in the model`,
      );
    }
    return kept;
  };
  const cutOptional = (name: string | undefined) => (name === undefined ? undefined : cut(name));
  const cutAll = (names: readonly string[]) => names.map(cut);
  const cutPart = (part: IndexColumn): IndexColumn =>
    typeof part === "string"
      ? cut(part)
      : "column" in part && typeof part.column === "string"
        ? { ...part, column: cut(part.column) }
        : part;
  const table = (t: Table): Table => ({
    ...t,
    name: cut(t.name),
    columns: t.columns.map((c) => ({ ...c, name: cut(c.name) })),
    primaryKey: t.primaryKey && {
      ...t.primaryKey,
      name: cutOptional(t.primaryKey.name),
      columns: cutAll(t.primaryKey.columns),
    },
    uniques: t.uniques.map((u) => ({ ...u, name: cutOptional(u.name), columns: cutAll(u.columns) })),
    foreignKeys: t.foreignKeys.map((fk) => ({
      ...fk,
      name: cutOptional(fk.name),
      columns: cutAll(fk.columns),
      referencedTable: cut(fk.referencedTable),
      referencedColumns: cutAll(fk.referencedColumns),
    })),
    checks: t.checks.map((c) => ({ ...c, name: cutOptional(c.name) })),
    indexes: t.indexes.map((i) => ({ ...i, name: cut(i.name), columns: i.columns.map(cutPart) })),
  });
  const tables = model.tables.map(table);
  const enums = model.enums.map((e) => ({ ...e, name: cut(e.name) }));
  return { model: { ...model, tables, enums }, warnings };
}
