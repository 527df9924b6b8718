// Remembers each revision file's parsed header between runs, keyed by the file's size, change time and inode,
// so that graph commands on thousands of revisions stat each file instead of opening and parsing it. The change
// time (ctime), unlike the modification time, cannot be set back: any write or utimes moves it. The cache lives
// in the project's cache folder (config/cache-dir.ts); with RETORT_NO_CACHE set, nothing is cached.

import { cacheFile, readCacheFile, writeCacheFile } from "../config/cache-dir.js";

/** What a load keeps of a file, as stored: [size, ctimeMs, ino, id, down, deps, labels, doc, replaces]. */
export type CachedHeader = [number, number, number, string, string[], string[], string[], string, string[]];

/** Bumped whenever an entry's shape changes, so that an older cache is read as empty. 2: `replaces` added, keyed by change time. */
const FORMAT = 2;

export class HeaderCache {
  private readonly file: string | undefined;
  private readonly entries: Record<string, CachedHeader>;
  private readonly fresh = new Map<string, CachedHeader>();
  private hits = 0;
  private changed = false;

  /** The cache of one version location; `rootDir` is the project's folder. */
  constructor(location: string, rootDir: string) {
    this.file = cacheFile(rootDir, "headers", location);
    this.entries = readCacheFile<CachedHeader>(this.file, FORMAT);
  }

  /** The stored header of `name` if the file is unchanged since it was stored. */
  get(name: string, size: number, ctimeMs: number, ino: number): CachedHeader | undefined {
    const entry = this.entries[name];
    if (entry === undefined || entry[0] !== size || entry[1] !== ctimeMs || entry[2] !== ino) {
      this.changed = true;
      return undefined;
    }
    this.fresh.set(name, entry);
    this.hits++;
    return entry;
  }

  set(name: string, entry: CachedHeader): void {
    this.fresh.set(name, entry);
    this.changed = true;
  }

  /** Writes the entries seen in this load (so deleted files drop out), if anything differed; errors are ignored. */
  save(): void {
    if (this.file === undefined) return;
    // Unchanged when every stored entry was hit and nothing new was read.
    if (!this.changed && this.hits === Object.keys(this.entries).length) return;
    writeCacheFile(this.file, FORMAT, Object.fromEntries(this.fresh));
  }
}
