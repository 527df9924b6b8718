import { describe, expect, it } from "vitest";
import { HeaderSyntaxError, parseHeader } from "../../src/script/header-parser.js";
import { ScriptDirectory } from "../../src/script/script-directory.js";
import { revisionSource, TempProject } from "./temp-project.js";

const squashSource = (id: string, down: string, replaces: string) =>
  revisionSource(id, { down }).replace(
    /(export const dependsOn[^\n]*\n)/,
    `$1// the revisions this one stands for\nexport const replaces = ${replaces};\n`,
  );

describe("the header parser reads a squash revision's replaces", () => {
  it("right after the four header constants, comments between allowed", () => {
    const { values, complete } = parseHeader(squashSource("s1", "p0", '["a1", "a2"]'));
    expect(complete).toBe(true);
    expect(values.replaces).toEqual(["a1", "a2"]);
  });

  it("among the four, and not at all when the file has none", () => {
    const among = revisionSource("s1", { down: "p0" }).replace(
      'export const revision = "s1";\n',
      'export const revision = "s1";\nexport const replaces = ["a1"];\n',
    );
    expect(parseHeader(among).values.replaces).toEqual(["a1"]);
    expect("replaces" in parseHeader(revisionSource("r1")).values).toBe(false);
  });

  it("refuses a replaces that is not a literal", () => {
    expect(() => parseHeader(squashSource("s1", "p0", "ids()"))).toThrow(HeaderSyntaxError);
  });

  it("through the script directory, from the file and again from the header cache", () => {
    const project = new TempProject();
    project.revision("p0");
    project.write("migrations/versions/s1_squash.ts", squashSource("s1", "p0", '["a1", "a2"]'));
    project.revision("c3", { down: "a2" });
    for (let pass = 0; pass < 2; pass++) {
      const directory = ScriptDirectory.load(project.config);
      expect(directory.script("s1").replaces).toEqual(["a1", "a2"]);
      expect(directory.map.get("c3")?.downRevisions).toEqual(["s1"]);
    }
  });

  it("when the header is longer than the first chunk a load reads", () => {
    const many = Array.from({ length: 120 }, (_, i) => `"a${String(i).padStart(11, "0")}"`);
    const project = new TempProject();
    project.revision("p0");
    project.write("migrations/versions/s1_squash.ts", squashSource("s1", "p0", `[${many.join(", ")}]`));
    expect(ScriptDirectory.load(project.config).script("s1").replaces).toHaveLength(120);
  });
});
