// SQLite's run lock is the write transaction itself: BEGIN IMMEDIATE, polled with short busy waits so that a
// wait can be announced and a timeout honoured.

import type { Connection } from "../connection.js";
import { type LockOptions, type LockStrategy, waitForLock } from "../dialect.js";
import type { SqliteConnection } from "./sqlite-driver.js";

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

/** How long an ordinary statement waits for another connection's lock once the run holds its own. */
const STATEMENT_BUSY_TIMEOUT_MS = 5_000;

export function sqliteWriteLock(beforeLock: (table: { schema: string | undefined }) => void): LockStrategy {
  return {
    async acquire(connection: Connection, table, options: LockOptions = {}) {
      beforeLock(table);
      const sqlite = connection as SqliteConnection;
      // Try without waiting first so that a wait can be announced; then poll with short busy waits.
      const attempt = async (first: boolean) => {
        sqlite.setBusyTimeout(first ? 0 : 200);
        try {
          await connection.execute("BEGIN IMMEDIATE");
          return true;
        } catch (error) {
          if (isBusy(error)) return false;
          throw error;
        } finally {
          sqlite.setBusyTimeout(STATEMENT_BUSY_TIMEOUT_MS);
        }
      };
      await waitForLock(attempt, options, async () => ({
        description:
          "another connection's write transaction on the SQLite file (SQLite does not say which process)",
        hint: "look for a process that has the database file open (lsof, fuser) and stop it if it hangs",
      }));
      return { opensTransaction: true, release: async () => {} };
    },
  };
}
