#!/usr/bin/env node
// Which transpiler could make a cold `upgrade head` of 1,000 .ts revisions fast: each candidate of
// bench/transpilers.mjs transforms the 1,000 revision files the upgrade benchmark generates, in a fresh process per
// run (rounds rotate the order). Prints, per candidate: the time to load it, to transform all files (median over
// runs) and per file, the whole process, its peak RSS, the installed size of the packages it brings, and whether
// its output keeps every line where the source had it (so an error's line is the revision file's line).
//
//   node bench/transpile-bench.mjs [--files 1000] [--runs 5]

import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeRetortProject } from "./migration-projects.mjs";
import { candidates } from "./transpilers.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(root, "bench", ".work", "transpile");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const FILES = Number(option("files", 1000));
const RUNS = Number(option("runs", 5));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Bytes of a package folder, leaving out packages nested in its own node_modules (they are counted as packages). */
function folderBytes(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") bytes += folderBytes(path);
    } else bytes += lstatSync(path).size;
  }
  return bytes;
}

/** Where Node would find package `name` from `fromDir`: the nearest node_modules/name up the tree. */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Installed bytes of `names` and everything they depend on (installed optional dependencies included). */
function installedBytes(names) {
  const seen = new Set();
  const queue = names.map((name) => [name, root]);
  let bytes = 0;
  while (queue.length > 0) {
    const [name, fromDir] = queue.pop();
    const dir = packageDir(name, fromDir);
    if (!dir || seen.has(dir)) continue;
    seen.add(dir);
    bytes += folderBytes(dir);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }))
      queue.push([dependency, dir]);
  }
  return bytes;
}

/**
 * A richer revision than the generated ones: type-only and value imports, a multi-line interface and type alias,
 * generic arguments, `as`, `satisfies`. Each marker is text that survives every transform; its line must not move.
 */
const SAMPLE = `/**
 * Sample revision
 */
import type { Op } from "retort-migrate";
import { helper } from "./helper";

interface Row {
  id: number;
  name: string;
}

type Pair = [
  Row,
  Row,
];

export const revision = "sample";

export async function upgrade(op: Op): Promise<void> {
  const rows: Row[] = [];
  const count = rows.length as number;
  const pair = [rows[0], rows[1]] satisfies Pair | unknown[];
  helper<Row>(rows, pair);
  await op.execute("SELECT " + count);
  throw new Error("line marker");
}
`;
const SAMPLE_MARKERS = [
  '"sample"',
  "const rows",
  "rows.length",
  "rows[1]",
  "rows, pair",
  '"SELECT "',
  '"line marker"',
];
const GENERATED_MARKERS = ["CREATE TABLE", "DROP TABLE"];

/** "yes", or how many markers moved and by how many lines at most, over both samples. */
async function keepsLines(candidate, generatedFile) {
  const samplePath = join(work, "sample.ts");
  writeFileSync(samplePath, SAMPLE);
  const transformAll = candidate.load();
  const checks = [
    [{ path: samplePath, source: SAMPLE }, SAMPLE_MARKERS],
    [{ path: generatedFile, source: readFileSync(generatedFile, "utf8") }, GENERATED_MARKERS],
  ];
  let moved = 0;
  let most = 0;
  for (const [file, markers] of checks) {
    const [output] = await transformAll([file]);
    const lineOf = (text, marker) => text.split("\n").findIndex((line) => line.includes(marker));
    for (const marker of markers) {
      if (lineOf(output, marker) === -1) throw new Error(`${candidate.name} lost "${marker}"`);
      const shift = Math.abs(lineOf(output, marker) - lineOf(file.source, marker));
      if (shift > 0) moved++;
      most = Math.max(most, shift);
    }
  }
  const total = SAMPLE_MARKERS.length + GENERATED_MARKERS.length;
  return moved === 0 ? "yes" : `no (${moved} of ${total} markers moved, up to ${most} lines)`;
}

function runCandidate(candidate, versions) {
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [join(root, "bench", "transpilers.mjs"), candidate.id, versions],
    {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    },
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${candidate.name} failed:\n${result.stderr}`);
  return { ...JSON.parse(result.stdout.trim().split("\n").at(-1)), wallMs };
}

const versions = writeRetortProject(work, FILES, { url: "sqlite:./bench.db", ext: ".ts" });
const generatedFile = join(versions, readdirSync(versions).sort()[0]);
const available = candidates.filter((candidate) => candidate.available?.() ?? true);
for (const candidate of available) runCandidate(candidate, versions);
const samples = new Map(available.map((candidate) => [candidate, []]));
for (let round = 0; round < RUNS; round++)
  for (let index = 0; index < available.length; index++) {
    const candidate = available[(index + round) % available.length];
    samples.get(candidate).push(runCandidate(candidate, versions));
  }

const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
console.log(
  `| candidate | runs on | output | load ms | transform ${FILES} files ms | per file ms | process ms | wall ms | peak RSS MB | install MB | keeps lines |`,
);
console.log("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
for (const candidate of candidates) {
  const runs = samples.get(candidate);
  if (!runs) {
    const empty = " |".repeat(7);
    console.log(
      `| ${candidate.name} | ${candidate.binary} | ${candidate.output} | not available on Node ${process.version} |${empty}`,
    );
    continue;
  }
  const transformMs = median(runs.map((run) => run.transformMs));
  const size = candidate.packages.length ? mb(installedBytes(candidate.packages)) : "0";
  console.log(
    `| ${candidate.name} | ${candidate.binary} | ${candidate.output} | ${Math.round(median(runs.map((run) => run.loadMs)))} | ` +
      `${Math.round(transformMs)} | ${(transformMs / FILES).toFixed(3)} | ${Math.round(median(runs.map((run) => run.processMs)))} | ` +
      `${Math.round(median(runs.map((run) => run.wallMs)))} | ${mb(Math.max(...runs.map((run) => run.maxRssKb)) * 1024)} | ` +
      `${size} | ${await keepsLines(candidate, generatedFile)} |`,
  );
}
console.log(
  `\n${FILES} generated .ts revisions, median of ${RUNS} fresh processes each (rounds rotate the order). load = requiring ` +
    "the package and creating the transformer; transform = all files, already read into memory (esbuild build reads " +
    "them itself); process = Node start to the last file done, measured inside; wall = the whole process from outside. " +
    `Node ${process.version}, ${new Date().toISOString()}`,
);
