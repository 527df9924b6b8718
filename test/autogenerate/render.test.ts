// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are generated TypeScript source holding template literals
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { formatBodies } from "../../src/autogenerate/format.js";
import { promptRename } from "../../src/autogenerate/prompt-rename.js";
import { renderStatements } from "../../src/autogenerate/render.js";
import { build } from "../../src/operations/build.js";
import { column, sql, table } from "../../src/schema/index.js";

describe("rendering operations as revision code", () => {
  it("writes createTable with builders, options and SQL expressions that keep identifiers apart", () => {
    const users = table(
      "users",
      {
        id: column.integer().identity().primaryKey(),
        email: column.varchar(200).notNull().comment("login"),
        made: column.timestamp({ withTimeZone: true }).default(sql`now()`),
      },
      {
        schema: "app",
        uniques: [{ name: "uq_users_email", columns: ["email"] }],
        checks: [{ name: "ck_email", condition: sql`${sql.id("email")} <> ${""}` }],
        indexes: [
          { name: "ix_lower", columns: [sql`lower(${sql.id("email")})`], where: sql`${sql.id("id")} > 3` },
        ],
      },
    );
    expect(renderStatements({ operations: [build.createTable(users)] })).toBe(
      [
        'await op.createTable("users", {',
        "  id: op.column.integer().primaryKey().identity(),",
        '  email: op.column.varchar(200).notNull().comment("login"),',
        "  made: op.column.timestamp({ withTimeZone: true }).default(op.sql`now()`),",
        "}, {",
        '  schema: "app",',
        '  uniques: [{ name: "uq_users_email", columns: ["email"] }],',
        '  checks: [{ name: "ck_email", condition: op.sql`${op.sql.id("email")} <> ${""}` }],',
        "  indexes: [",
        '    { name: "ix_lower", columns: [op.sql`lower(${op.sql.id("email")})`], where: op.sql`${op.sql.id("id")} > 3` },',
        "  ],",
        "});",
      ].join("\n"),
    );
  });

  it("escapes backticks and template placeholders in SQL text", () => {
    const operation = build.createCheckConstraint("ck", "t", sql.raw("a <> '`${x}`'"));
    expect(renderStatements({ operations: [operation] })).toBe(
      'await op.createCheckConstraint("ck", "t", op.sql`a <> \'\\`\\${x}\\`\'`);',
    );
  });

  it("puts notes and header lines in comments", () => {
    const drop = build.dropColumn("users", "name");
    const code = renderStatements({
      operations: [drop],
      notes: new Map([[drop, "possible rename"]]),
      header: ["not compared: something"],
    });
    expect(code).toBe(
      [
        "// not compared: something",
        "// WARNING: possible rename",
        'await op.dropColumn("users", "name");',
      ].join("\n"),
    );
  });
});

describe("Prettier", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("leaves code alone when the project has no Prettier", async () => {
    dir = mkdtempSync(join(tmpdir(), "retort-noprettier-"));
    expect(await formatBodies(["await op.x( );"], dir)).toEqual(["await op.x( );"]);
  });

  it("formats each body with the project's Prettier and returns it unindented", async () => {
    dir = mkdtempSync(join(tmpdir(), "retort-prettier-"));
    const pkg = join(dir, "node_modules", "prettier");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "prettier", main: "index.cjs" }));
    // A stand-in that formats the way Prettier would for this input: body lines indented by two spaces.
    writeFileSync(
      join(pkg, "index.cjs"),
      `exports.format = async (source, options) => {
         if (options.parser !== "typescript") throw new Error("wrong parser");
         const lines = source.trim().split("\\n");
         return [lines[0], ...lines.slice(1, -1).map((l) => "  " + l.replace(/\\( \\)/g, "()")), lines.at(-1)].join("\\n") + "\\n";
       };`,
    );
    expect(await formatBodies(["await op.x( );\nawait op.y( );", ""], dir)).toEqual([
      "await op.x();\nawait op.y();",
      "",
    ]);
  });
});

describe("--interactive", () => {
  it("asks on the terminal and takes only y or yes as a rename", async () => {
    const answers = async (text: string) => {
      const input = new PassThrough();
      const output = new PassThrough();
      let asked = "";
      output.on("data", (chunk) => {
        asked += String(chunk);
      });
      const ask = promptRename(input, output);
      const pending = ask({
        kind: "column",
        table: "users",
        schema: undefined,
        from: "name",
        to: "full_name",
      });
      input.write(`${text}\n`);
      return { answer: await pending, asked };
    };
    const yes = await answers("y");
    expect(yes.answer).toBe(true);
    expect(yes.asked).toContain("Is this a rename? column users.name -> full_name [y/N]");
    expect((await answers("YES")).answer).toBe(true);
    expect((await answers("")).answer).toBe(false);
    expect((await answers("no")).answer).toBe(false);
  });
});
