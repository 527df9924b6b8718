import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/script/unified-diff.js";

const lines = (count: number) => Array.from({ length: count }, (_, i) => `line ${i + 1}`);
const text = (list: readonly string[]) => `${list.join("\n")}\n`;

describe("unifiedDiff", () => {
  it("prints one hunk with three lines of context", () => {
    const before = lines(10);
    const after = [...before];
    after[4] = "changed 5";
    expect(unifiedDiff(text(before), text(after), "f.ts")).toBe(
      [
        "--- f.ts",
        "+++ f.ts",
        "@@ -2,7 +2,7 @@",
        " line 2",
        " line 3",
        " line 4",
        "-line 5",
        "+changed 5",
        " line 6",
        " line 7",
        " line 8",
        "",
      ].join("\n"),
    );
  });

  it("joins changes closer than twice the context and splits farther ones", () => {
    const before = lines(30);
    const near = [...before];
    near[4] = "x";
    near[10] = "y";
    expect(unifiedDiff(text(before), text(near), "f").match(/^@@/gm)).toHaveLength(1);
    const far = [...before];
    far[2] = "x";
    far[20] = "y";
    expect(unifiedDiff(text(before), text(far), "f").match(/^@@ .*/gm)).toEqual([
      "@@ -1,6 +1,6 @@",
      "@@ -18,7 +18,7 @@",
    ]);
    expect(unifiedDiff("same\n", "same\n", "f")).toBe("");
  });

  it.skipIf(spawnSync("patch", ["--version"]).status !== 0)("makes patches that patch(1) applies", () => {
    const dir = mkdtempSync(join(tmpdir(), "retort-diff-"));
    const before = lines(40);
    const after = [
      ...before.slice(0, 3),
      "inserted",
      ...before.slice(3, 12),
      ...before.slice(14, 37),
      "tail",
    ];
    writeFileSync(join(dir, "f.txt"), text(before));
    writeFileSync(join(dir, "f.patch"), unifiedDiff(text(before), text(after), "f.txt"));
    const applied = spawnSync("patch", ["-s", "-p0", "-i", "f.patch"], { cwd: dir, encoding: "utf8" });
    expect(applied.stderr).toBe("");
    expect(applied.status).toBe(0);
    expect(readFileSync(join(dir, "f.txt"), "utf8")).toBe(text(after));
  });
});
