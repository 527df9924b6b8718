#!/usr/bin/env node
// What pruning adds to a cache write (it runs only then, on a cache miss; a warm run never prunes). Times, in
// one process, the median of many writes of a header cache of 1,000 entries: a plain write through a temporary
// file and a rename (what writeCacheFile did before pruning), writeCacheFile in a folder holding only its own
// file, writeCacheFile beside 100 stale files of its kind (each write removes all 100), and beside 100 files
// of its kind in recent use (each write stats all 100 and removes none, the worst steady state).
//
//   npm run build && node bench/cache-prune-bench.mjs [--runs 200]

import { mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeCacheFile } from "../dist/config/cache-dir.js";

const args = process.argv.slice(2);
const runsIndex = args.indexOf("--runs");
const RUNS = runsIndex === -1 ? 200 : Number(args[runsIndex + 1]);
const DAY = 24 * 60 * 60 * 1000;

const entries = {};
for (let n = 0; n < 1000; n++) {
  const id = n.toString(16).padStart(12, "0");
  const header = [id, [], [], [], `revision ${n}`, []];
  entries[`${id}_revision_${n}.ts`] = [812, 1764800000000 + n, 4000000 + n, ...header];
}
const hash = (n) => n.toString(16).padStart(16, "0");

/** Fills `dir` with 100 header caches of other keys, last used `age` ms ago. */
function siblings(dir, age) {
  const seconds = (Date.now() - age) / 1000;
  for (let n = 1; n <= 100; n++) {
    const path = join(dir, `headers-${hash(n)}.json`);
    writeFileSync(path, "{}");
    utimesSync(path, seconds, seconds);
  }
}

function plainWrite(file) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ format: 2, files: entries }));
  renameSync(temporary, file);
}

/** Median ms of `write` over RUNS, each after `prepare` (untimed) set the folder up. */
function measure(prepare, write) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), "retort-prune-bench-"));
    prepare(dir);
    const file = join(dir, `headers-${hash(0)}.json`);
    const start = process.hrtime.bigint();
    write(file);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const write = (file) => writeCacheFile(file, 2, entries);
const fresh = (dir) => siblings(dir, 60 * 1000);
const rows = [
  ["plain write + rename, no pruning", measure(() => {}, plainWrite)],
  ["writeCacheFile, folder empty", measure(() => {}, write)],
  ["writeCacheFile, 100 stale files (all removed)", measure((dir) => siblings(dir, 40 * DAY), write)],
  ["writeCacheFile, 100 files in recent use (none removed)", measure(fresh, write)],
];
console.log(`median of ${RUNS} writes, header cache of 1,000 entries`);
for (const [name, ms] of rows) console.log(`${name.padEnd(58)} ${ms.toFixed(3)} ms`);
