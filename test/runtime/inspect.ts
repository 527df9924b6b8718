// Reads back what a run left in a database: its tables and the rows of a table, on every dialect.

import type { Connection } from "../../src/dialects/connection.js";
import { connect } from "../../src/dialects/index.js";
import type { DialectName } from "../support/databases.js";

export async function withConnection<T>(url: string, fn: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await connect(url);
  try {
    return await fn(connection);
  } finally {
    await connection.close();
  }
}

/** User tables of the database, sorted. */
export async function tableNames(url: string): Promise<string[]> {
  return withConnection(url, async (connection) => {
    const sql = {
      sqlite: "SELECT name AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      pglite: "SELECT tablename AS n FROM pg_tables WHERE schemaname = current_schema()",
      postgres: "SELECT tablename AS n FROM pg_tables WHERE schemaname = current_schema()",
      mysql: "SELECT table_name AS n FROM information_schema.tables WHERE table_schema = DATABASE()",
    }[connection.dialect as DialectName];
    const rows = await connection.query<{ n: string; N?: string }>(sql);
    return rows.map((row) => row.n ?? row.N ?? "").sort();
  });
}

export async function versionRows(url: string, table = "retort_version"): Promise<string[]> {
  return withConnection(url, async (connection) => {
    const rows = await connection.query<{ version_num: string }>(`SELECT version_num FROM ${table}`);
    return rows.map((row) => row.version_num).sort();
  });
}
