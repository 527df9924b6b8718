import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { downgrade } from "../../src/commands/downgrade.js";
import { log } from "../../src/commands/log.js";
import { upgrade } from "../../src/commands/upgrade.js";
import { cacheDir } from "../../src/config/cache-dir.js";
import { fileChecksum } from "../../src/config/file-checksum.js";
import { MigrationFailedError } from "../../src/runtime/errors.js";
import { cliBuilt, runCli } from "../e2e/runtime-cli.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { tableNames } from "./inspect.js";
import { createProject, type Project, type RevisionSpec } from "./project.js";

/** An upgrade body whose types span lines and vanish in JavaScript, before the line that throws. */
const TYPED_BODY = `  interface Row {
    id: number;
    name: string;
  }
  type Pair = [
    Row,
    Row,
  ];
  const rows: Row[] = [{ id: 1, name: "a" }, { id: 2, name: "b" }];
  const pair = [rows[0], rows[1]] as unknown as Pair;
  await op.execute(\`CREATE TABLE typed_\${pair.length} (id INTEGER)\`);
  throw new Error("typed boom");`;

describe("loading revision files", () => {
  let db: TestDatabase;
  const projects: Project[] = [];
  const project = (revisions: RevisionSpec[]) => {
    const made = createProject(db.url, revisions);
    projects.push(made);
    return made;
  };
  beforeEach(async () => {
    db = await createTestDatabase("sqlite");
  });
  afterEach(async () => {
    for (const made of projects.splice(0)) made.remove();
    await db.drop();
  });

  it("reports the .ts file's own line for an error below multi-line types, alone and bundled", async () => {
    for (const parent of [undefined, "pre"]) {
      const p = project([
        ...(parent ? [{ id: parent, up: ["CREATE TABLE pre (id INTEGER)"] }] : []),
        { id: "typed", down: parent ?? null, ext: ".ts", upBody: TYPED_BODY },
      ]);
      const error = await upgrade(p.config, "head").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MigrationFailedError);
      const path = p.path("typed");
      const line = readFileSync(path, "utf8").split("\n").indexOf('  throw new Error("typed boom");') + 1;
      expect(line).toBeGreaterThan(12);
      expect((error as MigrationFailedError).location).toBe(`${path}:${line}`);
    }
  });

  it("runs a .ts file's new code after an edit that restores its size and modification time", async () => {
    const p = project([
      { id: "r1", ext: ".ts", up: ["CREATE TABLE t_a (id INTEGER)"], downSql: ["DROP TABLE t_a"] },
    ]);
    const path = p.path("r1");
    // Whole seconds, which utimes can set back exactly.
    const seconds = Math.floor(Date.now() / 1000) - 60;
    utimesSync(path, seconds, seconds);
    await upgrade(p.config, "head");
    await downgrade(p.config, "base");
    const before = statSync(path);
    writeFileSync(path, readFileSync(path, "utf8").replaceAll("t_a", "t_b"));
    // Put the times back until the kernel's clock has moved on, so the change time differs for certain.
    do utimesSync(path, seconds, seconds);
    while (statSync(path).ctimeMs === before.ctimeMs);
    expect([statSync(path).size, statSync(path).mtimeMs]).toEqual([before.size, before.mtimeMs]);
    await upgrade(p.config, "head");
    expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t_b"]);
  });

  it("writes the bundle's code cache after the run, so it holds the revisions' compiled functions", async () => {
    const p = project([
      { id: "r1", ext: ".ts", up: ["CREATE TABLE t_a (id INTEGER)"], downSql: ["DROP TABLE t_a"] },
      {
        id: "r2",
        down: "r1",
        ext: ".ts",
        up: ["CREATE TABLE t_b (id INTEGER)"],
        downSql: ["DROP TABLE t_b"],
      },
    ]);
    await upgrade(p.config, "head");
    const folder = cacheDir(p.dir)!;
    const bundle = join(folder, readdirSync(folder).find((name) => /^modules-\w+\.cjs$/.test(name))!);
    const source = readFileSync(bundle, "utf8");
    const saved = readFileSync(`${bundle}.v8`);
    // A cache made as soon as the files' code ran, before any upgrade() was called: what runs used to save. One
    // more line makes it a new source, which V8 compiles afresh instead of finding the run's compiled functions.
    const early = new Script(`${source}\n`, { filename: bundle });
    (
      early.runInThisContext() as (
        define: (path: string, factory: (...args: unknown[]) => void) => void,
      ) => void
    )((path, factory) => {
      const module = { exports: {} };
      factory(module.exports, () => ({}), module, path, dirname(path));
    });
    expect(saved.length).toBeGreaterThan(early.createCachedData().length);
    expect(new Script(source, { filename: bundle, cachedData: saved }).cachedDataRejected).toBe(false);
    await downgrade(p.config, "base");
    await upgrade(p.config, "head");
    expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t_a", "t_b"]);
  });

  it("records the checksum of the bytes a new bundle was built from, line endings ignored", async () => {
    const p = project([
      { id: "r1", ext: ".ts", up: ["CREATE TABLE t_a (id INTEGER)"] },
      { id: "r2", down: "r1", ext: ".ts", up: ["CREATE TABLE t_b (id INTEGER)"] },
    ]);
    const lf = fileChecksum(p.path("r2"));
    writeFileSync(p.path("r2"), readFileSync(p.path("r2"), "utf8").replaceAll("\n", "\r\n"));
    expect(existsSync(cacheDir(p.dir)!)).toBe(false);
    await upgrade(p.config, "head");
    const { rows } = await log(p.config);
    expect(rows.map((row) => [row.revision, row.checksum])).toEqual([
      ["r2", lf],
      ["r1", fileChecksum(p.path("r1"))],
    ]);
  });

  it("lends .ts revisions the TypeScript helpers they import", async () => {
    const helper = (table: string) =>
      `  const { tableName } = await import("../helpers/table-name");\n  await op.execute(\`CREATE TABLE \${tableName("${table}")} (id INTEGER)\`);`;
    const p = project([
      { id: "r1", ext: ".ts", upBody: helper("one") },
      { id: "r2", down: "r1", ext: ".ts", upBody: helper("two") },
    ]);
    // Outside the version folder, which holds nothing but revisions.
    const helpers = join(dirname(dirname(p.path("r1"))), "helpers");
    mkdirSync(helpers);
    writeFileSync(
      join(helpers, "table-name.ts"),
      'export function tableName(name: string): string {\n  return "t_" + name;\n}\n',
    );
    await upgrade(p.config, "head");
    expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t_one", "t_two"]);
  });

  it.skipIf(!cliBuilt)("imports .js and .mjs revisions natively beside bundled .ts ones", async () => {
    // In the CommonJS bundle `require` is defined; an ES module imported by Node has none. Through the CLI,
    // since vitest's own module runner would lend an imported file a require.
    const native = (table: string) =>
      `  if (typeof require !== "undefined") throw new Error("transpiled");\n  await op.execute("CREATE TABLE ${table} (id INTEGER)");`;
    const p = project([
      { id: "r1", ext: ".ts", up: ["CREATE TABLE t1 (id INTEGER)"] },
      { id: "r2", down: "r1", ext: ".mjs", upBody: native("t2") },
      { id: "r3", down: "r2", ext: ".ts", up: ["CREATE TABLE t3 (id INTEGER)"] },
      { id: "r4", down: "r3", ext: ".mjs", upBody: native("t4") },
    ]);
    p.writeConfigFile();
    const run = await runCli(p.dir, ["upgrade", "head"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(await tableNames(db.url)).toEqual(["retort_history", "retort_version", "t1", "t2", "t3", "t4"]);
  });

  it.skipIf(!cliBuilt)(
    "loads every .mjs revision of a run larger than one load group before running any, and names a broken one",
    async () => {
      // More files than are imported at once (revision-loader.ts), the broken one in a later group than the first.
      const specs: RevisionSpec[] = Array.from({ length: 150 }, (_, n) => ({
        id: `m${n}`,
        down: n === 0 ? null : `m${n - 1}`,
        ext: ".mjs",
        up: [`CREATE TABLE t${n} (id INTEGER)`],
      }));
      const broken = project(
        specs.map((spec) =>
          spec.id === "m120" ? { ...spec, up: undefined, upBody: "  await op.execute(" } : spec,
        ),
      );
      broken.writeConfigFile();
      const failed = await runCli(broken.dir, ["upgrade", "head"]);
      expect(failed.code).not.toBe(0);
      expect(failed.stderr).toContain(broken.path("m120"));
      expect(await tableNames(db.url)).toEqual([]);

      const p = project(specs);
      p.writeConfigFile();
      const run = await runCli(p.dir, ["upgrade", "head"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect((await tableNames(db.url)).length).toBe(152);
    },
  );
});
