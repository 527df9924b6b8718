import { expect, it } from "vitest";
import type { Op } from "../../src/operations/op.js";
import { column } from "../../src/schema/column.js";
import { sql } from "../../src/schema/sql.js";
import { type IndexInput, table } from "../../src/schema/table.js";
import { types } from "../../src/schema/types.js";
import { type DialectName, describeEachDialect } from "../support/databases.js";
import {
  applyScript,
  offlineSink,
  onlineAndOffline,
  onlineSink,
  printedScript,
  runWithOp,
  snapshot,
} from "./support.js";

const isPg = (d: DialectName) => d === "postgres" || d === "pglite";

/** Indexes on books with what each dialect has besides columns: methods, INCLUDE, order, collation, prefixes. */
function bookIndexes(dialect: DialectName): IndexInput[] {
  if (isPg(dialect)) {
    return [
      {
        name: "ix books sorted",
        columns: [{ column: "title", descending: true, nulls: "last" }, sql`lower(${sql.id("title")})`],
        include: ["price"],
      },
      { name: "ix books hash", columns: ["title"], method: "hash" },
    ];
  }
  if (dialect === "mysql") {
    return [
      { name: "ft books title", columns: ["title"], method: "fulltext" },
      {
        name: "ix books prefix",
        columns: [
          { column: "title", length: 10 },
          { column: "price", descending: true },
        ],
      },
    ];
  }
  return [
    {
      name: "ix books sorted",
      columns: [{ column: "title", collation: "NOCASE", descending: true }, sql`lower(${sql.id("title")})`],
    },
  ];
}

/** A revision using most operations, written so that it also compiles offline (existing* and copyFrom given). */
function revision(dialect: DialectName) {
  return async (op: Op) => {
    if (isPg(dialect)) await op.createEnum("status", ["new", "done"]);
    const authorsTable = table(
      "authors",
      { id: column.integer().primaryKey(), name: column.varchar(50).notNull(), "e mail": column.varchar(80) },
      { uniques: [{ name: "uq authors email", columns: ["e mail"] }], comment: "people who write" },
    );
    await op.createTable(authorsTable);
    await op.createTable(
      "books",
      {
        id: op.column.integer().identity().primaryKey(),
        author_id: op.column.integer().notNull(),
        title: op.column.varchar(100).notNull().default("untitled"),
        status: op.column.enum("status", ["new", "done"]).notNull().default("new"),
        price: op.column.numeric(8, 2),
      },
      {
        foreignKeys: [
          {
            name: "fk books author",
            columns: ["author_id"],
            references: "authors",
            referencedColumns: ["id"],
            onDelete: "CASCADE",
          },
        ],
        checks: [{ name: "ck price", condition: sql`${sql.id("price")} >= ${0}` }],
        indexes: [{ name: "ix books title", columns: ["title"] }],
      },
    );
    await op.bulkInsert("authors", [
      { id: 1, name: "O'Brien", "e mail": "ob@example.com" },
      { id: 2, name: "Back\\slash", "e mail": null },
    ]);
    await op.bulkInsert("books", [{ author_id: 1, title: "It's here", price: 9.5 }]);
    await op.execute(
      sql`UPDATE ${sql.id("books")} SET ${sql.id("status")} = ${"done"} WHERE ${sql.id("author_id")} = ${1}`,
    );
    await op.addColumn("authors", "bio", op.column.text());
    // SQLite rebuilds the table for these; under --sql it takes the table as it is from copyFrom.
    const withBio = table(
      "authors",
      {
        id: column.integer().primaryKey(),
        name: column.varchar(50).notNull(),
        "e mail": column.varchar(80),
        bio: column.text(),
      },
      { uniques: [{ name: "uq authors email", columns: ["e mail"] }] },
    );
    await op.batchAlterTable(
      "authors",
      (batch) => {
        batch.alterColumn("name", {
          type: op.column.varchar(120),
          existingNullable: false,
          existingDefault: null,
          existingComment: null,
        });
        batch.dropConstraint("uq authors email", { type: "unique" });
      },
      { copyFrom: withBio },
    );
    await op.createIndex("ix authors name", "authors", ["name"], { unique: true });
    for (const index of bookIndexes(dialect)) await op.createIndex(index.name, "books", index.columns, index);
    await op.renameTable("authors", "writers");
    await op.batchAlterTable(
      "books",
      (batch) => {
        batch.alterColumn("price", {
          nullable: false,
          existingType: types.numeric(8, 2),
          existingDefault: null,
          existingComment: null,
        });
        batch.addColumn("pages", column.integer().notNull().default(1));
      },
      {
        copyFrom: table(
          "books",
          {
            id: column.integer().identity().primaryKey(),
            author_id: column.integer().notNull(),
            title: column.varchar(100).notNull().default("untitled"),
            status: column.enum("status", ["new", "done"]).notNull().default("new"),
            price: column.numeric(8, 2),
          },
          {
            foreignKeys: [
              {
                name: "fk books author",
                columns: ["author_id"],
                references: "writers",
                referencedColumns: ["id"],
                onDelete: "CASCADE",
              },
            ],
            checks: [{ name: "ck price", condition: sql`${sql.id("price")} >= ${0}` }],
            indexes: [{ name: "ix books title", columns: ["title"] }, ...bookIndexes(dialect)],
          },
        ),
      },
    );
  };
}

describeEachDialect("--sql output run by the database's own client", (dialect) => {
  const databases = onlineAndOffline(dialect);

  it("gives the same schema and rows as running the revision online", async () => {
    await runWithOp(onlineSink(databases.online.connection), revision(dialect));
    const printed = offlineSink(dialect);
    await runWithOp(printed, revision(dialect));
    const script = printedScript(printed);
    expect(script).toContain(dialect === "mysql" ? "'Back\\\\slash'" : "'O''Brien'");
    await applyScript(dialect, databases.offline, script);
    expect(await snapshot(databases.offline.connection)).toEqual(await snapshot(databases.online.connection));
    const rows = 'SELECT * FROM "books" ORDER BY 1'.replaceAll('"', dialect === "mysql" ? "`" : '"');
    expect(await databases.offline.connection.query(rows)).toEqual(
      await databases.online.connection.query(rows),
    );
  });
});
