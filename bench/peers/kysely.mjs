// One process of the peers benchmark: Kysely's Migrator with its FileMigrationProvider migrates to the latest
// migration. Usage: node kysely.mjs postgres|sqlite <url or file> <migrations folder>

import { promises as fs } from "node:fs";
import path from "node:path";
import { FileMigrationProvider, Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";

const [database, target, folder] = process.argv.slice(2);
// FileMigrationProvider import()s folder/file, which only an absolute path makes a file path.
const migrationFolder = path.resolve(folder);

async function dialect() {
  if (database === "postgres") {
    const { default: pg } = await import("pg");
    return new PostgresDialect({ pool: new pg.Pool({ connectionString: target }) });
  }
  const { default: Database } = await import("better-sqlite3");
  return new SqliteDialect({ database: new Database(target) });
}

const db = new Kysely({ dialect: await dialect() });
try {
  const migrator = new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder }) });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
} finally {
  await db.destroy();
}
