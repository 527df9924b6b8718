// On MySQL/MariaDB a generated upgrade that fails halfway would leave half a schema (DDL commits as it goes), so
// revision --autogenerate first runs it on a scratch copy of the schema and writes nothing when it fails there.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { RehearsalError } from "../../src/autogenerate/rehearse.js";
import { autogenerateRevisionBody } from "../../src/commands/autogenerate.js";
import { init } from "../../src/commands/init.js";
import { resolveConfig } from "../../src/config/load-config.js";
import { connect } from "../../src/dialects/index.js";
import { tableNames } from "../runtime/inspect.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";

describeEachDialect("a generated upgrade rehearsed before it is written", () => {
  let database: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    database = await createTestDatabase("mysql");
    dir = mkdtempSync(join(tmpdir(), "retort-rehearse-"));
    await init({ directory: dir, template: "generic" });
    const connection = await connect(database.url);
    try {
      await connection.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)");
    } finally {
      await connection.close();
    }
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  it("refuses an upgrade MariaDB would reject halfway, and leaves the database and the project as they were", async () => {
    // A new table and column first, then a foreign key MariaDB rejects (it refers to an unindexed varchar):
    // run for real, the table and the column would stay behind.
    const failing = resolveConfig({ url: database.url, target: "./schema.ts" }, { rootDir: dir });
    writeFileSync(
      join(dir, "schema.ts"),
      `import { column, table } from ${JSON.stringify(join(import.meta.dirname, "../../src/schema/index.ts"))};
export const tags = table("tags", { id: column.integer().primaryKey(), label: column.varchar(20) });
export const notes = table("notes", {
  id: column.integer().primaryKey(),
  body: column.text(),
  tag_id: column.integer().references("tags", "label", { name: "fk_notes_tag" }),
});
`,
    );
    const error = await autogenerateRevisionBody(failing).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RehearsalError);
    expect((error as Error).message).toMatch(/scratch copy of the schema.*fk_notes_tag.*incorrectly formed/);
    expect(await tableNames(database.url)).toEqual(["notes"]);
    expect(readdirSync(join(dir, "migrations", "versions")).filter((f) => f.endsWith(".ts"))).toEqual([]);
  });
}, ["mysql"]);
