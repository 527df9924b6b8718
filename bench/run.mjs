// `npm run bench`: every benchmark in this folder, each printing a markdown table. Needs `npm run build`.

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
  ["graph commands", "./graph-bench.mjs", "runGraphBench"],
  ["upgrade", "./upgrade-bench.mjs", "runUpgradeBench"],
];
for (const [title, file, fn] of suites) {
  if (only && !title.includes(only)) continue;
  if (!existsSync(join(root, "bench", file))) continue;
  const module = await import(file);
  console.log(`## ${title}\n`);
  console.log(`${await module[fn]()}\n`);
}
