// `npm run bench`: every benchmark in this folder, each in its own process, each printing a markdown table.
// `npm run bench -- graph` runs only the benchmarks whose name contains "graph". Needs `npm run build`.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { arch, cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(join(root, "dist", "cli", "main.js"))) {
  console.error("dist/ is missing: run `npm run build` first");
  process.exit(1);
}
console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${arch()}, Node ${process.version}; ${new Date().toISOString()}\n`,
);
const only = process.argv[2];
const suites = [
  ["graph commands", "graph-bench.mjs"],
  ["graph drawing", "graph-html-bench.mjs"],
  ["upgrade", "upgrade-bench.mjs"],
  ["history table", "history-bench.mjs"],
  ["reflection", "reflect-bench.mjs"],
  ["peers", "peers-bench.mjs"],
  ["transpile", "transpile-bench.mjs"],
  ["goals (issue 11)", "goals-bench.mjs"],
];
let failed = false;
for (const [title, file] of suites) {
  if (only && !title.includes(only)) continue;
  console.log(`## ${title}\n`);
  const result = spawnSync(process.execPath, [join(root, "bench", file)], { stdio: "inherit" });
  failed ||= result.status !== 0;
  console.log("");
}
process.exitCode = failed ? 1 : 0;
