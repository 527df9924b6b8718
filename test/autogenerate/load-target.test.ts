import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { loadTarget } from "../../src/autogenerate/load-target.js";
import { resolveConfig } from "../../src/config/load-config.js";
import { allDialects, getDialect } from "../../src/dialects/index.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it("loads a TypeScript target that imports retort-migrate in a project that has not installed it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "retort-target-"));
  dirs.push(dir);
  writeFileSync(
    join(dir, "schema.ts"),
    'import { column, table } from "retort-migrate";\n' +
      'export const teams = table("teams", { id: column.integer().primaryKey(), name: column.text().notNull() });\n',
  );
  const config = resolveConfig({ url: "sqlite::memory:", target: "./schema.ts" }, { rootDir: dir });
  const model = await loadTarget(config, getDialect("sqlite"));
  expect(model.tables.map((t) => [t.name, t.columns.map((c) => c.name)])).toEqual([
    ["teams", ["id", "name"]],
  ]);
});
