import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { init } from "../../src/commands/init.js";
import { revision } from "../../src/commands/revision.js";
import { resolveConfig } from "../../src/config/load-config.js";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "retort-init-"));
}

describe("init", () => {
  it("writes the config, the revision template and the versions folder", async () => {
    const root = tempDir();
    const { written } = await init({ directory: root, template: "generic" });
    expect(written).toEqual([
      join(root, "migrations"),
      join(root, "retort.config.ts"),
      join(root, "migrations", "script.ts.tmpl"),
      join(root, "migrations", "versions"),
    ]);
    expect(readFileSync(join(root, "retort.config.ts"), "utf8")).toContain(
      'versionLocations: ["migrations/versions"]',
    );
    expect(readFileSync(join(root, "migrations", "script.ts.tmpl"), "utf8")).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is a template
      "Revision ID: ${revisionId}",
    );
    expect(readdirSync(join(root, "migrations", "versions"))).toEqual([]);
  });

  it("gives the project a template that revision then uses", async () => {
    const root = tempDir();
    await init({ directory: root, template: "generic" });
    writeFileSync(
      join(root, "migrations", "script.ts.tmpl"),
      readFileSync(join(root, "migrations", "script.ts.tmpl"), "utf8").replace(
        "import type",
        "// custom\nimport type",
      ),
    );
    const { path } = await revision(resolveConfig({}, { rootDir: root }), { message: "first" });
    expect(readFileSync(path, "utf8")).toContain("// custom\n");
  });

  it("writes one versions folder per database with the multidb template", async () => {
    const root = tempDir();
    const { written } = await init({ directory: join(root, "new-project"), template: "multidb" });
    expect(written[0]).toBe(join(root, "new-project"));
    expect(existsSync(join(root, "new-project", "migrations", "primary"))).toBe(true);
    expect(existsSync(join(root, "new-project", "migrations", "secondary"))).toBe(true);
    expect(readFileSync(join(root, "new-project", "retort.config.ts"), "utf8")).toContain("databases: {");
  });

  it("refuses a non-empty migrations folder and writes nothing", async () => {
    const root = tempDir();
    mkdirSync(join(root, "migrations"));
    writeFileSync(join(root, "migrations", "keep.txt"), "x");
    await expect(init({ directory: root, template: "generic" })).rejects.toThrow(
      /^Directory .*migrations already exists and is not empty$/,
    );
    expect(readdirSync(root)).toEqual(["migrations"]);
    expect(readdirSync(join(root, "migrations"))).toEqual(["keep.txt"]);
  });

  it("refuses a folder that already has a config", async () => {
    const root = tempDir();
    writeFileSync(join(root, "retort.config.mjs"), "export default {};\n");
    await expect(init({ directory: root, template: "generic" })).rejects.toThrow(
      /retort\.config\.mjs already exists/,
    );
    expect(readdirSync(root)).toEqual(["retort.config.mjs"]);
  });

  it("accepts an existing empty migrations folder in a non-empty project", async () => {
    const root = tempDir();
    writeFileSync(join(root, "package.json"), "{}");
    mkdirSync(join(root, "migrations"));
    const { written } = await init({ directory: root, template: "generic" });
    expect(written).not.toContain(join(root, "migrations"));
    expect(existsSync(join(root, "retort.config.ts"))).toBe(true);
  });
});
