// Compiling an operation for a dialect, and running the compiled steps through a sink.

import type { DialectName } from "../dialects/connection.js";
import {
  type CompileContext,
  type CompiledStep,
  type DdlCompiler,
  isOutsideTransactionStep,
} from "../dialects/ddl-compiler.js";
import { MysqlCompiler } from "../dialects/mysql/mysql-compiler.js";
import { PgliteCompiler } from "../dialects/pglite/pglite-compiler.js";
import { PostgresCompiler } from "../dialects/postgres/postgres-compiler.js";
import { SqliteCompiler } from "../dialects/sqlite/sqlite-compiler.js";
import { RetortError } from "../errors.js";
import type { Operation } from "./operation.js";
import type { OperationSink } from "./sink.js";

/** A compiled step's own check found rows it must not leave behind (SQLite foreign keys after a rebuild). */
export class OperationCheckError extends RetortError {}

const COMPILERS: Readonly<Record<DialectName, DdlCompiler>> = {
  sqlite: new SqliteCompiler(),
  pglite: new PgliteCompiler(),
  postgres: new PostgresCompiler(),
  mysql: new MysqlCompiler(),
};

export function compilerFor(dialect: DialectName): DdlCompiler {
  return COMPILERS[dialect];
}

/**
 * The SQL performing `operation` on `dialect`. Online, pass the connection: MySQL's alterColumn and SQLite's
 * rebuilds read the current table from it. Offline, set `inlineValues` so data is written as literals.
 */
export function compileOperation(
  dialect: DialectName,
  operation: Operation,
  context: CompileContext = {},
): Promise<CompiledStep[]> {
  return compilerFor(dialect).compile(operation, context);
}

/** Emits compiled steps in order; steps that must leave the transaction go through sink.outsideTransaction. */
export async function runSteps(sink: OperationSink, steps: readonly CompiledStep[]): Promise<void> {
  for (const step of steps) {
    if (!isOutsideTransactionStep(step)) {
      await sink.emit(step.sql, step.params);
      continue;
    }
    await sink.outsideTransaction(step.outsideTransaction, async () => {
      for (const s of step.setup) await sink.emit(s.sql, s.params);
      try {
        if (step.transactional) await sink.emit("BEGIN");
        try {
          for (const s of step.statements) await sink.emit(s.sql, s.params);
          if (step.check && !sink.offline) {
            const rows = await sink.query(step.check.sql);
            if (rows.length > 0) {
              throw new OperationCheckError(`${step.check.message}: ${JSON.stringify(rows.slice(0, 5))}`);
            }
          }
          if (step.transactional) await sink.emit("COMMIT");
        } catch (error) {
          if (step.transactional && !sink.offline) await sink.emit("ROLLBACK");
          throw error;
        }
      } finally {
        for (const s of step.teardown) await sink.emit(s.sql, s.params);
      }
    });
  }
}

/** Compiles `operation` for the sink's dialect and runs it: what every op.* call does. */
export async function runOperation(sink: OperationSink, operation: Operation): Promise<void> {
  const steps = await compileOperation(sink.dialect, operation, {
    connection: sink.connection,
    inlineValues: sink.offline,
  });
  await runSteps(sink, steps);
}
