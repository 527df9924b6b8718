// PostgreSQL's run lock: a session-level advisory lock keyed by the version table, so that runs against the
// same table serialize and runs against different tables (or databases) do not.

import { createHash } from "node:crypto";
import type { Connection } from "../connection.js";
import { type LockOptions, type LockStrategy, type VersionTableRef, WAITING_MESSAGE } from "../dialect.js";

/** A stable signed 64-bit key for PostgreSQL advisory locks, from the version table's schema and name. */
export function advisoryLockKey(table: VersionTableRef): bigint {
  const digest = createHash("sha256")
    .update(`retort-migrate\u0000${table.schema ?? ""}\u0000${table.name}`)
    .digest();
  return digest.readBigInt64BE(0);
}

export const postgresAdvisoryLock: LockStrategy = {
  async acquire(connection: Connection, table, options: LockOptions = {}) {
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
