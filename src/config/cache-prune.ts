// Keeps Retort's cache folders from growing without bound. A cache file's name holds a hash of its key, so a
// changed key (another version location, a moved project, a new bundle format) leaves the old file behind; and
// the per-user folder gains a `project-<hash>` folder for every project path ever run. Pruning runs only after
// a cache file was written (a cache miss), so a warm run never pays for it; every failure is ignored, since a
// file left behind only costs disk.
//
// "Last used" is the later of a file's modification and access times. Reads do not touch files (a syscall on
// every warm run, for this alone); the kernel's relatime, Linux's default, already moves the access time on
// the first read of each day. On a noatime mount it is the time of the last write.

import { readdirSync, rmSync, type Stats, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const DAY_MS = 24 * 60 * 60 * 1000;

/** An entry unused this long is removed, whatever else is kept. */
export const STALE_MS = 30 * DAY_MS;

/**
 * How many entries of one kind a folder keeps beyond those in recent use: enough to switch between a few
 * branches or plans after a pause without rebuilding, while a bundle of a thousand revisions is a few megabytes.
 */
export const KEEP_NEWEST = 4;

/**
 * An entry used within this long is never removed for being beyond KEEP_NEWEST: a project with more version
 * locations than that, or a config bundle next to many plans' bundles, must not evict its own files on every
 * run. Two days because relatime may leave an access time up to a day old after a read.
 */
export const RECENT_MS = 2 * DAY_MS;

/** A `.tmp` younger than this may belong to a running process that is about to rename it. */
export const TEMPORARY_MS = 60 * 1000;

/** The per-user root is swept at most this often, judged by its stamp file's modification time. */
export const SWEEP_EVERY_MS = DAY_MS;

/** The stamp file in the per-user root whose modification time records the last sweep. */
export const SWEEP_STAMP = "pruned.stamp";

const lastUsed = (stat: Stats): number => Math.max(stat.mtimeMs, stat.atimeMs);

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already, or not ours to remove: it only costs disk.
  }
}

/**
 * After `file` (`<kind>-<hex><ext>`) was written: removes the other entries of its kind in its folder that are
 * stale (unused for STALE_MS) or beyond the KEEP_NEWEST most recently used (and not used within RECENT_MS), and
 * `.tmp` files of its kind older than TEMPORARY_MS. An entry is a file of that kind and hash length with the
 * same extension, together with its companions (`<name>.json`, `<name>.v8`). One readdir of the folder, and a
 * stat for each file of the kind; files of other kinds and names Retort does not make are never looked at.
 */
export function pruneKind(file: string, now = Date.now()): void {
  const name = basename(file);
  const parts = /^(.+)-([0-9a-f]+)(\.[a-z0-9]+)$/.exec(name);
  if (parts === null) return;
  const [, kind, hash, extension] = parts as unknown as [string, string, string, string];
  const dir = dirname(file);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const member = new RegExp(
    `^(${escapeRegExp(kind)}-[0-9a-f]{${hash.length}}${escapeRegExp(extension)})((?:\\.[a-z0-9]+)*)$`,
  );
  const entries = new Map<string, { files: string[]; used: number }>();
  for (const candidate of names) {
    const match = member.exec(candidate);
    if (match === null) continue;
    const stat = statOrUndefined(join(dir, candidate));
    if (stat === undefined || !stat.isFile()) continue;
    if (candidate.endsWith(".tmp")) {
      if (now - stat.mtimeMs > TEMPORARY_MS) removeQuietly(join(dir, candidate));
      continue;
    }
    const entryName = match[1] as string;
    if (entryName === name) continue;
    const entry = entries.get(entryName) ?? { files: [], used: 0 };
    entry.files.push(candidate);
    entry.used = Math.max(entry.used, lastUsed(stat));
    entries.set(entryName, entry);
  }
  // The file just written is the newest; KEEP_NEWEST counts it.
  const others = [...entries.values()].sort((a, b) => b.used - a.used);
  others.forEach((entry, index) => {
    const unused = now - entry.used;
    const beyondNewest = index + 1 >= KEEP_NEWEST && unused > RECENT_MS;
    if (unused > STALE_MS || beyondNewest) {
      for (const companion of entry.files) removeQuietly(join(dir, companion));
    }
  });
}

/**
 * In the per-user cache root `root` (one Retort made and checked as its user's own), removes the
 * `project-<hash>` folders, other than `current`, in which nothing was used for STALE_MS: the projects that
 * were deleted, moved or given a node_modules. At most once per SWEEP_EVERY_MS; the stamp is moved before the
 * sweep, so concurrent runs do not all sweep.
 */
export function sweepUserRoot(root: string, current: string, now = Date.now()): void {
  const stampPath = join(root, SWEEP_STAMP);
  const stamp = statOrUndefined(stampPath);
  if (stamp !== undefined && now - stamp.mtimeMs < SWEEP_EVERY_MS) return;
  try {
    if (stamp === undefined) writeFileSync(stampPath, "");
    utimesSync(stampPath, now / 1000, now / 1000);
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      // A symbolic link is not a folder Retort made; it is never followed.
      if (!entry.isDirectory() || !/^project-[0-9a-f]{16}$/.test(entry.name)) continue;
      const folder = join(root, entry.name);
      if (folder !== current && unusedSince(folder, now - STALE_MS)) {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  } catch {
    // A root that cannot be swept only costs disk.
  }
}

/**
 * Whether nothing in `folder`, at any depth and the folder itself included, was used after `since`. A folder
 * counts by its modification time only: reading it, as this does, moves its access time.
 */
function unusedSince(folder: string, since: number): boolean {
  const own = statOrUndefined(folder);
  if (own === undefined || own.mtimeMs > since) return false;
  try {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!unusedSince(path, since)) return false;
        continue;
      }
      const stat = statOrUndefined(path);
      if (stat === undefined || lastUsed(stat) > since) return false;
    }
    return true;
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
