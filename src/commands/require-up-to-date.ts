// Autogenerate and check compare the target with the database as it is; that is only right when the database
// is at the graph's heads. Otherwise a new revision would repeat what an unapplied one already does (Alembic:
// "Target database is not up to date.").

import type { ResolvedConfig } from "../config/types.js";
import type { Connection } from "../dialects/connection.js";
import type { Dialect } from "../dialects/dialect.js";
import { RetortError } from "../errors.js";
import type { RevisionMap } from "../graph/revision-map.js";
import { checkKnownRows, describeHeads } from "../runtime/database-target.js";
import { readVersionRows } from "../runtime/version-table.js";

/** The database (or the heads `--from-heads` assumes) is not at the graph's heads; nothing was written. */
export class DatabaseNotUpToDateError extends RetortError {
  constructor(
    readonly databaseHeads: readonly string[],
    readonly graphHeads: readonly string[],
    source: string,
    hint: string,
  ) {
    super(
      `Target database is not up to date: ${source} at ${describeHeads(databaseHeads)}, the revision files' heads are ${describeHeads(graphHeads)}; nothing was written`,
      { hint },
    );
  }
}

export interface UpToDateOptions {
  /** `revision --autogenerate --sql`: the printed SQL may be for another database than the one compared. */
  readonly sql?: boolean;
  /** Identifiers of the heads to assume instead of the version table's rows (`--from-heads a,b`). */
  readonly fromHeads?: readonly string[];
}

/**
 * Throws DatabaseNotUpToDateError unless the version table (or `fromHeads`) is at the graph's heads, that is,
 * upgrading to `heads` would run nothing.
 */
export async function requireUpToDate(
  config: ResolvedConfig,
  map: RevisionMap,
  connection: Connection,
  dialect: Dialect,
  options: UpToDateOptions = {},
): Promise<void> {
  const table = { name: config.versionTable, schema: config.versionTableSchema };
  let heads: string[];
  if (options.fromHeads === undefined) {
    heads = (await readVersionRows(connection, dialect, table)) ?? [];
    checkKnownRows(heads, (id) => map.isKnown(id), dialect.versionTable.name(table));
  } else {
    heads = [...new Set(options.fromHeads.flatMap((ident) => map.resolve(ident)))].sort();
  }
  if (map.planUpgrade(heads, "heads").steps.length === 0) return;
  const graphHeads = map.resolve("heads");
  if (options.fromHeads !== undefined) {
    throw new DatabaseNotUpToDateError(
      heads,
      graphHeads,
      "--from-heads assumes the database",
      "give --from-heads the heads the SQL will be run on, after every revision file has been applied there",
    );
  }
  throw new DatabaseNotUpToDateError(
    heads,
    graphHeads,
    "the version table is",
    options.sql
      ? "run `retort upgrade heads` first, or say which heads the SQL assumes with --from-heads REV[,REV]"
      : "run `retort upgrade heads` first, then compare again",
  );
}
