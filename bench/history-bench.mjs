#!/usr/bin/env node
// The history table's cost (issue 10 §5): alternating runs of a "before" build and this tree on the same
// generated projects, with this tree's "history off" (`historyTable: false`, `--no-history` for --sql) as the
// reference. Warm transpile, header and checksum caches; prints the median of each and of the run-by-run
// ratios after ÷ before and after ÷ off (min–max), in wall time and in CPU time (user + system), which other jobs
// on a shared machine move less.
//
//   node bench/history-bench.mjs [--before /path/to/other/tree] [--pairs 11] [--only sqlite|head|offline]
// The "before" tree must be built (its dist/cli/main.js is run); without one, only history on ÷ off is measured
// (as `npm run bench` does).

import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeRetortProject } from "./migration-projects.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(root, "bench", ".work", "history");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const before = option("before", undefined);
const PAIRS = Number(option("pairs", 11));
const ONLY = option("only", undefined);
// The CPU time a run reports of itself as it exits (user + system, microsecond resolution): /usr/bin/time's 10 ms
// steps are too coarse for a 5 % budget on a 200 ms run. Node's start before the preload is not counted.
const cpuFile = join(work, "cpu.json");
const cpuPreload = join(work, "cpu-preload.mjs");
const stdoutFile = join(work, "stdout.txt");

mkdirSync(work, { recursive: true });
writeFileSync(
  cpuPreload,
  `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify(process.cpuUsage())));\n`,
);
const cli = {
  before: before === undefined ? undefined : join(before, "dist", "cli", "main.js"),
  after: join(root, "dist", "cli", "main.js"),
};

/**
 * Runs the CLI; returns the CPU time it used, in ms. Each tree keeps its caches in a folder of its own: a
 * "before" tree whose cache formats differ would otherwise replace this tree's caches at every run, and both
 * would miss every time.
 */
function run(argv, cwd) {
  const tree = argv[0] === cli.before ? "before" : "after";
  // Output goes to a file, as a DBA's `upgrade head --sql > deploy.sql` sends it. Into a pipe, the run waits for
  // the reader to drain each 64 KB, and V8's background threads spend that wait on work a finished run never uses:
  // a 2.6 MB script then costs some 25 ms more CPU than the same script written to a file.
  const out = openSync(stdoutFile, "w");
  const result = spawnSync(process.execPath, ["--import", cpuPreload, ...argv], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", out, "pipe"],
    env: { ...process.env, RETORT_CACHE_DIR: join(work, `cache-${tree}`) },
  });
  closeSync(out);
  if (result.status !== 0) throw new Error(`${argv.join(" ")} failed:\n${result.stderr}`);
  const { user, system } = JSON.parse(readFileSync(cpuFile, "utf8"));
  return (user + system) / 1000;
}

/** Wall and CPU time of one run, in ms. */
function time(fn) {
  const started = process.hrtime.bigint();
  const cpu = fn();
  return { wall: Number(process.hrtime.bigint() - started) / 1e6, cpu };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Each variant: [cli, project dir, extra args]; `reset(variant)` runs before every timed run. */
function workload(name, variants, reset, command) {
  const keys = before === undefined ? ["after", "off"] : ["before", "after", "off"];
  const times = { wall: { before: [], after: [], off: [] }, cpu: { before: [], after: [], off: [] } };
  const ratios = { wall: { before: [], off: [] }, cpu: { before: [], off: [] } };
  const once = (key) => {
    const [path, dir, extra] = variants[key];
    reset(key);
    return time(() => run([path, "-q", ...command, ...extra], dir));
  };
  for (const key of keys) once(key);
  for (let i = 0; i < PAIRS; i++) {
    const order = i % 2 === 0 ? keys : [...keys].reverse();
    const got = {};
    for (const key of order) got[key] = once(key);
    for (const measure of ["wall", "cpu"]) {
      for (const key of keys) times[measure][key].push(got[key][measure]);
      if (before !== undefined) ratios[measure].before.push(got.after[measure] / got.before[measure]);
      ratios[measure].off.push(got.after[measure] / got.off[measure]);
    }
  }
  const ratio = (values) =>
    values.length === 0
      ? "—"
      : `${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
  for (const measure of ["wall", "cpu"]) {
    const ms = (key) =>
      times[measure][key].length === 0 ? "—" : `${Math.round(median(times[measure][key]))} ms`;
    console.log(
      `| ${name}, ${PAIRS} pairs, ${measure} | ${ms("off")} | ${ms("before")} | ${ms("after")} | ${ratio(ratios[measure].before)} | ${ratio(ratios[measure].off)} |`,
    );
  }
  // Other jobs only ever add CPU time (cache misses, migrations between cores): each variant's least is the
  // figure they disturbed least.
  const least = (key) => Math.min(...times.cpu[key]);
  const leastMs = (key) => (before === undefined && key === "before" ? "—" : `${Math.round(least(key))} ms`);
  const byBefore = before === undefined ? "—" : (least("after") / least("before")).toFixed(2);
  console.log(
    `| ${name}, ${PAIRS} pairs, least cpu | ${leastMs("off")} | ${leastMs("before")} | ${leastMs("after")} | ${byBefore} | ${(least("after") / least("off")).toFixed(2)} |`,
  );
}

/** A SQLite project of `count` revisions, and its twin with the history table off. */
function sqliteProjects(name, count) {
  const on = join(work, name);
  const off = join(work, `${name}-off`);
  writeRetortProject(on, count, { url: "sqlite:./bench.db" });
  writeRetortProject(off, count, { url: "sqlite:./bench.db" });
  writeFileSync(
    join(off, "retort.config.mjs"),
    `export default ${JSON.stringify({ url: "sqlite:./bench.db", scriptLocation: "migrations", historyTable: false })};\n`,
  );
  return { on, off };
}

console.log("| run | history off | before | after | after ÷ before | after ÷ off |");
console.log("|---|---:|---:|---:|---|---|");
if (ONLY === undefined || ONLY === "sqlite") {
  const { on, off } = sqliteProjects("sqlite", 1000);
  const dirs = { before: on, after: on, off };
  workload(
    "SQLite `upgrade head` from empty, 1,000 revisions",
    { before: [cli.before, on, []], after: [cli.after, on, []], off: [cli.after, off, []] },
    (key) => rmSync(join(dirs[key], "bench.db"), { force: true }),
    ["upgrade", "head"],
  );
}
if (ONLY === undefined || ONLY === "head") {
  // Each variant its own database, upgraded once, so every timed run finds nothing to do.
  const { on, off } = sqliteProjects("sqlite-head", 1000);
  const beforeDir = join(work, "sqlite-head-before");
  if (before !== undefined) {
    writeRetortProject(beforeDir, 1000, { url: "sqlite:./bench.db" });
    run([cli.before, "-q", "upgrade", "head"], beforeDir);
  }
  run([cli.after, "-q", "upgrade", "head"], on);
  run([cli.after, "-q", "upgrade", "head"], off);
  workload(
    "SQLite `upgrade head` at head, 1,000 applied",
    { before: [cli.before, beforeDir, []], after: [cli.after, on, []], off: [cli.after, off, []] },
    () => {},
    ["upgrade", "head"],
  );
}
if (ONLY === undefined || ONLY === "offline") {
  const dir = join(work, "offline");
  writeRetortProject(dir, 5000, { url: "postgres://bench@localhost/never_connected" });
  workload(
    "`upgrade head --sql`, 5,000 revisions",
    { before: [cli.before, dir, []], after: [cli.after, dir, []], off: [cli.after, dir, ["--no-history"]] },
    () => {},
    ["upgrade", "head", "--sql"],
  );
}
