#!/usr/bin/env node
// Times the same 1,000 migrations (migration n creates table bench_n, the same DDL everywhere) through every tool a
// TypeScript user might pick instead of Retort — Knex, Kysely, node-pg-migrate, umzug, Drizzle's migrator, and
// Alembic where it is installed — and through Retort with .ts and with .mjs revisions, on PostgreSQL and SQLite.
// Every figure is a whole process (Node or Python start-up included), timed in rounds that run each tool once, so
// each peer is paired with Retort in the same round; the ratio is the median over rounds of peer ÷ Retort.
//
//   node bench/peers-bench.mjs [--migrations 1000] [--runs 5] [--databases postgres,sqlite] [--tools knex,retort]
//
// Rows: "from empty, cold" (empty database, empty caches: Retort's RETORT_CACHE_DIR points at a new folder, so
// neither its header cache nor its transpiled revisions exist; Alembic's __pycache__ is removed), "from empty,
// warm" (empty database, caches as the previous run left them) and "at head" (nothing to do). PostgreSQL is
// RETORT_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), whose user must be able to create
// databases: each tool gets a scratch database, dropped at the end. Peak RSS comes from GNU time.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { findAlembicPython } from "./alembic.mjs";
import {
  writeAlembicProject,
  writeDrizzleMigrations,
  writePeerMigrations,
  writeRetortProject,
} from "./migration-projects.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli", "main.js");
const work = join(root, "bench", ".work", "peers");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const MIGRATIONS = Number(option("migrations", 1000));
const RUNS = Number(option("runs", 5));
const DATABASES = option("databases", "postgres,sqlite").split(",");
const TOOLS = option("tools", "")?.split(",").filter(Boolean);
const PG_URL = process.env.RETORT_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const ROWS = ["from empty, cold", "from empty, warm", "at head"];
const notes = [];

/**
 * A scratch database per tool: a file in the tool's folder for SQLite, a database on the server for PostgreSQL.
 * Each method takes the tool's slot, { slug, dir }.
 */
async function openDatabases() {
  const databases = [];
  if (DATABASES.includes("sqlite"))
    databases.push({
      name: "SQLite",
      kind: "sqlite",
      target: (slot) => join(slot.dir, "bench.db"),
      retortUrl: (slot) => `sqlite:${join(slot.dir, "bench.db")}`,
      alembicUrl: (slot) => `sqlite:///${join(slot.dir, "bench.db")}`,
      async reset(slot) {
        for (const suffix of ["", "-journal", "-wal", "-shm"])
          rmSync(join(slot.dir, `bench.db${suffix}`), { force: true });
      },
      async drop() {},
    });
  if (DATABASES.includes("postgres")) {
    const admin = new pg.Client({ connectionString: PG_URL });
    try {
      await admin.connect();
    } catch (error) {
      notes.push(`PostgreSQL skipped: cannot connect to ${PG_URL} (${error.message})`);
      return databases;
    }
    const databaseName = (slot) => `retort_peers_${slot.slug.replaceAll("-", "_")}`;
    const url = (slot) => {
      const parsed = new URL(PG_URL);
      parsed.pathname = `/${databaseName(slot)}`;
      return parsed.toString();
    };
    const dropSql = (slot) => `DROP DATABASE IF EXISTS ${databaseName(slot)} WITH (FORCE)`;
    databases.push({
      name: "PostgreSQL",
      kind: "postgres",
      target: url,
      retortUrl: url,
      // SQLAlchemy 1.4 knows the scheme only as postgresql://.
      alembicUrl: (slot) => url(slot).replace(/^postgres(ql)?:/, "postgresql:"),
      async reset(slot) {
        await admin.query(dropSql(slot));
        await admin.query(`CREATE DATABASE ${databaseName(slot)}`);
      },
      async drop(slots) {
        for (const slot of slots) await admin.query(dropSql(slot));
        await admin.end();
      },
    });
  }
  return databases;
}

/** A Node script of bench/peers/ on the peer's own migrations folder. */
function peer(name, writeMigrations, { kinds = ["postgres", "sqlite"] } = {}) {
  const script = join(root, "bench", "peers", `${name}.mjs`);
  return {
    name,
    kinds,
    setUp(database, slot) {
      const migrations = writeMigrations(join(slot.dir, "migrations"), database.kind);
      return { command: process.execPath, args: [script, database.kind, database.target(slot), migrations] };
    },
  };
}

let coldCaches = 0;

function retort(ext) {
  return {
    name: `retort (${ext})`,
    kinds: ["postgres", "sqlite"],
    retort: ext,
    setUp(database, slot) {
      writeRetortProject(slot.dir, MIGRATIONS, { url: database.retortUrl(slot), ext });
      const warmCache = join(slot.dir, "cache");
      return {
        command: process.execPath,
        args: [cli, "-q", "upgrade", "head"],
        // A cold run gets a cache folder that does not exist yet (removed after the run); every other run shares one.
        env: (row) => ({
          RETORT_CACHE_DIR: row.includes("cold") ? join(slot.dir, `cache-cold-${++coldCaches}`) : warmCache,
        }),
      };
    },
  };
}

function alembic(python) {
  return {
    name: "alembic",
    kinds: ["postgres", "sqlite"],
    python,
    setUp(database, slot) {
      const { dir } = slot;
      writeAlembicProject(dir, MIGRATIONS, database.alembicUrl(slot));
      return {
        command: python,
        args: ["-m", "alembic", "upgrade", "head"],
        // Python's bytecode cache of the revision files and env.py is Alembic's counterpart of Retort's caches.
        beforeCold: () => {
          rmSync(join(dir, "migrations", "__pycache__"), { recursive: true, force: true });
          rmSync(join(dir, "migrations", "versions", "__pycache__"), { recursive: true, force: true });
        },
      };
    },
  };
}

function tools() {
  const list = [
    retort(".ts"),
    retort(".mjs"),
    peer("knex", (dir) => writePeerMigrations("knex", dir, MIGRATIONS)),
    peer("kysely", (dir) => writePeerMigrations("kysely", dir, MIGRATIONS)),
    peer("node-pg-migrate", (dir) => writePeerMigrations("node-pg-migrate", dir, MIGRATIONS), {
      kinds: ["postgres"],
    }),
    peer("umzug", (dir) => writePeerMigrations("umzug", dir, MIGRATIONS)),
    peer("drizzle", (dir, kind) =>
      writeDrizzleMigrations(dir, MIGRATIONS, kind === "postgres" ? "postgresql" : "sqlite"),
    ),
  ];
  const python = findAlembicPython();
  if (python) list.push(alembic(python));
  else notes.push("Alembic skipped: no Python with `-m alembic` (apt-get install python3-alembic)");
  for (const tool of list) tool.slug = tool.name.replace(/[^a-z0-9]+/g, "-").replace(/-$/, "");
  return list.filter((tool) => !TOOLS?.length || TOOLS.some((name) => tool.name.includes(name)));
}

/** Alembic on PostgreSQL needs psycopg2 beside it; without it that one pair is skipped. */
function canRun(tool, database) {
  if (!tool.kinds.includes(database.kind)) return false;
  if (tool.name !== "alembic" || database.kind !== "postgres") return true;
  if (spawnSync(tool.python, ["-c", "import psycopg2"], { stdio: "ignore" }).status === 0) return true;
  notes.push("Alembic on PostgreSQL skipped: psycopg2 is not installed (apt-get install python3-psycopg2)");
  return false;
}

/** Runs one process; returns wall milliseconds, CPU milliseconds and peak RSS in MB (the last two need GNU time). */
function measure({ command, args, cwd, env }) {
  const argv = TIME ? ["-f", "peak-rss-kb %M cpu-s %U %S", command, ...args] : args;
  const started = process.hrtime.bigint();
  const result = spawnSync(TIME ?? command, argv, { cwd, env, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) failed:\n${result.stdout}\n${result.stderr}`);
  const rss = /peak-rss-kb (\d+) cpu-s ([\d.]+) ([\d.]+)/.exec(result.stderr ?? "");
  return {
    ms,
    cpuMs: rss ? (Number(rss[2]) + Number(rss[3])) * 1000 : undefined,
    mb: rss ? Number(rss[1]) / 1024 : undefined,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function benchDatabase(database, candidates, results) {
  const slots = candidates
    .filter((tool) => canRun(tool, database))
    .map((tool) => {
      const slot = { tool, slug: tool.slug, dir: join(work, database.kind, tool.slug) };
      slot.setup = tool.setUp(database, slot);
      return slot;
    });
  const { RETORT_CACHE_DIR: _, ...inherited } = process.env;
  const runOnce = async (slot, row) => {
    const cold = row.includes("cold");
    if (row.startsWith("from empty")) await database.reset(slot);
    if (cold) slot.setup.beforeCold?.();
    const env = { ...inherited, ...slot.setup.env?.(row) };
    const measured = measure({ command: slot.setup.command, args: slot.setup.args, cwd: slot.dir, env });
    if (cold && env.RETORT_CACHE_DIR) rmSync(env.RETORT_CACHE_DIR, { recursive: true, force: true });
    return measured;
  };
  // The rows run in order: the last warm run leaves each database at head for the "at head" row.
  for (const row of ROWS) {
    // One untimed run of each first: it fills the warm caches and the system's file cache.
    for (const slot of slots) await runOnce(slot, row);
    const samples = new Map(slots.map((slot) => [slot, []]));
    for (let round = 0; round < RUNS; round++) {
      process.stderr.write(`peers: ${database.name}, ${row}, round ${round + 1} of ${RUNS}\n`);
      // Rotate the order each round so that no tool always runs right after the same neighbour.
      for (let index = 0; index < slots.length; index++) {
        const slot = slots[(index + round) % slots.length];
        samples.get(slot).push(await runOnce(slot, row));
      }
      results.floor.push(
        measure({ command: process.execPath, args: ["-e", "0"], cwd: root, env: process.env }),
      );
    }
    const reference = (ext) => samples.get(slots.find((slot) => slot.tool.retort === ext));
    for (const slot of slots) {
      const own = samples.get(slot);
      const ratio = (ext, key = "ms") => {
        const retortSamples = reference(ext);
        // Undefined for CPU without GNU time.
        return retortSamples && own[0][key] !== undefined
          ? median(own.map((sample, i) => sample[key] / retortSamples[i][key]))
          : undefined;
      };
      results.push({
        tool: slot.tool.name,
        database: database.name,
        row,
        ms: median(own.map((sample) => sample.ms)),
        cpuMs: TIME ? median(own.map((sample) => sample.cpuMs)) : undefined,
        toTs: ratio(".ts"),
        toMjs: ratio(".mjs"),
        cpuToTs: ratio(".ts", "cpuMs"),
        mb: TIME ? Math.max(...own.map((sample) => sample.mb)) : undefined,
      });
    }
  }
  await database.drop(slots);
}

const results = [];
results.floor = [];
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const candidates = tools();
for (const database of await openDatabases()) await benchDatabase(database, candidates, results);
if (!TIME) notes.push("peak RSS not measured: /usr/bin/time (GNU time) is not installed");

const fixed = (value, digits) => (value === undefined ? "–" : value.toFixed(digits));
console.log(
  `| tool | database | row | median ms | ÷ retort (.ts) | ÷ retort (.mjs) | CPU ms | CPU ÷ retort (.ts) | peak RSS MB |\n|---|---|---|---:|---:|---:|---:|---:|---:|`,
);
for (const result of results)
  console.log(
    `| ${result.tool} | ${result.database} | ${result.row} | ${Math.round(result.ms)} | ${fixed(result.toTs, 2)} | ${fixed(result.toMjs, 2)} | ${fixed(result.cpuMs, 0)} | ${fixed(result.cpuToTs, 2)} | ${fixed(result.mb, 0)} |`,
  );
const floorMb = TIME ? `, peak ${Math.max(...results.floor.map((sample) => sample.mb)).toFixed(0)} MB` : "";
console.log(
  `\n${MIGRATIONS} migrations, median of ${RUNS} rounds; ratio = median over rounds of tool ÷ Retort in the same round ` +
    `(above 1: Retort faster); CPU is user + system time (GNU time, 10 ms steps), which other load on the machine inflates far less than wall time. \`node -e 0\` in the same rounds: median ${Math.round(median(results.floor.map((sample) => sample.ms)))} ms${floorMb}. ` +
    `Node ${process.version}, ${new Date().toISOString()}`,
);
for (const note of [...new Set(notes)]) console.log(`- ${note}`);
