// `retort ensure-version`: create the version table if it is missing, and nothing else.

import type { ResolvedConfig } from "../config/types.js";
import { dialectForUrl } from "../dialects/index.js";
import { databaseTarget, requireUrl } from "../runtime/database-target.js";
import { ensureVersionTableOnline } from "../runtime/online.js";

export type EnsureVersionResult =
  | { readonly mode: "online"; readonly created: boolean; readonly versionTable: string }
  | { readonly mode: "offline"; readonly sql: string; readonly versionTable: string };

export async function ensureVersion(
  config: ResolvedConfig,
  options: { readonly sql?: boolean } = {},
): Promise<EnsureVersionResult> {
  const dialect = await dialectForUrl(requireUrl(config));
  const table = { name: config.versionTable, schema: config.versionTableSchema };
  const versionTable = dialect.versionTable.name(table);
  if (options.sql)
    return { mode: "offline", sql: `${dialect.versionTable.createSql(table)};\n\n`, versionTable };
  return {
    mode: "online",
    created: await ensureVersionTableOnline(databaseTarget(config, "ensure-version")),
    versionTable,
  };
}
