#!/usr/bin/env node
// Times `retort upgrade head` on 1,000 generated revisions (each creating a table with a few columns) against
// running the same SQL directly in one transaction with the database's own client (sqlite3, psql), in the same
// run; then `retort upgrade head --sql` on 5,000 revisions. Prints a markdown table.
//
//   node bench/upgrade-bench.mjs [--revisions 1000] [--offline-revisions 5000] [--runs 3] [--ext .ts]
// PostgreSQL rows need RETORT_TEST_PG_URL (a server URL whose user may CREATE DATABASE); sqlite3/psql must be on PATH.

import { execFileSync, spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findAlembicPython } from "./alembic.mjs";
import { writeAlembicProject, writeRetortProject } from "./migration-projects.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli", "main.js");
const work = join(root, "bench", ".work", "upgrade");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const REVISIONS = Number(option("revisions", 1000));
const OFFLINE_REVISIONS = Number(option("offline-revisions", 5000));
const RUNS = Number(option("runs", 3));
const EXT = option("ext", ".ts");
const PG_URL = process.env.RETORT_TEST_PG_URL;

function hasCommand(command) {
  return spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;
}

function time(fn) {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function run(command, argv, options = {}) {
  const result = spawnSync(command, argv, { encoding: "utf8", maxBuffer: 1 << 30, ...options });
  if (result.status !== 0) throw new Error(`${command} ${argv.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = [];

function record(workload, retortMs, directMs, note = "", alembicMs = undefined) {
  rows.push({ workload, retortMs, directMs, note, alembicMs });
}

/** The same revisions as an Alembic project on SQLite; returns the median wall time of `alembic upgrade head`. */
function alembicSqlite(dir) {
  const python = findAlembicPython();
  if (!python) return undefined;
  writeAlembicProject(dir, REVISIONS, "sqlite:///bench.db");
  const once = () => {
    rmSync(join(dir, "bench.db"), { force: true });
    return time(() => run(python, ["-m", "alembic", "upgrade", "head"], { cwd: dir }));
  };
  once();
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(once());
  return median(times);
}

function benchSqlite() {
  if (!hasCommand("sqlite3")) return console.warn("skipping SQLite: sqlite3 is not installed");
  const dir = join(work, "sqlite");
  writeRetortProject(dir, REVISIONS, { url: "sqlite:./bench.db", ext: EXT });
  const db = join(dir, "bench.db");
  // The exact SQL Retort runs online, as printed by --sql (BEGIN … COMMIT around everything).
  const script = run(process.execPath, [cli, "upgrade", "head", "--sql"], { cwd: dir });
  writeFileSync(join(dir, "direct.sql"), script);
  const retortRun = (env = process.env) => {
    rmSync(db, { force: true });
    return time(() => run(process.execPath, [cli, "-q", "upgrade", "head"], { cwd: dir, env }));
  };
  const directRun = () => {
    rmSync(db, { force: true });
    return time(() => run("sqlite3", ["-bail", db], { input: script }));
  };
  const coldCache = join(work, "cold-cache");
  rmSync(coldCache, { recursive: true, force: true });
  const cold = retortRun({ ...process.env, RETORT_CACHE_DIR: coldCache });
  const retort = [];
  const direct = [];
  for (let i = 0; i < RUNS; i++) {
    retort.push(retortRun());
    direct.push(directRun());
  }
  record(
    `SQLite: upgrade head, ${REVISIONS} revisions (${EXT})`,
    median(retort),
    median(direct),
    `first run, empty transpile cache: ${Math.round(cold)} ms`,
    alembicSqlite(join(work, "alembic-sqlite")),
  );
}

function benchPostgres() {
  if (!PG_URL) return console.warn("skipping PostgreSQL: RETORT_TEST_PG_URL is not set");
  if (!hasCommand("psql")) return console.warn("skipping PostgreSQL: psql is not installed");
  const name = "retort_bench_upgrade";
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const dir = join(work, "postgres");
  writeRetortProject(dir, REVISIONS, { url: url.toString(), ext: EXT });
  const recreate = () => {
    run("psql", [PG_URL, "-q", "-c", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    run("psql", [PG_URL, "-q", "-c", `CREATE DATABASE ${name}`]);
  };
  const script = run(process.execPath, [cli, "upgrade", "head", "--sql"], { cwd: dir });
  writeFileSync(join(dir, "direct.sql"), script);
  const retortRun = () => {
    recreate();
    return time(() => run(process.execPath, [cli, "-q", "upgrade", "head"], { cwd: dir }));
  };
  // The script carries its own BEGIN/COMMIT, so psql runs it as one transaction without -1.
  const directRun = () => {
    recreate();
    return time(() =>
      run("psql", [url.toString(), "-q", "-v", "ON_ERROR_STOP=1", "-f", join(dir, "direct.sql")]),
    );
  };
  const retort = [];
  const direct = [];
  retortRun();
  for (let i = 0; i < RUNS; i++) {
    retort.push(retortRun());
    direct.push(directRun());
  }
  run("psql", [PG_URL, "-q", "-c", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  record(`PostgreSQL: upgrade head, ${REVISIONS} revisions (${EXT})`, median(retort), median(direct));
}

function benchOffline() {
  const dir = join(work, "offline");
  writeRetortProject(dir, OFFLINE_REVISIONS, { url: "postgres://bench@localhost/never_connected", ext: EXT });
  run(process.execPath, [cli, "upgrade", "head", "--sql"], { cwd: dir });
  const times = [];
  for (let i = 0; i < RUNS; i++)
    times.push(time(() => run(process.execPath, [cli, "upgrade", "head", "--sql"], { cwd: dir })));
  record(
    `upgrade head --sql, ${OFFLINE_REVISIONS} revisions (${EXT})`,
    median(times),
    undefined,
    "budget < 1000 ms",
  );
}

execFileSync(process.execPath, ["--version"]);
benchSqlite();
benchPostgres();
benchOffline();

const fmt = (ms) => (ms === undefined ? "–" : `${Math.round(ms)} ms`);
console.log(`\n| workload | retort | direct (one transaction) | retort ÷ direct | alembic 1.8 | notes |`);
console.log(`|---|---|---|---|---|---|`);
for (const row of rows) {
  const ratio = row.directMs === undefined ? "–" : `${(row.retortMs / row.directMs).toFixed(2)}x`;
  console.log(
    `| ${row.workload} | ${fmt(row.retortMs)} | ${fmt(row.directMs)} | ${ratio} | ${fmt(row.alembicMs)} | ${row.note} |`,
  );
}
console.log(`\nmedian of ${RUNS} runs each, Node ${process.version}, ${new Date().toISOString()}`);
