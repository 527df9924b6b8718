// The revision graph of a project kept between runs: every file's name and stat numbers, its header, and the
// links of the graph built from them. While every file keeps its size, modification time, change time and inode,
// a load restores the graph from here instead of reading headers and validating the graph again. Stored in
// columns, so that reading it is one JSON.parse of arrays. Anything unreadable or out of shape is a miss.

import { cacheFile, readCacheFile, writeCacheFile } from "../config/cache-dir.js";
import type { GraphLinks } from "../graph/index.js";
import { retortVersion } from "../runtime/history-entry.js";

/** Bumped whenever the stored shape changes, so that an older snapshot is a miss. */
const FORMAT = 1;

/** The stat numbers a snapshot compares: a Stats object fits. */
export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/** What a snapshot keeps of a revision file's header. */
export interface SnapshotScript {
  readonly id: string;
  readonly downRevisions: readonly string[];
  readonly dependsOn: readonly string[];
  readonly branchLabels: readonly string[];
  readonly replaces: readonly string[];
  readonly doc: string;
}

/** A snapshot as stored: one entry per file, in load order (location by location, names sorted). */
export interface GraphSnapshot {
  /** How many files each version location holds. */
  readonly counts: readonly number[];
  readonly names: readonly string[];
  readonly size: readonly number[];
  readonly mtime: readonly number[];
  readonly ctime: readonly number[];
  readonly ino: readonly number[];
  readonly ids: readonly string[];
  readonly down: readonly (readonly string[])[];
  readonly doc: readonly string[];
  /** Sparse, by file position: most revisions have none. */
  readonly dependsOn: Readonly<Record<string, readonly string[]>>;
  readonly branchLabels: Readonly<Record<string, readonly string[]>>;
  readonly replaces: Readonly<Record<string, readonly string[]>>;
  readonly links: GraphLinks;
}

/** The snapshot file of these version locations; undefined when nothing may be cached. */
export function graphSnapshotFile(locations: readonly string[], rootDir: string): string | undefined {
  return cacheFile(rootDir, "graph", JSON.stringify([locations, retortVersion(), FORMAT]));
}

/**
 * The stored snapshot if it describes exactly these files, `names` per location with their `stats` in the
 * same order; undefined otherwise. The graph links are checked by the graph when it restores from them.
 */
export function readGraphSnapshot(
  file: string | undefined,
  names: readonly (readonly string[])[],
  stats: readonly (FileStat | undefined)[],
): GraphSnapshot | undefined {
  const stored = (readCacheFile<unknown>(file, FORMAT) ?? {}) as Partial<
    Record<keyof GraphSnapshot, unknown>
  >;
  const { counts, size, mtime, ctime, ino, ids, down, doc } = stored;
  const total = stats.length;
  if (!Array.isArray(counts) || counts.length !== names.length) return undefined;
  for (let i = 0; i < names.length; i++) if (counts[i] !== names[i]!.length) return undefined;
  if (!isArray(stored.names, total) || !isArray(ids, total) || !isArray(down, total) || !isArray(doc, total))
    return undefined;
  if (!isArray(size, total) || !isArray(mtime, total) || !isArray(ctime, total) || !isArray(ino, total))
    return undefined;
  let at = 0;
  for (const list of names) {
    for (const name of list) {
      const stat = stats[at];
      if (stat === undefined || stored.names[at] !== name || size[at] !== stat.size) return undefined;
      if (mtime[at] !== stat.mtimeMs || ctime[at] !== stat.ctimeMs || ino[at] !== stat.ino) return undefined;
      if (typeof ids[at] !== "string" || typeof doc[at] !== "string" || !isStrings(down[at]))
        return undefined;
      at++;
    }
  }
  for (const column of [stored.dependsOn, stored.branchLabels, stored.replaces]) {
    if (typeof column !== "object" || column === null || Array.isArray(column)) return undefined;
    for (const [key, value] of Object.entries(column)) {
      if (!(Number(key) < total) || !isStrings(value)) return undefined;
    }
  }
  if (typeof stored.links !== "object" || stored.links === null) return undefined;
  return stored as GraphSnapshot;
}

/** Stores the snapshot of a load that built its graph; errors are ignored, since a miss only costs speed. */
export function writeGraphSnapshot(
  file: string | undefined,
  names: readonly (readonly string[])[],
  stats: readonly (FileStat | undefined)[],
  scripts: readonly SnapshotScript[],
  links: GraphLinks,
): void {
  if (file === undefined || stats.some((stat) => stat === undefined)) return;
  const known = stats as readonly FileStat[];
  const sparse = (list: (script: SnapshotScript) => readonly string[]) => {
    const column: Record<string, readonly string[]> = {};
    scripts.forEach((script, at) => {
      if (list(script).length > 0) column[at] = list(script);
    });
    return column;
  };
  const snapshot: GraphSnapshot = {
    counts: names.map((list) => list.length),
    names: names.flat(),
    size: known.map((stat) => stat.size),
    mtime: known.map((stat) => stat.mtimeMs),
    ctime: known.map((stat) => stat.ctimeMs),
    ino: known.map((stat) => stat.ino),
    ids: scripts.map((script) => script.id),
    down: scripts.map((script) => script.downRevisions),
    doc: scripts.map((script) => script.doc),
    dependsOn: sparse((script) => script.dependsOn),
    branchLabels: sparse((script) => script.branchLabels),
    replaces: sparse((script) => script.replaces),
    links,
  };
  writeCacheFile(file, FORMAT, snapshot as unknown as Record<string, unknown>);
}

function isArray(value: unknown, length: number): value is unknown[] {
  return Array.isArray(value) && value.length === length;
}

function isStrings(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== "string") return false;
  return true;
}
