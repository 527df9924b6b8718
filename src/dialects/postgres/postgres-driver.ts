// A PostgreSQL server through one `pg` Client: one session, so advisory locks and transactions stay on it.

import { hideUrlSecrets, type ServerUrl } from "../../config/url.js";
import {
  type Connection,
  ConnectionError,
  ConnectionLostError,
  type ConnectOptions,
  type ExecResult,
  importDriver,
} from "../connection.js";
import type { DatabaseUrl } from "../dialect.js";

export interface PostgresUrl extends DatabaseUrl, ServerUrl {
  /** The URL as given, for the driver's own connection-string parser (sslmode and friends). */
  readonly connectionString: string;
}

type Client = import("pg").Client;

/** SQLSTATEs of a session the server ended, and socket errors of one the network ended. */
const LOST_CODES = new Set(["57P01", "57P02", "57P03", "08000", "08003", "08006", "ECONNRESET", "EPIPE"]);

export class PostgresConnection implements Connection {
  readonly dialect = "postgres" as const;
  /** Why the client died, from its 'error' event (a termination between statements arrives only there). */
  private lostReason: string | undefined;

  constructor(
    readonly client: Client,
    private readonly server: string,
  ) {
    // Errors on an idle client (server restart) would otherwise crash the process with an unhandled 'error' event.
    client.on("error", (error) => {
      this.lostReason ??= error.message.split("\n")[0]?.replace(/\.$/, "");
    });
  }

  async execute(sql: string, params?: readonly unknown[]): Promise<ExecResult> {
    const result = await this.run(() =>
      this.client.query(sql, params === undefined ? undefined : (params as unknown[])),
    );
    // A script without params comes back as one result per statement; the last one speaks for it.
    const last = Array.isArray(result) ? (result.at(-1) as typeof result | undefined) : result;
    return { rowCount: last?.rowCount ?? undefined };
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const result = await this.run(() => this.client.query(sql, (params ?? []) as unknown[]));
    return result.rows as Row[];
  }

  /** Runs one driver call, turning the errors of a dead connection into ConnectionLostError. */
  private async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      const lost =
        (code !== undefined && LOST_CODES.has(code)) ||
        /not queryable|Connection terminated/i.test(message ?? "");
      if (!lost) throw error;
      const detail = LOST_CODES.has(code ?? "")
        ? message?.split("\n")[0]?.replace(/\.$/, "")
        : this.lostReason;
      throw new ConnectionLostError(`PostgreSQL server ${this.server}`, detail, error);
    }
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** One line saying what went wrong and what to check, from a pg connect error. */
export function describePostgresConnectError(
  error: unknown,
  url: PostgresUrl,
  display: string,
): ConnectionError {
  const { code, message } = error as { code?: string; message?: string };
  const where = `${url.host}:${url.port ?? 5432}`;
  const reasons: Record<string, [string, string]> = {
    ECONNREFUSED: [`connection refused at ${where}`, "is the PostgreSQL server running and listening there?"],
    ENOTFOUND: [`host ${url.host} not found`, "check the host name in the URL"],
    EAI_AGAIN: [`host ${url.host} could not be resolved`, "check the host name and your DNS"],
    ETIMEDOUT: [`timed out connecting to ${where}`, "check the host, port and any firewall"],
    EHOSTUNREACH: [`host ${url.host} is unreachable`, "check the host and network"],
    "28P01": [`password authentication failed for user "${url.user ?? ""}"`, "check the user and password"],
    "28000": ["the server rejected the login", "check the user, password and pg_hba.conf"],
    "3D000": [
      `database "${url.database ?? ""}" does not exist`,
      `create it first: createdb ${url.database ?? ""}`,
    ],
    "57P03": ["the server is starting up or shutting down", "retry in a moment"],
  };
  const known = code ? reasons[code] : undefined;
  const reason = known?.[0] ?? hideUrlSecrets((message ?? String(error)).split("\n")[0] ?? "", url);
  return new ConnectionError(`Cannot connect to ${display}: ${reason}`, {
    hint:
      known?.[1] ??
      (code === "ENOENT" ? "check the sslkey/sslcert/sslrootcert file paths" : "check the database URL"),
    cause: error,
  });
}

export async function openPostgres(
  url: PostgresUrl,
  display: string,
  options: ConnectOptions = {},
): Promise<PostgresConnection> {
  const { default: pg } = await importDriver("postgres", "pg", () => import("pg"));
  let client: Client | undefined;
  try {
    // The constructor already reads sslkey/sslcert files, so its errors are connect errors too.
    client = new pg.Client({
      connectionString: url.connectionString,
      connectionTimeoutMillis: 15_000,
      // An application_name in the URL wins; otherwise the session says which command opened it.
      ...(options.applicationName === undefined || url.params.application_name !== undefined
        ? {}
        : { application_name: options.applicationName }),
    });
    // An 'error' event before the connection exists would otherwise crash the process.
    client.on("error", () => {});
    await client.connect();
  } catch (error) {
    await client?.end().catch(() => {});
    throw describePostgresConnectError(error, url, display);
  }
  // PostgreSQL 14+: notice within a second when this client dies (SIGKILL) even mid-statement, so the server
  // rolls the run back and frees its advisory lock instead of finishing a long statement for nobody.
  await client.query("SET client_connection_check_interval = 1000").catch(() => {});
  return new PostgresConnection(client, serverName(url));
}

/** host:port/database of a server URL, as messages name the server reached. */
export function serverName(url: PostgresUrl): string {
  return `${url.host}:${url.port ?? 5432}/${url.database ?? url.user ?? ""}`;
}

/** Why this session cannot write: a hot standby, or read-only transactions by default; undefined if it can. */
export async function postgresReadOnlyReason(
  connection: Connection,
  url: PostgresUrl,
): Promise<string | undefined> {
  const [row] = await connection.query<{ standby: boolean; default_ro: string; ro: string }>(
    "SELECT pg_is_in_recovery() AS standby, current_setting('default_transaction_read_only') AS default_ro, current_setting('transaction_read_only') AS ro",
  );
  const server = `PostgreSQL server ${serverName(url)}`;
  if (row?.standby) return `${server} is a hot standby (pg_is_in_recovery() is true)`;
  if (row?.default_ro === "on") return `${server} is read-only (default_transaction_read_only is on)`;
  if (row?.ro === "on") return `${server} is read-only (transaction_read_only is on)`;
  return undefined;
}
