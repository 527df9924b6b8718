// The revision graph of a project kept between runs: every file's name and stat numbers, its header, and the
// links of the graph built from them. While every file keeps its size, modification time, change time and inode,
// a load restores the graph from here instead of reading headers and validating the graph again. Stored as a few
// long strings and arrays of numbers, so that reading it is one cheap JSON.parse. Anything unreadable or out of
// shape is a miss.

import { cacheFile, readCacheFile, writeCacheFile } from "../config/cache-dir.js";
import type { GraphLinks } from "../graph/index.js";
import type { FileIdentity } from "../runtime/events.js";
import { retortVersion } from "../version.js";

/** Bumped whenever the stored shape changes, so that an older snapshot is a miss. */
const FORMAT = 1;

/** Joins file names: no file name holds a slash. */
const NAME_SEPARATOR = "/";
/** Joins messages: a message is the first line of a doc block. */
const DOC_SEPARATOR = "\n";

/** The stat numbers a snapshot compares: a Stats object fits. */
export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  readonly dev: number;
}

/**
 * The stat numbers of a load's files, a column each, by file position: the Stats objects themselves are let go at
 * once, and the columns are what a snapshot stores. A file that could not be stat'ed has size -1.
 */
export class FileStats {
  readonly size: number[] = [];
  readonly mtime: number[] = [];
  readonly ctime: number[] = [];
  readonly ino: number[] = [];
  /** The device each file is on: not stored in a snapshot, but part of a file's identity for the checksum cache. */
  readonly dev: number[] = [];

  add(stat: FileStat | undefined): void {
    this.size.push(stat === undefined ? -1 : stat.size);
    this.mtime.push(stat === undefined ? 0 : stat.mtimeMs);
    this.ctime.push(stat === undefined ? 0 : stat.ctimeMs);
    this.ino.push(stat === undefined ? 0 : stat.ino);
    this.dev.push(stat === undefined ? 0 : stat.dev);
  }

  get length(): number {
    return this.size.length;
  }

  /** What a script keeps of its file's stat (runtime/events.ts); undefined when it could not be stat'ed. */
  identity(at: number): FileIdentity | undefined {
    const size = this.size[at];
    return size === undefined || size < 0
      ? undefined
      : { size, ctimeMs: this.ctime[at]!, ino: this.ino[at]!, dev: this.dev[at]! };
  }
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
interface StoredSnapshot {
  /** The Retort that wrote it: another version may build graphs differently, so its snapshot is a miss. */
  readonly version: string;
  /** How many files each version location holds. */
  readonly counts: readonly number[];
  /** Every file name, joined by NAME_SEPARATOR. */
  readonly names: string;
  readonly size: readonly number[];
  readonly mtime: readonly number[];
  readonly ctime: readonly number[];
  readonly ino: readonly number[];
  /** A revision id always begins its file's name: its length is enough. */
  readonly idLength: readonly number[];
  /** Every message, joined by DOC_SEPARATOR. */
  readonly doc: string;
  /**
   * downRevisions, packed: per file a count, then the positions of the files whose ids they are. A count of -1
   * says that one names no file (a revision a squash replaced, whose file is gone): see `downNamed`.
   */
  readonly down: readonly number[];
  /** Sparse, by file position: most revisions have none of these. */
  readonly downNamed: Readonly<Record<string, readonly string[]>>;
  readonly dependsOn: Readonly<Record<string, readonly string[]>>;
  readonly branchLabels: Readonly<Record<string, readonly string[]>>;
  readonly replaces: Readonly<Record<string, readonly string[]>>;
  readonly links: GraphLinks;
}

/** A snapshot that fits the files on disk, decoded into one column per header field. */
export interface GraphSnapshot {
  readonly ids: readonly string[];
  readonly down: readonly (readonly string[])[];
  readonly doc: readonly string[];
  /** Sparse, by file position. */
  readonly dependsOn: Readonly<Record<string, readonly string[]>>;
  readonly branchLabels: Readonly<Record<string, readonly string[]>>;
  readonly replaces: Readonly<Record<string, readonly string[]>>;
  /** Checked by the graph when it restores from them. */
  readonly links: GraphLinks;
}

/** The one empty list every header field without values shares, restored or read. */
export const NONE: readonly string[] = Object.freeze([]);

/**
 * The snapshot file of these version locations; undefined when nothing may be cached. Retort's version is checked
 * inside rather than named here, so that an upgrade replaces the file instead of leaving the old one behind.
 */
export function graphSnapshotFile(locations: readonly string[], rootDir: string): string | undefined {
  return cacheFile(rootDir, "graph", JSON.stringify(locations));
}

/**
 * The stored snapshot, decoded, if it describes exactly these files: `names` per location, with their `stats`
 * in the same order. Undefined otherwise.
 */
export function readGraphSnapshot(
  file: string | undefined,
  names: readonly (readonly string[])[],
  stats: FileStats,
): GraphSnapshot | undefined {
  const stored = (readCacheFile<unknown>(file, FORMAT) ?? {}) as Partial<
    Record<keyof StoredSnapshot, unknown>
  >;
  const { counts, size, mtime, ctime, ino, idLength, down } = stored;
  const total = stats.length;
  if (stored.version !== retortVersion() || !Array.isArray(counts) || counts.length !== names.length)
    return undefined;
  for (let i = 0; i < names.length; i++) if (counts[i] !== names[i]!.length) return undefined;
  const flat = names.length === 1 ? names[0]! : names.flat();
  if (stored.names !== flat.join(NAME_SEPARATOR) || typeof stored.doc !== "string") return undefined;
  if (!isArray(size, total) || !isArray(mtime, total) || !isArray(ctime, total) || !isArray(ino, total))
    return undefined;
  if (!isArray(idLength, total) || !Array.isArray(down)) return undefined;
  const ids: string[] = new Array(total);
  for (let at = 0; at < total; at++) {
    // A size of -1 (no stat) is never stored.
    if (size[at] !== stats.size[at] || mtime[at] !== stats.mtime[at]) return undefined;
    if (ctime[at] !== stats.ctime[at] || ino[at] !== stats.ino[at]) return undefined;
    const name = flat[at]!;
    const length = idLength[at];
    // What a load demands of a file name: the id, then "_" or the extension.
    const next = name.charCodeAt(length as number);
    if (!((length as number) > 0) || (next !== 95 /* _ */ && name.lastIndexOf(".") !== length))
      return undefined;
    ids[at] = name.slice(0, length as number);
  }
  const doc = total === 0 ? [] : stored.doc.split(DOC_SEPARATOR);
  const sparse = [stored.downNamed, stored.dependsOn, stored.branchLabels, stored.replaces];
  if (doc.length !== total || !sparse.every((column) => isSparse(column, total))) return undefined;
  const downNamed = stored.downNamed as StoredSnapshot["downNamed"];
  const downLists = unpackDown(down, ids, downNamed);
  if (downLists === undefined || typeof stored.links !== "object" || stored.links === null) return undefined;
  return {
    ids,
    down: downLists,
    doc,
    dependsOn: stored.dependsOn as StoredSnapshot["dependsOn"],
    branchLabels: stored.branchLabels as StoredSnapshot["branchLabels"],
    replaces: stored.replaces as StoredSnapshot["replaces"],
    links: stored.links as GraphLinks,
  };
}

/** Stores the snapshot of a load that built its graph; errors are ignored, since a miss only costs speed. */
export function writeGraphSnapshot(
  file: string | undefined,
  names: readonly (readonly string[])[],
  stats: FileStats,
  scripts: readonly SnapshotScript[],
  links: GraphLinks,
): void {
  if (file === undefined || stats.size.some((size) => size < 0)) return;
  if (scripts.some((script) => script.doc.includes(DOC_SEPARATOR))) return;
  const position = new Map(scripts.map((script, at) => [script.id, at]));
  const down: number[] = [];
  const downNamed: Record<string, readonly string[]> = {};
  scripts.forEach((script, at) => {
    const refs = script.downRevisions;
    if (refs.every((ref) => position.has(ref))) {
      down.push(refs.length);
      for (const ref of refs) down.push(position.get(ref)!);
    } else {
      down.push(-1);
      downNamed[at] = refs;
    }
  });
  const sparse = (list: (script: SnapshotScript) => readonly string[]) => {
    const column: Record<string, readonly string[]> = {};
    scripts.forEach((script, at) => {
      if (list(script).length > 0) column[at] = list(script);
    });
    return column;
  };
  const snapshot: StoredSnapshot = {
    version: retortVersion(),
    counts: names.map((list) => list.length),
    names: names.flat().join(NAME_SEPARATOR),
    size: stats.size,
    mtime: stats.mtime,
    ctime: stats.ctime,
    ino: stats.ino,
    idLength: scripts.map((script) => script.id.length),
    doc: scripts.map((script) => script.doc).join(DOC_SEPARATOR),
    down,
    downNamed,
    dependsOn: sparse((script) => script.dependsOn),
    branchLabels: sparse((script) => script.branchLabels),
    replaces: sparse((script) => script.replaces),
    links,
  };
  writeCacheFile(file, FORMAT, snapshot as unknown as Record<string, unknown>);
}

/** The downRevisions of every file from the packed column; undefined when it does not fit. */
function unpackDown(
  packed: readonly unknown[],
  ids: readonly string[],
  named: StoredSnapshot["downNamed"],
): (readonly string[])[] | undefined {
  const lists: (readonly string[])[] = new Array(ids.length);
  let at = 0;
  for (let file = 0; file < ids.length; file++) {
    const count = packed[at++];
    if (count === 0) lists[file] = NONE;
    else if (count === -1) lists[file] = named[file] ?? NONE;
    else if (typeof count === "number" && count > 0 && at + count <= packed.length) {
      const list: string[] = new Array(count);
      for (let i = 0; i < count; i++) {
        const id = ids[packed[at++] as number];
        if (id === undefined) return undefined;
        list[i] = id;
      }
      lists[file] = list;
    } else return undefined;
  }
  return at === packed.length ? lists : undefined;
}

function isArray(value: unknown, length: number): value is unknown[] {
  return Array.isArray(value) && value.length === length;
}

/** A record from file positions below `total` to lists of strings. */
function isSparse(value: unknown, total: number): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  for (const key in value) {
    const list = (value as Record<string, unknown>)[key];
    if (!(Number(key) < total) || !Array.isArray(list) || list.some((item) => typeof item !== "string"))
      return false;
  }
  return true;
}
