// `retort show REV`: the verbose form of each revision REV names; `current` reads the database.

import type { ResolvedConfig } from "../config/types.js";
import { RetortError } from "../errors.js";
import { ScriptDirectory } from "../script/script-directory.js";

export async function show(config: ResolvedConfig, rev: string) {
  const directory = ScriptDirectory.load(config);
  let ids: readonly string[];
  if (rev === "current") {
    const { readCurrentHeads } = await import("./current.js");
    const rows = await readCurrentHeads(config);
    if (rows.length === 0) throw new RetortError("No current revisions", { hint: "the database is at base" });
    ids = directory.map.currentDisplay(rows).map((entry) => entry.id);
  } else {
    ids = directory.map.resolve(rev);
  }
  return { directory, scripts: ids.map((id) => directory.script(id)) };
}
