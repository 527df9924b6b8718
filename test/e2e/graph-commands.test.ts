// heads, branches, history and show print what Alembic 1.8 prints, line for line, on the sample graph of
// the reference study. The fixture is Alembic 1.8.1's own output on the same graph (paths rewritten to
// the Retort project; a branchpoint's children sorted, where Alembic prints set order).

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cli = join(repo, "dist", "cli", "main.js");

interface SampleRevision {
  id: string;
  down: string[];
  labels: string[];
  deps: string[];
  dir: string;
  slug: string;
  message: string;
}

const sample: SampleRevision[] = [
  {
    id: "1975ea83b712",
    down: [],
    labels: [],
    deps: [],
    dir: "versions",
    slug: "create_account_table",
    message: "create account table",
  },
  {
    id: "27c6a30d7c24",
    down: ["1975ea83b712"],
    labels: [],
    deps: [],
    dir: "versions",
    slug: "add_email_to_account",
    message: "add email to account",
  },
  {
    id: "ae1027a6acf1",
    down: ["27c6a30d7c24"],
    labels: [],
    deps: [],
    dir: "versions",
    slug: "add_orders_table",
    message: "add orders table",
  },
  {
    id: "3cac04ae8714",
    down: ["27c6a30d7c24"],
    labels: [],
    deps: [],
    dir: "versions",
    slug: "add_audit_table",
    message: "add audit table",
  },
  {
    id: "53fffde5ad5c",
    down: ["3cac04ae8714", "ae1027a6acf1"],
    labels: [],
    deps: [],
    dir: "versions",
    slug: "merge_orders_and_audit",
    message: "merge orders and audit",
  },
  {
    id: "4a5b6c7d8e9f",
    down: ["53fffde5ad5c"],
    labels: [],
    deps: [],
    dir: "versions",
    slug: "add_index_on_email",
    message: "add index on email",
  },
  {
    id: "5b3a1d2c9e0f",
    down: [],
    labels: ["networking"],
    deps: [],
    dir: "networking",
    slug: "create_networking_branch",
    message: "create networking branch",
  },
  {
    id: "6c4b2e3d0f1a",
    down: ["5b3a1d2c9e0f"],
    labels: [],
    deps: ["27c6a30d7c24"],
    dir: "networking",
    slug: "add_ip_table",
    message: "add ip table",
  },
];

function literal(values: string[], many: boolean): string {
  if (values.length === 0) return "null";
  return values.length === 1 && !many ? JSON.stringify(values[0]) : JSON.stringify(values);
}

function writeSample(root: string): void {
  for (const dir of ["versions", "networking"]) mkdirSync(join(root, "migrations", dir), { recursive: true });
  writeFileSync(
    join(root, "retort.config.mjs"),
    'export default { url: "sqlite:./demo.db", versionLocations: ["migrations/versions", "migrations/networking"] };\n',
  );
  for (const revision of sample) {
    const text = [
      "/**",
      ` * ${revision.message}`,
      " *",
      ` * Revision ID: ${revision.id}`,
      ` * Revises: ${revision.down.join(", ")}`,
      " * Create Date: 2026-11-22 01:46:11.372071",
      " */",
      'import type { Op } from "retort-migrate";',
      "",
      `export const revision = "${revision.id}";`,
      `export const downRevision: string | string[] | null = ${literal(revision.down, false)};`,
      `export const branchLabels: string | string[] | null = ${literal(revision.labels, true)};`,
      `export const dependsOn: string | string[] | null = ${literal(revision.deps, false)};`,
      "",
      "export async function upgrade(op: Op): Promise<void> {}",
      "export async function downgrade(op: Op): Promise<void> {}",
      "",
    ].join("\n");
    writeFileSync(join(root, "migrations", revision.dir, `${revision.id}_${revision.slug}.ts`), text);
  }
}

function expectedSections(root: string): Map<string, string> {
  const text = readFileSync(join(repo, "test", "e2e", "fixtures", "alembic-sample.txt"), "utf8");
  const sections = new Map<string, string>();
  for (const chunk of text.split(/^=== /m).slice(1)) {
    const newline = chunk.indexOf("\n");
    sections.set(chunk.slice(0, newline), chunk.slice(newline + 1).replaceAll("{root}", root));
  }
  return sections;
}

function retort(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8" });
}

describe("graph commands print Alembic 1.8's format", () => {
  let root: string;
  let expected: Map<string, string>;

  beforeAll(() => {
    if (!existsSync(cli)) throw new Error("dist/cli/main.js is missing: run `npm run build` first");
    root = mkdtempSync(join(tmpdir(), "retort-sample-"));
    writeSample(root);
    expected = expectedSections(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const commands = [
    "heads",
    "heads -v",
    "heads --resolve-dependencies",
    "branches",
    "branches -v",
    "history",
    "history -v",
    "history -r 27c6:53ff",
    "history -r networking@base:networking@head",
    "show 53ff",
    "show heads",
  ];
  for (const command of commands) {
    it(`retort ${command}`, () => {
      const result = retort(root, command.split(" "));
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(expected.get(command));
    });
  }

  it("accepts the whole grammar in show (Alembic refuses head-1 there)", () => {
    const result = retort(root, ["show", "4a5b-1"]);
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("Rev: 53fffde5ad5c (mergepoint)");
  });

  it("gives the same facts as JSON", () => {
    const result = retort(root, ["heads", "--json"]);
    expect(result.status).toBe(0);
    const heads = JSON.parse(result.stdout) as { id: string; branchLabels: string[]; isHead: boolean }[];
    expect(heads.map((head) => [head.id, head.branchLabels])).toEqual([
      ["4a5b6c7d8e9f", []],
      ["6c4b2e3d0f1a", ["networking"]],
    ]);
  });

  it("reports an ambiguous prefix with its candidates, on one line, exit 1", () => {
    const result = retort(root, ["show", "5"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("53fffde5ad5c");
    expect(result.stderr).toContain("5b3a1d2c9e0f");
  });

  it("rejects a history range without a colon as Alembic does", () => {
    const result = retort(root, ["history", "-r", "27c6"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("Error: History range requires [start]:[end], [start]:, or :[end]\n");
  });

  it("treats an unknown option as bad usage, exit 2", () => {
    const result = retort(root, ["heads", "--bogus"]);
    expect(result.status).toBe(2);
  });
});
