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

  it("accepts null as left out where a default has always applied", () => {
    const config = resolveConfig({ transactionPerMigration: null, truncateSlugLength: null } as never, {
      rootDir: "/p",
    });
    expect(config.transactionPerMigration).toBe(false);
    expect(config.truncateSlugLength).toBe(40);
  });
});

/** The message of what `resolveConfig(input)` throws, or undefined when it accepts the input. */
function refusal(input: Record<string, unknown>, name?: string): string | undefined {
  try {
    resolveConfig(input as never, { rootDir: "/p", name });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe("checking keys and values", () => {
  // Each key with values it takes (every one accepted before keys were checked) and values it refuses.
  const cases: ReadonlyArray<[key: string, accepted: unknown[], refused: Array<[unknown, string]>]> = [
    [
      "url",
      [undefined, "sqlite::memory:"],
      [
        ["", "a non-empty string; got an empty string"],
        [null, "a non-empty string; got null"],
      ],
    ],
    ["scriptLocation", ["db"], [[["db"], "a non-empty string; got an array"]]],
    [
      "versionLocations",
      [undefined, ["a"], ["a", "b"]],
      [
        ["a", 'a non-empty array of non-empty strings; got the string "a"'],
        [[], "a non-empty array of non-empty strings; got an empty array"],
        [["a", 3], "a non-empty array of non-empty strings; got an array holding 3"],
      ],
    ],
    ["versionTable", ["alembic_version"], [[42, "a non-empty string; got 42"]]],
    ["versionTableSchema", [undefined, "public"], [[{}, "a non-empty string; got an empty object"]]],
    [
      "transactionPerMigration",
      [true, false, null],
      [
        ["false", 'true or false; got the string "false"'],
        [0, "true or false; got 0"],
      ],
    ],
    [
      "target",
      ["./schema.ts", "@acme/schema", () => import("node:path"), async () => ({})],
      [
        ["", "a module path, a package name, or a function; got an empty string"],
        [{ teams: {} }, "a module path, a package name, or a function; got an object"],
      ],
    ],
    [
      "include",
      [[], ["users*"]],
      [
        ["users*", 'an array of non-empty strings; got the string "users*"'],
        [[""], "an array of non-empty strings; got an array holding an empty string"],
      ],
    ],
    ["exclude", [["tmp_?"]], [[[null], "an array of non-empty strings; got an array holding null"]]],
    [
      "truncateSlugLength",
      [1, 12, null],
      [
        [0, "a positive integer; got 0"],
        [2.5, "a positive integer; got 2.5"],
        ["40", 'a positive integer; got the string "40"'],
      ],
    ],
  ];

  for (const [key, accepted, refused] of cases) {
    it(`takes ${key} of the right type only`, () => {
      for (const value of accepted) expect(refusal({ [key]: value })).toBeUndefined();
      for (const [value, message] of refused) {
        expect(refusal({ [key]: value })).toBe(`Config key ${key} must be ${message}`);
      }
    });
  }

  it("names the section of a multi-database config and the file", async () => {
    expect(refusal({ versionLocations: "x" }, "main")).toBe(
      'Config key databases.main.versionLocations must be a non-empty array of non-empty strings; got the string "x"',
    );
    const root = tempDir();
    write(join(root, "retort.config.mjs"), "export default { truncateSlugLength: '12' };\n");
    const error = await rejection(loadConfig({ cwd: root }));
    expect(error.message).toBe(
      `Config key truncateSlugLength in ${join(root, "retort.config.mjs")} must be a positive integer; got the string "12"`,
    );
  });

  it("suggests the closest key for a misspelt one", () => {
    expect(refusal({ versionTabel: "alembic_version" })).toBe(
      "Unknown config key versionTabel: did you mean versionTable?",
    );
    expect(refusal({ versiontable: "v" })).toBe(
      "Unknown config key versiontable: did you mean versionTable?",
    );
    expect(refusal({ versionLocation: ["a"] })).toBe(
      "Unknown config key versionLocation: did you mean versionLocations?",
    );
    expect(refusal({ transactionPerMigrations: true })).toBe(
      "Unknown config key transactionPerMigrations: did you mean transactionPerMigration?",
    );
    expect(refusal({ ulr: "sqlite::memory:" })).toBe("Unknown config key ulr: did you mean url?");
    expect(refusal({ url: "sqlite::memory:", versionTabel: undefined }, "main")).toBe(
      "Unknown config key databases.main.versionTabel: did you mean versionTable?",
    );
  });

  it("lists the keys when none is close, and reports a misspelt key before others", () => {
    expect(refusal({ dialect: "sqlite" })).toBe(
      "Unknown config key dialect; the keys are url, scriptLocation, versionLocations, versionTable, versionTableSchema, transactionPerMigration, historyTable, onChecksumMismatch, target, drizzleCasing, include, exclude, truncateSlugLength, lockTimeout, databases",
    );
    expect(refusal({ dialect: "sqlite", scriptLocaton: "db" })).toBe(
      "Unknown config key scriptLocaton: did you mean scriptLocation?",
    );
    expect(refusal({ databases: { main: {} } })).toBe(
      "Unknown config key databases: this takes the settings of one database; loadConfig chooses one of databases",
    );
  });
});

describe("checking a config file", () => {
  async function fileRefusal(source: string, name?: string): Promise<string> {
    const root = tempDir();
    write(join(root, "retort.config.mjs"), source);
    const error = await rejection(loadConfig({ cwd: root, name }));
    expect(error).toBeInstanceOf(ConfigError);
    return error.message.replace(`${root}/`, "");
  }

  it("checks what a function config returns", async () => {
    expect(await fileRefusal("export default async () => ({ versionTabel: 'v' });\n")).toBe(
      "Unknown config key versionTabel in retort.config.mjs: did you mean versionTable?",
    );
  });

  it("checks every database section, not only the one chosen", async () => {
    const source = `export default {
  databases: {
    main: { url: "sqlite:./main.db" },
    reports: { url: "sqlite:./reports.db", versionTabel: "v" },
  },
};\n`;
    expect(await fileRefusal(source, "main")).toBe(
      "Unknown config key databases.reports.versionTabel in retort.config.mjs: did you mean versionTable?",
    );
    expect(await fileRefusal("export default { databases: { main: {}, reports: 'sqlite:./r.db' } };\n")).toBe(
      'Config key databases.reports in retort.config.mjs must be a config object; got the string "sqlite:./r.db"',
    );
  });

  it("takes only databases and default beside each other", async () => {
    expect(await fileRefusal("export default { databases: { main: {} }, defualt: 'main' };\n")).toBe(
      "Unknown config key defualt in retort.config.mjs: did you mean default?",
    );
    expect(await fileRefusal("export default { url: 'sqlite:./a.db', databases: { main: {} } };\n")).toBe(
      "Unknown config key url in retort.config.mjs: with databases, each database's settings go inside it (databases.<name>.url)",
    );
    expect(await fileRefusal("export default { databases: {} };\n")).toBe(
      "Config key databases in retort.config.mjs must be an object of named database configs, at least one; got an empty object",
    );
    expect(await fileRefusal("export default { databases: ['main'] };\n")).toBe(
      "Config key databases in retort.config.mjs must be an object of named database configs, at least one; got an array",
    );
    expect(await fileRefusal("export default { default: 1, databases: { main: {} } };\n")).toBe(
      "Config key default in retort.config.mjs must be the name of one of its databases; got 1",
    );
  });

  it("explains default without databases, and suggests databases for a misspelt one", async () => {
    expect(await fileRefusal("export default { default: 'main' };\n")).toBe(
      "Unknown config key default in retort.config.mjs: default chooses one of databases, and this config has no databases key",
    );
    expect(await fileRefusal("export default { default: 'main', databse: { main: {} } };\n")).toBe(
      "Unknown config key databse in retort.config.mjs: did you mean databases?",
    );
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
