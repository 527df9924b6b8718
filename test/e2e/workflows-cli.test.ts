// The branch workflows through the built CLI, as a team runs them: two developers' revisions after a git merge,
// `rebase`, `merge --auto` and `doctor` as CI runs them, and `graph` (its HTML page in headless Chromium).

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { revisionSource } from "../script/temp-project.js";
import { Chromium, findChromium } from "../support/chromium.js";
import {
  createTestDatabase,
  type DialectName,
  describeEachDialect,
  type TestDatabase,
} from "../support/databases.js";
import { cliBuilt, runCli } from "./runtime-cli.js";

/** A project on `url` whose revisions create tables, so an upgrade is real work. */
function project(url: string, revisions: readonly { id: string; down?: string; message: string }[]): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "retort-e2e-workflows-")));
  writeFileSync(join(root, "retort.config.mjs"), `export default ${JSON.stringify({ url })};\n`);
  mkdirSync(join(root, "migrations", "versions"), { recursive: true });
  for (const revision of revisions) writeRevision(root, revision);
  return root;
}

function writeRevision(root: string, revision: { id: string; down?: string; message: string }): void {
  const table = `t_${revision.id}`;
  const source = revisionSource(revision.id, { down: revision.down ?? null, message: revision.message })
    .replace(
      "export async function upgrade(op: Op): Promise<void> {}",
      `export async function upgrade(op: Op): Promise<void> {\n  await op.execute("CREATE TABLE ${table} (id integer)");\n}`,
    )
    .replace(
      "export async function downgrade(op: Op): Promise<void> {}",
      `export async function downgrade(op: Op): Promise<void> {\n  await op.execute("DROP TABLE ${table}");\n}`,
    );
  writeFileSync(
    join(root, "migrations", "versions", `${revision.id}_${revision.message.replace(/\W+/g, "_")}.ts`),
    source,
  );
}

const read = (root: string, name: string) => readFileSync(join(root, "migrations", "versions", name), "utf8");
const files = (root: string) => readdirSync(join(root, "migrations", "versions")).sort();

const TWO_DEVELOPERS = [
  { id: "p1", message: "create people" },
  { id: "a1", down: "p1", message: "add teams" },
  { id: "b1", down: "p1", message: "add pets" },
];

const STORY_DIALECTS: readonly DialectName[] = ["sqlite", "postgres", "mysql"];

describe.skipIf(!cliBuilt)("the two-developer story on the command line", () => {
  describeEachDialect(
    "rebase, then upgrade",
    (dialect) => {
      let database: TestDatabase;
      afterEach(async () => database?.drop());

      it("shows two heads, refuses upgrade head, rebases, upgrades, and refuses to rebase what ran", async () => {
        database = await createTestDatabase(dialect);
        const root = project(database.url, TWO_DEVELOPERS);
        expect((await runCli(root, ["history"])).stdout).toBe(
          "p1 -> a1 (head), add teams\np1 -> b1 (head), add pets\n<base> -> p1 (branchpoint), create people\n",
        );
        const refused = await runCli(root, ["upgrade", "head"]);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(
          /^Error: Multiple head revisions are present for given argument 'head'/,
        );

        const original = read(root, "b1_add_pets.ts");
        const dry = await runCli(root, ["rebase", "b1", "--onto", "a1", "--dry-run"]);
        expect(dry).toMatchObject({ code: 0, stderr: "" });
        expect(dry.stdout).toMatch(
          /^--- migrations\/versions\/b1_add_pets\.ts\n\+\+\+ migrations\/versions\/b1_add_pets\.ts\n@@ /,
        );
        expect(dry.stdout).toContain(
          '\n-export const downRevision: string | string[] | null = "p1";\n+export const downRevision: string | string[] | null = "a1";\n',
        );
        expect(read(root, "b1_add_pets.ts")).toBe(original);

        const rebased = await runCli(root, ["rebase", "b1", "--onto", "a1"]);
        expect(rebased).toMatchObject({
          code: 0,
          stderr: "",
          stdout: "Rebased b1 onto a1: migrations/versions/b1_add_pets.ts now revises a1 (was p1)\n",
        });
        expect(read(root, "b1_add_pets.ts")).toBe(
          original.replace(" * Revises: p1\n", " * Revises: a1\n").replace('null = "p1";', 'null = "a1";'),
        );
        const up = await runCli(root, ["upgrade", "head"]);
        expect(up.code).toBe(0);
        expect(up.stdout.split("\n").map((line) => line.replace(/ \(\d+ ms\)$/, ""))).toEqual([
          "Running upgrade  -> p1, create people",
          "Running upgrade p1 -> a1, add teams",
          "Running upgrade a1 -> b1, add pets",
          "",
        ]);

        // Someone else's c1, also on a1, arrives: b1 has run here, so it cannot move; c1 can.
        writeRevision(root, { id: "c1", down: "a1", message: "add cars" });
        const before = read(root, "b1_add_pets.ts");
        const applied = await runCli(root, ["rebase", "b1", "--onto", "c1"]);
        expect(applied.code).toBe(1);
        const [line, hint, ...rest] = applied.stderr.trimEnd().split("\n");
        expect(line).toMatch(
          /^Error: .* has applied b1 \(version table retort_version: b1\); rebasing would change history/,
        );
        expect(hint).toBe(
          "Hint: merge the heads instead (retort merge --auto), or downgrade that database first",
        );
        expect(rest).toEqual([]);
        expect(read(root, "b1_add_pets.ts")).toBe(before);
        expect((await runCli(root, ["rebase", "c1", "--onto", "b1"])).code).toBe(0);
        expect((await runCli(root, ["-q", "upgrade", "head"])).code).toBe(0);
        expect((await runCli(root, ["current"])).stdout).toBe("c1 (head)\n");
      });
    },
    STORY_DIALECTS,
  );

  it("--offline rebases without asking the database, with a warning line", async () => {
    const root = project("postgres://nobody@127.0.0.1:1/none", TWO_DEVELOPERS);
    const unreachable = await runCli(root, ["rebase", "b1", "--onto", "a1"]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /^Error: Cannot check whether postgres:\/\/nobody@127\.0\.0\.1:1\/none has applied b1: /,
    );
    const offline = await runCli(root, ["rebase", "b1", "--onto", "a1", "--offline"]);
    expect(offline.code).toBe(0);
    expect(offline.stderr).toBe("Warning: --offline: not checking whether a database has applied b1\n");
  });

  it("reports bad usage with exit 2 and refusals with exit 1", async () => {
    const root = project("sqlite:./app.db", TWO_DEVELOPERS);
    expect((await runCli(root, ["rebase", "b1"])).code).toBe(2);
    expect((await runCli(root, ["rebase", "b1", "--onto", "a1", "--all-heads-onto", "a1"])).code).toBe(2);
    expect((await runCli(root, ["merge"])).code).toBe(2);
    expect((await runCli(root, ["merge", "--auto", "a1"])).code).toBe(2);
    expect((await runCli(root, ["graph", "--format", "png"])).code).toBe(2);
    expect((await runCli(root, ["--json", "graph", "-o", "x.svg"])).code).toBe(2);
    const cycle = await runCli(root, ["rebase", "b1", "--onto", "b1"]);
    expect(cycle).toMatchObject({ code: 1, stdout: "" });
    expect(cycle.stderr).toBe(
      "Error: Rebasing b1 onto b1 would create a cycle: Self-loop is detected in revisions (b1)\n",
    );
    const help = await runCli(root, ["rebase", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--all-heads-onto <target>");
  });
});

describe.skipIf(!cliBuilt)("merge --auto and doctor in CI", () => {
  it("merge --auto prints nothing at one head per branch, and merges the heads otherwise", async () => {
    const root = project("sqlite:./app.db", TWO_DEVELOPERS.slice(0, 2));
    expect(await runCli(root, ["merge", "--auto"])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(files(root)).toHaveLength(2);
    writeRevision(root, { id: "b1", down: "p1", message: "add pets" });
    const merged = await runCli(root, ["merge", "--auto"]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(
      /^Generating \/.*\/migrations\/versions\/[0-9a-f]{12}_merge_a1_and_b1\.ts \.\.\. {2}done\n$/,
    );
    expect((await runCli(root, ["heads"])).stdout).toMatch(/^[0-9a-f]{12} \(head\)\n$/);
    expect((await runCli(root, ["--json", "merge", "--auto"])).stdout).toBe("[]\n");
  });

  it("doctor exits 1 listing each problem with a hint, and 0 once fixed", async () => {
    const root = project("sqlite:./app.db", TWO_DEVELOPERS);
    const sick = await runCli(root, ["doctor"]);
    expect(sick.code).toBe(1);
    expect(sick.stdout).toBe(
      "multiple-heads: Branch (no label) has 2 heads: a1, b1\n" +
        "  hint: retort rebase b1 --onto a1, or retort merge --auto\n",
    );
    expect(sick.stderr).toBe("Error: 1 problem found in 3 revision files\n");
    const json = await runCli(root, ["--json", "doctor"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      files: 3,
      problems: [{ kind: "multiple-heads" }],
    });
    expect((await runCli(root, ["-q", "rebase", "b1", "--onto", "a1"])).code).toBe(0);
    const well = await runCli(root, ["doctor", "-q"]);
    expect(well).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await runCli(root, ["doctor"])).stdout).toBe("No problems found in 3 revision files.\n");
  });
});

const chromium = findChromium();
if (chromium === undefined) console.warn("skipping graph HTML tests in Chromium: chromium is not installed");

describe.skipIf(!cliBuilt)("retort graph", () => {
  it("prints Mermaid by default and writes SVG by extension", async () => {
    const root = project("sqlite:./app.db", TWO_DEVELOPERS);
    const mermaid = await runCli(root, ["graph"]);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^flowchart BT\n/);
    const svg = await runCli(root, ["graph", "-o", "out/graph.svg"]);
    expect(svg.stdout).toBe(`Generating ${join(root, "out", "graph.svg")} ...  done\n`);
    const text = readFileSync(join(root, "out", "graph.svg"), "utf8");
    expect(text.match(/<g class="node[^"]*" data-id=/g)).toHaveLength(3);
    const json = JSON.parse((await runCli(root, ["--json", "graph"])).stdout) as { nodes: { id: string }[] };
    expect(json.nodes.map((node) => node.id).sort()).toEqual(["a1", "b1", "p1"]);
  });

  describe.skipIf(chromium === undefined)("the HTML page in headless Chromium", () => {
    let browser: Chromium;
    beforeAll(async () => {
      browser = await Chromium.launch(chromium);
    });
    afterAll(async () => browser?.close());

    async function open(file: string) {
      const page = await browser.newPage();
      const url = pathToFileURL(file).href;
      await page.goto(url);
      const ready = await page.evaluate<{ nodes: number; readyMs: number }>(
        "new Promise((resolve) => { const check = () => window.retortGraph ? resolve(window.retortGraph) : setTimeout(check, 10); check(); })",
      );
      return { page, url, ready };
    }

    it("renders one node per revision, fetches nothing, and shows a revision's doc and file on click", async () => {
      const root = project("sqlite:./app.db", TWO_DEVELOPERS);
      expect((await runCli(root, ["graph", "-o", "graph.html"])).code).toBe(0);
      const { page, url, ready } = await open(join(root, "graph.html"));
      expect(ready.nodes).toBe(3);
      expect(page.requests).toEqual([url]);
      const box = await page.evaluate<{ x: number; y: number; width: number }>(
        "(() => { const r = document.querySelector('.node[data-id=\"b1\"] .dot').getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2, width: r.width }; })()",
      );
      expect(box.width).toBeGreaterThan(0);
      for (const type of ["mousePressed", "mouseReleased"]) {
        await page.send("Input.dispatchMouseEvent", {
          type,
          x: box.x,
          y: box.y,
          button: "left",
          clickCount: 1,
        });
      }
      const panel = await page.evaluate<string>("document.getElementById('details').textContent");
      expect(panel).toContain("b1");
      expect(panel).toContain("add pets");
      expect(panel).toContain("migrations/versions/b1_add_pets.ts");
      expect(panel).toContain("Revision ID: b1");
      const before = await page.evaluate<string>(
        "document.getElementById('viewport').getAttribute('transform')",
      );
      await page.send("Input.dispatchMouseEvent", {
        type: "mouseWheel",
        x: 300,
        y: 300,
        deltaX: 0,
        deltaY: -400,
      });
      await page.evaluate("new Promise((resolve) => requestAnimationFrame(resolve))");
      const after = await page.evaluate<string>(
        "document.getElementById('viewport').getAttribute('transform')",
      );
      expect(after).not.toBe(before);
      expect(after).toMatch(/scale\(1\.\d+\)|scale\([2-8](\.\d+)?\)/);
      const png = await page.screenshot();
      expect(png.subarray(1, 4).toString()).toBe("PNG");
    });

    it("draws 1,000 revisions as 1,000 nodes", async () => {
      const root = project("sqlite:./app.db", []);
      const revisions = Array.from({ length: 1000 }, (_, i) => ({
        id: `r${String(i).padStart(4, "0")}`,
        ...(i === 0 ? {} : { down: `r${String(i % 50 === 0 ? i - 2 : i - 1).padStart(4, "0")}` }),
        message: `revision ${i}`,
      }));
      for (const revision of revisions) writeRevision(root, revision);
      expect((await runCli(root, ["graph", "-o", "graph.html"])).code).toBe(0);
      const { page, url, ready } = await open(join(root, "graph.html"));
      expect(ready.nodes).toBe(1000);
      expect(await page.evaluate<number>("document.querySelectorAll('#viewport .node').length")).toBe(1000);
      expect(page.requests).toEqual([url]);
    });
  });
});
