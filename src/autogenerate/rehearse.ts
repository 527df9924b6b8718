// Where a database cannot roll DDL back (MySQL, MariaDB), a generated upgrade that fails halfway leaves half a
// schema. So before such a revision is written, its upgrade runs once on a scratch copy of the live schema; a
// statement the database rejects is reported then, and nothing is written or run for real.

import type { Connection } from "../dialects/connection.js";
import type { Dialect } from "../dialects/dialect.js";
import { connect } from "../dialects/index.js";
import { RetortError } from "../errors.js";
import { runSteps } from "../operations/compile.js";
import type { Operation } from "../operations/operation.js";
import type { OperationSink } from "../operations/sink.js";
import { describeOperation } from "./describe.js";

/** The generated upgrade failed on the scratch copy; the message names the operation and the statement. */
export class RehearsalError extends RetortError {}

/** A sink that runs every statement on `connection` at once (no transaction of its own), noting each in `executed`. */
export function sinkOn(connection: Connection, dialect: Dialect, executed: string[] = []): OperationSink {
  return {
    dialect,
    offline: false,
    connection,
    emit: async (sql, params) => {
      executed.push(sql);
      await connection.execute(sql, params);
    },
    query: (sql, params) => connection.query(sql, params),
    outsideTransaction: (_reason, fn) => fn(),
  };
}

/**
 * Runs `operations` on a scratch database that holds a copy of `live`'s schema (no rows). Throws RehearsalError
 * at the first statement the database rejects. Does nothing where DDL is transactional: there a failing upgrade
 * rolls back whole.
 */
export async function rehearseUpgrade(
  dialect: Dialect,
  live: Connection,
  configUrl: string | undefined,
  operations: readonly Operation[],
): Promise<void> {
  if (dialect.capabilities.transactionalDdl || operations.length === 0) return;
  const copySchema = dialect.driver.copySchema;
  if (!copySchema)
    throw new Error(`${dialect.displayName} has no transactional DDL and no way to copy a schema`);
  const scratch = await dialect.driver.openScratchDatabase(configUrl, (url) => connect(url));
  try {
    await copySchema(live, scratch.connection);
    for (const operation of operations) {
      const executed: string[] = [];
      try {
        const steps = await dialect.compiler.compile(operation, { connection: scratch.connection });
        await runSteps(sinkOn(scratch.connection, dialect, executed), steps);
      } catch (error) {
        const reason =
          error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
        const statement = executed.at(-1);
        throw new RehearsalError(
          `The generated upgrade fails on ${dialect.displayName} (tried on a scratch copy of the schema, before writing anything): ${describeOperation(operation).split("\n")[0]}: ${reason}`,
          {
            cause: error,
            hint: `${statement === undefined ? "" : `statement: ${statement.slice(0, 300)}; `}change the target schema, or write this step by hand`,
          },
        );
      }
    }
  } finally {
    await scratch.dispose();
  }
}
