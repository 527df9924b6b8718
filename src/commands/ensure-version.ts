// `retort ensure-version`: create the version table if it is missing, and nothing else.

import type { ResolvedConfig } from "../config/types.js";
import { dialectForUrl } from "../dialects/index.js";
import { databaseTarget, type LockWaitOptions } from "../runtime/database-target.js";
import { ensureVersionTableOnline } from "../runtime/online.js";

export interface EnsureVersionOptions extends LockWaitOptions {
  /** Print the CREATE TABLE instead of running it; no connection is opened. */
  readonly sql?: boolean;
}

export type EnsureVersionResult =
  | { readonly mode: "online"; readonly created: boolean; readonly versionTable: string }
  | { readonly mode: "offline"; readonly sql: string; readonly versionTable: string };

export async function ensureVersion(
  config: ResolvedConfig,
  options: EnsureVersionOptions = {},
): Promise<EnsureVersionResult> {
  const target = databaseTarget(config, "ensure-version", options);
  const dialect = await dialectForUrl(target.url);
  const table = target.versionTable;
  const versionTable = dialect.versionTable.name(table);
  if (options.sql)
    return { mode: "offline", sql: `${dialect.versionTable.createSql(table)};\n\n`, versionTable };
  return { mode: "online", created: await ensureVersionTableOnline(target), versionTable };
}
