// PostgreSQL servers: transactional DDL, schemas, native enums, CONCURRENTLY indexes and advisory locks.
// PGlite reuses these parts (pglite/pglite-dialect.ts). `pg` is loaded on first connect; the DDL side is
// postgres-ddl.ts.

import { parseServerUrl } from "../../config/url.js";
import { type DialectCore, versionTableSql } from "../dialect.js";
import type { PostgresUrl } from "./postgres-driver.js";
import { postgresAdvisoryLock } from "./postgres-lock.js";
import { postgresSql } from "./postgres-sql.js";

export const postgresDialect: DialectCore = {
  name: "postgres",
  displayName: "PostgreSQL",
  capabilities: {
    transactionalDdl: true,
    ddlWithDmlInTransaction: true,
    concurrentIndexes: true,
    comments: true,
    nativeEnums: true,
    schemas: true,
    deferrableForeignKeys: true,
    partialIndexes: true,
    advisoryLocks: true,
    alterTableInPlace: true,
    identityAlter: true,
    foreignKeyIndexes: false,
    uniqueConstraintsAsIndexes: false,
    maxIdentifierLength: 63,
    truncatesIdentifiersTo: 63,
  },
  driver: {
    parseUrl: (url): PostgresUrl => ({ dialect: "postgres", connectionString: url, ...parseServerUrl(url) }),
    connect: async (url, display, options) =>
      (await import("./postgres-driver.js")).openPostgres(url as PostgresUrl, display, options),
    readOnlyReason: async (connection, url) =>
      (await import("./postgres-driver.js")).postgresReadOnlyReason(connection, url as PostgresUrl),
    databaseExists: () => true,
    // PGlite runs the same DDL in process: no server database is created for a `.sql` target.
    async openScratchDatabase(_configUrl, open) {
      const connection = await open("pglite:memory:");
      return {
        connection,
        restoreSession: async () => {
          await connection.execute("RESET search_path");
        },
        dispose: () => connection.close(),
      };
    },
  },
  sql: postgresSql,
  versionTable: versionTableSql(postgresSql, async (connection, table) => {
    // to_regclass resolves an unqualified name through search_path, exactly as the statements will.
    const rows = await connection.query<{ present: boolean }>(
      "SELECT to_regclass($1) IS NOT NULL AS present",
      [postgresSql.quoteQualified(table.name, table.schema)],
    );
    return rows[0]?.present === true;
  }),
  lock: postgresAdvisoryLock,
};
