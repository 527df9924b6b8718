// jiti, the loader for TypeScript configs and revisions, loaded on first use through require(): its CommonJS
// build loads in about a third of the time import() takes, which pre-parses it for named exports.

import { createRequire } from "node:module";

type JitiModule = typeof import("jiti");
export type Jiti = import("jiti").Jiti;
export type JitiOptions = NonNullable<Parameters<JitiModule["createJiti"]>[1]>;

let loaded: JitiModule | undefined;

export function createTypeScriptLoader(options: JitiOptions): Jiti {
  loaded ??= createRequire(import.meta.url)("jiti") as JitiModule;
  return loaded.createJiti(import.meta.url, options);
}
