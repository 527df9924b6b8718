// Running an operation: the sink's dialect compiles it, and the compiled steps go through the sink.

import { type CompiledStep, isOutsideTransactionStep } from "../dialects/ddl-compiler.js";
import { RetortError } from "../errors.js";
import type { Operation } from "./operation.js";
import type { OperationSink } from "./sink.js";

/** A compiled step's own check found rows it must not leave behind (SQLite foreign keys after a rebuild). */
export class OperationCheckError extends RetortError {}

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
  const steps = await sink.dialect.compiler.compile(operation, {
    connection: sink.connection,
    inlineValues: sink.offline,
  });
  await runSteps(sink, steps);
}
