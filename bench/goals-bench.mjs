#!/usr/bin/env node
// Issue 11's goals, each timed beside its reference in the same run, rounds interleaved so that a busy machine
// slows both alike: every figure is a whole process timed from outside (median wall ms), with its CPU time (user +
// system, which a machine shared with other jobs inflates far less than wall time) and peak RSS from GNU time. Prints one markdown table: goal, Retort, reference, ratio, whether it is met.
//
//   node bench/goals-bench.mjs [--runs 5] [--alembic-runs 3] [--only cold|deploy|graph|floor] [--base DIR]
// --only runs one goal's rows; --base adds, for the graph commands, rows timing this build against the build of
// another checkout (its dist/cli/main.js, e.g. main's), each with its own cache folder.
// The projects live in the OS temp folder, outside any node_modules, as a fresh clone or a deploy image would.
// PostgreSQL rows need RETORT_TEST_PG_URL and psql; the SQLite floor needs sqlite3; Alembic rows need it installed.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findAlembicPython } from "./alembic.mjs";
import { buildGraph, writeProjects } from "./graph-projects.mjs";
import { writeAlembicProject, writeRetortProject } from "./migration-projects.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli", "main.js");
const work = join(tmpdir(), "retort-goals-bench");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const text = (name) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? undefined : args[index + 1];
};
const RUNS = option("runs", 5);
const ALEMBIC_RUNS = option("alembic-runs", 3);
const ONLY = text("only");
const wants = (goal) => ONLY === undefined || ONLY === goal;
const BASE = text("base");
const REVISIONS = 1000;
const GRAPH_REVISIONS = 10000;
const PG_URL = process.env.RETORT_TEST_PG_URL;
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const python = findAlembicPython();
const hasCommand = (command) => spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;

/** One process: wall ms from outside, CPU ms and peak RSS in MB. `before` runs first, untimed (a reset). */
function once({ command, argv, cwd, env, input, before }) {
  before?.();
  const started = process.hrtime.bigint();
  const result = spawnSync(timeBin ?? command, timeBin ? ["-f", "%U %S %M", command, ...argv] : argv, {
    cwd,
    env: { ...process.env, ...env },
    input,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${argv.join(" ")} failed:\n${result.stderr}`);
  const [user, system, kb] = timeBin ? result.stderr.trim().split("\n").at(-1).split(" ").map(Number) : [];
  return { ms, cpu: timeBin ? (user + system) * 1000 : undefined, mb: timeBin ? kb / 1024 : undefined };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const retort = (cwd, argv, extra = {}) => ({
  command: process.execPath,
  argv: [cli, ...argv],
  cwd,
  ...extra,
});
const nodeEval = (label, code, cwd = work) => ({ label, command: process.execPath, argv: ["-e", code], cwd });

/**
 * Each row: `goal` (what issue 11 asks), `subject` and `reference` runs, `runs`, and `verdict(subject ms,
 * reference ms)` giving the ratio text and whether the goal is met (undefined: the row has no goal). Rounds
 * alternate subject and reference.
 */
const rows = [];
function row(goal, subject, reference, verdict, runs = RUNS) {
  rows.push({ goal, subject, reference, verdict, runs });
}

const psql = (url, sql) => {
  const result = spawnSync("psql", [url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
};

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const requireFromRoot = (name) => JSON.stringify(join(root, "node_modules", name));

// 1. Cold start: 1,000 .ts revisions, empty cache and empty database each run, against Alembic on the same graph.
const sqliteTs = join(work, "sqlite-ts");
if (wants("cold") || wants("deploy") || wants("floor"))
  writeRetortProject(sqliteTs, REVISIONS, { url: "sqlite:./bench.db", ext: ".ts" });
const freshSqlite = (dir) => () => rmSync(join(dir, "bench.db"), { force: true });
const coldCache = join(work, "cold-cache");
const cold = (dir) =>
  retort(dir, ["-q", "upgrade", "head"], {
    before: () => {
      freshSqlite(dir)();
      rmSync(coldCache, { recursive: true, force: true });
    },
    env: { RETORT_CACHE_DIR: coldCache },
  });
const coldGoal =
  "cold start: `upgrade head`, 1,000 `.ts`, empty cache, SQLite ≤ 1,000 ms and ≥ 3× faster than Alembic";
if (!wants("cold")) {
  // Left out with --only.
} else if (python) {
  const alembicDir = join(work, "alembic-sqlite");
  writeAlembicProject(alembicDir, REVISIONS, "sqlite:///bench.db");
  once({ command: python, argv: ["-m", "alembic", "upgrade", "head"], cwd: alembicDir }); // bytecode warm
  row(
    coldGoal,
    cold(sqliteTs),
    {
      label: "Alembic `upgrade head`, same graph",
      command: python,
      argv: ["-m", "alembic", "upgrade", "head"],
      cwd: alembicDir,
      before: freshSqlite(alembicDir),
    },
    (ms, ref) => [`Alembic ÷ Retort ${(ref / ms).toFixed(1)}`, ms <= 1000 && ref / ms >= 3],
    ALEMBIC_RUNS,
  );
} else {
  row(
    `${coldGoal} (Alembic not installed)`,
    cold(sqliteTs),
    retort(sqliteTs, ["-q", "upgrade", "head"], {
      label: "the same, warm cache",
      before: freshSqlite(sqliteTs),
      env: { RETORT_CACHE_DIR: join(work, "warm-cache-ts") },
    }),
    (ms, ref) => [`cold ÷ warm ${(ms / ref).toFixed(2)}`, ms <= 1000],
  );
}

// 1b. Plain JavaScript revisions are never transpiled: cold costs what warm does.
if (wants("cold")) {
  const sqliteMjs = join(work, "sqlite-mjs");
  writeRetortProject(sqliteMjs, REVISIONS, { url: "sqlite:./bench.db", ext: ".mjs" });
  row(
    "cold start, 1,000 `.mjs`: about the cost of a warm run",
    cold(sqliteMjs),
    retort(sqliteMjs, ["-q", "upgrade", "head"], {
      label: "the same, warm cache",
      before: freshSqlite(sqliteMjs),
      env: { RETORT_CACHE_DIR: join(work, "warm-cache-mjs") },
    }),
    (ms, ref) => [`cold ÷ warm ${(ms / ref).toFixed(2)}`, ms / ref <= 1.2],
  );
}

// 2. The deploy at head: nothing to do, against Node starting and making the same connection.
const warmTs = { RETORT_CACHE_DIR: join(work, "warm-cache-ts") };
if (wants("deploy") || wants("floor")) {
  spawnSync(process.execPath, [cli, "-q", "upgrade", "head"], {
    cwd: sqliteTs,
    env: { ...process.env, ...warmTs },
  });
}
const sqliteConnect = `const D = require(${requireFromRoot("better-sqlite3")}); new D("bench.db").prepare("SELECT version_num FROM retort_version").all();`;
if (wants("deploy")) {
  row(
    "deploy at head, SQLite, 1,000 revisions: ≤ `node -e 0` + connection + 100 ms",
    retort(sqliteTs, ["-q", "upgrade", "head"], { env: warmTs }),
    nodeEval("`node -e` opening the database, one query", sqliteConnect, sqliteTs),
    (ms, ref) => [`+${Math.round(ms - ref)} ms`, ms - ref <= 100],
  );
}
const withPostgres = PG_URL && hasCommand("psql");
if (wants("deploy") && withPostgres) {
  const name = "retort_goals_bench";
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  psql(PG_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  psql(PG_URL, `CREATE DATABASE ${name}`);
  const pgDir = join(work, "postgres-ts");
  writeRetortProject(pgDir, REVISIONS, { url: url.toString(), ext: ".ts" });
  spawnSync(process.execPath, [cli, "-q", "upgrade", "head"], {
    cwd: pgDir,
    env: { ...process.env, ...warmTs },
  });
  const pgConnect = `const { Client } = require(${requireFromRoot("pg")}); const c = new Client(${JSON.stringify(url.toString())}); c.connect().then(() => c.query("SELECT version_num FROM retort_version")).then(() => c.end());`;
  row(
    "deploy at head, PostgreSQL, 1,000 revisions: ≤ `node -e 0` + connection + 100 ms",
    retort(pgDir, ["-q", "upgrade", "head"], { env: warmTs }),
    nodeEval("`node -e` connecting, one query", pgConnect, pgDir),
    (ms, ref) => [`+${Math.round(ms - ref)} ms`, ms - ref <= 100],
  );
}

// 3. Graph commands at 10,000 revisions in a project with no node_modules: the per-user header cache. `current`
// runs twice: on a database never migrated (no version table), and on one stamped at head, as a deploy leaves it.
if (wants("graph")) {
  const graph = buildGraph("linear", GRAPH_REVISIONS);
  const { retortDir: graphDir, alembicDir: graphAlembic } = writeProjects(join(work, "graph"), graph, {
    alembic: python !== undefined,
  });
  const { retortDir: atHeadDir } = writeProjects(join(work, "graph-at-head"), graph);
  const xdg = { XDG_CACHE_HOME: join(work, "xdg-cache") };
  const setUp = (dir, argv) =>
    spawnSync(process.execPath, [cli, ...argv], { cwd: dir, env: { ...process.env, ...xdg } });
  setUp(graphDir, ["upgrade", "head", "--sql"]);
  setUp(atHeadDir, ["stamp", "head"]);
  const cases = [
    { command: "heads", name: "`heads`", cwd: graphDir },
    { command: "history", name: "`history`", cwd: graphDir },
    { command: "current", name: "`current`", cwd: graphDir },
    { command: "current", name: "`current` (database at head)", cwd: atHeadDir },
  ];
  for (const { command, name, cwd } of cases) {
    const subject = retort(cwd, [command], { env: xdg });
    once(subject); // the header cache written
    row(
      `${name}, 10,000 revisions, no node_modules: ≤ 2.5× \`node -e 0\``,
      subject,
      nodeEval("`node -e 0`", "0"),
      (ms, ref) => [`${(ms / ref).toFixed(2)}×`, ms / ref <= 2.5],
    );
    if (BASE !== undefined) {
      // Its own cache folder: a build of another version would find this build's snapshot a miss, and rewrite it.
      const base = {
        label: `${name}, the build in ${BASE}`,
        command: process.execPath,
        argv: [join(BASE, "dist", "cli", "main.js"), command],
        cwd,
        env: { XDG_CACHE_HOME: join(work, "xdg-cache-base") },
      };
      once(base);
      row(`${name}, 10,000 revisions: this build against another`, subject, base, (ms, ref) => [
        `this ÷ other ${(ms / ref).toFixed(2)}`,
        ms <= ref,
      ]);
    }
    if (python && command !== "current") {
      once({ command: python, argv: ["-m", "alembic", command], cwd: graphAlembic }); // bytecode warm
      row(
        `${name}, 10,000 revisions: ≥ 10× faster than Alembic (bytecode warm)`,
        subject,
        {
          label: `Alembic \`${command}\``,
          command: python,
          argv: ["-m", "alembic", command],
          cwd: graphAlembic,
        },
        (ms, ref) => [`Alembic ÷ Retort ${(ref / ms).toFixed(1)}`, ref / ms >= 10],
        ALEMBIC_RUNS,
      );
    }
  }
}

// 4. The SQLite floor: a warm `upgrade head` against sqlite3 running the same SQL (what --sql prints).
if (wants("floor") && hasCommand("sqlite3")) {
  const script = spawnSync(process.execPath, [cli, "upgrade", "head", "--sql"], {
    cwd: sqliteTs,
    env: { ...process.env, ...warmTs },
    encoding: "utf8",
  }).stdout;
  row(
    "SQLite floor: warm `upgrade head`, 1,000 revisions, ≤ 2× `sqlite3` on the same SQL",
    retort(sqliteTs, ["-q", "upgrade", "head"], { env: warmTs, before: freshSqlite(sqliteTs) }),
    {
      label: "`sqlite3 -bail` on the same SQL",
      command: "sqlite3",
      argv: ["-bail", "bench.db"],
      cwd: sqliteTs,
      input: script,
      before: freshSqlite(sqliteTs),
    },
    (ms, ref) => [`${(ms / ref).toFixed(2)}×`, ms / ref <= 2],
  );
  // What any Node tool pays for the same SQL: Node starting, better-sqlite3 loading, one exec() of the script.
  writeFileSync(join(work, "floor.sql"), script);
  const nodeFloor = `const D = require(${requireFromRoot("better-sqlite3")}); new D("bench.db").exec(require("fs").readFileSync(${JSON.stringify(join(work, "floor.sql"))}, "utf8"));`;
  row(
    "SQLite floor in Node: warm `upgrade head` beside the same SQL through better-sqlite3 in `node -e` (no goal)",
    retort(sqliteTs, ["-q", "upgrade", "head"], { env: warmTs, before: freshSqlite(sqliteTs) }),
    {
      ...nodeEval("`node -e`, better-sqlite3 `exec` of the same SQL", nodeFloor, sqliteTs),
      before: freshSqlite(sqliteTs),
    },
    // No goal: its "met" column says so.
    (ms, ref) => [`${(ms / ref).toFixed(2)}×`, undefined],
  );
}

console.log(
  "| goal | Retort wall ms | Retort CPU ms | Retort peak MB | reference | reference wall ms | reference CPU ms | wall | CPU | met (wall / CPU) |",
);
console.log("|---|---:|---:|---:|---|---:|---:|---|---|---|");
const yes = (met) => (met === undefined ? "—" : met ? "yes" : "**no**");
for (const { goal, subject, reference, verdict, runs } of rows) {
  const mine = [];
  const theirs = [];
  for (let round = 0; round < runs; round++) {
    // Alternate which goes first, so neither always runs on a machine the other just warmed.
    const pair = round % 2 === 0 ? [subject, reference] : [reference, subject];
    const [first, second] = pair.map((spec) => once(spec));
    (round % 2 === 0 ? mine : theirs).push(first);
    (round % 2 === 0 ? theirs : mine).push(second);
  }
  const at = (runs, key) => median(runs.map((run) => run[key] ?? 0));
  const peak = Math.max(...mine.map((run) => run.mb ?? 0));
  const [wallRatio, wallMet] = verdict(at(mine, "ms"), at(theirs, "ms"));
  const [cpuRatio, cpuMet] = timeBin ? verdict(at(mine, "cpu"), at(theirs, "cpu")) : ["n/a", false];
  console.log(
    `| ${goal} | ${Math.round(at(mine, "ms"))} | ${Math.round(at(mine, "cpu"))} | ${peak ? peak.toFixed(0) : "n/a"} | ${reference.label} | ` +
      `${Math.round(at(theirs, "ms"))} | ${Math.round(at(theirs, "cpu"))} | ${wallRatio} | ${cpuRatio} | ${yes(wallMet)} / ${yes(cpuMet)} |`,
  );
}
console.log(
  `\nmedian of ${RUNS} interleaved rounds (Alembic rows ${ALEMBIC_RUNS}), Node ${process.version}, ${new Date().toISOString()}`,
);
if (wants("deploy") && withPostgres) psql(PG_URL, "DROP DATABASE IF EXISTS retort_goals_bench WITH (FORCE)");
