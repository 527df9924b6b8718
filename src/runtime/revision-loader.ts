// Loads revision modules without a build step: .js/.mjs always through native import(), never transpiled; the
// .ts/.mts/.cts files of a run from one cached bundle (config/module-bundle.ts), else one by one through jiti
// with its file cache (transpiled output keyed by content hash). Either way, `import … from "retort-migrate"`
// gives the running copy.

import { cacheDir } from "../config/cache-dir.js";
import {
  type BundledModule,
  type LoadBundleOptions,
  loadBundle,
  type ModuleExports,
} from "../config/module-bundle.js";
import { importNative } from "../config/native-import.js";
import { type PackageExports, runningExports } from "../config/running-package.js";
import { createTypeScriptLoader, type Jiti } from "../config/typescript-loader.js";
import { RevisionLoadError } from "./errors.js";

import type { MigrationFunction, RevisionModule } from "./revision-module.js";

/** One jiti per cache folder ("" when there is none, and jiti caches nothing on disk). */
const jitiByCacheDir = new Map<string, Jiti>();

function jitiFor(rootDir: string, packageExports: PackageExports | undefined): Jiti {
  const folder = cacheDir(rootDir) ?? "";
  let jiti = jitiByCacheDir.get(folder);
  if (!jiti) {
    jiti = createTypeScriptLoader(
      { fsCache: folder === "" ? false : folder, moduleCache: true, interopDefault: true },
      packageExports,
    );
    jitiByCacheDir.set(folder, jiti);
  }
  return jiti;
}

const isTypeScript = (path: string): boolean => /\.[cm]?ts$/.test(path);

/**
 * Files outside the bundle load this many at a time. Node's ES module loader holds everything of an import() in
 * flight (the file's handle, its source, its load job) until it is linked: a run of 1,000 .mjs revisions peaked at
 * 121 MB loading them all at once, 94 MB in groups of 64, with no more CPU time (bench/RESULTS.md, 2026-12-06).
 */
const LOAD_GROUP = 64;

/** The upgrade/downgrade functions among a revision file's exports. */
function revisionModule(loaded: ModuleExports, checksum?: string): RevisionModule {
  const pick = (name: string): MigrationFunction | undefined => {
    const value = loaded[name];
    return typeof value === "function" ? (value as MigrationFunction) : undefined;
  };
  return { upgrade: pick("upgrade"), downgrade: pick("downgrade"), checksum };
}

/** Imports one revision file and returns its upgrade/downgrade functions. */
export async function loadRevisionModule(path: string, rootDir: string): Promise<RevisionModule> {
  let loaded: ModuleExports;
  try {
    if (isTypeScript(path)) {
      loaded = (await jitiFor(rootDir, await runningExports()).import(path)) as ModuleExports;
    } else {
      loaded = (await importNative(path)) as ModuleExports;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new RevisionLoadError(`Cannot load revision file ${path}: ${reason}`, { cause: error });
  }
  return revisionModule(loaded);
}

/**
 * Loads every file of a run. TypeScript files come from one cached bundle when possible (the fast path for large
 * runs), else one by one, which also gives the precise error for a file that cannot be loaded. `bundle` passes
 * on what the caller knows of the files and when the bundle's code cache is to be written.
 */
export async function loadRevisionModules(
  paths: readonly string[],
  rootDir: string,
  bundle: LoadBundleOptions = {},
): Promise<Map<string, RevisionModule>> {
  const typescript = paths.filter(isTypeScript);
  const bundleDir = typescript.length > 0 ? cacheDir(rootDir) : undefined;
  let bundled = new Map<string, BundledModule>();
  if (bundleDir !== undefined && process.env.RETORT_NO_BUNDLE !== "1") {
    try {
      // jiti is loaded only if a revision requires something other than Retort.
      bundled = await loadBundle(
        typescript,
        bundleDir,
        (packageExports) => jitiFor(rootDir, packageExports) as unknown as (id: string) => unknown,
        bundle,
      );
    } catch {
      // Fall through: the per-file path reports what is wrong with which file.
    }
  }
  const modules = new Map<string, RevisionModule>();
  const unbundled: string[] = [];
  for (const path of paths) {
    const module = bundled.get(path);
    if (module === undefined) unbundled.push(path);
    else modules.set(path, revisionModule(module.exports, module.checksum));
  }
  for (let start = 0; start < unbundled.length; start += LOAD_GROUP) {
    const group = unbundled.slice(start, start + LOAD_GROUP);
    const loaded = await Promise.all(group.map((path) => loadRevisionModule(path, rootDir)));
    for (const [index, path] of group.entries()) modules.set(path, loaded[index]!);
  }
  return new Map(paths.map((path) => [path, modules.get(path)!]));
}
