// The built CLI in throw-away projects that have no node_modules (as with npx or a global install): every config
// form is checked for unknown keys and wrong types before anything connects, and every file Retort loads gets the
// running copy for `import … from "retort-migrate"`.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { connect } from "../../src/dialects/index.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { cliBuilt, runCli } from "./runtime-cli.js";

const repo = resolve(import.meta.dirname, "../..");

const projects: string[] = [];
afterEach(() => {
  for (const dir of projects.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project folder with these files (paths relative to it), under a temp folder with no node_modules above it. */
function project(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "retort-e2e-config-")));
  projects.push(dir);
  for (let up = dir; dirname(up) !== up; up = dirname(up)) {
    if (existsSync(join(up, "node_modules"))) throw new Error(`${up} has a node_modules folder`);
  }
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A revision file in SPEC 2.1's format, with `imports` above the header constants and `body` as upgrade(). */
function revision(id: string, down: string | null, body: string, imports = ""): string {
  return `/**
 * revision ${id}
 *
 * Revision ID: ${id}
 * Revises: ${down ?? ""}
 * Create Date: 2026-11-22 03:30:00.000000
 */
${imports}
export const revision = ${JSON.stringify(id)};
export const downRevision = ${JSON.stringify(down)};
export const branchLabels = null;
export const dependsOn = null;

export async function upgrade(op) {
  ${body}
}

export async function downgrade(op) {}
`;
}

const PLAIN_REVISION = revision(
  "aaaa00000001",
  null,
  'await op.execute("CREATE TABLE account (id INTEGER)");',
);

function tables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name);
  } finally {
    db.close();
  }
}

function versionRows(file: string, table: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT version_num FROM ${table}`).all();
  } finally {
    db.close();
  }
}

interface ConfigForm {
  readonly title: string;
  readonly file: string;
  /** The config's text, with `setting` (one `key: value` entry) among the selected database's settings. */
  readonly source: (setting: string) => string;
  readonly args: readonly string[];
  /** How the error names the misspelt key. */
  readonly key: string;
  /** Other files the form needs. */
  readonly extra?: Record<string, string>;
}

const IMPORT = 'import { defineConfig } from "retort-migrate";\n';

const FORMS: readonly ConfigForm[] = [
  {
    title: "a .ts config",
    file: "retort.config.ts",
    source: (s) =>
      `${IMPORT}const url: string = "sqlite:./app.db";\nexport default defineConfig({ url, ${s} });\n`,
    args: [],
    key: "versionTabel",
  },
  {
    title: "a .mts config",
    file: "retort.config.mts",
    source: (s) => `${IMPORT}export default defineConfig({ url: "sqlite:./app.db" as string, ${s} });\n`,
    args: [],
    key: "versionTabel",
  },
  {
    title: "a .js config in a package of type module",
    file: "retort.config.js",
    source: (s) => `${IMPORT}export default defineConfig({ url: "sqlite:./app.db", ${s} });\n`,
    args: [],
    key: "versionTabel",
    extra: { "package.json": '{ "name": "app", "private": true, "type": "module" }\n' },
  },
  {
    title: "a .mjs config",
    file: "retort.config.mjs",
    source: (s) => `${IMPORT}export default defineConfig({ url: "sqlite:./app.db", ${s} });\n`,
    args: [],
    key: "versionTabel",
  },
  {
    title: "a config exported as an async function of -x values",
    file: "retort.config.mjs",
    source: (s) => `${IMPORT}export default defineConfig(async (x) => ({ url: x.url, ${s} }));\n`,
    args: ["-x", "url=sqlite:./app.db"],
    key: "versionTabel",
  },
  {
    title: "a section of a multi-database config chosen with -n",
    file: "retort.config.ts",
    source: (s) =>
      `${IMPORT}export default defineConfig({\n  default: "other",\n  databases: {\n    main: { url: "sqlite:./app.db", ${s} },\n    other: { url: "sqlite:./other.db" },\n  },\n});\n`,
    args: ["-n", "main"],
    key: "databases.main.versionTabel",
  },
];

describe.skipIf(!cliBuilt)("config validation on the command line", () => {
  for (const form of FORMS) {
    it(`refuses a misspelt key in ${form.title} before connecting, then runs once it is fixed`, async () => {
      const dir = project({
        ...form.extra,
        [form.file]: form.source('versionTabel: "legacy_version"'),
        "migrations/versions/aaaa00000001_plain.mjs": PLAIN_REVISION,
      });
      const refused = await runCli(dir, [...form.args, "upgrade", "head"]);
      expect(refused.stderr).toBe(
        `Error: Unknown config key ${form.key} in ${form.file}: did you mean versionTable?\n`,
      );
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe("");
      expect(existsSync(join(dir, "app.db"))).toBe(false);

      writeFileSync(join(dir, form.file), form.source('versionTable: "legacy_version"'));
      const run = await runCli(dir, [...form.args, "upgrade", "head"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(tables(join(dir, "app.db"))).toEqual(["account", "legacy_version", "retort_history"]);
      expect(versionRows(join(dir, "app.db"), "legacy_version")).toEqual([{ version_num: "aaaa00000001" }]);
    });
  }

  it("refuses a value of the wrong type, naming key, file and what it got", async () => {
    const dir = project({
      "retort.config.mjs":
        'export default { url: "sqlite:./app.db", versionLocations: "migrations/versions" };\n',
      "migrations/versions/aaaa00000001_plain.mjs": PLAIN_REVISION,
    });
    const run = await runCli(dir, ["upgrade", "head"]);
    expect(run.stderr).toBe(
      'Error: Config key versionLocations in retort.config.mjs must be a non-empty array of non-empty strings; got the string "migrations/versions"\n',
    );
    expect(run.code).toBe(1);
    expect(existsSync(join(dir, "app.db"))).toBe(false);
  });

  it("refuses a mistake in a database section that -n did not choose", async () => {
    const dir = project({
      "retort.config.mjs": `export default {
  databases: {
    main: { url: "sqlite:./app.db" },
    reports: { url: "sqlite:./reports.db", transactionPerMigration: "false" },
  },
};
`,
      "migrations/versions/aaaa00000001_plain.mjs": PLAIN_REVISION,
    });
    const run = await runCli(dir, ["-n", "main", "upgrade", "head"]);
    expect(run.stderr).toBe(
      'Error: Config key databases.reports.transactionPerMigration in retort.config.mjs must be true or false; got the string "false"\n',
    );
    expect(run.code).toBe(1);
    expect(existsSync(join(dir, "app.db"))).toBe(false);
    expect(existsSync(join(dir, "reports.db"))).toBe(false);
  });

  it("refuses a misspelt key for revision too, writing no file", async () => {
    const dir = project({ "retort.config.mjs": 'export default { scriptLocaton: "db" };\n' });
    const run = await runCli(dir, ["revision", "-m", "first"]);
    expect(run.stderr).toBe(
      "Error: Unknown config key scriptLocaton in retort.config.mjs: did you mean scriptLocation?\n",
    );
    expect(run.code).toBe(1);
    expect(existsSync(join(dir, "db"))).toBe(false);
    expect(readdirSync(join(dir, "migrations", "versions"))).toEqual([]);
  });
});

const ALEMBIC_REVISIONS = {
  "migrations/versions/1975ea83b712_create_account.mjs": revision(
    "1975ea83b712",
    null,
    'await op.execute("CREATE TABLE account (id INTEGER)");',
  ),
  "migrations/versions/27c6a30d7c24_add_email.mjs": revision(
    "27c6a30d7c24",
    "1975ea83b712",
    'await op.execute("ALTER TABLE account ADD COLUMN email VARCHAR(100)");',
  ),
};

// PGlite is left out: the config is refused before any dialect code runs, and each PGlite start costs seconds.
describeEachDialect(
  "a misspelt versionTable on a database Alembic manages",
  (dialect) => {
    let database: TestDatabase;
    afterEach(async () => database.drop());

    it.skipIf(!cliBuilt)("is refused before any connection, leaving the database as it was", async () => {
      database = await createTestDatabase(dialect);
      const setup = await connect(database.url);
      try {
        await setup.execute(
          "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
        );
        await setup.execute("CREATE TABLE account (id INTEGER)");
        await setup.execute("INSERT INTO alembic_version (version_num) VALUES ('1975ea83b712')");
      } finally {
        await setup.close();
      }
      const config = (setting: string) =>
        `export default { url: ${JSON.stringify(database.url)}, ${setting} };\n`;
      const dir = project({
        ...ALEMBIC_REVISIONS,
        "retort.config.mjs": config('versionTabel: "alembic_version"'),
      });

      const refused = await runCli(dir, ["upgrade", "head"]);
      expect(refused.stderr).toBe(
        "Error: Unknown config key versionTabel in retort.config.mjs: did you mean versionTable?\n",
      );
      expect(refused.code).toBe(1);
      const after = await connect(database.url);
      try {
        expect(await after.query("SELECT version_num FROM alembic_version")).toEqual([
          { version_num: "1975ea83b712" },
        ]);
        await expect(after.query("SELECT version_num FROM retort_version")).rejects.toThrow();
        await expect(after.query("SELECT email FROM account")).rejects.toThrow();
      } finally {
        await after.close();
      }

      writeFileSync(join(dir, "retort.config.mjs"), config('versionTable: "alembic_version"'));
      const run = await runCli(dir, ["upgrade", "head"]);
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(
        /^Running upgrade 1975ea83b712 -> 27c6a30d7c24, revision 27c6a30d7c24 \(\d+ ms\)\n$/,
      );
    });
  },
  ["sqlite", "postgres", "mysql"],
);

/** An upgrade() body that creates a table whose name says whether `column` is the runtime's own `op.column`. */
const PROBE_BODY = (id: string) =>
  `await op.execute("CREATE TABLE probe_${id}_" + (op.column === column ? "same" : "copy") + " (id INTEGER)");`;
const IMPORT_COLUMN = 'import { column } from "retort-migrate";\n';

/** Three revisions that import retort-migrate: a .mjs file, a .ts file, and a .mjs file through a helper. */
const PROBE_FILES = {
  "retort.config.mjs": 'export default { url: process.env.DB ?? "sqlite:./app.db" };\n',
  "migrations/versions/aaaa00000001_mjs.mjs": revision(
    "aaaa00000001",
    null,
    PROBE_BODY("aaaa"),
    IMPORT_COLUMN,
  ),
  "migrations/versions/bbbb00000002_ts.ts": revision(
    "bbbb00000002",
    "aaaa00000001",
    PROBE_BODY("bbbb"),
    IMPORT_COLUMN,
  )
    .replace("upgrade(op)", "upgrade(op: any): Promise<void>")
    .replace("downgrade(op)", "downgrade(op: unknown): Promise<void>"),
  "migrations/versions/cccc00000003_helper.mjs": revision(
    "cccc00000003",
    "bbbb00000002",
    'await op.execute("CREATE TABLE probe_cccc_" + runtimeOf(op) + " (id INTEGER)");',
    'import { runtimeOf } from "../helpers/runtime-of.mjs";\n',
  ),
  "migrations/helpers/runtime-of.mjs": `${IMPORT_COLUMN}export const runtimeOf = (op) => (op.column === column ? "same" : "copy");\n`,
};

const PROBE_TABLES = [
  "probe_aaaa_same",
  "probe_bbbb_same",
  "probe_cccc_same",
  "retort_history",
  "retort_version",
];

/** Another copy of retort-migrate, as a project might have installed: its `column` is not the runtime's. */
const OTHER_COPY = {
  "node_modules/retort-migrate/package.json":
    '{ "name": "retort-migrate", "version": "0.0.1", "type": "module", "exports": "./index.js" }\n',
  "node_modules/retort-migrate/index.js":
    "export const column = {};\nexport const defineConfig = (config) => config;\n",
};

describe.skipIf(!cliBuilt)("import … from retort-migrate in files the CLI loads", () => {
  const layouts: ReadonlyArray<[string, (dir: string) => void]> = [
    ["a project without node_modules", () => {}],
    [
      "a project that installed the running copy",
      (dir) => {
        mkdirSync(join(dir, "node_modules"));
        symlinkSync(repo, join(dir, "node_modules", "retort-migrate"), "dir");
      },
    ],
    [
      "a project that installed another copy",
      (dir) => {
        for (const [path, text] of Object.entries(OTHER_COPY)) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), text);
        }
      },
    ],
  ];
  for (const [title, install] of layouts) {
    it(`gives revisions the running copy one by one and bundled, in ${title}`, async () => {
      const dir = project(PROBE_FILES);
      install(dir);
      // One revision: imported natively (.mjs). Then two at once: loaded from the revision bundle.
      const first = await runCli(dir, ["upgrade", "aaaa00000001"]);
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      const rest = await runCli(dir, ["upgrade", "head"]);
      expect(rest.stderr).toBe("");
      expect(rest.code).toBe(0);
      expect(tables(join(dir, "app.db"))).toEqual(PROBE_TABLES);
      // Without the bundle, each file is imported on its own: .mjs natively, .ts through jiti.
      const single = await runCli(dir, ["upgrade", "head"], {
        DB: "sqlite:./single.db",
        RETORT_NO_BUNDLE: "1",
      });
      expect(single.stderr).toBe("");
      expect(single.code).toBe(0);
      expect(tables(join(dir, "single.db"))).toEqual(PROBE_TABLES);
    });
  }

  it("loads a .mjs target schema that imports retort-migrate, named or through a function", async () => {
    const schema = `import { column, table } from "retort-migrate";
export const teams = table("teams", { id: column.integer().primaryKey(), name: column.text().notNull() });
`;
    const dir = project({
      "schema.mjs": schema,
      "retort.config.mjs": 'export default { url: "sqlite:./app.db", target: "./schema.mjs" };\n',
    });
    const named = await runCli(dir, ["check"]);
    expect(named.stdout).toBe("New upgrade operations detected (1):\n  - add table teams\n");
    expect(named.code).toBe(1);
    writeFileSync(
      join(dir, "retort.config.mjs"),
      'export default { url: "sqlite:./app.db", target: () => import("./schema.mjs") };\n',
    );
    const viaFunction = await runCli(dir, ["check"]);
    expect(viaFunction.stdout).toBe("New upgrade operations detected (1):\n  - add table teams\n");
    expect(viaFunction.code).toBe(1);
  });

  /** A --require preload that counts module.register calls in `log`, or (with `remove`) deletes it as Node < 20.6 lacks it. */
  function registerPreload(dir: string, remove: boolean): { NODE_OPTIONS: string; log: string } {
    const log = join(dir, "register.log");
    const preload = join(dir, "register-preload.cjs");
    writeFileSync(
      preload,
      `const Module = require("node:module");
const { appendFileSync } = require("node:fs");
const original = Module.register;
Module.register = ${
        remove
          ? "undefined"
          : `function (...args) {
  appendFileSync(${JSON.stringify(log)}, "register\\n");
  return original.apply(this, args);
}`
      };
Module.syncBuiltinESMExports();
`,
    );
    return { NODE_OPTIONS: `--require ${preload}`, log };
  }

  it("registers the loader hook once, and only when a file needs it", async () => {
    const plain = project({
      "retort.config.mjs": 'export default { url: "sqlite:./app.db" };\n',
      "migrations/versions/aaaa00000001_plain.mjs": PLAIN_REVISION,
    });
    const spy = registerPreload(plain, false);
    for (const args of [["heads"], ["upgrade", "head"], ["current"]]) {
      expect((await runCli(plain, args, { NODE_OPTIONS: spy.NODE_OPTIONS })).code).toBe(0);
    }
    expect(existsSync(spy.log)).toBe(false);

    const importing = project(PROBE_FILES);
    writeFileSync(
      join(importing, "retort.config.mjs"),
      `${IMPORT}export default defineConfig({ url: "sqlite:./app.db" });\n`,
    );
    const counted = registerPreload(importing, false);
    const run = await runCli(importing, ["upgrade", "head"], {
      NODE_OPTIONS: counted.NODE_OPTIONS,
      RETORT_NO_BUNDLE: "1",
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(readFileSync(counted.log, "utf8")).toBe("register\n");

    // Where Node itself resolves retort-migrate to the running copy, the same files need no hook.
    mkdirSync(join(importing, "node_modules"));
    symlinkSync(repo, join(importing, "node_modules", "retort-migrate"), "dir");
    rmSync(counted.log);
    rmSync(join(importing, "app.db"));
    const installed = await runCli(importing, ["upgrade", "head"], {
      NODE_OPTIONS: counted.NODE_OPTIONS,
      RETORT_NO_BUNDLE: "1",
    });
    expect(installed.stderr).toBe("");
    expect(installed.code).toBe(0);
    expect(tables(join(importing, "app.db"))).toEqual(PROBE_TABLES);
    expect(existsSync(counted.log)).toBe(false);
  });

  it("says what to do where Node has no module.register (before 20.6)", async () => {
    const dir = project({
      "retort.config.mjs": `${IMPORT}export default defineConfig({ url: "sqlite:./app.db" });\n`,
    });
    const { NODE_OPTIONS } = registerPreload(dir, true);
    const run = await runCli(dir, ["heads"], { NODE_OPTIONS });
    expect(run.stderr).toBe(
      `Error: Failed to load config retort.config.mjs: Cannot find package 'retort-migrate': Node ${process.versions.node} has no module.register (added in 20.6), so Retort cannot lend a .js/.mjs file its running copy; install retort-migrate in the project, use a .ts file, or use Node 20.6 or later\n`,
    );
    expect(run.code).toBe(1);
  });
});
