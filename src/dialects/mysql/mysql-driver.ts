// MySQL and MariaDB through one mysql2/promise connection; one statement per call (multipleStatements off).

import { hideUrlSecrets, type ServerUrl } from "../../config/url.js";
import {
  type Connection,
  ConnectionError,
  ConnectionLostError,
  type ExecResult,
  importDriver,
} from "../connection.js";
import type { DatabaseUrl } from "../dialect.js";

export interface MysqlUrl extends DatabaseUrl, ServerUrl {
  /** True for `mariadb://`. Both speak the same protocol. */
  readonly mariadb: boolean;
}

type MysqlConnectionHandle = import("mysql2/promise").Connection;

/** Error codes of a connection the server killed or the network dropped. */
const LOST_CODES = new Set([
  "PROTOCOL_CONNECTION_LOST",
  "ER_CONNECTION_KILLED",
  "ER_SERVER_SHUTDOWN",
  "ECONNRESET",
  "EPIPE",
]);

export class MysqlConnection implements Connection {
  readonly dialect = "mysql" as const;
  /** Why the connection died, from its 'error' event (a KILL between statements arrives only there). */
  private lostReason: string | undefined;

  constructor(
    readonly handle: MysqlConnectionHandle,
    private readonly server: string,
  ) {
    // Errors on an idle connection would otherwise crash the process with an unhandled 'error' event.
    handle.on("error", (error: Error) => {
      this.lostReason ??= error.message.split("\n")[0]?.replace(/\.$/, "");
    });
  }

  async execute(sql: string, params?: readonly unknown[]): Promise<ExecResult> {
    const [result] = await this.run(() =>
      this.handle.query(sql, params === undefined ? undefined : (params as unknown[])),
    );
    const affected = (result as { affectedRows?: number }).affectedRows;
    return { rowCount: typeof affected === "number" ? affected : undefined };
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const [rows] = await this.run(() => this.handle.query(sql, (params ?? []) as unknown[]));
    return Array.isArray(rows) ? (rows as Row[]) : [];
  }

  /** Runs one driver call, turning the errors of a dead connection into ConnectionLostError. */
  private async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const { code, fatal, message } = error as { code?: string; fatal?: boolean; message?: string };
      const lost = (code !== undefined && LOST_CODES.has(code)) || /closed state/.test(message ?? "");
      if (!lost && fatal !== true) throw error;
      const detail = LOST_CODES.has(code ?? "")
        ? message?.split("\n")[0]?.replace(/\.$/, "")
        : this.lostReason;
      throw new ConnectionLostError(`MySQL/MariaDB server ${this.server}`, detail, error);
    }
  }

  async close(): Promise<void> {
    await this.handle.end();
  }
}

export function describeMysqlConnectError(error: unknown, url: MysqlUrl, display: string): ConnectionError {
  const { code, message } = error as { code?: string; message?: string };
  const where = `${url.host}:${url.port ?? 3306}`;
  const reasons: Record<string, [string, string]> = {
    ECONNREFUSED: [
      `connection refused at ${where}`,
      "is the MySQL/MariaDB server running and listening there?",
    ],
    ENOTFOUND: [`host ${url.host} not found`, "check the host name in the URL"],
    EAI_AGAIN: [`host ${url.host} could not be resolved`, "check the host name and your DNS"],
    ETIMEDOUT: [`timed out connecting to ${where}`, "check the host, port and any firewall"],
    EHOSTUNREACH: [`host ${url.host} is unreachable`, "check the host and network"],
    ER_ACCESS_DENIED_ERROR: [`access denied for user "${url.user ?? ""}"`, "check the user and password"],
    ER_DBACCESS_DENIED_ERROR: [
      `user "${url.user ?? ""}" may not use database "${url.database ?? ""}"`,
      "grant the user access to the database",
    ],
    ER_BAD_DB_ERROR: [
      `database "${url.database ?? ""}" does not exist`,
      `create it first: CREATE DATABASE ${url.database ?? ""}`,
    ],
  };
  const known = code ? reasons[code] : undefined;
  // mysql2 access-denied messages quote the user and host, never the password; keep only the first line anyway.
  const reason = known?.[0] ?? hideUrlSecrets((message ?? String(error)).split("\n")[0] ?? "", url);
  return new ConnectionError(`Cannot connect to ${display}: ${reason}`, {
    hint: known?.[1] ?? "check the database URL",
    cause: error,
  });
}

export async function openMysql(url: MysqlUrl, display: string): Promise<MysqlConnection> {
  const mysql = await importDriver("mysql", "mysql2", () => import("mysql2/promise"));
  if (!url.database) {
    throw new ConnectionError(`Cannot connect to ${display}: the URL names no database`, {
      hint: "add the database name: mysql://user:password@host:3306/DATABASE",
    });
  }
  try {
    const handle = await mysql.createConnection({
      host: url.host,
      port: url.port ?? 3306,
      user: url.user,
      password: url.password,
      database: url.database,
      multipleStatements: false,
      // Said explicitly: 4-byte UTF-8 (emoji) in statements and catalog text must survive both ways.
      charset: "utf8mb4",
      supportBigNumbers: true,
      connectTimeout: 15_000,
      // UPDATE reports rows matched, not rows changed, so version-table row checks are exact.
      flags: ["FOUND_ROWS"],
      ...(url.params.ssl === "true" || url.params.sslmode === "require" ? { ssl: {} } : {}),
    });
    return new MysqlConnection(handle, serverName(url));
  } catch (error) {
    throw describeMysqlConnectError(error, url, display);
  }
}

/** host:port/database of a server URL, as messages name the server reached. */
export function serverName(url: MysqlUrl): string {
  return `${url.host}:${url.port ?? 3306}/${url.database ?? ""}`;
}

const READ_ONLY_VARIABLES = ["read_only", "super_read_only", "transaction_read_only", "tx_read_only"];

/**
 * Why this server cannot take a run's writes: read_only or super_read_only (refused even for a user whose SUPER
 * privilege would let it write: a replica written to drifts from its primary), or a read-only session.
 */
export async function mysqlReadOnlyReason(
  connection: Connection,
  url: MysqlUrl,
): Promise<string | undefined> {
  // SHOW VARIABLES, not @@names: MariaDB has no super_read_only, and an unknown @@name is an error.
  const rows = await connection.query<{ Variable_name: string; Value: string }>(
    `SHOW VARIABLES WHERE Variable_name IN (${READ_ONLY_VARIABLES.map(() => "?").join(", ")})`,
    READ_ONLY_VARIABLES,
  );
  const on = rows.filter((row) => /^(on|1)$/i.test(String(row.Value))).map((row) => row.Variable_name);
  if (on.length === 0) return undefined;
  return `MySQL/MariaDB server ${serverName(url)} is read-only (${on.map((name) => `${name} is ON`).join(", ")})`;
}
