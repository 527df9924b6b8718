import { describe, expect, it } from "vitest";
import { parseHeader } from "../../src/script/header-parser.js";
import { rewriteDownRevisions } from "../../src/script/rewrite-revision.js";
import { revisionSource } from "./temp-project.js";

/** Asserts that `after` equals `before` except that each [old, new] pair, in order, was replaced. */
function expectOnlyReplaced(before: string, after: string, replacements: readonly [string, string][]): void {
  let expected = "";
  let rest = before;
  for (const [old, replacement] of replacements) {
    const at = rest.indexOf(old);
    expect(at, `'${old}' is in the original`).toBeGreaterThanOrEqual(0);
    expected += rest.slice(0, at) + replacement;
    rest = rest.slice(at + old.length);
  }
  expect(Buffer.from(after)).toEqual(Buffer.from(expected + rest));
}

describe("rewriteDownRevisions", () => {
  it("changes the downRevision literal and the Revises line, and no other byte", () => {
    const before = revisionSource("b1", { down: "p1" });
    const after = rewriteDownRevisions(before, ["a1"], "b1_x.ts");
    expectOnlyReplaced(before, after, [
      [" * Revises: p1\n", " * Revises: a1\n"],
      ['null = "p1";', 'null = "a1";'],
    ]);
    expect(parseHeader(after).values.downRevision).toBe("a1");
  });

  it("keeps CRLF line ends, a byte-order mark, single quotes and `as const`", () => {
    const before =
      "\ufeff/**\r\n * Title\r\n *\r\n * Revises:   p1\r\n */\r\nexport const revision = 'b1';\r\nexport const downRevision = 'p1' as const; // the parent\r\nexport const branchLabels = null;\r\nexport const dependsOn = null;\r\n";
    const after = rewriteDownRevisions(before, ["a1"], "b1_x.ts");
    expectOnlyReplaced(before, after, [
      ["Revises:   p1\r\n", "Revises:   a1\r\n"],
      ["downRevision = 'p1' as const;", "downRevision = 'a1' as const;"],
    ]);
  });

  it("writes arrays for merges and null for a base, replacing a multi-line array whole", () => {
    const before = revisionSource("m1", { down: ["x", "y"] }).replace('["x", "y"]', '[\n  "x",\n  "y",\n]');
    const merged = rewriteDownRevisions(before, ["a", "b"], "m1_x.ts");
    expect(merged).toContain('= ["a", "b"];');
    expect(merged).toContain(" * Revises: a, b\n");
    const base = rewriteDownRevisions(before, [], "m1_x.ts");
    expect(base).toContain("export const downRevision: string | string[] | null = null;\n");
    expect(base).toContain(" * Revises: \n");
    expect(parseHeader(rewriteDownRevisions(base, ["q"], "m1_x.ts")).values.downRevision).toBe("q");
  });

  it("ignores text that only looks like the header: strings, comments, a second doc block", () => {
    const before = `/**\n * Title\n *\n * Revises: p1\n */\n// export const downRevision = "p1";\nexport const revision = "b1";\nexport const downRevision = "p1";\nexport const branchLabels = null;\nexport const dependsOn = null;\nconst note = "Revises: p1";\n/** Revises: p1 */\n`;
    const after = rewriteDownRevisions(before, ["a1"], "b1_x.ts");
    expectOnlyReplaced(before, after, [
      [" * Revises: p1\n", " * Revises: a1\n"],
      [
        'export const downRevision = "p1";\nexport const branchLabels',
        'export const downRevision = "a1";\nexport const branchLabels',
      ],
    ]);
  });

  it("leaves a doc block without a Revises line alone, and refuses a file without downRevision", () => {
    const before = '/** Title */\nexport const revision = "b1";\nexport const downRevision = "p1";\n';
    expect(rewriteDownRevisions(before, ["a1"], "b1_x.ts")).toBe(before.replace('"p1"', '"a1"'));
    expect(() => rewriteDownRevisions('export const revision = "b1";\n', ["a1"], "b1_x.ts")).toThrow(
      'b1_x.ts: no "export const downRevision = …;" to rewrite',
    );
  });
});
