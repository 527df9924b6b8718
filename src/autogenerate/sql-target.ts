// A `.sql` target: the DDL file is applied to a scratch database that the project's dialect provides (in-memory
// SQLite, in-memory PGlite for PostgreSQL and PGlite, a throwaway database on the configured MySQL server),
// then reflected like any database.

import { readFile } from "node:fs/promises";
import type { Connection } from "../dialects/connection.js";
import type { Dialect } from "../dialects/dialect.js";
import { connect, dialectOfConnection, loadDialect } from "../dialects/index.js";
import type { ReflectedSchema } from "../dialects/introspector.js";
import { RetortError } from "../errors.js";

export class SqlTargetError extends RetortError {}

async function applyScript(connection: Connection, script: string, file: string): Promise<void> {
  const { sql } = dialectOfConnection(connection);
  for (const statement of sql.scriptStatements(script)) {
    try {
      await connection.execute(statement);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new SqlTargetError(`Applying ${file} to a scratch database failed: ${reason}`, {
        cause: error,
        // Statement by statement, say which one failed; a whole script's error names its own position.
        hint: sql.multiStatementScripts ? undefined : `statement: ${statement.trim().slice(0, 200)}`,
      });
    }
  }
}

/** Reflects the schema the DDL in `file` creates, on a scratch database for `dialect`. */
export async function reflectSqlFile(
  file: string,
  dialect: Dialect,
  configUrl: string | undefined,
): Promise<ReflectedSchema> {
  const script = await readFile(file, "utf8");
  const scratch = await dialect.driver.openScratchDatabase(configUrl, (url) => connect(url));
  try {
    await applyScript(scratch.connection, script, file);
    await scratch.restoreSession?.();
    const reflected = await (await loadDialect(scratch.connection.dialect)).introspector.reflect(
      scratch.connection,
    );
    return { ...reflected, dialect: dialect.name };
  } finally {
    await scratch.dispose();
  }
}
