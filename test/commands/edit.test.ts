import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { edit } from "../../src/commands/edit.js";
import { stamp } from "../../src/commands/stamp.js";
import { TempProject } from "../script/temp-project.js";

/** An "editor" that appends a line to the file it is given. */
function fakeEditor(exitCode = 0): string {
  const path = join(mkdtempSync(join(tmpdir(), "retort-editor-")), "editor with space.sh");
  writeFileSync(path, `#!/bin/sh\necho "// edited" >> "$1"\nexit ${exitCode}\n`);
  chmodSync(path, 0o755);
  return `'${path}'`;
}

describe("edit", () => {
  const saved = { VISUAL: process.env.VISUAL, EDITOR: process.env.EDITOR };
  beforeEach(() => {
    delete process.env.VISUAL;
    delete process.env.EDITOR;
  });
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  function project(): TempProject {
    const p = new TempProject();
    p.revision("aaaa0001");
    p.revision("bbbb0001", { down: "aaaa0001" });
    p.revision("cccc0001", { down: "aaaa0001" });
    return p;
  }

  it("opens each file the identifier names in $EDITOR and waits for it", async () => {
    const p = project();
    process.env.EDITOR = fakeEditor();
    const paths = await edit(p.config, "heads");
    expect(paths).toEqual([
      p.path("migrations/versions/bbbb0001_rev.ts"),
      p.path("migrations/versions/cccc0001_rev.ts"),
    ]);
    for (const path of paths) expect(readFileSync(path, "utf8").endsWith("// edited\n")).toBe(true);
    expect(readFileSync(p.path("migrations/versions/aaaa0001_rev.ts"), "utf8")).not.toContain("// edited");
  });

  it("prefers $VISUAL and accepts any identifier, such as a prefix or head-1", async () => {
    const p = new TempProject();
    p.revision("aaaa0001");
    p.revision("bbbb0001", { down: "aaaa0001" });
    process.env.VISUAL = fakeEditor();
    process.env.EDITOR = "false";
    expect(await edit(p.config, "head-1")).toEqual([p.path("migrations/versions/aaaa0001_rev.ts")]);
    expect(await edit(p.config, "bbbb")).toEqual([p.path("migrations/versions/bbbb0001_rev.ts")]);
  });

  it("opens the database's current revisions for `current`, and says so when there are none", async () => {
    const p = new TempProject({ url: "sqlite:./app.db" });
    p.revision("aaaa0001");
    p.revision("bbbb0001", { down: "aaaa0001" });
    await expect(edit(p.config, "current", { editor: fakeEditor() })).rejects.toThrow("No current revisions");
    await stamp(p.config, ["aaaa0001"]);
    expect(await edit(p.config, "current", { editor: fakeEditor() })).toEqual([
      p.path("migrations/versions/aaaa0001_rev.ts"),
    ]);
  });

  it("fails clearly without an editor, and when the editor fails", async () => {
    const p = project();
    await expect(edit(p.config, "aaaa0001")).rejects.toThrow("No editor: set $VISUAL or $EDITOR");
    await expect(edit(p.config, "aaaa0001", { editor: fakeEditor(3) })).rejects.toThrow(/exited with code 3/);
    await expect(edit(p.config, "base", { editor: fakeEditor() })).rejects.toThrow(
      "No revision files indicated by symbol 'base'",
    );
  });
});
