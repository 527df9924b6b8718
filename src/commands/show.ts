// `retort show REV`: the verbose form of each revision REV names; `current` reads the database.

import type { ResolvedConfig } from "../config/types.js";
import { ScriptDirectory } from "../script/script-directory.js";

export async function show(config: ResolvedConfig, rev: string) {
  const directory = ScriptDirectory.load(config);
  const ids =
    rev === "current"
      ? await (await import("./current.js")).currentRevisionIds(config, directory)
      : directory.map.resolve(rev);
  return { directory, scripts: ids.map((id) => directory.script(id)) };
}
