// MySQL/MariaDB: DDL commits implicitly, so each revision's version change is committed right after it;
// a run holds a named GET_LOCK for its database and version table.

import { createHash } from "node:crypto";
import type { Connection } from "../connection.js";
import {
  baseDialect,
  type Dialect,
  type LockOptions,
  type VersionTableRef,
  waitForLock,
} from "../dialect.js";

const base = baseDialect("mysql");

/** GET_LOCK names are server-wide and at most 64 characters: scope by database, hash when too long. */
async function lockName(connection: Connection, table: VersionTableRef): Promise<string> {
  const [row] = await connection.query<{ db: string | null }>("SELECT DATABASE() AS db");
  const name = `retort:${table.schema ?? row?.db ?? ""}.${table.name}`;
  return name.length <= 64 ? name : `retort:${createHash("sha1").update(name).digest("hex")}`;
}

export const mysqlDialect: Dialect = {
  ...base,
  transactionalDdl: false,
  async versionTableExists(connection, table) {
    const rows = await connection.query(
      "SELECT 1 AS present FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?",
      [table.schema ?? null, table.name],
    );
    return rows.length > 0;
  },
  async acquireLock(connection, table, options: LockOptions = {}) {
    const name = await lockName(connection, table);
    // Poll with short server-side waits so a timeout can be honoured on MySQL and MariaDB alike.
    const attempt = async (seconds: number) => {
      const [row] = await connection.query<{ got: number | string | null }>("SELECT GET_LOCK(?, ?) AS got", [
        name,
        seconds,
      ]);
      return Number(row?.got) === 1;
    };
    let first = true;
    await waitForLock(
      () => {
        const seconds = first ? 0 : 1;
        first = false;
        return attempt(seconds);
      },
      options,
      name,
    );
    return {
      opensTransaction: false,
      release: async () => {
        await connection.query("SELECT RELEASE_LOCK(?) AS released", [name]);
      },
    };
  },
};
