// One process of the peers benchmark: Knex's migrator brings the database up to its latest migration, as a
// project's migrate script would. Usage: node knex.mjs postgres|sqlite <url or file> <migrations folder>

import knex from "knex";

const [database, target, directory] = process.argv.slice(2);
const db = knex(
  database === "postgres"
    ? { client: "pg", connection: target }
    : { client: "better-sqlite3", connection: { filename: target }, useNullAsDefault: true },
);
try {
  // Knex's default extensions leave out .mjs; the migrations are the same ES modules every peer runs.
  await db.migrate.latest({ directory, loadExtensions: [".mjs"] });
} finally {
  await db.destroy();
}
