// Times `retort heads` and `retort history` as whole processes (Node start-up included) on generated
// projects of 1,000 and 10,000 revisions, linear and branchy, and Alembic 1.8 on the same graphs when
// `python3 -m alembic` is available. Wall time is the median of several runs; memory is the peak RSS
// reported by GNU time.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findAlembicPython } from "./alembic.mjs";
import { buildGraph, writeProjects } from "./graph-projects.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(root, "bench", ".work");
const cli = join(root, "dist", "cli", "main.js");
const runs = Number(process.env.BENCH_RUNS ?? 7);
const alembicRuns = Number(process.env.BENCH_ALEMBIC_RUNS ?? 3);
const sizes = (process.env.BENCH_SIZES ?? "1000,10000").split(",").map(Number);

/** Runs a command `count` times after one warm-up; returns median wall ms and max peak RSS in MB. */
function measure(command, args, cwd, count) {
  const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
  const walls = [];
  let peakKb = 0;
  for (let run = 0; run <= count; run++) {
    const started = process.hrtime.bigint();
    const result = timeBin
      ? spawnSync(timeBin, ["-f", "%M", command, ...args], { cwd, encoding: "utf8", maxBuffer: 1 << 30 })
      : spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
    const wall = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
    if (run === 0) continue;
    walls.push(wall);
    if (timeBin) peakKb = Math.max(peakKb, Number(result.stderr.trim().split("\n").at(-1)));
  }
  walls.sort((a, b) => a - b);
  return { ms: walls[Math.floor(walls.length / 2)], mb: timeBin ? peakKb / 1024 : undefined };
}

export function runGraphBench() {
  const python = findAlembicPython();
  const alembic = python !== undefined;
  const rows = [];
  for (const shape of ["linear", "branchy"]) {
    for (const size of sizes) {
      const graph = buildGraph(shape, size);
      const { retortDir, alembicDir } = writeProjects(join(work, `graph-${shape}-${size}`), graph, {
        alembic,
      });
      for (const command of ["heads", "history"]) {
        const retort = measure(process.execPath, [cli, command], retortDir, runs);
        const theirs = alembic
          ? measure(python, ["-m", "alembic", command], alembicDir, alembicRuns)
          : undefined;
        rows.push({ shape, size, command, retort, alembic: theirs });
      }
    }
  }
  const lines = [
    "| graph | revisions | command | retort median ms | retort peak MB | alembic median ms | alembic ÷ retort |",
    "|---|---:|---|---:|---:|---:|---:|",
  ];
  for (const row of rows) {
    const ratio = row.alembic ? (row.alembic.ms / row.retort.ms).toFixed(1) : "n/a";
    lines.push(
      `| ${row.shape} | ${row.size} | ${row.command} | ${row.retort.ms.toFixed(0)} | ${row.retort.mb?.toFixed(0) ?? "n/a"} | ${row.alembic ? row.alembic.ms.toFixed(0) : "n/a"} | ${ratio} |`,
    );
  }
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(runGraphBench());
