// On MySQL/MariaDB a generated upgrade that fails halfway would leave half a schema (DDL commits as it goes), so
// revision --autogenerate first runs it on a scratch copy of the schema and writes nothing when it fails there.

import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, expect, it } from "vitest";
import { RehearsalError } from "../../src/autogenerate/rehearse.js";
import { autogenerateRevisionBody } from "../../src/commands/autogenerate.js";
import { connect } from "../../src/dialects/index.js";
import { tableNames } from "../runtime/inspect.js";
import { describeEachDialect } from "../support/databases.js";
import { autogenerateProject } from "./project.js";

describeEachDialect("a generated upgrade rehearsed before it is written", () => {
  const project = autogenerateProject("mysql", { prefix: "retort-rehearse-" });
  beforeEach(async () => {
    const connection = await connect(project.database.url);
    try {
      await connection.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)");
    } finally {
      await connection.close();
    }
  });

  it("refuses an upgrade MariaDB would reject halfway, and leaves the database and the project as they were", async () => {
    // A new table and column first, then a foreign key MariaDB rejects (it refers to an unindexed varchar):
    // run for real, the table and the column would stay behind.
    writeFileSync(
      join(project.dir, "schema.ts"),
      `import { column, table } from ${JSON.stringify(join(import.meta.dirname, "../../src/schema/index.ts"))};
export const tags = table("tags", { id: column.integer().primaryKey(), label: column.varchar(20) });
export const notes = table("notes", {
  id: column.integer().primaryKey(),
  body: column.text(),
  tag_id: column.integer().references("tags", "label", { name: "fk_notes_tag" }),
});
`,
    );
    const error = await autogenerateRevisionBody(project.config).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RehearsalError);
    expect((error as Error).message).toMatch(/scratch copy of the schema.*fk_notes_tag.*incorrectly formed/);
    expect(await tableNames(project.database.url)).toEqual(["notes"]);
    expect(readdirSync(join(project.dir, "migrations", "versions")).filter((f) => f.endsWith(".ts"))).toEqual(
      [],
    );
  });
}, ["mysql"]);
