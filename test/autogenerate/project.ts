// A fresh database and a project laid out by `init` for each test of the enclosing describe block, with a config
// whose target is a file in the project; and the step most autogenerate tests take in it: write the target,
// generate a revision from it, upgrade.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { type AutogenerateResult, autogenerateRevisionBody } from "../../src/commands/autogenerate.js";
import { init } from "../../src/commands/init.js";
import { revision } from "../../src/commands/revision.js";
import { upgrade } from "../../src/commands/upgrade.js";
import { resolveConfig } from "../../src/config/load-config.js";
import type { ResolvedConfig } from "../../src/config/types.js";
import { createTestDatabase, type DialectName, type TestDatabase } from "../support/databases.js";

export interface AutogenerateProject {
  readonly database: TestDatabase;
  readonly dir: string;
  /** The config on `database` whose target is the project's target file. */
  readonly config: ResolvedConfig;
  /** Writes `source` to the target file, autogenerates a revision named `message` from it and upgrades to head. */
  generateAndUpgrade(source: string, message: string): Promise<GeneratedUpgrade>;
}

export interface GeneratedUpgrade {
  readonly result: AutogenerateResult;
  /** The revision file as written. */
  readonly code: string;
}

/**
 * Registers the beforeEach that makes the database and the project (a temporary folder named from `prefix`) and the
 * afterEach that removes both. `target` is the config's target, relative to the project.
 */
export function autogenerateProject(
  dialect: DialectName,
  { prefix = "retort-autogen-", target = "./schema.ts" }: { prefix?: string; target?: string } = {},
): AutogenerateProject {
  const state: { database?: TestDatabase; dir?: string; config?: ResolvedConfig } = {};
  beforeEach(async () => {
    state.database = await createTestDatabase(dialect);
    state.dir = mkdtempSync(join(tmpdir(), prefix));
    await init({ directory: state.dir, template: "generic" });
    state.config = resolveConfig({ url: state.database.url, target }, { rootDir: state.dir });
  });
  afterEach(async () => {
    if (state.dir !== undefined) rmSync(state.dir, { recursive: true, force: true });
    await state.database?.drop();
  });
  return {
    get database() {
      return state.database!;
    },
    get dir() {
      return state.dir!;
    },
    get config() {
      return state.config!;
    },
    async generateAndUpgrade(source, message) {
      writeFileSync(join(state.dir!, target), source);
      const { body, result } = await autogenerateRevisionBody(state.config!);
      const written = await revision(state.config!, { message, body });
      await upgrade(state.config!, "head");
      return { result, code: readFileSync(written.path, "utf8") };
    },
  };
}
