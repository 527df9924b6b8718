// What a command loads at start-up: the built CLI runs in a child process with a module hook that records every
// module URL it loads, and each command may load only what it needs. The graph commands open no database, so they
// load no dialect, no driver and no DDL code; `current` and a deploy at head load the core of the URL's one dialect
// and its driver, and no DDL compiler, schema or operation code, revision module, autogenerate code or other dialect.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");
const DRIVERS = ["better-sqlite3", "pg", "mysql2", "@electric-sql/pglite"];

let dir: string;

function revision(id: string, down: string | null, table: string): string {
  return `/**
 * create ${table}
 *
 * Revision ID: ${id}
 * Revises: ${down ?? ""}
 * Create Date: 2026-12-04 00:00:00.000000
 */
export const revision = "${id}";
export const downRevision = ${down === null ? "null" : `"${down}"`};
export const branchLabels = null;
export const dependsOn = null;

export async function upgrade(op) {
  await op.execute("CREATE TABLE ${table} (id INTEGER PRIMARY KEY)");
}

export async function downgrade(op) {
  await op.execute("DROP TABLE ${table}");
}
`;
}

/** The modules a CLI run loads, as paths relative to the repository (dist/…, node_modules/…) or absolute. */
function loadedBy(args: readonly string[]): string[] {
  const log = join(dir, "loaded.log");
  rmSync(log, { force: true });
  const result = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(join(dir, "record.mjs")).href, cli, ...args],
    {
      cwd: join(dir, "project"),
      encoding: "utf8",
      env: { ...process.env, LOADED_LOG: log, RETORT_CACHE_DIR: join(dir, "cache") },
    },
  );
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const root = pathToFileURL(repo).href;
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((url) => url.startsWith("file:"))
    .map((url) => (url.startsWith(`${root}/`) ? url.slice(root.length + 1) : url));
}

/** The driver packages among the modules, each once. */
const drivers = (modules: readonly string[]) =>
  DRIVERS.filter((name) => modules.some((m) => m.startsWith(`node_modules/${name}/`)));
const revisions = (modules: readonly string[]) => modules.filter((m) => m.includes("/versions/"));
const under = (modules: readonly string[], folder: string) =>
  modules.filter((m) => m.startsWith(`dist/${folder}/`));

beforeAll(() => {
  if (!existsSync(cli)) throw new Error("dist/cli/main.js is missing: run `npm run build` first");
  dir = mkdtempSync(join(tmpdir(), "retort-startup-"));
  // ES modules through a load hook; CommonJS ones (a driver may be required, which no hook sees) from the
  // require cache at exit.
  writeFileSync(
    join(dir, "record.mjs"),
    [
      'import { appendFileSync } from "node:fs";',
      'import { createRequire, register } from "node:module";',
      'import { pathToFileURL } from "node:url";',
      'register("./record-hooks.mjs", import.meta.url);',
      "const cache = createRequire(import.meta.url).cache;",
      'process.on("exit", () => {',
      '  for (const file of Object.keys(cache)) appendFileSync(process.env.LOADED_LOG, pathToFileURL(file).href + "\\n");',
      "});",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "record-hooks.mjs"),
    [
      'import { appendFileSync } from "node:fs";',
      "export async function load(url, context, next) {",
      '  appendFileSync(process.env.LOADED_LOG, url + "\\n");',
      "  return next(url, context);",
      "}",
      "",
    ].join("\n"),
  );
  const versions = join(dir, "project", "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(dir, "project", "retort.config.mjs"), 'export default { url: "sqlite:./app.db" };\n');
  writeFileSync(join(versions, "a1_create_one.mjs"), revision("a1", null, "one"));
  writeFileSync(join(versions, "b2_create_two.mjs"), revision("b2", "a1", "two"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("start-up loads only what the command needs", () => {
  it("a first upgrade loads the revisions, the driver and the compiler, so the recorder sees them", () => {
    const modules = loadedBy(["-q", "upgrade", "head"]);
    expect(revisions(modules)).toHaveLength(2);
    expect(drivers(modules)).toEqual(["better-sqlite3"]);
    expect(modules).toContain("dist/dialects/sqlite/sqlite-compiler.js");
  });

  it.each(["heads", "history"])(
    "`%s` loads no dialect, driver, operation or autogenerate module",
    (command) => {
      const modules = loadedBy([command]);
      expect(modules).toContain(`dist/commands/${command}.js`);
      expect(under(modules, "dialects")).toEqual([]);
      expect(drivers(modules)).toEqual([]);
      expect(under(modules, "operations")).toEqual([]);
      expect(under(modules, "autogenerate")).toEqual([]);
      expect(under(modules, "runtime").filter((m) => !m.endsWith("/events.js"))).toEqual([]);
    },
  );

  it.each([
    ["current", ["current"]],
    ["a deploy at head", ["-q", "upgrade", "head"]],
  ])(
    "%s loads the core of the URL's one dialect and no DDL, revision or autogenerate module",
    (_name, args) => {
      const modules = loadedBy(args);
      expect(modules).toContain("dist/dialects/sqlite/sqlite-dialect.js");
      const ddl = under(modules, "dialects").filter((m) => /(compiler|-ddl|normalizer|types)\.js$/.test(m));
      expect(ddl).toEqual([]);
      expect(under(modules, "schema")).toEqual([]);
      expect(under(modules, "operations")).toEqual([]);
      expect(drivers(modules)).toEqual(["better-sqlite3"]);
      const otherDialects = under(modules, "dialects").filter((m) =>
        /^dist\/dialects\/(?!sqlite\/)[^/]+\//.test(m),
      );
      expect(otherDialects).toEqual([]);
      expect(revisions(modules)).toEqual([]);
      expect(under(modules, "autogenerate")).toEqual([]);
      expect(modules).not.toContain("dist/runtime/revision-loader.js");
      expect(modules).not.toContain("dist/runtime/run-steps.js");
    },
  );
});
