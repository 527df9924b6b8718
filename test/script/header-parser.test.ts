import { describe, expect, it } from "vitest";
import {
  docBlockText,
  HeaderSyntaxError,
  headerValueSpan,
  lineAt,
  parseHeader,
  readBooleanConst,
} from "../../src/script/header-parser.js";
import { revisionSource } from "./temp-project.js";

function errorOf(text: string): { message: string; line: number } {
  try {
    parseHeader(text);
  } catch (error) {
    if (error instanceof HeaderSyntaxError)
      return { message: error.message, line: lineAt(text, error.offset) };
    throw error;
  }
  throw new Error("expected a HeaderSyntaxError");
}

describe("parseHeader reads literals", () => {
  it("reads the layout retort revision writes", () => {
    const parsed = parseHeader(revisionSource("ab12", { down: "cd34", labels: ["lib"], dependsOn: null }));
    expect(parsed.values).toEqual({
      revision: "ab12",
      downRevision: "cd34",
      branchLabels: ["lib"],
      dependsOn: null,
    });
    expect(parsed.complete).toBe(true);
  });

  it("accepts single quotes, as const, no type annotation and no semicolons", () => {
    const parsed = parseHeader(
      [
        "export const revision = 'ab12' as const",
        "export const downRevision = null",
        "export const branchLabels = ['x', \"y\"] as const",
        "export const dependsOn = `cd34`",
        "",
      ].join("\n"),
    );
    expect(parsed.values).toEqual({
      revision: "ab12",
      downRevision: null,
      branchLabels: ["x", "y"],
      dependsOn: "cd34",
    });
  });

  it("accepts multi-line arrays with comments and trailing commas", () => {
    const parsed = parseHeader(`export const revision = "m1";
export const downRevision: string | string[] | null = [
  "a1", // first parent
  /* second */ 'b2',
];
export const branchLabels: readonly string[] = [];
export const dependsOn: string | string[] | null = null;
`);
    expect(parsed.values.downRevision).toEqual(["a1", "b2"]);
    expect(parsed.values.branchLabels).toEqual([]);
  });

  it("decodes escapes in strings", () => {
    const parsed = parseHeader(
      String.raw`export const revision = "a\u0062c"; export const downRevision = 'x\'y';`,
    );
    expect(parsed.values.revision).toBe("abc");
    expect(parsed.values.downRevision).toBe("x'y");
  });

  it("ignores declarations inside comments, strings and templates", () => {
    const parsed = parseHeader(`// export const revision = "nope1";
/* export const revision = "nope2"; */
const s = "export const revision = 'nope3'";
const t = \`\${"}"} export const revision = "nope4" \${\`\${1}\`}\`;
const r = /export const revision = "nope5"/;
const d = 4 / 2; const e = "/";
export const revision = "yes";
`);
    expect(parsed.values.revision).toBe("yes");
    expect(parsed.complete).toBe(false);
  });

  it("finds declarations after upgrade() and through a shebang", () => {
    const parsed = parseHeader(`#!/usr/bin/env node
export async function upgrade(op) { await op.execute("select '}'"); }
export const revision = "late";
export const downRevision = null;
`);
    expect(parsed.values).toEqual({ revision: "late", downRevision: null });
  });

  it("extracts the leading doc block only", () => {
    const text = revisionSource("ab12", { message: "Add teams table" });
    const parsed = parseHeader(text);
    const block = text.slice(parsed.docRange![0], parsed.docRange![1]);
    expect(docBlockText(block)).toBe(
      "Add teams table\n\nRevision ID: ab12\nRevises: \nCreate Date: 2026-02-27 02:00:25.694782",
    );
    expect(
      parseHeader('const x = 1;\n/** not a doc */\nexport const revision = "a";').docRange,
    ).toBeUndefined();
    expect(parseHeader("/**/\nexport const revision = 'a';").docRange).toBeUndefined();
  });

  it("skips a byte-order mark before the doc block", () => {
    expect(parseHeader("\ufeff/** doc */\nexport const revision = 'a';").docRange).toEqual([4, 9]);
  });

  it("stops reading once all four constants are found", () => {
    const parsed = parseHeader(`${revisionSource("ab12")}\nconst broken = "unterminated\n`);
    expect(parsed.complete).toBe(true);
  });
});

describe("parseHeader rejects what is not a literal, naming the line", () => {
  const cases: [string, string, number, string][] = [
    [
      "a function call",
      'export const revision = "a";\nexport const downRevision = getParent();\n',
      2,
      "downRevision must be a string literal, an array of string literals, or null",
    ],
    [
      "a concatenation",
      'export const revision = "a";\n\nexport const dependsOn = "x" + "y";\n',
      3,
      "dependsOn must be a string literal, an array of string literals, or null",
    ],
    [
      "an identifier in an array",
      'export const revision = "a";\nexport const branchLabels = [\n  "x",\n  LABEL,\n];\n',
      4,
      "branchLabels must be a string literal, an array of string literals, or null",
    ],
    [
      "a template with a substitution",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is JavaScript source
      'export const revision = "a";\nexport const downRevision = `${base}`;\n',
      2,
      "downRevision must be a string literal, an array of string literals, or null",
    ],
    [
      "undefined",
      "export const revision = 'a';\nexport const downRevision = undefined;\n",
      2,
      "downRevision must be",
    ],
    ["a null revision", "export const revision = null;\n", 1, "revision must be a string literal"],
    ["an array revision", '\nexport const revision = ["a"];\n', 2, "revision must be a string literal"],
    [
      "a continued expression",
      'export const revision = "a"\n  .trim();\n',
      2,
      "revision must be a string literal",
    ],
    [
      "a declaration without value",
      "export const revision: string;\n",
      1,
      "revision must be a string literal",
    ],
    ["an unterminated string", 'export const revision = "a;\n', 1, "unterminated string"],
    [
      "an unterminated comment",
      "\n\n/* never closed\nexport const revision = 'a';",
      3,
      "unterminated comment",
    ],
  ];
  for (const [what, text, line, message] of cases) {
    it(`rejects ${what}`, () => {
      const error = errorOf(text);
      expect(error.message).toContain(message);
      expect(error.line).toBe(line);
    });
  }
});

describe("docBlockText", () => {
  it("removes the margin and keeps inner blank lines", () => {
    expect(docBlockText("\n * Title\n *\n *   indented\n ")).toBe("Title\n\n  indented");
    expect(docBlockText(" One line ")).toBe("One line");
  });
});

describe("headerValueSpan and readBooleanConst", () => {
  it("locates a constant's literal as written, past comments and strings that mention it", () => {
    const text = `// export const downRevision = "no";\nconst s = "export const downRevision = 'no'";\nexport const revision = "b1";\nexport const downRevision: string[] = [\n  "x", // first\n  "y",\n] as const;\n`;
    const span = headerValueSpan(text, "downRevision")!;
    expect(text.slice(span.start, span.end)).toBe('[\n  "x", // first\n  "y",\n]');
    expect(headerValueSpan(text, "dependsOn")).toBeUndefined();
  });

  it("reads a boolean flag anywhere at the top level, and refuses a non-literal one", () => {
    expect(readBooleanConst("export const irreversible = true;\n", "irreversible")).toEqual({
      value: true,
      offset: 0,
    });
    const later =
      "export async function downgrade() {}\n/* export const irreversible = false */\nexport const irreversible: boolean = true\n";
    expect(readBooleanConst(later, "irreversible")?.value).toBe(true);
    expect(
      readBooleanConst('const x = "export const irreversible = true";\n', "irreversible"),
    ).toBeUndefined();
    expect(() => readBooleanConst("export const irreversible = !0;\n", "irreversible")).toThrow(
      "irreversible must be the literal true or false",
    );
  });
});
