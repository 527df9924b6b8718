// PostgreSQL: transactional DDL, schema-qualified version table, session-level advisory lock for a run.

import type { Connection, DialectName } from "../connection.js";
import { advisoryLockKey, baseDialect, type Dialect, type LockOptions, WAITING_MESSAGE } from "../dialect.js";

/** The PostgreSQL behaviour, shared by the server dialect and PGlite. */
export function postgresFamilyDialect(name: DialectName): Dialect {
  const base = baseDialect(name);
  return {
    ...base,
    transactionalDdl: true,
    async versionTableExists(connection: Connection, table) {
      // to_regclass resolves an unqualified name through search_path, exactly as the statements will.
      const rows = await connection.query<{ present: boolean }>(
        "SELECT to_regclass($1) IS NOT NULL AS present",
        [base.versionTableName(table)],
      );
      return rows[0]?.present === true;
    },
    async acquireLock(connection: Connection, table, options: LockOptions = {}) {
      const key = advisoryLockKey(table).toString();
      const [tried] = await connection.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock($1::bigint) AS locked",
        [key],
      );
      if (tried?.locked !== true) {
        options.onWait?.(WAITING_MESSAGE);
        if (options.timeoutMs !== undefined) {
          await connection.execute(`SET lock_timeout = ${Math.max(1, Math.floor(options.timeoutMs))}`);
        }
        try {
          await connection.query("SELECT pg_advisory_lock($1::bigint)", [key]);
        } finally {
          if (options.timeoutMs !== undefined) await connection.execute("RESET lock_timeout");
        }
      }
      return {
        opensTransaction: false,
        release: async () => {
          await connection.query("SELECT pg_advisory_unlock($1::bigint)", [key]);
        },
      };
    },
  };
}

export const postgresDialect: Dialect = postgresFamilyDialect("postgres");
