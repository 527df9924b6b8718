// The `op` object handed to a revision's upgrade() and downgrade(). Each method builds or runs one operation
// through the run's sink; the tracker keeps them in order and catches un-awaited calls.

import type { OperationSink } from "./sink.js";
import { OperationTracker } from "./tracker.js";

export interface Op {
  /** Runs one SQL statement (online) or prints it (offline). */
  execute(sql: string, params?: readonly unknown[]): Promise<void>;
  /** Runs a query and returns its rows. Not available under --sql. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface OpSession {
  readonly op: Op;
  /** Call after upgrade()/downgrade() returns: waits for the queue and reports un-awaited operations. */
  finish(): Promise<void>;
}

export function createOp(sink: OperationSink): OpSession {
  const tracker = new OperationTracker();
  const op: Op = {
    execute: (sql, params) => tracker.track("op.execute()", () => sink.emit(sql, params)),
    query: <Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]) =>
      tracker.track("op.query()", () => sink.query<Row>(sql, params)),
  };
  return { op, finish: () => tracker.finish() };
}
