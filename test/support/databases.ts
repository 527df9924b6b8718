// Gives each test its own database on every dialect: a temp file for SQLite, a temp folder for PGlite,
// and a freshly created database on the PostgreSQL and MariaDB servers named by RETORT_TEST_PG_URL and
// RETORT_TEST_MYSQL_URL. A server whose variable is unset is skipped with one line saying so.

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";

export const PG_URL = process.env.RETORT_TEST_PG_URL;
export const MYSQL_URL = process.env.RETORT_TEST_MYSQL_URL;

/** The dialects the suite runs on: every one the registry has. */
export type DialectName = "sqlite" | "pglite" | "postgres" | "mysql";

export const ALL_DIALECTS: readonly DialectName[] = ["sqlite", "pglite", "postgres", "mysql"];

const reportedMissing = new Set<string>();

/** Whether a dialect can be tested here; reports a missing server once per process. */
export function dialectAvailable(dialect: DialectName): boolean {
  const missing =
    (dialect === "postgres" && !PG_URL && "RETORT_TEST_PG_URL") ||
    (dialect === "mysql" && !MYSQL_URL && "RETORT_TEST_MYSQL_URL");
  if (missing && !reportedMissing.has(missing)) {
    reportedMissing.add(missing);
    console.warn(`skipping ${dialect} tests: ${missing} is not set`);
  }
  return !missing;
}

/** Runs `body` once per dialect, inside a describe block named after it, skipped where unavailable. */
export function describeEachDialect(
  title: string,
  body: (dialect: DialectName) => void,
  dialects: readonly DialectName[] = ALL_DIALECTS,
): void {
  for (const dialect of dialects) {
    describe.skipIf(!dialectAvailable(dialect))(`${title} [${dialect}]`, () => body(dialect));
  }
}

export interface TestDatabase {
  readonly dialect: DialectName;
  /** A Retort URL for this database. */
  readonly url: string;
  /** The database's name on a server dialect, else undefined. */
  readonly name: string | undefined;
  drop(): Promise<void>;
}

function uniqueName(): string {
  return `retort_t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates an empty database of its own for one test. Call drop() when done. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  switch (dialect) {
    case "sqlite": {
      const dir = mkdtempSync(join(tmpdir(), "retort-sqlite-"));
      return {
        dialect,
        url: `sqlite:${join(dir, "test.db")}`,
        name: undefined,
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    case "pglite": {
      const dir = mkdtempSync(join(tmpdir(), "retort-pglite-"));
      return {
        dialect,
        url: `pglite:${dir}`,
        name: undefined,
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    case "postgres": {
      if (!PG_URL) throw new Error("RETORT_TEST_PG_URL is not set");
      const { default: pg } = await import("pg");
      const name = uniqueName();
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return {
        dialect,
        url: withDatabase(PG_URL, name),
        name,
        drop: async () => {
          const client = new pg.Client({ connectionString: PG_URL });
          await client.connect();
          try {
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          } finally {
            await client.end();
          }
        },
      };
    }
    case "mysql": {
      if (!MYSQL_URL) throw new Error("RETORT_TEST_MYSQL_URL is not set");
      const mysql = await import("mysql2/promise");
      const name = uniqueName();
      const run = async (sql: string) => {
        const connection = await mysql.createConnection(MYSQL_URL);
        try {
          await connection.query(sql);
        } finally {
          await connection.end();
        }
      };
      await run(`CREATE DATABASE ${name}`);
      return {
        dialect,
        url: withDatabase(MYSQL_URL, name),
        name,
        drop: () => run(`DROP DATABASE IF EXISTS ${name}`),
      };
    }
  }
}
