// Loads TypeScript modules (a run's revision files, a config) as one cached bundle: each file is transpiled to
// CommonJS (typescript-transpiler.ts), wrapped in a function, and the lot written to one file keyed by the files'
// paths, sizes, change times and inodes. A repeated run stats the files and runs one script instead of compiling a
// thousand, with V8's code cache for it beside it (`.v8`), so even that script is not parsed again.
// `require("retort-migrate")` in a bundled file gives the running copy's module itself, as native import() does;
// the package is imported only when some bundled file requires anything at all.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { pruneCache } from "./cache-dir.js";
import { bytesChecksum } from "./file-checksum.js";
import { PACKAGE_NAME, type PackageExports, runningExports } from "./running-package.js";
import { transpileTypeScript } from "./typescript-transpiler.js";

/** A module's exports, as its code left them. */
export type ModuleExports = Record<string, unknown>;

/** A module loaded from a bundle, and the checksum (file-checksum.ts) of the bytes its code was built from. */
export interface BundledModule {
  readonly exports: ModuleExports;
  readonly checksum: string;
}

/** What loads an id a bundled file requires (other than Retort itself), given the package's exports. */
export type RequireFallback = (packageExports: PackageExports | undefined) => (id: string) => unknown;

interface BundleEntry {
  readonly path: string;
  /** Bundle line on which the file's line 1 sits. */
  readonly firstLine: number;
  readonly lines: number;
  /** Whether the file's code calls require (an import that is not type-only). */
  readonly requires: boolean;
  /** The file's checksum, taken of the bytes the bundle was built from: a run records it without a read. */
  readonly checksum: string;
}

/** Bundles loaded in this process, so an error's bundle line can be mapped back to its file and line. */
const loadedBundles = new Map<string, readonly BundleEntry[]>();

/** What a bundle's key holds of each file: the fields a stat gives that an edit cannot put back. */
export interface BundleFileStat {
  readonly size: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

export interface LoadBundleOptions {
  /** The stat a caller already took of a file (the script directory's), which spares a second one. */
  readonly knownStat?: (path: string) => BundleFileStat | undefined;
  /**
   * Leave V8's code cache to saveCodeCaches(), called once the loaded functions ran: V8 compiles a function on its
   * first call, and only a cache made after that call holds its code.
   */
  readonly deferCodeCache?: boolean;
}

/** Code caches of bundles loaded with deferCodeCache, not yet written. */
const unsavedCodeCaches: (() => void)[] = [];

/** Writes the code caches put off by loadBundle's deferCodeCache; each is written at most once. */
export function saveCodeCaches(): void {
  for (const save of unsavedCodeCaches.splice(0)) save();
}

/** Maps `bundlePath:line` in a stack to the file's own line, if `path` is the file at that line. */
export function bundleLine(stack: string, path: string): number | undefined {
  for (const [bundlePath, entries] of loadedBundles) {
    const entry = entries.find((candidate) => candidate.path === path);
    if (!entry) continue;
    const pattern = new RegExp(`${bundlePath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+)`, "g");
    for (const match of stack.matchAll(pattern)) {
      const line = Number(match[1]);
      if (line >= entry.firstLine && line < entry.firstLine + entry.lines) return line - entry.firstLine + 1;
    }
  }
  return undefined;
}

function bundleKey(paths: readonly string[], knownStat: LoadBundleOptions["knownStat"]): string {
  const hash = createHash("sha256").update("retort-bundle-v4\n");
  for (const path of paths) {
    // The change time, unlike the modification time, cannot be set back (see script/header-cache.ts).
    const stat = knownStat?.(path) ?? statSync(path);
    hash.update(`${path}\u0000${stat.size}\u0000${stat.ctimeMs}\u0000${stat.ino}\n`);
  }
  return hash.digest("hex").slice(0, 32);
}

function writeBundle(file: string, paths: readonly string[]): BundleEntry[] {
  const parts = ["(function (define) {\n"];
  let line = 2;
  const entries: BundleEntry[] = [];
  for (const path of paths) {
    const bytes = readFileSync(path);
    const code = transpileTypeScript(bytes.toString("utf8"), path);
    parts.push(
      `define(${JSON.stringify(path)}, function (exports, require, module, __filename, __dirname) {\n`,
    );
    const lines = code.split("\n").length;
    entries.push({
      path,
      firstLine: line + 1,
      lines,
      requires: code.includes("require("),
      checksum: bytesChecksum(bytes),
    });
    parts.push(code, "\n});\n");
    line += lines + 2;
  }
  parts.push("})\n");
  mkdirSync(dirname(file), { recursive: true });
  // The entries first: a run that finds the bundle also finds its entries.
  writeWhole(`${file}.json`, JSON.stringify(entries));
  writeWhole(file, parts.join(""));
  pruneCache(file);
  return entries;
}

/** Writes `data` to `file` through a temporary file, so a concurrent run never reads half of it. */
function writeWhole(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

/** Runs the bundle `file`, with V8's code cache from `file`.v8 when there is a valid one; returns its function. */
function runBundle(file: string): { install: Install; saveCodeCache: () => void } {
  const codeCache = `${file}.v8`;
  const cachedData = existsSync(codeCache) ? readFileSync(codeCache) : undefined;
  const script = new Script(readFileSync(file, "utf8"), { filename: file, cachedData });
  const install = script.runInThisContext() as Install;
  return {
    install,
    // Called after the factories ran, so the cache holds their compiled code too.
    saveCodeCache: () => {
      if (cachedData !== undefined && !script.cachedDataRejected) return;
      try {
        writeWhole(codeCache, script.createCachedData());
      } catch {
        // A cache that cannot be written only costs speed.
      }
    },
  };
}

type Install = (define: (path: string, factory: (...args: unknown[]) => void) => void) => void;

/**
 * Loads `paths` from one bundle in `cacheDir`, building it first when missing. Throws if a file cannot be
 * bundled (top-level await, syntax error); the caller then loads files one by one for a precise error.
 * `fallback` loads what a bundled file requires, other than Retort itself (jiti, for helpers in TypeScript).
 */
export async function loadBundle(
  paths: readonly string[],
  cacheDir: string,
  fallback: RequireFallback,
  options: LoadBundleOptions = {},
): Promise<Map<string, BundledModule>> {
  const file = join(cacheDir, `modules-${bundleKey(paths, options.knownStat)}.cjs`);
  const entries =
    existsSync(file) && existsSync(`${file}.json`)
      ? (JSON.parse(readFileSync(`${file}.json`, "utf8")) as BundleEntry[])
      : writeBundle(file, paths);
  const packageExports = entries.some((entry) => entry.requires) ? await runningExports() : undefined;
  const factories = new Map<string, (...args: unknown[]) => void>();
  const { install, saveCodeCache } = runBundle(file);
  install((path, factory) => factories.set(path, factory));
  loadedBundles.set(file, entries);
  let other: ((id: string) => unknown) | undefined;
  const loadOther = (id: string): unknown => {
    other ??= fallback(packageExports);
    return other(id);
  };
  const modules = new Map<string, BundledModule>();
  for (const [index, path] of paths.entries()) {
    const factory = factories.get(path);
    const entry = entries[index];
    if (!factory || entry?.path !== path) throw new Error(`bundle ${file} lacks ${path}`);
    const module = { exports: {} as ModuleExports };
    // A file may import helpers written in TypeScript: hand requires to the fallback.
    const require = (id: string) =>
      id === PACKAGE_NAME && packageExports !== undefined
        ? packageExports
        : loadOther(id.startsWith(".") ? join(dirname(path), id) : createRequire(path).resolve(id));
    factory.call(module.exports, module.exports, require, module, path, dirname(path));
    modules.set(path, { exports: module.exports, checksum: entry.checksum });
  }
  if (options.deferCodeCache) unsavedCodeCaches.push(saveCodeCache);
  else saveCodeCache();
  return modules;
}
