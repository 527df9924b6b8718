// One process of the peers benchmark: umzug with the smallest storage of its own on the database, a table of
// applied migration names. umzug has no transactions of its own; the run is wrapped in one, as Retort, Knex,
// Kysely, node-pg-migrate and Drizzle each do by default, so that no tool pays a commit per migration.
// Usage: node umzug.mjs postgres|sqlite <url or file> <migrations folder>

import { join } from "node:path";
import { Umzug } from "umzug";

const [database, target, folder] = process.argv.slice(2);

/** run(sql, ...params) and names(sql) over one connection; placeholders are written $1, $2 for both drivers. */
async function connect() {
  if (database === "postgres") {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    return {
      run: async (sql, ...params) => void (await client.query(sql, params)),
      names: async (sql) => (await client.query(sql)).rows.map((row) => row.name),
      close: () => client.end(),
    };
  }
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(target);
  return {
    run: async (sql, ...params) =>
      void (params.length ? db.prepare(sql.replace(/\$\d+/g, "?")).run(...params) : db.exec(sql)),
    names: async (sql) =>
      db
        .prepare(sql)
        .all()
        .map((row) => row.name),
    close: async () => db.close(),
  };
}

const connection = await connect();

/** umzug's storage interface, kept in the migrated database itself. */
const storage = {
  async executed() {
    await connection.run("CREATE TABLE IF NOT EXISTS umzug_migrations (name VARCHAR(255) PRIMARY KEY)");
    return connection.names("SELECT name FROM umzug_migrations ORDER BY name");
  },
  logMigration: ({ name }) => connection.run("INSERT INTO umzug_migrations (name) VALUES ($1)", name),
  unlogMigration: ({ name }) => connection.run("DELETE FROM umzug_migrations WHERE name = $1", name),
};

const umzug = new Umzug({
  migrations: { glob: join(folder, "*.mjs") },
  context: connection,
  storage,
  logger: undefined,
});
try {
  await connection.run("BEGIN");
  await umzug.up();
  await connection.run("COMMIT");
} finally {
  await connection.close();
}
