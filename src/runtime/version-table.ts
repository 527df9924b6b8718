// Reading and moving the version table's rows, with Alembic's one-row checks on DELETE and UPDATE.

import type { Connection } from "../dialects/connection.js";
import type { DialectCore, VersionTableRef } from "../dialects/dialect.js";
import type { VersionChange } from "../graph/types.js";
import { VersionTableMismatchError } from "./errors.js";

/** The rows of the version table, sorted; undefined when the table does not exist (it is never created here). */
export async function readVersionRows(
  connection: Connection,
  dialect: DialectCore,
  table: VersionTableRef,
): Promise<string[] | undefined> {
  if (!(await dialect.versionTable.exists(connection, table))) return undefined;
  const rows = await connection.query<{ version_num: string }>(dialect.versionTable.selectSql(table));
  return rows.map((row) => row.version_num).sort();
}

/** The SQL text for one version change, as executed online and printed offline. */
export function versionChangeSql(
  dialect: DialectCore,
  table: VersionTableRef,
  change: VersionChange,
): string {
  switch (change.kind) {
    case "insert":
      return dialect.versionTable.insertSql(table, change.id);
    case "delete":
      return dialect.versionTable.deleteSql(table, change.id);
    case "update":
      return dialect.versionTable.updateSql(table, change.from, change.to);
  }
}

/** Checks a DELETE/UPDATE changed exactly one row, in Alembic's words. */
export function checkVersionRowCount(
  change: VersionChange,
  tableName: string,
  rowCount: number | undefined,
): void {
  if (change.kind === "insert" || rowCount === undefined || rowCount === 1) return;
  const what =
    change.kind === "delete" ? `deleting '${change.id}'` : `updating '${change.from}' to '${change.to}'`;
  throw new VersionTableMismatchError(
    `Online migration expected to match one row when ${what} in '${tableName}'; ${rowCount} found`,
    { hint: "another process changed the version table during the run; run `retort current` and re-plan" },
  );
}

/** The rows after applying `changes` to `rows`; used to track heads through a plan. */
export function applyVersionChanges(rows: Iterable<string>, changes: readonly VersionChange[]): Set<string> {
  const next = new Set(rows);
  for (const change of changes) {
    if (change.kind === "insert") next.add(change.id);
    else if (change.kind === "delete") next.delete(change.id);
    else {
      next.delete(change.from);
      next.add(change.to);
    }
  }
  return next;
}
