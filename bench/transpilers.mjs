// The TypeScript transpilers that bench/transpile-bench.mjs compares for Retort's cold start: how each one is
// loaded and how it turns one revision file into JavaScript. Run as a script, it times one candidate over a folder
// of .ts files in this fresh process and prints the figures as JSON:
//
//   node bench/transpilers.mjs <candidate> <folder of .ts files>

import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/**
 * Each candidate: `packages` (what it installs, for its size), `binary` (what runs the work), `output` (module
 * format), and `load()` returning `transformAll(files)`, which turns every { path, source } into code.
 * `perFile` says whether transformAll calls the tool once per file (else once for all, reading the files itself).
 */
export const candidates = [
  {
    name: "jiti 2 (Babel; Retort today)",
    id: "jiti",
    packages: ["jiti"],
    binary: "JavaScript (Babel bundled)",
    output: "CommonJS",
    perFile: true,
    load() {
      const { createJiti } = require("jiti");
      // As Retort's loader creates it, without the file cache, so every file is really transformed.
      const jiti = createJiti(import.meta.url, { fsCache: false, moduleCache: false, interopDefault: true });
      return (files) => files.map(({ path, source }) => jiti.transform({ source, filename: path, ts: true }));
    },
  },
  {
    name: "sucrase (typescript + imports)",
    id: "sucrase",
    packages: ["sucrase"],
    binary: "JavaScript",
    output: "CommonJS",
    perFile: true,
    load() {
      const { transform } = require("sucrase");
      // Node 20 runs every syntax a revision uses, so nothing is lowered: only types out, imports to require().
      const options = { transforms: ["typescript", "imports"], disableESTransforms: true };
      return (files) =>
        files.map(({ path, source }) => transform(source, { ...options, filePath: path }).code);
    },
  },
  {
    name: "amaro (strip-only)",
    id: "amaro",
    packages: ["amaro"],
    binary: "WebAssembly (SWC)",
    output: "ES module",
    perFile: true,
    load() {
      const { transformSync } = require("amaro");
      return (files) => files.map(({ source }) => transformSync(source, { mode: "strip-only" }).code);
    },
  },
  {
    name: "oxc-transform",
    id: "oxc",
    packages: ["oxc-transform"],
    binary: "native (N-API, per platform)",
    output: "ES module",
    perFile: true,
    load() {
      const { transformSync } = require("oxc-transform");
      return (files) => files.map(({ path, source }) => transformSync(path, source, { lang: "ts" }).code);
    },
  },
  {
    name: "esbuild transformSync, per file",
    id: "esbuild-transform",
    packages: ["esbuild"],
    binary: "native (Go, a child process)",
    output: "CommonJS",
    perFile: true,
    load() {
      const esbuild = require("esbuild");
      const options = { loader: "ts", format: "cjs", target: "node20" };
      return (files) =>
        files.map(({ path, source }) => esbuild.transformSync(source, { ...options, sourcefile: path }).code);
    },
  },
  {
    name: "esbuild build, all files at once",
    id: "esbuild-build",
    packages: ["esbuild"],
    binary: "native (Go, a child process)",
    output: "CommonJS",
    perFile: false,
    load() {
      const esbuild = require("esbuild");
      return async (files) => {
        const result = await esbuild.build({
          entryPoints: files.map(({ path }) => path),
          outdir: "/nonexistent-out",
          write: false,
          bundle: false,
          format: "cjs",
          platform: "node",
          target: "node20",
          logLevel: "silent",
        });
        return result.outputFiles.map((file) => file.text);
      };
    },
  },
  {
    name: "node:module stripTypeScriptTypes",
    id: "node-strip",
    packages: [],
    binary: "built into Node (amaro inside)",
    output: "ES module",
    perFile: true,
    available: () => typeof require("node:module").stripTypeScriptTypes === "function",
    load() {
      const { stripTypeScriptTypes } = require("node:module");
      return (files) => files.map(({ source }) => stripTypeScriptTypes(source, { mode: "strip" }));
    },
  },
];

/** The .ts files of `dir`, read into memory. */
export function readSources(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".ts"))
    .sort()
    .map((name) => ({ path: join(dir, name), source: readFileSync(join(dir, name), "utf8") }));
}

async function timeOne(id, dir) {
  const candidate = candidates.find((entry) => entry.id === id);
  if (!candidate) throw new Error(`unknown candidate ${id}`);
  const files = readSources(dir);
  const loadStarted = performance.now();
  const transformAll = candidate.load();
  const transformStarted = performance.now();
  const outputs = await transformAll(files);
  const finished = performance.now();
  if (
    outputs.length !== files.length ||
    outputs.some((code) => typeof code !== "string" || code.length === 0)
  )
    throw new Error(`${candidate.name} returned ${outputs.length} outputs for ${files.length} files`);
  return {
    files: files.length,
    loadMs: transformStarted - loadStarted,
    transformMs: finished - transformStarted,
    // Everything since Node started: start-up, reading the files, loading the tool, transforming.
    processMs: finished,
    maxRssKb: process.resourceUsage().maxRSS,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [id, dir] = process.argv.slice(2);
  console.log(JSON.stringify(await timeOne(id, dir)));
  // esbuild keeps its service process alive for the next call; the figures are out, so end now.
  process.exit(0);
}
