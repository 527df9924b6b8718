// jiti, the loader for TypeScript configs and revisions, loaded on first use through require(): its CommonJS
// build loads in about a third of the time import() takes, which pre-parses it for named exports.

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

type JitiModule = typeof import("jiti");
export type Jiti = import("jiti").Jiti;
export type JitiOptions = NonNullable<Parameters<JitiModule["createJiti"]>[1]>;

let loaded: JitiModule | undefined;

/**
 * This package's entry point, so that `import … from "retort-migrate"` in a config, a target schema or a
 * revision finds the running copy, also where the project has not installed the package itself.
 */
export function packageAlias(): Record<string, string> {
  for (const entry of ["../index.js", "../index.ts"]) {
    const path = fileURLToPath(new URL(entry, import.meta.url));
    if (existsSync(path)) return { "retort-migrate": path };
  }
  return {};
}

export function createTypeScriptLoader(options: JitiOptions): Jiti {
  loaded ??= createRequire(import.meta.url)("jiti") as JitiModule;
  return loaded.createJiti(import.meta.url, { ...options, alias: { ...packageAlias(), ...options.alias } });
}
