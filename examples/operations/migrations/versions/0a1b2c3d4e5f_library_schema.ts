/**
 * Library schema: most operations in one revision
 *
 * Revision ID: 0a1b2c3d4e5f
 * Revises:
 * Create Date: 2026-03-01 12:00:00.000000
 *
 * Runs unchanged on SQLite, PGlite, PostgreSQL and MySQL/MariaDB. Where a dialect lacks something (enum types
 * outside PostgreSQL, CONCURRENTLY outside PostgreSQL) Retort does the dialect's equivalent; see docs/operations.md.
 */
import type { Op } from "retort-migrate";

export const revision = "0a1b2c3d4e5f";
export const downRevision: string | string[] | null = null;
export const branchLabels: string | string[] | null = null;
export const dependsOn: string | string[] | null = null;

export async function upgrade(op: Op): Promise<void> {
  const { column, sql } = op;

  // A PostgreSQL enum type; elsewhere the values live in the column (MySQL ENUM, SQLite CHECK) and this is a no-op.
  await op.createEnum("loan_status", ["open", "returned"]);

  await op.createTable(
    "authors",
    {
      id: column.integer().identity().primaryKey(),
      name: column.varchar(120).notNull(),
      email: column.varchar(200).unique(),
      born: column.date(),
      created_at: column.timestamp({ withTimeZone: true }).notNull().default(sql`CURRENT_TIMESTAMP`),
    },
    { comment: "People who write books" },
  );

  await op.createTable(
    "books",
    {
      id: column.bigint().identity().primaryKey(),
      author_id: column.integer().notNull(),
      title: column.varchar(200).notNull().comment("As printed on the cover"),
      isbn: column.char(13),
      price: column.numeric(8, 2).notNull().default(0),
      rating: column.real(),
      in_print: column.boolean().notNull().default(true),
      metadata: column.json(),
      cover: column.bytes(),
      uid: column.uuid(),
    },
    {
      uniques: [{ name: "uq_books_isbn", columns: ["isbn"] }],
      foreignKeys: [
        {
          name: "fk_books_author",
          columns: ["author_id"],
          references: "authors",
          referencedColumns: ["id"],
          onDelete: "CASCADE",
        },
      ],
      checks: [{ name: "ck_books_price", condition: sql`${sql.id("price")} >= ${0}` }],
      indexes: [{ name: "ix_books_title", columns: ["title"] }],
    },
  );

  await op.createTable("members", {
    id: column.integer().primaryKey(),
    "full name": column.varchar(100).notNull(),
    order: column.integer(),
  });

  await op.createTable("loans", {
    id: column.integer().identity().primaryKey(),
    book_id: column.bigint().notNull(),
    member_id: column.integer().notNull(),
    status: column.enum("loan_status", ["open", "returned"]).notNull().default("open"),
  });
  await op.createForeignKey("fk_loans_book", "loans", ["book_id"], "books", ["id"], { onDelete: "CASCADE" });
  await op.createForeignKey("fk_loans_member", "loans", ["member_id"], "members", ["id"], {
    onUpdate: "CASCADE",
  });
  await op.createIndex("ix_loans_member", "loans", ["member_id", "status"], { concurrently: true });

  await op.bulkInsert("authors", [
    { name: "Flann O'Brien", email: "flann@example.com" },
    { name: "Back\\Slash", email: null },
  ]);
  await op.bulkInsert("books", [
    {
      author_id: 1,
      title: "The Third Policeman",
      isbn: "9781564782144",
      price: 14.5,
      metadata: { pages: 200 },
    },
  ]);
  await op.bulkInsert("members", [{ id: 1, "full name": "Ada", order: 1 }]);
  await op.execute(
    sql`UPDATE ${sql.id("books")} SET ${sql.id("rating")} = ${4.5} WHERE ${sql.id("isbn")} = ${"9781564782144"}`,
  );

  await op.addColumn("members", "joined", column.date());
  await op.alterColumn("members", "full name", {
    type: column.varchar(200),
    newName: "display_name",
    comment: "Shown in the app",
  });
  await op.renameTable("members", "patrons");
  await op.createUniqueConstraint("uq_patrons_display_name", "patrons", ["display_name"]);
  await op.createCheckConstraint("ck_patrons_order", "patrons", sql`${sql.id("order")} > 0`);
  await op.createTableComment("patrons", "Library card holders");

  // On SQLite this is one move-and-copy rebuild; elsewhere, plain ALTER TABLE statements.
  await op.batchAlterTable("books", (batch) => {
    batch.addColumn("pages", column.integer().notNull().default(0));
    batch.alterColumn("rating", { type: column.double(), nullable: true });
    batch.dropColumn("uid");
    batch.createIndex("ix_books_pages", ["pages"]);
  });
}

export async function downgrade(op: Op): Promise<void> {
  await op.batchAlterTable("books", (batch) => {
    batch.dropIndex("ix_books_pages");
    batch.addColumn("uid", op.column.uuid());
    batch.alterColumn("rating", { type: op.column.real(), nullable: true });
    batch.dropColumn("pages");
  });
  await op.dropTableComment("patrons");
  await op.dropConstraint("ck_patrons_order", "patrons", { type: "check" });
  await op.dropConstraint("uq_patrons_display_name", "patrons", { type: "unique" });
  await op.renameTable("patrons", "members");
  await op.alterColumn("members", "display_name", {
    type: op.column.varchar(100),
    newName: "full name",
    comment: null,
  });
  await op.dropColumn("members", "joined");
  // MySQL lets ix_loans_member stand in for the foreign key's own index, so the keys go first.
  await op.dropConstraint("fk_loans_member", "loans", { type: "foreignKey" });
  await op.dropConstraint("fk_loans_book", "loans", { type: "foreignKey" });
  await op.dropIndex("ix_loans_member", { table: "loans", concurrently: true });
  await op.dropTable("loans");
  await op.dropTable("members");
  await op.dropTable("books");
  await op.dropTable("authors");
  await op.dropEnum("loan_status");
}
