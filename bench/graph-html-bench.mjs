// Times `retort graph --format html` on 1,000 revisions and how long headless Chromium (Debian's package) takes
// to render the page it writes: from navigation until the first frame with the graph in it has been painted, as
// the page itself reports (`performance.now()` in the requestAnimationFrame callback after that frame's) and as
// seen from outside (wall clock from the navigate command until then). Budget: under 2 s at 1,000 revisions.

import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createJiti } from "jiti";
import { buildGraph, writeProjects } from "./graph-projects.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(root, "bench", ".work");
const cli = join(root, "dist", "cli", "main.js");
const runs = Number(process.env.BENCH_RUNS ?? 7);
const sizes = (process.env.BENCH_HTML_SIZES ?? "1000").split(",").map(Number);
const { Chromium, findChromium } = await createJiti(import.meta.url).import("../test/support/chromium.ts");

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (findChromium() === undefined) {
  console.log("chromium is not installed (apt-get install -y chromium): skipped");
  process.exit(0);
}

const lines = [
  "| revisions | page KB | `retort graph` ms | graph painted ms (page) | first contentful paint ms | wall ms (outside) | nodes |",
  "|---:|---:|---:|---:|---:|---:|---:|",
];
for (const size of sizes) {
  const { retortDir } = writeProjects(join(work, `graph-html-${size}`), buildGraph("branchy", size));
  const page = join(retortDir, "graph.html");
  const started = process.hrtime.bigint();
  const made = spawnSync(process.execPath, [cli, "graph", "-o", page], { cwd: retortDir, encoding: "utf8" });
  const generateMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (made.status !== 0) throw new Error(`retort graph failed: ${made.stderr}`);
  const url = pathToFileURL(page).href;
  const browser = await Chromium.launch();
  const frames = [];
  const paints = [];
  const walls = [];
  let nodes = 0;
  let kb = 0;
  try {
    for (let run = 0; run <= runs; run++) {
      const tab = await browser.newPage();
      const sent = process.hrtime.bigint();
      await tab.goto(url);
      const ready = await tab.evaluate(
        "new Promise((resolve) => { const check = () => window.retortGraph ? resolve(window.retortGraph) : setTimeout(check, 5); check(); })",
      );
      const wall = Number(process.hrtime.bigint() - sent) / 1e6;
      const fcp = await tab.evaluate(
        "(performance.getEntriesByName('first-contentful-paint')[0] || { startTime: NaN }).startTime",
      );
      kb = (await tab.evaluate("document.documentElement.outerHTML.length")) / 1024;
      nodes = ready.nodes;
      const offsite = tab.requests.filter((request) => request !== url);
      if (offsite.length > 0) throw new Error(`the page requested ${offsite.join(", ")}`);
      if (run > 0) {
        frames.push(ready.readyMs);
        paints.push(fcp);
        walls.push(wall);
      }
      await tab.send("Page.close").catch(() => {});
    }
  } finally {
    await browser.close();
  }
  lines.push(
    `| ${size} | ${kb.toFixed(0)} | ${generateMs.toFixed(0)} | ${median(frames).toFixed(0)} | ${median(paints).toFixed(0)} | ${median(walls).toFixed(0)} | ${nodes} |`,
  );
}
console.log(lines.join("\n"));
