// What the runtime, the operations and reflection need from a live database, whichever dialect it is.

import { RetortError } from "../errors.js";

/** A dialect's registry name (src/dialects/index.ts); connections carry it so that their dialect can be found. */
export type DialectName = string;

export interface ExecResult {
  /** Rows changed, where the driver reports it reliably; undefined otherwise. */
  readonly rowCount: number | undefined;
}

export interface Connection {
  readonly dialect: DialectName;
  /** Runs one statement (or, without params, a script of several) and discards any rows. */
  execute(sql: string, params?: readonly unknown[]): Promise<ExecResult>;
  /** Runs one statement and returns its rows as plain objects keyed by column name. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** The database could not be reached or refused us; the message names the redacted URL and what to check. */
export class ConnectionError extends RetortError {}

/**
 * The connection died under a statement or between two (terminated by an administrator, the server restarting,
 * the network): the message says so in words and names the server, instead of the driver's own text.
 */
export class ConnectionLostError extends RetortError {
  constructor(server: string, detail: string | undefined, cause: unknown) {
    super(`the connection to ${server} was lost${detail ? ` (${detail})` : ""}`, { cause });
  }
}

/** A run reached a server that does not accept writes (a hot standby, a read-only server); nothing was run. */
export class ReadOnlyDatabaseError extends RetortError {}

/** What a connection is opened for. */
export interface ConnectOptions {
  /** How the session shows in the server's activity views (`application_name`): `retort upgrade`. */
  readonly applicationName?: string;
}

/** The dialect's driver package is not installed. */
export class MissingDriverError extends RetortError {}

/** Imports a driver package lazily, turning "module not found" into one line saying what to install. */
export async function importDriver<T>(
  dialect: DialectName,
  packageName: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new MissingDriverError(
        `The ${dialect} dialect needs the "${packageName}" package: npm install ${packageName}`,
        { cause: error },
      );
    }
    throw error;
  }
}
