// The built CLI's file commands, run as a user runs them: init, revision, merge and their exit codes.

import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "../..");
const cli = join(repo, "dist", "cli", "main.js");

beforeAll(() => {
  if (!existsSync(cli)) execFileSync("npm", ["run", "build"], { cwd: repo, stdio: "ignore" });
});

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function retort(cwd: string, args: readonly string[], nodeArgs: readonly string[] = []): Run {
  const result = spawnSync(process.execPath, [...nodeArgs, cli, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempDir(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), "retort-e2e-script-")));
}

/** A project whose config needs no imports, so it loads whatever the state of the package's entry point. */
function project(settings = "{}"): string {
  const root = tempDir();
  writeFileSync(join(root, "retort.config.mjs"), `export default ${settings};\n`);
  mkdirSync(join(root, "migrations", "versions"), { recursive: true });
  return root;
}

describe("retort init", () => {
  it("writes a project and says what it wrote", () => {
    const root = tempDir();
    const run = retort(root, ["init"]);
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")).toEqual([
      `Creating directory ${join(root, "migrations")} ...  done`,
      `Generating ${join(root, "retort.config.ts")} ...  done`,
      `Generating ${join(root, "migrations", "script.ts.tmpl")} ...  done`,
      `Creating directory ${join(root, "migrations", "versions")} ...  done`,
      `Please edit the database URL and settings in ${join(root, "retort.config.ts")} before proceeding.`,
      "",
    ]);
  });

  it("takes a folder and a template, and refuses a second run with exit 1", () => {
    const root = tempDir();
    expect(retort(root, ["init", "app", "--template", "multidb", "-q"]).status).toBe(0);
    expect(readdirSync(join(root, "app", "migrations")).sort()).toEqual([
      "primary",
      "script.ts.tmpl",
      "secondary",
    ]);
    const again = retort(root, ["init", "app"]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^Error: .*retort\.config\.ts already exists/);
  });

  it("rejects an unknown template as a usage error", () => {
    const run = retort(tempDir(), ["init", "--template", "fancy"]);
    expect(run.status).toBe(2);
  });

  // The generated config imports defineConfig from "retort-migrate", which resolves to the package's own entry.
  it.skipIf(!existsSync(join(repo, "dist", "index.js")))(
    "makes a project that revision can use at once",
    () => {
      const root = tempDir();
      expect(retort(root, ["init", "-q"]).status).toBe(0);
      const run = retort(root, ["revision", "-m", "first"]);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(readdirSync(join(root, "migrations", "versions"))).toEqual([
        expect.stringMatching(/^[0-9a-f]{12}_first\.ts$/),
      ]);
    },
  );
});

describe("retort revision", () => {
  it("prints Alembic's Generating line with the absolute path", () => {
    const root = project();
    const run = retort(root, ["revision", "-m", "../../etc/passwd", "--rev-id", "ab12"]);
    expect(run.status).toBe(0);
    const path = join(root, "migrations", "versions", "ab12_etc_passwd.ts");
    expect(run.stdout).toBe(`Generating ${path} ...  done\n`);
    expect(readFileSync(path, "utf8")).toContain('export const revision = "ab12";');
  });

  it("prints the id and path as JSON with --json, and nothing with -q", () => {
    const root = project();
    const run = retort(root, ["--json", "revision", "-m", "one"]);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { id: string; path: string };
    expect(result.path).toBe(join(root, "migrations", "versions", `${result.id}_one.ts`));
    const quiet = retort(root, ["-q", "revision", "-m", "two", "--branch-label", "a", "--branch-label", "b"]);
    expect(quiet).toMatchObject({ status: 0, stdout: "" });
    const second = readdirSync(join(root, "migrations", "versions")).find((name) =>
      name.endsWith("_two.ts"),
    )!;
    const text = readFileSync(join(root, "migrations", "versions", second), "utf8");
    expect(text).toContain(`export const downRevision: string | string[] | null = "${result.id}";`);
    expect(text).toContain('export const branchLabels: string | string[] | null = ["a", "b"];');
  });

  it("exits 1 with Alembic's message when there are several heads, and writes nothing", () => {
    const root = project();
    expect(retort(root, ["revision", "--rev-id", "a1"]).status).toBe(0);
    expect(retort(root, ["revision", "--rev-id", "b1"]).status).toBe(0);
    expect(retort(root, ["revision", "--rev-id", "c1", "--head", "a1", "--splice"]).status).toBe(0);
    const run = retort(root, ["revision", "-m", "x"]);
    expect(run.status).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(
      "Error: Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.",
    );
    expect(readdirSync(join(root, "migrations", "versions"))).toHaveLength(3);
  });

  it("refuses --sql without --autogenerate as bad usage, writing nothing", () => {
    const root = project();
    const run = retort(root, ["revision", "-m", "x", "--sql"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--sql needs --autogenerate");
    expect(readdirSync(join(root, "migrations", "versions"))).toEqual([]);
  });

  it("prints autogenerate's SQL with --autogenerate --sql, writing no file and touching no table", () => {
    const root = project(`{ url: "sqlite:./app.db", target: "./schema.sql" }`);
    writeFileSync(
      join(root, "schema.sql"),
      "CREATE TABLE teams (id integer PRIMARY KEY, name text NOT NULL);\n",
    );
    const run = retort(root, ["revision", "-m", "teams", "--autogenerate", "--sql"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^CREATE TABLE "teams" \(/);
    expect(readdirSync(join(root, "migrations", "versions"))).toEqual([]);
    const again = retort(root, ["revision", "-m", "teams", "--autogenerate", "--sql"]);
    expect(again.stdout).toBe(run.stdout);
  });

  it("exits 2 for a malformed -x and 1 without a config", () => {
    expect(retort(project(), ["-x", "novalue", "revision"]).status).toBe(2);
    const run = retort(tempDir(), ["revision", "-m", "x"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Hint: run "retort init"');
  });

  it("exits 1 naming file and line for a broken revision file", () => {
    const root = project();
    writeFileSync(
      join(root, "migrations", "versions", "ab12_x.ts"),
      '/** x */\nexport const revision = "ab12";\nexport const downRevision = parent();\n',
    );
    const run = retort(root, ["revision", "-m", "y"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^Error: migrations\/versions\/ab12_x\.ts:3: downRevision must be a string literal, an array of string literals, or null\n/,
    );
  });
});

describe("retort merge", () => {
  it("merges the heads", () => {
    const root = project();
    retort(root, ["revision", "--rev-id", "a1"]);
    retort(root, ["revision", "--rev-id", "b1"]);
    retort(root, ["revision", "--rev-id", "c1", "--head", "a1", "--splice"]);
    const run = retort(root, ["merge", "heads", "-m", "merge branches", "--rev-id", "m1"]);
    expect(run.status).toBe(0);
    const path = join(root, "migrations", "versions", "m1_merge_branches.ts");
    expect(run.stdout).toBe(`Generating ${path} ...  done\n`);
    expect(readFileSync(path, "utf8")).toContain(
      'export const downRevision: string | string[] | null = ["b1", "c1"];',
    );
  });

  it("exits 2 without revisions and 1 with only one", () => {
    const root = project();
    retort(root, ["revision", "--rev-id", "a1"]);
    expect(retort(root, ["merge"]).status).toBe(2);
    const run = retort(root, ["merge", "heads"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("a merge needs at least two revisions");
  });
});

describe("config loading in the CLI", () => {
  /** Node loader hooks that log every module specifier that mentions jiti. */
  /** Node flags that log every load of the jiti package, through import() or require(), to a file. */
  function jitiSpy(root: string): { args: string[]; log: string } {
    const log = join(root, "resolved.log");
    const isJiti = String.raw`/^jiti(\/|$)|[\\/]node_modules[\\/]jiti[\\/]/`;
    writeFileSync(
      join(root, "spy-hooks.mjs"),
      `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  if (${isJiti}.test(specifier)) appendFileSync(${JSON.stringify(log)}, specifier + "\\n");
  return next(specifier, context);
}
`,
    );
    writeFileSync(
      join(root, "spy.cjs"),
      `const Module = require("node:module");
const { appendFileSync } = require("node:fs");
const { register } = Module;
const load = Module._load;
Module._load = function (request, ...rest) {
  if (${isJiti}.test(request)) appendFileSync(${JSON.stringify(log)}, request + "\\n");
  return load.call(this, request, ...rest);
};
register("./spy-hooks.mjs", require("node:url").pathToFileURL(__filename).href);
`,
    );
    writeFileSync(log, "");
    return { args: ["--require", join(root, "spy.cjs")], log };
  }

  it("loads jiti for no config but a TypeScript one that imports another TypeScript file", () => {
    const root = project();
    const spy = jitiSpy(root);
    expect(retort(root, ["revision", "-m", "js"], spy.args).status).toBe(0);
    expect(readFileSync(spy.log, "utf8")).toBe("");

    const tsRoot = tempDir();
    mkdirSync(join(tsRoot, "migrations", "versions"), { recursive: true });
    writeFileSync(
      join(tsRoot, "retort.config.ts"),
      "const table: string = 'v';\nexport default { versionTable: table };\n",
    );
    const tsSpy = jitiSpy(tsRoot);
    expect(retort(tsRoot, ["revision", "-m", "ts"], tsSpy.args).status).toBe(0);
    expect(readFileSync(tsSpy.log, "utf8")).toBe("");

    writeFileSync(join(tsRoot, "settings.ts"), "export const table: string = 'v';\n");
    writeFileSync(
      join(tsRoot, "retort.config.ts"),
      'import { table } from "./settings";\nexport default { versionTable: table };\n',
    );
    const importSpy = jitiSpy(tsRoot);
    expect(retort(tsRoot, ["revision", "-m", "ts import"], importSpy.args).status).toBe(0);
    expect(readFileSync(importSpy.log, "utf8")).toContain("jiti");
  });

  it("selects a database of a multi-database config with -n", () => {
    const root = project(
      `{ databases: { a: { versionLocations: ["migrations/a"] }, b: { versionLocations: ["migrations/b"] } } }`,
    );
    mkdirSync(join(root, "migrations", "b"));
    const run = retort(root, ["-n", "b", "revision", "-m", "for b"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(join(root, "migrations", "b"));
    const unknown = retort(root, ["-n", "c", "revision"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/Database 'c' is not defined in retort\.config\.mjs; defined: a, b/);
  });
});
