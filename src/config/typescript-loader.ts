// Loads TypeScript configs, targets and revisions. jiti, loaded on first use through require() (its CommonJS
// build loads in about a third of the time import() takes, which pre-parses it for named exports), handles what
// the cached module bundle cannot: other TypeScript files a module imports, top-level await.

import { createRequire } from "node:module";
import { dirname } from "node:path";
import { cacheDir } from "./cache-dir.js";
import { loadBundle, type ModuleExports } from "./module-bundle.js";
import { PACKAGE_NAME, type PackageExports, runningExports } from "./running-package.js";

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

/**
 * Imports one TypeScript module (a config) afresh: from the module bundle in the project's cache folder, so a
 * config that imports only Retort never loads jiti; through jiti (with its file cache) when the bundle cannot
 * hold it, which also gives jiti's message for a file that fails.
 */
export async function importTypeScript(path: string): Promise<ModuleExports> {
  const jiti = (packageExports: PackageExports | undefined) =>
    createTypeScriptLoader({ fsCache: true, moduleCache: false }, packageExports);
  const folder = cacheDir(dirname(path));
  if (folder !== undefined) {
    try {
      const bundled = await loadBundle([path], folder, (packageExports) => {
        const loader = jiti(packageExports);
        return (id) => loader(id);
      });
      return bundled.get(path)!.exports;
    } catch {
      // Fall through to jiti.
    }
  }
  return (await jiti(await runningExports()).import(path)) as ModuleExports;
}
