import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cacheDir, cacheFile, writeCacheFile } from "../../src/config/cache-dir.js";
import { pruneKind, SWEEP_STAMP, sweepUserRoot } from "../../src/config/cache-prune.js";
import { loadBundle } from "../../src/config/module-bundle.js";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function tempDir(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), "retort-prune-")));
}

/** A hex hash of `length` digits, distinct per `n`. */
const hex = (n: number, length = 16): string => n.toString(16).padStart(length, "0");

/** Writes `path`, last modified `age` ms ago and last read `readAge` ms ago (the same by default). */
function aged(path: string, age: number, readAge = age): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, "{}");
  setAge(path, age, readAge);
  return path;
}

function setAge(path: string, age: number, readAge = age): void {
  const now = Date.now();
  utimesSync(path, (now - readAge) / 1000, (now - age) / 1000);
}

const listing = (dir: string): string[] => readdirSync(dir).sort();

describe("pruning a cache kind after a write", () => {
  it("removes stale entries and those beyond the newest four, and keeps fresh ones and the current one", () => {
    const dir = tempDir();
    const current = aged(join(dir, `headers-${hex(0)}.json`), 0);
    aged(join(dir, `headers-${hex(1)}.json`), HOUR);
    aged(join(dir, `headers-${hex(2)}.json`), 3 * DAY);
    aged(join(dir, `headers-${hex(3)}.json`), 4 * DAY);
    aged(join(dir, `headers-${hex(4)}.json`), 5 * DAY);
    aged(join(dir, `headers-${hex(5)}.json`), 6 * DAY);
    aged(join(dir, `headers-${hex(6)}.json`), 40 * DAY);
    pruneKind(current);
    // The current one and the three most recently used others: four in all.
    expect(listing(dir)).toEqual([0, 1, 2, 3].map((n) => `headers-${hex(n)}.json`));
  });

  it("removes an entry unused for thirty days even when fewer than four are kept", () => {
    const dir = tempDir();
    const current = aged(join(dir, `headers-${hex(0)}.json`), 0);
    aged(join(dir, `headers-${hex(1)}.json`), 29 * DAY);
    aged(join(dir, `headers-${hex(2)}.json`), 31 * DAY);
    pruneKind(current);
    expect(listing(dir)).toEqual([`headers-${hex(0)}.json`, `headers-${hex(1)}.json`]);
  });

  it("never removes entries used within two days, however many there are", () => {
    // A project with more version locations than four must not evict one location's cache on every run.
    const dir = tempDir();
    const current = aged(join(dir, `headers-${hex(0)}.json`), 0);
    const names = [1, 2, 3, 4, 5, 6, 7].map((n) => {
      aged(join(dir, `headers-${hex(n)}.json`), n * HOUR);
      return `headers-${hex(n)}.json`;
    });
    pruneKind(current);
    expect(listing(dir)).toEqual([`headers-${hex(0)}.json`, ...names]);
  });

  it("counts a recent read (access time) as use", () => {
    const dir = tempDir();
    const current = aged(join(dir, `headers-${hex(0)}.json`), 0);
    aged(join(dir, `headers-${hex(1)}.json`), 60 * DAY, HOUR);
    aged(join(dir, `headers-${hex(2)}.json`), 60 * DAY);
    pruneKind(current);
    expect(listing(dir)).toEqual([`headers-${hex(0)}.json`, `headers-${hex(1)}.json`]);
  });

  it("removes a leftover .tmp older than a minute but not a younger one, which a running process may rename", () => {
    const dir = tempDir();
    const current = aged(join(dir, `headers-${hex(0)}.json`), 0);
    aged(join(dir, `headers-${hex(0)}.json.4242.tmp`), 10 * MINUTE);
    aged(join(dir, `headers-${hex(1)}.json.4343.tmp`), 20 * 1000);
    pruneKind(current);
    expect(listing(dir)).toEqual([`headers-${hex(0)}.json`, `headers-${hex(1)}.json.4343.tmp`]);
  });

  it("leaves other kinds, other hash lengths and files Retort does not make untouched", () => {
    const dir = tempDir();
    const current = aged(join(dir, `headers-${hex(0)}.json`), 0);
    const untouched = [
      `modules-${hex(1, 32)}.cjs`,
      `modules-${hex(1, 32)}.cjs.json`,
      `graph-${hex(2)}.json`,
      `headers-${hex(3, 32)}.json`,
      `headers-${hex(4)}.txt`,
      "headers-old.json",
      "notes.txt",
      "versions-0123456789ab_add_users.ts.i.1a2b3c4d.cjs",
    ];
    for (const name of untouched) aged(join(dir, name), 90 * DAY);
    mkdirSync(join(dir, `headers-${hex(5)}.json`));
    setAge(join(dir, `headers-${hex(5)}.json`), 90 * DAY);
    pruneKind(current);
    expect(listing(dir)).toEqual([`headers-${hex(0)}.json`, `headers-${hex(5)}.json`, ...untouched].sort());
  });

  it("removes a bundle with its companions, and keeps a bundle whose code cache was read recently", () => {
    const dir = tempDir();
    const current = aged(join(dir, `modules-${hex(0, 32)}.cjs`), 0);
    const stale = `modules-${hex(1, 32)}.cjs`;
    const read = `modules-${hex(2, 32)}.cjs`;
    for (const suffix of ["", ".json", ".v8"]) {
      aged(join(dir, stale + suffix), 45 * DAY);
      aged(join(dir, read + suffix), 45 * DAY, suffix === ".v8" ? DAY : 45 * DAY);
    }
    pruneKind(current);
    expect(listing(dir)).toEqual([`modules-${hex(0, 32)}.cjs`, read, `${read}.json`, `${read}.v8`]);
  });
});

describe("pruning on the write paths", () => {
  it("writeCacheFile prunes its kind's stale files in the same folder", () => {
    const dir = tempDir();
    aged(join(dir, `headers-${hex(9)}.json`), 40 * DAY);
    const file = join(dir, `headers-${hex(1)}.json`);
    expect(writeCacheFile(file, 1, { a: 1 })).toBe(true);
    expect(listing(dir)).toEqual([`headers-${hex(1)}.json`]);
  });

  it("building a module bundle prunes stale bundles, and a warm load prunes nothing", async () => {
    const project = tempDir();
    const source = join(project, "a.ts");
    writeFileSync(source, "export const answer: number = 42;\n");
    const dir = join(project, "cache");
    const stale = `modules-${hex(7, 32)}.cjs`;
    for (const suffix of ["", ".json", ".v8"]) aged(join(dir, stale + suffix), 40 * DAY);
    const noFallback = () => (id: string) => {
      throw new Error(`unexpected require of ${id}`);
    };
    const modules = await loadBundle([source], dir, noFallback);
    expect(modules.get(source)?.exports.answer).toBe(42);
    const built = listing(dir);
    expect(built.some((name) => name.startsWith(stale))).toBe(false);
    expect(built).toHaveLength(3);

    // Warm: the bundle is found, nothing is written, so a stale file put beside it stays.
    for (const suffix of ["", ".json"]) aged(join(dir, stale + suffix), 40 * DAY);
    await loadBundle([source], dir, noFallback);
    expect(listing(dir)).toEqual([...built, stale, `${stale}.json`].sort());
  });
});

describe("sweeping the per-user cache root", () => {
  /** A `project-<hash>` folder in `root` whose files and itself were last used `age` ms ago. */
  function projectFolder(root: string, n: number, age: number): string {
    const folder = join(root, `project-${hex(n)}`);
    aged(join(folder, `headers-${hex(1)}.json`), age);
    aged(join(folder, "nested", `modules-${hex(2, 32)}.cjs`), age);
    setAge(join(folder, "nested"), age);
    setAge(folder, age);
    return folder;
  }

  it("removes project folders unused for thirty days, and nothing else", () => {
    const root = tempDir();
    const abandoned = projectFolder(root, 1, 40 * DAY);
    const used = projectFolder(root, 2, 40 * DAY);
    aged(join(used, "nested", `modules-${hex(3, 32)}.cjs`), 2 * DAY);
    setAge(join(used, "nested"), 40 * DAY);
    setAge(used, 40 * DAY);
    const current = projectFolder(root, 3, 40 * DAY);
    const foreign = join(root, "someone-else");
    aged(join(foreign, "data.json"), 90 * DAY);
    setAge(foreign, 90 * DAY);
    const oddName = join(root, "project-notahash");
    aged(join(oddName, "data.json"), 90 * DAY);
    setAge(oddName, 90 * DAY);
    const elsewhere = tempDir();
    const target = projectFolder(elsewhere, 4, 90 * DAY);
    symlinkSync(target, join(root, `project-${hex(5)}`));
    aged(join(root, "loose.json"), 90 * DAY);

    sweepUserRoot(root, current);
    expect(existsSync(abandoned)).toBe(false);
    expect(listing(root)).toEqual(
      [
        "loose.json",
        `project-${hex(2)}`,
        `project-${hex(3)}`,
        `project-${hex(5)}`,
        "project-notahash",
        SWEEP_STAMP,
        "someone-else",
      ].sort(),
    );
    expect(existsSync(join(target, `headers-${hex(1)}.json`))).toBe(true);
  });

  it("sweeps at most once a day, judged by the stamp's modification time", () => {
    const root = tempDir();
    sweepUserRoot(root, join(root, `project-${hex(0)}`));
    expect(Date.now() - statSync(join(root, SWEEP_STAMP)).mtimeMs).toBeLessThan(HOUR);

    const abandoned = projectFolder(root, 1, 40 * DAY);
    sweepUserRoot(root, join(root, `project-${hex(0)}`));
    expect(existsSync(abandoned)).toBe(true);

    setAge(join(root, SWEEP_STAMP), 25 * HOUR);
    sweepUserRoot(root, join(root, `project-${hex(0)}`));
    expect(existsSync(abandoned)).toBe(false);
    expect(Date.now() - statSync(join(root, SWEEP_STAMP)).mtimeMs).toBeLessThan(HOUR);
  });

  describe("from a write in a project folder of $XDG_CACHE_HOME/retort", () => {
    const saved = { xdg: process.env.XDG_CACHE_HOME, dir: process.env.RETORT_CACHE_DIR };
    afterEach(() => {
      if (saved.xdg === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved.xdg;
      if (saved.dir === undefined) delete process.env.RETORT_CACHE_DIR;
      else process.env.RETORT_CACHE_DIR = saved.dir;
    });

    it("removes the abandoned project folders, but a write elsewhere sweeps nothing", () => {
      const xdg = tempDir();
      process.env.XDG_CACHE_HOME = xdg;
      delete process.env.RETORT_CACHE_DIR;
      const root = join(xdg, "retort");
      const abandoned = projectFolder(root, 1, 40 * DAY);

      // RETORT_CACHE_DIR is not the per-user root: a write there leaves the root alone.
      process.env.RETORT_CACHE_DIR = join(tempDir(), "own-cache");
      const own = cacheFile(tempDir(), "headers", "/versions") as string;
      expect(writeCacheFile(own, 1, {})).toBe(true);
      expect(existsSync(abandoned)).toBe(true);
      expect(existsSync(join(root, SWEEP_STAMP))).toBe(false);

      delete process.env.RETORT_CACHE_DIR;
      const project = tempDir();
      const file = cacheFile(project, "headers", "/versions") as string;
      expect(dirname(file)).toBe(cacheDir(project));
      expect(writeCacheFile(file, 1, {})).toBe(true);
      expect(existsSync(abandoned)).toBe(false);
      expect(existsSync(file)).toBe(true);
      expect(existsSync(join(root, SWEEP_STAMP))).toBe(true);
    });
  });
});
