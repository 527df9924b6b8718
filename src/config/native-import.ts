// Native import() of a .js/.mjs config, target schema or revision, with `import … from "retort-migrate"` resolved
// to the running copy as jiti does for TypeScript. That takes a resolve hook (package-alias-hooks.ts) registered
// with module.register, which starts Node's loader thread: tens of milliseconds, and every later import pays a
// round trip to it. So it is registered once, and only for a file that may import the package (its text has an
// import, a require or a re-export) from a folder where Node would not find the running copy anyway.

import { readFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { PackageAliasData } from "./package-alias-hooks.js";
import { PACKAGE_NAME, runningEntry } from "./running-package.js";

/** Anything through which a module can load another one (`import`, `import()`, `require`, `export … from`). */
const LOADS_A_MODULE = /\bimport\b|\brequire\b|\bfrom\s*["']|\bgetBuiltinModule\b/;

type HookState = "none" | "registered" | "unavailable";
let hook: HookState = "none";

/** Per folder: whether Node's own resolution of the package from there already gives the running copy. */
const findsRunningCopy = new Map<string, boolean>();

function resolvesToRunningCopy(folder: string, entry: string): boolean {
  let found = findsRunningCopy.get(folder);
  if (found === undefined) {
    try {
      found = nodeModule.createRequire(join(folder, "index.js")).resolve(PACKAGE_NAME) === entry;
    } catch {
      found = false;
    }
    findsRunningCopy.set(folder, found);
  }
  return found;
}

function mayImportPackage(path: string): boolean {
  try {
    return LOADS_A_MODULE.test(readFileSync(path, "utf8"));
  } catch {
    return false; // import() says what is wrong with the file
  }
}

/** Registers the hook if `path` needs it and it is not yet registered. */
function aliasFor(path: string): void {
  if (hook !== "none") return;
  const entry = runningEntry();
  // From source (src/index.ts) there is nothing Node could import natively; the tests run the built CLI.
  if (entry === undefined || !entry.endsWith(".js")) return;
  // The folder's answer is cached, so it goes first: in a project that has the package installed no file is read.
  if (resolvesToRunningCopy(dirname(path), entry) || !mayImportPackage(path)) return;
  // Node 20.0–20.5 has no module.register.
  if (typeof nodeModule.register !== "function") {
    hook = "unavailable";
    return;
  }
  const data: PackageAliasData = { specifier: PACKAGE_NAME, url: pathToFileURL(entry).href };
  nodeModule.register(new URL("./package-alias-hooks.js", import.meta.url), { data });
  hook = "registered";
}

function isPackageNotFound(error: unknown): boolean {
  return (
    (error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND" &&
    String((error as { message?: unknown }).message).includes(`'${PACKAGE_NAME}'`)
  );
}

/** Imports the file at `path` (by `url`, which may carry a query) natively, lending it the running copy. */
export async function importNative(path: string, url = pathToFileURL(path).href): Promise<unknown> {
  aliasFor(path);
  try {
    return await import(url);
  } catch (error) {
    if (hook === "unavailable" && isPackageNotFound(error)) {
      throw new Error(
        `Cannot find package '${PACKAGE_NAME}': Node ${process.versions.node} has no module.register (added in 20.6), so Retort cannot lend a .js/.mjs file its running copy; install ${PACKAGE_NAME} in the project, use a .ts file, or use Node 20.6 or later`,
        { cause: error },
      );
    }
    throw error;
  }
}
