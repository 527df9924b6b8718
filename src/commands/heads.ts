// `retort heads`: the graph's heads, with or without those that other revisions depend on.

import type { ResolvedConfig } from "../config/types.js";
import { ScriptDirectory } from "../script/script-directory.js";

export interface HeadsOptions {
  /** Leave out effective heads: heads that another revision depends on. */
  readonly resolveDependencies?: boolean;
}

export function heads(config: ResolvedConfig, options: HeadsOptions = {}) {
  const directory = ScriptDirectory.load(config);
  const ids = options.resolveDependencies ? directory.map.realHeads() : directory.map.heads();
  return { directory, heads: ids.map((id) => directory.script(id)) };
}
