// One process of the peers benchmark: node-pg-migrate's runner applies every pending migration in one
// transaction, which is what its CLI does by default. PostgreSQL only.
// Usage: node node-pg-migrate.mjs postgres <url> <migrations folder>

import { runner } from "node-pg-migrate";

const [, databaseUrl, dir] = process.argv.slice(2);
await runner({
  databaseUrl,
  dir,
  direction: "up",
  migrationsTable: "pgmigrations",
  singleTransaction: true,
  log: () => {},
});
