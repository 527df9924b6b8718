// The checksum cache between runs: a file whose content may have changed is read again, one that cannot have
// changed is not.

import { createHash } from "node:crypto";
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ChecksumCache } from "../../src/runtime/history-checksums.js";

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

let dir: string;
let savedCacheDir: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "retort-checksums-"));
  savedCacheDir = process.env.RETORT_CACHE_DIR;
  process.env.RETORT_CACHE_DIR = join(dir, "cache");
});
afterEach(() => {
  if (savedCacheDir === undefined) delete process.env.RETORT_CACHE_DIR;
  else process.env.RETORT_CACHE_DIR = savedCacheDir;
  rmSync(dir, { recursive: true, force: true });
});

/** One run's cache: asked for `path`'s checksum, then saved, as a run does at its end. */
function checksumOf(path: string): string {
  const cache = new ChecksumCache(dir);
  const checksum = cache.checksum(path, statSync(path));
  cache.save();
  return checksum;
}

it("a file replaced by another of the same size and modification time is read again in the next run", () => {
  const path = join(dir, "r1_rev.ts");
  writeFileSync(path, "export const revision = 'r1'; // one\n");
  const seconds = Math.floor(Date.now() / 1000) - 60;
  utimesSync(path, seconds, seconds);
  expect(checksumOf(path)).toBe(sha256(path));
  // A checkout or an editor that saves through a new file: a new inode under the old name.
  const replacement = join(dir, "r1_rev.ts.new");
  writeFileSync(replacement, "export const revision = 'r1'; // two\n");
  utimesSync(replacement, seconds, seconds);
  const before = statSync(path);
  renameSync(replacement, path);
  const after = statSync(path);
  expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
  expect(after.ino).not.toBe(before.ino);
  expect(checksumOf(path)).toBe(sha256(path));
});

it("the next run takes an unchanged file's checksum from what the previous run stored, writing nothing", () => {
  const path = join(dir, "r1_rev.ts");
  writeFileSync(path, "export const revision = 'r1';\r\n");
  const normalized = createHash("sha256").update("export const revision = 'r1';\n").digest("hex");
  expect(checksumOf(path)).toBe(normalized);
  const [stored] = readdirSync(join(dir, "cache"));
  const written = statSync(join(dir, "cache", stored!));
  expect(checksumOf(path)).toBe(normalized);
  // The cache is replaced through a rename whenever a run stores something: the same inode means it did not.
  expect(statSync(join(dir, "cache", stored!)).ino).toBe(written.ino);
});
