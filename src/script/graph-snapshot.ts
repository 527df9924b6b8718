// The revision graph of a project kept between runs: a digest of every file's name and stat numbers, each file's
// header, and what the graph built from them exported (its links, and the facts of its heads). While every file
// keeps its name, size, modification time, change time and inode, a load restores the graph from here instead of
// reading headers and validating the graph again. Stored as a few long strings and arrays of numbers, so that
// reading it is one cheap JSON.parse. Anything unreadable or out of shape is a miss.

import { createHash } from "node:crypto";
import { cacheFile, readCacheFile, writeCacheFile } from "../config/cache-dir.js";
import type { MapSnapshot } from "../graph/index.js";
import type { FileIdentity } from "../runtime/events.js";
import { retortVersion } from "../version.js";

/**
 * Bumped whenever the stored shape changes, so that an older snapshot is a miss. 2: the files' names and stat
 * numbers kept as one digest; the heads' facts stored beside the links.
 */
const FORMAT = 2;

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
 * once, and the columns are what a snapshot's digest is taken of, straight from their bytes. A file that could not
 * be stat'ed has size -1.
 */
export class FileStats {
  readonly size: Float64Array;
  readonly mtime: Float64Array;
  readonly ctime: Float64Array;
  readonly ino: Float64Array;
  /** The device each file is on: not in a snapshot's digest, but part of a file's identity for the checksum cache. */
  readonly dev: Float64Array;
  private count = 0;

  /** Room for `capacity` files: a load lists every location before it stats a file. */
  constructor(capacity: number) {
    this.size = new Float64Array(capacity);
    this.mtime = new Float64Array(capacity);
    this.ctime = new Float64Array(capacity);
    this.ino = new Float64Array(capacity);
    this.dev = new Float64Array(capacity);
  }

  add(stat: FileStat | undefined): void {
    const at = this.count++;
    if (stat === undefined) this.size[at] = -1;
    else {
      this.size[at] = stat.size;
      this.mtime[at] = stat.mtimeMs;
      this.ctime[at] = stat.ctimeMs;
      this.ino[at] = stat.ino;
      this.dev[at] = stat.dev;
    }
  }

  get length(): number {
    return this.count;
  }

  /** What a script keeps of its file's stat (runtime/events.ts); undefined when it could not be stat'ed. */
  identity(at: number): FileIdentity | undefined {
    const size = this.size[at];
    return size === undefined || size < 0 || at >= this.count
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
  /** filesDigest of the files it describes. */
  readonly files: string;
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
  /** Checked by the graph when it uses them. */
  readonly map: MapSnapshot;
}

/** The one empty list every header field without values shares, restored or read. */
export const NONE: readonly string[] = Object.freeze([]);

/**
 * A snapshot that fits the files on disk. Its columns were checked when it was read, so that a header is
 * decoded only when asked for, by file position: a command that needs only the heads decodes only theirs.
 */
export class GraphSnapshot {
  /** Each id once made: a file's id is also every later file's down revision. */
  private readonly ids: (string | undefined)[];

  /** Made by readGraphSnapshot, which checks the columns first. */
  constructor(
    private readonly stored: StoredSnapshot,
    /** The file names, in load order. */
    private readonly names: readonly string[],
    /** Where each file's entry starts in the packed `down` column. */
    private readonly downAt: Int32Array,
    /** Where each file's message starts in `doc`, and one past the last. */
    private readonly docAt: Int32Array,
  ) {
    this.ids = new Array(names.length);
  }

  get size(): number {
    return this.names.length;
  }

  get map(): MapSnapshot {
    return this.stored.map;
  }

  /** The file position of revision `id`, or -1. */
  position(id: string): number {
    const { idLength } = this.stored;
    for (let at = 0; at < this.names.length; at++)
      if (idLength[at] === id.length && this.names[at]!.startsWith(id)) return at;
    return -1;
  }

  id(at: number): string {
    let id = this.ids[at];
    if (id === undefined) {
      id = this.names[at]!.slice(0, this.stored.idLength[at]);
      this.ids[at] = id;
    }
    return id;
  }

  /** The header of the file at `at`. */
  script(at: number): SnapshotScript {
    const { down, downNamed, doc, dependsOn, branchLabels, replaces } = this.stored;
    let start = this.downAt[at]!;
    const count = down[start++]!;
    let downRevisions = NONE;
    if (count === -1) downRevisions = orNone(downNamed[at]);
    else if (count > 0) {
      const list: string[] = new Array(count);
      for (let i = 0; i < count; i++) list[i] = this.id(down[start + i]!);
      downRevisions = list;
    }
    return {
      id: this.id(at),
      downRevisions,
      dependsOn: orNone(dependsOn[at]),
      branchLabels: orNone(branchLabels[at]),
      replaces: orNone(replaces[at]),
      doc: doc.slice(this.docAt[at], this.docAt[at + 1]! - 1),
    };
  }
}

function orNone(list: readonly string[] | undefined): readonly string[] {
  return list === undefined || list.length === 0 ? NONE : list;
}

/**
 * The snapshot file of these version locations; undefined when nothing may be cached. Retort's version is checked
 * inside rather than named here, so that an upgrade replaces the file instead of leaving the old one behind.
 */
export function graphSnapshotFile(locations: readonly string[], rootDir: string): string | undefined {
  return cacheFile(rootDir, "graph", JSON.stringify(locations));
}

/**
 * One digest of the files a load found: how many each location holds, their names, and every stat number a
 * snapshot must see change (size, modification time, change time, inode). Taken natively of the joined names and
 * the stat columns' bytes, it costs far less than comparing 40,000 numbers read back from JSON.
 */
function filesDigest(names: readonly (readonly string[])[], stats: FileStats): string {
  const hash = createHash("sha256")
    .update(names.map((list) => list.length).join(","))
    .update("\n")
    .update(names.map((list) => list.join(NAME_SEPARATOR)).join("\n"));
  const bytes = stats.length * Float64Array.BYTES_PER_ELEMENT;
  for (const column of [stats.size, stats.mtime, stats.ctime, stats.ino])
    hash.update(new Uint8Array(column.buffer, column.byteOffset, bytes));
  return hash.digest("base64");
}

/**
 * The stored snapshot if it describes exactly these files: `names` per location, with their `stats` in the same
 * order. Undefined otherwise.
 */
export function readGraphSnapshot(
  file: string | undefined,
  names: readonly (readonly string[])[],
  stats: FileStats,
): GraphSnapshot | undefined {
  const stored = (readCacheFile<unknown>(file, FORMAT) ?? {}) as Partial<
    Record<keyof StoredSnapshot, unknown>
  >;
  if (stored.version !== retortVersion() || typeof stored.files !== "string") return undefined;
  if (stored.files !== filesDigest(names, stats)) return undefined;
  const flat = names.length === 1 ? names[0]! : names.flat();
  const total = flat.length;
  const { idLength, down, doc } = stored;
  if (
    !Array.isArray(idLength) ||
    idLength.length !== total ||
    !Array.isArray(down) ||
    typeof doc !== "string"
  )
    return undefined;
  for (let at = 0; at < total; at++) {
    const name = flat[at]!;
    const length = idLength[at];
    // What a load demands of a file name: the id, then "_" or the extension.
    const next = name.charCodeAt(length as number);
    if (!((length as number) > 0) || (next !== 95 /* _ */ && name.lastIndexOf(".") !== length))
      return undefined;
  }
  const sparse = [stored.downNamed, stored.dependsOn, stored.branchLabels, stored.replaces];
  if (!sparse.every((column) => isSparse(column, total))) return undefined;
  const downAt = packedStarts(down, total);
  const docAt = lineStarts(doc, total);
  if (downAt === undefined || docAt === undefined || typeof stored.map !== "object" || stored.map === null)
    return undefined;
  return new GraphSnapshot(stored as unknown as StoredSnapshot, flat, downAt, docAt);
}

/** Stores the snapshot of a load that built its graph; errors are ignored, since a miss only costs speed. */
export function writeGraphSnapshot(
  file: string | undefined,
  names: readonly (readonly string[])[],
  stats: FileStats,
  scripts: readonly SnapshotScript[],
  map: MapSnapshot,
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
    files: filesDigest(names, stats),
    idLength: scripts.map((script) => script.id.length),
    // Every message ends with the separator, so that message `at` runs from one start to the next.
    doc: scripts.map((script) => script.doc + DOC_SEPARATOR).join(""),
    down,
    downNamed,
    dependsOn: sparse((script) => script.dependsOn),
    branchLabels: sparse((script) => script.branchLabels),
    replaces: sparse((script) => script.replaces),
    map,
  };
  writeCacheFile(file, FORMAT, snapshot as unknown as Record<string, unknown>);
}

/**
 * Where each file's entry starts in the packed downRevisions column; undefined when the column does not fit
 * `total` files or names a position outside them.
 */
function packedStarts(packed: readonly unknown[], total: number): Int32Array | undefined {
  const starts = new Int32Array(total);
  let at = 0;
  for (let file = 0; file < total; file++) {
    starts[file] = at;
    const count = packed[at++];
    if (count === -1 || count === 0) continue;
    if (typeof count !== "number" || !(count > 0) || at + count > packed.length) return undefined;
    for (const end = at + count; at < end; at++) {
      const ref = packed[at];
      if (typeof ref !== "number" || !(ref >= 0 && ref < total)) return undefined;
    }
  }
  return at === packed.length ? starts : undefined;
}

/** Where each of `total` separator-ended messages starts in `doc`, and one past the last; undefined if not `total`. */
function lineStarts(doc: string, total: number): Int32Array | undefined {
  const starts = new Int32Array(total + 1);
  let from = 0;
  for (let at = 0; at < total; at++) {
    starts[at] = from;
    const end = doc.indexOf(DOC_SEPARATOR, from);
    if (end === -1) return undefined;
    from = end + 1;
  }
  starts[total] = from;
  return from === doc.length ? starts : undefined;
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
