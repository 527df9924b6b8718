// MySQL/MariaDB's run lock: a named GET_LOCK scoped to the database and version table, polled with short
// server-side waits so that a timeout can be honoured on MySQL and MariaDB alike.

import { createHash } from "node:crypto";
import type { Connection } from "../connection.js";
import {
  type LockHolder,
  type LockOptions,
  type LockStrategy,
  type VersionTableRef,
  waitForLock,
} from "../dialect.js";

/** GET_LOCK names are server-wide and at most 64 characters: scope by database, hash when too long. */
async function lockName(connection: Connection, table: VersionTableRef): Promise<string> {
  const [row] = await connection.query<{ db: string | null }>("SELECT DATABASE() AS db");
  const name = `retort:${table.schema ?? row?.db ?? ""}.${table.name}`;
  return name.length <= 64 ? name : `retort:${createHash("sha1").update(name).digest("hex")}`;
}

/** The connection holding the named lock, with what PROCESSLIST says of it. */
async function lockHolder(connection: Connection, name: string): Promise<LockHolder> {
  const [row] = await connection.query<{ holder: number | string | null }>(
    "SELECT IS_USED_LOCK(?) AS holder",
    [name],
  );
  if (row?.holder === null || row?.holder === undefined) {
    return { description: `nobody any more (lock ${name})`, hint: "run again" };
  }
  const id = String(row.holder);
  const [process] = await connection.query<{ HOST: string; TIME: number; COMMAND: string; USER: string }>(
    "SELECT HOST, TIME, COMMAND, USER FROM information_schema.PROCESSLIST WHERE ID = ?",
    [id],
  );
  const facts = process
    ? ` (user ${process.USER}, host ${process.HOST}, ${process.COMMAND} for ${process.TIME} s)`
    : "";
  return {
    description: `MySQL/MariaDB connection ${id}${facts}, lock ${name}`,
    hint: `if that run hangs, stop it (KILL ${id}) and run again`,
  };
}

export const mysqlNamedLock: LockStrategy = {
  async acquire(connection, table, options: LockOptions = {}) {
    const name = await lockName(connection, table);
    const attempt = async (first: boolean) => {
      const [row] = await connection.query<{ got: number | string | null }>("SELECT GET_LOCK(?, ?) AS got", [
        name,
        first ? 0 : 1,
      ]);
      return Number(row?.got) === 1;
    };
    await waitForLock(attempt, options, () => lockHolder(connection, name));
    return {
      opensTransaction: false,
      release: async () => {
        await connection.query("SELECT RELEASE_LOCK(?) AS released", [name]);
      },
    };
  },
};
