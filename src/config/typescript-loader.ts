// jiti, the loader for TypeScript configs and revisions, loaded on first use through require(): its CommonJS
// build loads in about a third of the time import() takes, which pre-parses it for named exports.

import { createRequire } from "node:module";
import { PACKAGE_NAME, type PackageExports } from "./running-package.js";

type JitiModule = typeof import("jiti");
export type Jiti = import("jiti").Jiti;
export type JitiOptions = NonNullable<Parameters<JitiModule["createJiti"]>[1]>;

let loaded: JitiModule | undefined;

/**
 * A jiti in which `import … from "retort-migrate"` gives `packageExports` (see running-package.ts) as a virtual
 * module: the running copy itself, not a second copy transpiled from its files.
 */
export function createTypeScriptLoader(
  options: JitiOptions,
  packageExports: PackageExports | undefined,
): Jiti {
  loaded ??= createRequire(import.meta.url)("jiti") as JitiModule;
  return loaded.createJiti(import.meta.url, {
    ...options,
    virtualModules: packageExports === undefined ? {} : { [PACKAGE_NAME]: packageExports },
  });
}
