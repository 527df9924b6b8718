// Revision files' checksums (config/file-checksum.ts) of files a run did not load from the module bundle, whose
// entries carry their own: an upgrade compares the applied revisions' files with what history recorded. A run
// remembers them between runs keyed by size, change time and inode, as the header cache is (an edit that puts the
// modification time back still moves the change time), so that 1,000 checksums cost 1,000 stats, not 1,000
// reads; `retort verify` always reads the files.

import { statSync } from "node:fs";
import { cacheFile, readCacheFile, writeCacheFile } from "../config/cache-dir.js";
import { fileChecksum } from "../config/file-checksum.js";
import type { FileIdentity } from "./events.js";

/**
 * Stored per inode: [size, ctimeMs, device, checksum]. A checksum is of the content, which the device, inode,
 * size and change time identify whatever the path; a number key is also much cheaper to look up than a path,
 * and halves the file (a --sql run of 5,000 revisions asks for every one).
 */
type Entry = [number, number, number, string];

const FORMAT = 3;

export class ChecksumCache {
  private readonly file: string | undefined;
  /** Read on the first checksum asked for: a run with history off, or nothing to record, never opens the file. */
  private stored: Record<string, Entry> | undefined;
  private changed = false;

  constructor(rootDir: string) {
    this.file = cacheFile(rootDir, "checksums", rootDir);
  }

  private get entries(): Record<string, Entry> {
    this.stored ??= readCacheFile<Entry>(this.file, FORMAT);
    return this.stored;
  }

  /**
   * The checksum of `path`; `known` is the stat the script directory took when it loaded the file, which spares
   * a second one (the header the run uses was read under that same stat).
   */
  checksum(path: string, known?: FileIdentity): string {
    if (this.file === undefined) return fileChecksum(path);
    const cached = known === undefined ? undefined : this.lookup(known);
    if (cached !== undefined) return cached;
    // A miss stats afresh, so that what is stored is keyed by the file as it is read now.
    const stat = statSync(path);
    const again = this.lookup(stat);
    if (again !== undefined) return again;
    return this.store(stat, fileChecksum(path));
  }

  /** The stored checksum of the file `stat` describes, if the file is unchanged since it was stored. */
  private lookup(stat: FileIdentity): string | undefined {
    const entry = this.entries[stat.ino];
    if (entry === undefined || entry[0] !== stat.size || entry[1] !== stat.ctimeMs || entry[2] !== stat.dev) {
      return undefined;
    }
    return entry[3];
  }

  /** Stores the checksum of the file `stat` describes, to be written by save(). */
  private store(stat: FileIdentity, checksum: string): string {
    this.entries[stat.ino] = [stat.size, stat.ctimeMs, stat.dev, checksum];
    this.changed = true;
    return checksum;
  }

  /** Writes the cache if anything was added; a cache that cannot be written only costs speed. */
  save(): void {
    if (this.file === undefined || !this.changed) return;
    if (writeCacheFile(this.file, FORMAT, this.entries)) this.changed = false;
  }
}
