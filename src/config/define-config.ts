// `defineConfig` gives retort.config.ts its types; at run time it returns its argument unchanged.

import type { ConfigDefinition } from "./types.js";

export function defineConfig<T extends ConfigDefinition>(config: T): T {
  return config;
}
