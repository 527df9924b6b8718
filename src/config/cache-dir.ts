// Where Retort keeps what it can rebuild at any time (revision headers, transpiled revisions): never among
// the project's own files. A project with node_modules keeps it there; one without (a fresh clone before
// `npm install`, a deploy image that copied only the migrations) uses a per-user folder keyed by its path.
// Every write prunes what it made stale (config/cache-prune.ts).

import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { pruneKind, sweepUserRoot } from "./cache-prune.js";

/** RETORT_CACHE_DIR if set, else node_modules/.cache/retort of the nearest node_modules at or above `rootDir`. */
function projectCacheDir(rootDir: string): string | undefined {
  if (process.env.RETORT_CACHE_DIR) return process.env.RETORT_CACHE_DIR;
  for (let dir = rootDir; ; dir = dirname(dir)) {
    const modules = join(dir, "node_modules");
    if (existsSync(modules)) return join(modules, ".cache", "retort");
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The folder for every user's caches: $XDG_CACHE_HOME/retort, else retort-<uid> in the OS temp folder, kept
 * private. A temp folder that is not the user's own (another user made it first) is not trusted, since a cached
 * bundle is code that runs: undefined then, and nothing is cached.
 */
function userCacheRoot(): string | undefined {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "retort");
  const uid = process.getuid?.();
  const root = join(tmpdir(), uid === undefined ? "retort-cache" : `retort-${uid}`);
  try {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const stat = lstatSync(root);
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) return undefined;
    // The user's own folder, opened up by hand or by another tool: made private again.
    if (uid !== undefined && (stat.mode & 0o077) !== 0) chmodSync(root, 0o700);
    return root;
  } catch {
    return undefined;
  }
}

/**
 * The cache folder of the project at `rootDir`: its own (projectCacheDir), else one in the per-user folder named
 * by a hash of the project's absolute path. Undefined only when no folder can be trusted.
 */
export function cacheDir(rootDir: string): string | undefined {
  const own = projectCacheDir(rootDir);
  if (own !== undefined) return own;
  const root = userCacheRoot();
  if (root === undefined) return undefined;
  const key = createHash("sha256").update(resolve(rootDir)).digest("hex").slice(0, 16);
  return join(root, `project-${key}`);
}

/** `<kind>-<hash of key>.json` in the project's cache folder; undefined when nothing may be cached. */
export function cacheFile(rootDir: string, kind: string, key: string): string | undefined {
  const dir = process.env.RETORT_NO_CACHE ? undefined : cacheDir(rootDir);
  if (dir === undefined) return undefined;
  return join(dir, `${kind}-${createHash("sha1").update(key).digest("hex").slice(0, 16)}.json`);
}

/** The entries of a cache file written in `format`: empty when it is missing, unreadable or of another format. */
export function readCacheFile<T>(file: string | undefined, format: number): Record<string, T> {
  if (file === undefined) return {};
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as { format: number; files: Record<string, T> };
    return data.format === format ? data.files : {};
  } catch {
    return {};
  }
}

/** Replaces a cache file in one rename; false if it could not be written, which only costs speed. */
export function writeCacheFile(file: string, format: number, entries: Record<string, unknown>): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ format, files: entries }));
    renameSync(temporary, file);
  } catch {
    return false;
  }
  pruneCache(file);
  return true;
}

/**
 * Called after a cache file or bundle `file` was written, never on a warm run: removes its kind's stale
 * files beside it, and, when its folder is a project's in the per-user root, that root's abandoned project
 * folders at most once a day. Never throws.
 */
export function pruneCache(file: string): void {
  pruneKind(file);
  const folder = dirname(file);
  if (!/^project-[0-9a-f]{16}$/.test(basename(folder))) return;
  const root = userCacheRoot();
  if (root !== undefined && dirname(folder) === root) sweepUserRoot(root, folder);
}
