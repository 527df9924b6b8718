// The database a command works on, taken from the config, and its version rows read without a lock: all that
// `current` and the graph commands need of a database, without the modules that run a plan.

import { parseDuration } from "../config/duration.js";
import type { ResolvedConfig } from "../config/types.js";
import type { Connection } from "../dialects/connection.js";
import type { LockOptions, VersionTableRef } from "../dialects/dialect.js";
import { connect, databaseExists, dialectOfConnection } from "../dialects/index.js";
import { RetortError } from "../errors.js";
import { UnknownDatabaseRevisionError } from "./errors.js";
import type { RunEvent } from "./events.js";
import { readVersionRows } from "./version-table.js";

export class NoDatabaseUrlError extends RetortError {}

/** The database side of a run, taken from the resolved config. */
export interface DatabaseTarget {
  readonly url: string;
  /** How the session shows on the server (`retort upgrade`). */
  readonly applicationName: string;
  /** Folder relative file URLs resolve against, and where the transpile cache lives. */
  readonly rootDir: string;
  readonly versionTable: VersionTableRef;
  /** The history table's name (in the version table's schema), or false for none. */
  readonly historyTable: string | false;
  readonly transactionPerMigration: boolean;
  /** How long every lock the command takes waits for another run's; undefined: as long as it takes. */
  readonly lockTimeoutMs: number | undefined;
  /** Told once when a lock is held by another run and the command starts waiting for it. */
  readonly onLockWait?: (message: string) => void;
}

/** The URL of a config, or a clear error saying where to set it. */
export function requireUrl(config: ResolvedConfig): string {
  if (!config.url) {
    throw new NoDatabaseUrlError("No database URL is configured", {
      hint: "set `url` in retort.config (for example url: process.env.DATABASE_URL)",
    });
  }
  return config.url;
}

/** How a command's locks wait, as the command line says. */
export interface LockWaitOptions {
  /** `--lock-timeout`, which overrides the config's lockTimeout; a malformed one is bad usage. */
  readonly lockTimeout?: string | number;
  /** Told when another run holds the lock and the command starts waiting. */
  readonly onLockWait?: (message: string) => void;
}

/** The database of `config`, for `command` (which names the session on servers that show one). */
export function databaseTarget(
  config: ResolvedConfig,
  command: string,
  { lockTimeout, onLockWait }: LockWaitOptions = {},
): DatabaseTarget {
  return {
    url: requireUrl(config),
    applicationName: `retort ${command}`,
    rootDir: config.rootDir,
    versionTable: { name: config.versionTable, schema: config.versionTableSchema },
    historyTable: config.historyTable,
    transactionPerMigration: config.transactionPerMigration,
    lockTimeoutMs:
      lockTimeout === undefined
        ? config.lockTimeoutMs
        : parseDuration(lockTimeout, { flag: "--lock-timeout" }),
    onLockWait,
  };
}

/** Opens the target; one that writes refuses a read-only server before its first statement. */
export function openTarget(target: DatabaseTarget, writes: boolean): Promise<Connection> {
  return connect(target.url, {
    baseDir: target.rootDir,
    applicationName: target.applicationName,
    requireWritable: writes,
  });
}

/**
 * How the command's locks wait: announced through `emit` when it has one (else the target's onLockWait), for at
 * most the target's timeout.
 */
export function lockOptionsOf(target: DatabaseTarget, emit?: (event: RunEvent) => void): LockOptions {
  return {
    onWait: emit ? (message) => emit({ type: "waiting", message }) : target.onLockWait,
    timeoutMs: target.lockTimeoutMs,
  };
}

/** Version-table rows as messages name them: sorted, or base when there are none. */
export const describeHeads = (heads: Iterable<string>): string => {
  const list = [...heads].sort();
  return list.length === 0 ? "base (no revision rows)" : list.join(", ");
};

export function checkKnownRows(
  rows: readonly string[],
  isKnown: (id: string) => boolean,
  tableName: string,
): void {
  const unknown = rows.filter((id) => !isKnown(id));
  if (unknown.length > 0) throw new UnknownDatabaseRevisionError(unknown, tableName);
}

/** The version-table rows of a database, read without a lock and without creating anything. */
export async function readDatabaseHeads(target: DatabaseTarget): Promise<string[]> {
  // An embedded database that does not exist yet is at base; opening it would create it, and reading must not.
  if (!(await databaseExists(target.url, target.rootDir))) return [];
  const connection = await openTarget(target, false);
  try {
    return (await readVersionRows(connection, dialectOfConnection(connection), target.versionTable)) ?? [];
  } finally {
    await connection.close().catch(() => {});
  }
}
