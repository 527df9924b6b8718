// Where Retort keeps what it can rebuild at any time (revision headers, transpiled revisions): never among
// the project's own files.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** RETORT_CACHE_DIR if set, else node_modules/.cache/retort of the nearest node_modules at or above `rootDir`. */
export function projectCacheDir(rootDir: string): string | undefined {
  if (process.env.RETORT_CACHE_DIR) return process.env.RETORT_CACHE_DIR;
  for (let dir = rootDir; ; dir = dirname(dir)) {
    const modules = join(dir, "node_modules");
    if (existsSync(modules)) return join(modules, ".cache", "retort");
    if (dirname(dir) === dir) return undefined;
  }
}
