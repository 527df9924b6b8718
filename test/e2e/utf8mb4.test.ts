// 4-byte UTF-8 (emoji) in comments and defaults: `check` comes back clean after the generated revision ran, and
// the offline MySQL script declares utf8mb4 so that the mysql client runs it as a live run would.

import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";
import { withConnection } from "../runtime/inspect.js";
import { createProject, type Project } from "../runtime/project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { cliBuilt, runCli } from "./runtime-cli.js";

const SCHEMA_MODULE = fileURLToPath(new URL("../../src/schema/index.ts", import.meta.url));

describeEachDialect(
  "4-byte UTF-8 in comments and defaults",
  (dialect) => {
    let db: TestDatabase;
    let project: Project;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
      project = createProject(db.url, []);
      project.writeConfigFile({ target: "./schema.ts" });
      writeFileSync(
        join(project.dir, "schema.ts"),
        `import { column, table } from ${JSON.stringify(SCHEMA_MODULE)};
export const teams = table(
  "teams",
  {
    id: column.integer().primaryKey(),
    mascot: column.varchar(40).notNull().default("🦊 fox").comment("the mascot 🦊"),
  },
  { comment: "teams 🏆" },
);
`,
      );
    });
    afterEach(async () => {
      project.remove();
      await db.drop();
    });

    it.skipIf(!cliBuilt)(
      "leave check clean once the generated revision ran, and keep the default's value",
      async () => {
        const generated = await runCli(project.dir, ["revision", "--autogenerate", "-m", "teams"]);
        expect(generated.stderr).toBe("");
        expect(generated.code).toBe(0);
        expect((await runCli(project.dir, ["upgrade", "head"])).code).toBe(0);
        const check = await runCli(project.dir, ["check"]);
        expect(check.stdout).toBe("No new upgrade operations detected.\n");
        expect(check.code).toBe(0);
        await withConnection(db.url, (c) => c.execute("INSERT INTO teams (id) VALUES (1)"));
        const [row] = await withConnection(db.url, (c) =>
          c.query<{ mascot: string }>("SELECT mascot FROM teams"),
        );
        expect(row?.mascot).toBe("🦊 fox");
        expect(readdirSync(join(project.dir, "migrations", "versions"))).toHaveLength(1);
      },
      60_000,
    );

    it.skipIf(!cliBuilt || dialect !== "mysql")(
      "start the offline script with SET NAMES utf8mb4, which the mysql client then runs",
      async () => {
        expect((await runCli(project.dir, ["revision", "--autogenerate", "-m", "teams"])).code).toBe(0);
        const offline = await runCli(project.dir, ["upgrade", "head", "--sql"]);
        expect(offline.code).toBe(0);
        expect(offline.stdout.startsWith("SET NAMES utf8mb4;\n\n")).toBe(true);
        const { hostname, port } = new URL(db.url);
        // The mysql client, with its default character set, as a DBA would feed it the script.
        execFileSync("mysql", ["-h", hostname, "-P", port || "3306", "-u", "root", db.name!], {
          input: offline.stdout,
        });
        const [row] = await withConnection(db.url, (c) =>
          c.query<{ c: string }>(
            "SELECT TABLE_COMMENT AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'teams'",
          ),
        );
        expect(row?.c).toBe("teams ?");
        expect((await runCli(project.dir, ["check"])).code).toBe(0);
      },
      60_000,
    );
  },
  ["mysql", "sqlite", "postgres"],
);
