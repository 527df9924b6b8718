// PostgreSQL's run lock: a session-level advisory lock keyed by the version table, so that runs against the
// same table serialize and runs against different tables (or databases) do not.

import { createHash } from "node:crypto";
import type { Connection } from "../connection.js";
import {
  type LockHolder,
  type LockOptions,
  type LockStrategy,
  lockTimeoutError,
  type VersionTableRef,
  WAITING_MESSAGE,
} from "../dialect.js";

/** A stable signed 64-bit key for PostgreSQL advisory locks, from the version table's schema and name. */
export function advisoryLockKey(table: VersionTableRef): bigint {
  const digest = createHash("sha256")
    .update(`retort-migrate\u0000${table.schema ?? ""}\u0000${table.name}`)
    .digest();
  return digest.readBigInt64BE(0);
}

interface HolderRow {
  readonly pid: number;
  readonly application_name: string | null;
  readonly client: string | null;
  readonly query_start: Date | string | null;
  readonly state: string | null;
}

/** The session holding the advisory lock `key`, from pg_locks and pg_stat_activity. */
async function lockHolder(connection: Connection, key: bigint): Promise<LockHolder> {
  // A bigint advisory key shows in pg_locks as classid (high 32 bits), objid (low 32 bits), objsubid 1.
  const unsigned = BigInt.asUintN(64, key);
  const rows = await connection.query<HolderRow>(
    `SELECT a.pid, a.application_name, host(a.client_addr) AS client, a.query_start, a.state
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.classid = $1::oid AND l.objid = $2::oid
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [(unsigned >> 32n).toString(), (unsigned & 0xffffffffn).toString()],
  );
  const [row] = rows;
  if (row === undefined) return { description: "nobody any more", hint: "run again" };
  const started = row.query_start instanceof Date ? row.query_start.toISOString() : row.query_start;
  const facts = [
    `application_name ${JSON.stringify(row.application_name ?? "")}`,
    `client ${row.client ?? "local socket"}`,
    `query started ${started ?? "unknown"}`,
    `state ${row.state ?? "unknown"}`,
  ];
  return {
    description: `PostgreSQL pid ${row.pid} (${facts.join(", ")})`,
    hint: `if that run hangs, stop it (SELECT pg_terminate_backend(${row.pid})) and run again`,
  };
}

const isLockTimeout = (error: unknown): boolean => (error as { code?: string }).code === "55P03";

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
      } catch (error) {
        if (options.timeoutMs === undefined || !isLockTimeout(error)) throw error;
        throw lockTimeoutError(options.timeoutMs, await lockHolder(connection, advisoryLockKey(table)));
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
