// One process of the peers benchmark: drizzle-orm's migrator applies a drizzle-kit migrations folder
// (meta/_journal.json and .sql files). Usage: node drizzle.mjs postgres|sqlite <url or file> <migrations folder>

const [database, target, migrationsFolder] = process.argv.slice(2);

if (database === "postgres") {
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const db = drizzle(target);
  try {
    await migrate(db, { migrationsFolder });
  } finally {
    await db.$client.end();
  }
} else {
  const { drizzle } = await import("drizzle-orm/better-sqlite3");
  const { migrate } = await import("drizzle-orm/better-sqlite3/migrator");
  const db = drizzle(target);
  migrate(db, { migrationsFolder });
  db.$client.close();
}
