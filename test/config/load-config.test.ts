import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  ConfigNotFoundError,
  findConfigFile,
  loadConfig,
  parseXArgs,
  resolveConfig,
} from "../../src/config/load-config.js";
import { UsageError } from "../../src/errors.js";

function tempDir(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), "retort-config-")));
}

function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("finding the config file", () => {
  it("walks up from the working directory", async () => {
    const root = tempDir();
    write(join(root, "retort.config.mjs"), "export default { url: 'sqlite:./a.db' };\n");
    const nested = join(root, "src", "deep");
    mkdirSync(nested, { recursive: true });
    const config = await loadConfig({ cwd: nested });
    expect(config.configPath).toBe(join(root, "retort.config.mjs"));
    expect(config.rootDir).toBe(root);
    expect(config.url).toBe("sqlite:./a.db");
  });

  it("prefers retort.config.ts over .js in the same folder", () => {
    const root = tempDir();
    write(join(root, "retort.config.js"), "export default {};\n");
    write(join(root, "retort.config.ts"), "export default {};\n");
    expect(findConfigFile(root)).toBe(join(root, "retort.config.ts"));
  });

  it("uses -c relative to the working directory, and fails if it is missing", async () => {
    const root = tempDir();
    write(join(root, "conf", "db.mjs"), "export default { versionTable: 'alembic_version' };\n");
    const config = await loadConfig({ cwd: root, configPath: "conf/db.mjs" });
    expect(config.versionTable).toBe("alembic_version");
    expect(config.rootDir).toBe(join(root, "conf"));
    const error = await rejection(loadConfig({ cwd: root, configPath: "nope.ts" }));
    expect(error).toBeInstanceOf(ConfigNotFoundError);
    expect(error.message).toBe(`Config file not found: ${join(root, "nope.ts")}`);
  });

  it("says to run init when there is no config anywhere", async () => {
    const root = tempDir();
    const error = await rejection(loadConfig({ cwd: root }));
    expect(error).toBeInstanceOf(ConfigNotFoundError);
    expect((error as ConfigNotFoundError).exitCode).toBe(1);
    expect((error as ConfigNotFoundError).hint).toContain('run "retort init"');
  });
});

describe("defaults and paths", () => {
  it("fills defaults and resolves paths against the config folder", async () => {
    const root = tempDir();
    write(
      join(root, "retort.config.mjs"),
      "export default { scriptLocation: 'db', target: './schema.ts' };\n",
    );
    const config = await loadConfig({ cwd: root });
    expect(config).toMatchObject({
      scriptLocation: join(root, "db"),
      versionLocations: [join(root, "db", "versions")],
      versionTable: "retort_version",
      versionTableSchema: undefined,
      transactionPerMigration: false,
      truncateSlugLength: 40,
      target: join(root, "schema.ts"),
      include: [],
      exclude: [],
      name: undefined,
    });
  });

  it("keeps a package name as target and resolves version locations", () => {
    const config = resolveConfig(
      { target: "@acme/schema", versionLocations: ["a", "/abs/b"], truncateSlugLength: 12 },
      { rootDir: "/project" },
    );
    expect(config.target).toBe("@acme/schema");
    expect(config.versionLocations).toEqual(["/project/a", "/abs/b"]);
    expect(config.truncateSlugLength).toBe(12);
    expect(config.configPath).toBeUndefined();
  });

  it("rejects values of the wrong type, naming the field", () => {
    expect(() => resolveConfig({ versionLocations: "x" as never }, { rootDir: "/p" })).toThrow(
      "config: versionLocations must be an array of non-empty strings",
    );
    expect(() => resolveConfig({ versionLocations: [] }, { rootDir: "/p" })).toThrow(ConfigError);
    expect(() => resolveConfig({ truncateSlugLength: 0 }, { rootDir: "/p" })).toThrow(
      "truncateSlugLength must be a positive integer",
    );
    expect(() =>
      resolveConfig({ transactionPerMigration: "yes" as never }, { rootDir: "/p", name: "main" }),
    ).toThrow("config: databases.main.transactionPerMigration must be true or false");
  });
});

describe("-x arguments and function configs", () => {
  it("parses key=value, keeping = in values", () => {
    expect(parseXArgs(["a=1", "url=postgres://h/db?x=y", "a=2", "empty="])).toEqual({
      a: "2",
      url: "postgres://h/db?x=y",
      empty: "",
    });
  });

  it("rejects a malformed -x as a usage error", async () => {
    expect(() => parseXArgs(["novalue"])).toThrow(UsageError);
    expect(() => parseXArgs(["=x"])).toThrow("-x expects key=value, got '=x'");
    const root = tempDir();
    write(join(root, "retort.config.mjs"), "export default {};\n");
    const error = await rejection(loadConfig({ cwd: root, x: ["bad"] }));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
  });

  it("calls a function config with the -x values, awaiting an async one", async () => {
    const root = tempDir();
    write(
      join(root, "retort.config.mjs"),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is JavaScript source
      "export default async (x) => ({ url: `sqlite:./${x.tenant ?? 'none'}.db` });\n",
    );
    const config = await loadConfig({ cwd: root, x: ["tenant=acme"] });
    expect(config.url).toBe("sqlite:./acme.db");
    expect(config.xArgs).toEqual({ tenant: "acme" });
  });
});

describe("multi-database configs", () => {
  const multi = `export default {
    default: "b",
    databases: {
      a: { url: "sqlite:./a.db", versionLocations: ["migrations/a"] },
      b: { url: "sqlite:./b.db", versionLocations: ["migrations/b"] },
    },
  };\n`;

  it("selects -n NAME, else the default", async () => {
    const root = tempDir();
    write(join(root, "retort.config.mjs"), multi);
    const chosen = await loadConfig({ cwd: root, name: "a" });
    expect(chosen).toMatchObject({
      name: "a",
      url: "sqlite:./a.db",
      versionLocations: [join(root, "migrations/a")],
    });
    expect((await loadConfig({ cwd: root })).name).toBe("b");
  });

  it("uses the first database when there is no default", async () => {
    const root = tempDir();
    write(join(root, "retort.config.mjs"), "export default { databases: { first: {}, second: {} } };\n");
    expect((await loadConfig({ cwd: root })).name).toBe("first");
  });

  it("lists the names when -n names none of them", async () => {
    const root = tempDir();
    write(join(root, "retort.config.mjs"), multi);
    const error = await rejection(loadConfig({ cwd: root, name: "c" }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^Database 'c' is not defined in .*retort\.config\.mjs; defined: a, b$/);
  });

  it("rejects -n for a single-database config", async () => {
    const root = tempDir();
    write(join(root, "retort.config.mjs"), "export default {};\n");
    await expect(loadConfig({ cwd: root, name: "a" })).rejects.toThrow(/defines a single database/);
  });
});

describe("loading TypeScript and broken configs", () => {
  it("loads a TypeScript config through jiti, with types and relative imports", async () => {
    const root = tempDir();
    write(join(root, "settings.ts"), "export const table: string = 'from_ts';\n");
    write(
      join(root, "retort.config.ts"),
      `import type { DatabaseConfig } from "retort-migrate";
import { table } from "./settings";
interface Extra { note: string }
const extra: Extra = { note: "typed" };
const config: DatabaseConfig = { versionTable: table, url: extra.note };
export default config;
`,
    );
    const config = await loadConfig({ cwd: root });
    expect(config.versionTable).toBe("from_ts");
    expect(config.url).toBe("typed");
  });

  it("reports a config that throws as one line naming the file", async () => {
    const root = tempDir();
    write(join(root, "retort.config.mjs"), "throw new Error('DATABASE_URL is not set\\nmore detail');\n");
    const error = await rejection(loadConfig({ cwd: root }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^Failed to load config .*retort\.config\.mjs: DATABASE_URL is not set$/);
  });

  it("reports a syntax error in a TypeScript config the same way", async () => {
    const root = tempDir();
    write(join(root, "retort.config.ts"), "export default {;\n");
    const error = await rejection(loadConfig({ cwd: root }));
    expect(error.message).toMatch(/^Failed to load config .*retort\.config\.ts: /);
    expect(error.message).not.toContain("\n");
  });

  it("reports a function config that throws", async () => {
    const root = tempDir();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is JavaScript source
    write(join(root, "retort.config.mjs"), "export default (x) => { throw new Error(`no ${x.env}`); };\n");
    await expect(loadConfig({ cwd: root, x: ["env=prod"] })).rejects.toThrow(/retort\.config\.mjs: no prod$/);
  });

  it("requires a default export of an object", async () => {
    const root = tempDir();
    write(join(root, "retort.config.mjs"), "export const url = 'x';\n");
    await expect(loadConfig({ cwd: root })).rejects.toThrow(/has no default export/);
    const other = tempDir();
    write(join(other, "retort.config.mjs"), "export default 42;\n");
    await expect(loadConfig({ cwd: other })).rejects.toThrow(/must export default a config object/);
  });
});
