import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { registerAutogenerateCommands } from "../../src/cli/autogenerate-commands.js";
import { reportError } from "../../src/cli/output.js";
import { autogenerateSql } from "../../src/commands/autogenerate.js";
import { resolveConfig } from "../../src/config/load-config.js";
import { connect } from "../../src/dialects/index.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";

const SCHEMA_MODULE = fileURLToPath(new URL("../../src/schema/index.ts", import.meta.url));

/** Runs `retort <argv>` with the check command registered; returns stdout, stderr and the exit code. */
async function run(argv: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const program = new Command()
    .option("-c, --config <path>")
    .option("--json")
    .option("-q, --quiet")
    .exitOverride();
  registerAutogenerateCommands(program);
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const code = reportError(error);
    return { stdout, stderr, code };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describeEachDialect(
  "retort check",
  (dialect) => {
    let database: TestDatabase;
    let dir: string;

    beforeEach(async () => {
      database = await createTestDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), "retort-check-"));
      // A project with no revision files yet: check compares only a database at the graph's heads (base here).
      mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
      writeFileSync(
        join(dir, "retort.config.mjs"),
        `export default { url: ${JSON.stringify(database.url)}, target: "./schema.ts" };\n`,
      );
      writeFileSync(
        join(dir, "schema.ts"),
        `import { column, table } from ${JSON.stringify(SCHEMA_MODULE)};
export const teams = table("teams", { id: column.integer().primaryKey(), name: column.text().notNull() });
`,
      );
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    });

    it("exits 1 with a readable list when the database differs, and 0 with Alembic's message when it does not", async () => {
      const config = join(dir, "retort.config.mjs");
      const differs = await run(["check", "-c", config]);
      expect(differs.code).toBe(1);
      expect(differs.stdout).toBe("New upgrade operations detected (1):\n  - add table teams\n");
      expect(differs.stderr).toContain("Error: New upgrade operations detected: 1");

      const connection = await connect(database.url);
      await connection.execute("CREATE TABLE teams (id integer PRIMARY KEY, name text NOT NULL)");
      await connection.close();
      const clean = await run(["check", "-c", config]);
      expect(clean).toEqual({ stdout: "No new upgrade operations detected.\n", stderr: "", code: 0 });

      const json = await run(["check", "-c", config, "--json"]);
      expect(JSON.parse(json.stdout)).toEqual({ clean: true, differences: [], warnings: [] });
    });

    it("gives the upgrade's SQL without writing or running anything (--autogenerate --sql)", async () => {
      const config = resolveConfig({ url: database.url, target: "./schema.ts" }, { rootDir: dir });
      const text = await autogenerateSql(config);
      expect(text).toMatch(/^CREATE TABLE "teams" \(/);
      expect(text.endsWith(";")).toBe(true);
      expect(await autogenerateSql(config)).toBe(text);
    });
  },
  ["sqlite", "pglite"],
);
