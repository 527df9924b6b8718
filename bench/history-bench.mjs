#!/usr/bin/env node
// The history table's cost (issue 10 §5): alternating runs of a "before" build and this tree on the same
// generated projects, with this tree's "history off" (`historyTable: false`, `--no-history` for --sql) as the
// reference. Warm transpile, header and checksum caches; prints the median of each and of the run-by-run
// ratios after ÷ before and after ÷ off (min–max).
//
//   node bench/history-bench.mjs --before /path/to/other/tree [--pairs 11] [--only sqlite|head|offline]
// The "before" tree must be built (its dist/cli/main.js is run).

import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
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
if (before === undefined) throw new Error("--before DIR: a built tree to compare with");
const PAIRS = Number(option("pairs", 11));
const ONLY = option("only", undefined);
const cli = { before: join(before, "dist", "cli", "main.js"), after: join(root, "dist", "cli", "main.js") };

function run(argv, cwd) {
  const result = spawnSync(process.execPath, argv, { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${argv.join(" ")} failed:\n${result.stderr}`);
}

function time(fn) {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Each variant: [cli, project dir, extra args]; `reset(variant)` runs before every timed run. */
function workload(name, variants, reset, command) {
  const times = { before: [], after: [], off: [] };
  const ratios = [];
  const overOff = [];
  const once = (key) => {
    const [path, dir, extra] = variants[key];
    reset(key);
    return time(() => run([path, "-q", ...command, ...extra], dir));
  };
  for (const key of Object.keys(times)) once(key);
  for (let i = 0; i < PAIRS; i++) {
    const order = i % 2 === 0 ? ["before", "after", "off"] : ["off", "after", "before"];
    const got = {};
    for (const key of order) {
      got[key] = once(key);
      times[key].push(got[key]);
    }
    ratios.push(got.after / got.before);
    overOff.push(got.after / got.off);
  }
  const ms = (key) => `${Math.round(median(times[key]))} ms`;
  const ratio = (values) =>
    `${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
  console.log(
    `| ${name}, ${PAIRS} pairs | ${ms("off")} | ${ms("before")} | ${ms("after")} | ${ratio(ratios)} | ${ratio(overOff)} |`,
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
  writeRetortProject(beforeDir, 1000, { url: "sqlite:./bench.db" });
  run([cli.before, "-q", "upgrade", "head"], beforeDir);
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
