// One process at a time on a PGlite data folder: PGlite has no server to arbitrate, and two processes on one folder
// fail with low-level file errors ("could not create file … File exists") or worse. The lock is a file in the
// folder holding the owner's pid, created exclusively; a lock whose pid is no longer alive is stale and taken over.

import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ConnectionError } from "../connection.js";

export const LOCK_FILE = "retort.lock";

/** A taken folder lock; `release` removes the file if it is still this process's. */
export interface FolderLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as { code?: string }).code === "EPERM";
  }
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock on `dataDir` (creating the folder), or throws ConnectionError naming the pid that holds it. */
export function lockDataFolder(dataDir: string, display: string): FolderLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, "wx");
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return {
        release: () => {
          if (ownerOf(path) === process.pid) unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
    const owner = ownerOf(path);
    if (owner !== undefined && alive(owner)) {
      throw new ConnectionError(
        `Cannot open PGlite database ${display}: the data folder is in use by pid ${owner}`,
        {
          hint:
            owner === process.pid
              ? "this process has it open already: close that connection first"
              : `wait for that process to finish, or stop it; ${path} is removed when it closes the folder`,
        },
      );
    }
    // A stale lock (its process died, or the file is empty or being written): take it over, once.
    if (attempt > 0) {
      throw new ConnectionError(`Cannot open PGlite database ${display}: could not take over ${path}`, {
        hint: "another process is taking the folder at the same moment; run again",
      });
    }
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") throw error;
    }
  }
}
