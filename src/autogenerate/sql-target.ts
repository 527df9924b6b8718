// A `.sql` target: the DDL file is applied to a scratch database of the project's dialect family (in-memory
// SQLite, in-memory PGlite for PostgreSQL and PGlite, a throwaway database on the configured MySQL server),
// then reflected like any database.

import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Connection, DialectName } from "../dialects/connection.js";
import { connect } from "../dialects/index.js";
import { type ReflectedSchema, reflectSchema, splitTopLevel } from "../dialects/introspector.js";
import { RetortError } from "../errors.js";

export class SqlTargetError extends RetortError {}

/** Statements of a script, split at semicolons outside quotes, comments and parentheses. */
export function splitStatements(script: string): string[] {
  const withoutComments = script.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, (comment) =>
    comment.replace(/[^\n]/g, " "),
  );
  return splitTopLevel(withoutComments, ";").filter((s) => s.trim() !== "");
}

async function applyScript(connection: Connection, script: string, file: string): Promise<void> {
  // SQLite and PGlite run a whole script in one call; MySQL connections take one statement at a time.
  const statements = connection.dialect === "mysql" ? splitStatements(script) : [script];
  for (const statement of statements) {
    try {
      await connection.execute(statement);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new SqlTargetError(`Applying ${file} to a scratch database failed: ${reason}`, {
        cause: error,
        hint: connection.dialect === "mysql" ? `statement: ${statement.trim().slice(0, 200)}` : undefined,
      });
    }
  }
}

/** Reflects the schema the DDL in `file` creates, on a scratch database for `dialect`. */
export async function reflectSqlFile(
  file: string,
  dialect: DialectName,
  serverUrl: string | undefined,
): Promise<ReflectedSchema> {
  const script = await readFile(file, "utf8");
  if (dialect !== "mysql") {
    const connection = await connect(dialect === "sqlite" ? "sqlite::memory:" : "pglite:memory:");
    try {
      await applyScript(connection, script, file);
      const reflected = await reflectSchema(connection);
      return { ...reflected, dialect };
    } finally {
      await connection.close();
    }
  }
  if (!serverUrl)
    throw new SqlTargetError("A .sql target on MySQL needs the config's url to create a scratch database");
  const scratch = `retort_scratch_${randomBytes(6).toString("hex")}`;
  const admin = await connect(serverUrl);
  try {
    await admin.execute(`CREATE DATABASE \`${scratch}\``);
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${scratch}`;
      const connection = await connect(url.toString());
      try {
        await applyScript(connection, script, file);
        return await reflectSchema(connection);
      } finally {
        await connection.close();
      }
    } finally {
      await admin.execute(`DROP DATABASE IF EXISTS \`${scratch}\``);
    }
  } finally {
    await admin.close();
  }
}
