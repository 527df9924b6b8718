// Runs a plan against a live database: take the run lock, re-read the version table under it, plan, load only
// the revisions the plan runs, execute in the dialect's transaction mode, and say exactly what state a failure leaves.

import { saveCodeCaches } from "../config/module-bundle.js";
import { type Connection, ConnectionLostError } from "../dialects/connection.js";
import {
  type Dialect,
  type DialectCore,
  type LockOptions,
  LockTimeoutError,
  type RunLock,
  type VersionTableRef,
} from "../dialects/dialect.js";
import { dialectOfConnection, loadDialect } from "../dialects/index.js";
import type { MigrationStep, Plan, VersionChange } from "../graph/types.js";
import type { OperationSink } from "../operations/sink.js";
import {
  checkKnownRows,
  type DatabaseTarget,
  describeHeads,
  lockOptionsOf,
  openTarget,
} from "./database-target.js";
import { MigrationFailedError, oneLine } from "./errors.js";
import type { FileIdentity, RunEvent, ScriptLookup } from "./events.js";
import { stepLine } from "./events.js";
import { type ChecksumPolicy, inspectHistory } from "./history-check.js";
import { ChecksumCache } from "./history-checksums.js";
import { newRunIdentity } from "./history-entry.js";
import { executeBound, type HistoryInsert, HistoryTable, ROWS_PER_INSERT } from "./history-table.js";
import { HistoryWriter, revisionChecksum } from "./history-writer.js";
import type { RevisionModule } from "./revision-module.js";
import type { StepBackend, TransactionMode } from "./run-steps.js";
import { revisionLocation } from "./source-location.js";
import {
  applyVersionChanges,
  checkVersionRowCount,
  readVersionRows,
  versionChangeSql,
} from "./version-table.js";

export interface OnlineRunOptions {
  /** Computes the plan from the version-table rows read under the lock. */
  readonly plan: (rows: readonly string[]) => Plan;
  /** Whether a revision id names a revision file; rows that do not are an error. */
  readonly isKnownRevision: (id: string) => boolean;
  readonly scripts: ScriptLookup;
  /** Print the plan and touch nothing: no lock, no table creation, no statements. */
  readonly dryRun?: boolean;
  readonly onEvent?: (event: RunEvent) => void;
  /** The revisions the version-table rows mean are applied (the rows and what they stand on). */
  readonly applied?: (rows: readonly string[]) => readonly string[];
  /** Compare applied revisions' files with their recorded checksums (upgrade): warn, or refuse. */
  readonly checksums?: ChecksumPolicy;
}

export interface StepReport {
  readonly step: MigrationStep;
  readonly line: string;
  readonly ms: number;
}

export interface RunResult {
  readonly plan: Plan;
  /** The steps executed, in order; empty for a dry run or when there was nothing to do. */
  readonly executed: readonly StepReport[];
  readonly dryRun: boolean;
}

/**
 * Loads every revision module the plan runs, in parallel, before any statement is executed. The caller calls
 * saveCodeCaches() once the plan ran, so that a bundle's code cache holds the revisions' compiled functions.
 */
export async function loadPlanModules(
  plan: Plan,
  scripts: ScriptLookup,
  rootDir: string,
): Promise<Map<string, RevisionModule>> {
  const ids = [
    ...new Set(plan.steps.filter((s) => s.kind !== "stamp" && s.revision).map((s) => s.revision!)),
  ];
  // The loader (and the transpiler behind it) loads only for a plan that runs something.
  const { loadRevisionModules } = await import("./revision-loader.js");
  const scriptByPath = new Map(ids.map((id) => [scripts.script(id).path, scripts.script(id)]));
  const byPath = await loadRevisionModules([...scriptByPath.keys()], rootDir, {
    // The stat under which the script directory read each header: the bundle is keyed by the same file.
    knownStat: (path) => scriptByPath.get(path)?.stat,
    deferCodeCache: true,
  });
  return new Map(ids.map((id) => [id, byPath.get(scripts.script(id).path)!]));
}

/** The transaction mode a dialect and config call for online. */
function onlineMode(dialect: DialectCore, perMigration: boolean): TransactionMode {
  // MySQL commits DDL implicitly; a transaction per step still rolls back a revision's plain DML.
  return dialect.capabilities.transactionalDdl && !perMigration ? "run" : "step";
}

/**
 * SQLite with a transaction per revision: another run took the lock between two of this run's revisions and
 * moved the version table. Not a failure: the run re-plans from what the other run committed.
 */
class TableMovedError extends Error {}

/** Which tables a run finds missing, and the history it writes (undefined when history is off). */
interface RunTables {
  versionMissing: boolean;
  historyMissing: boolean;
  readonly history: HistoryWriter | undefined;
}

class OnlineBackend implements StepBackend {
  readonly sink: OperationSink;
  private open: boolean;
  /** Statements of the current step sent to the database, the one running included. */
  private begun: string[] = [];
  private stepIndex = 0;
  private stepStartedAt = 0;
  /** History rows of steps done in the open transaction, inserted just before it commits. */
  private pendingRows: HistoryInsert[] = [];
  /** Whether DDL commits implicitly here, so a `started` row and a record of each statement are kept. */
  private readonly recordStatements: boolean;
  heads: Set<string>;
  /** Heads as last committed: what the database holds if the run stops now. */
  committedHeads: Set<string>;
  lastCompleted: string | undefined;
  private stepStatements: string[] = [];
  private failedStatement: string | undefined;
  /** True while a revision's own code runs: only its errors become MigrationFailedError. */
  private inRevision = false;

  constructor(
    private readonly connection: Connection,
    private readonly dialect: Dialect,
    private readonly table: VersionTableRef,
    private readonly lock: RunLock,
    private readonly scripts: ScriptLookup,
    headsBefore: readonly string[],
    private readonly mode: TransactionMode,
    private readonly note: (message: string) => void,
    private readonly lockOptions: LockOptions,
    private readonly tables: RunTables,
  ) {
    this.recordStatements = !dialect.capabilities.transactionalDdl && tables.history !== undefined;
    this.open = lock.opensTransaction;
    this.heads = new Set(headsBefore);
    this.committedHeads = new Set(headsBefore);
    const run = async <T>(sql: string, work: () => Promise<T>): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        this.failedStatement = sql;
        throw error;
      }
    };
    this.sink = {
      dialect,
      offline: false,
      connection,
      emit: async (sql, params) => {
        this.begun.push(sql);
        await run(sql, async () => {
          // Written before the statement, in its transaction: the record persists exactly when its statement could.
          if (this.recordStatements) {
            await connection.execute(this.tables.history!.statementsSql(this.stepIndex, this.begun));
          }
          return connection.execute(sql, params);
        });
        this.stepStatements.push(sql);
      },
      query: (sql, params) => run(sql, () => connection.query(sql, params)),
      outsideTransaction: async (reason, fn) => {
        if (!this.open) return fn();
        await this.commit();
        this.note(`Committed the run's transaction to run outside it: ${reason}; reopening it afterwards`);
        const result = await fn();
        await this.begin();
        return result;
      },
    };
  }

  async begin(): Promise<void> {
    if (this.open) return;
    if (this.lock.opensTransaction) {
      // SQLite: the write transaction is the lock, so reopening it re-takes the lock, with the run's timeout; check
      // nobody moved the table.
      await this.dialect.lock.acquire(this.connection, this.table, this.lockOptions);
      this.open = true;
      const rows = (await readVersionRows(this.connection, this.dialect, this.table)) ?? [];
      if (describeHeads(rows) !== describeHeads(this.heads)) throw new TableMovedError();
      return;
    }
    await this.connection.execute(this.dialect.sql.beginSql);
    this.open = true;
  }

  async commit(): Promise<void> {
    if (!this.open) return;
    await this.flushRows();
    await this.connection.execute(this.dialect.sql.commitSql);
    this.open = false;
    this.committedHeads = new Set(this.heads);
  }

  async rollback(): Promise<void> {
    this.pendingRows = [];
    if (!this.open) return;
    this.open = false;
    await this.connection.execute(this.dialect.sql.rollbackSql).catch(() => {});
  }

  async beforeStep(step: MigrationStep, index: number): Promise<void> {
    this.stepIndex = index;
    this.stepStartedAt = performance.now();
    this.tables.history?.markStarted(index);
    if (!this.recordStatements) return;
    await this.createTables();
    await executeBound(this.connection, this.tables.history!.startedSql(step, index));
  }

  stepStarted(): void {
    this.stepStatements = [];
    this.begun = [];
    this.failedStatement = undefined;
    this.inRevision = true;
  }

  async createTables(): Promise<void> {
    if (this.tables.versionMissing) {
      await this.connection.execute(this.dialect.versionTable.createSql(this.table));
      this.tables.versionMissing = false;
    }
    if (this.tables.historyMissing && this.tables.history) {
      await this.connection.execute(this.tables.history.table.createSql());
      this.tables.historyMissing = false;
    }
  }

  async revisionDone(): Promise<void> {
    this.inRevision = false;
    // After DDL MySQL runs in autocommit; a fresh transaction makes the version change and the row's completion
    // one unit, so neither can be committed without the other.
    if (this.recordStatements) {
      await this.commit();
      await this.begin();
    }
  }

  async stepFinished(step: MigrationStep, index: number, ms: number): Promise<void> {
    const history = this.tables.history;
    if (!history) return;
    if (this.recordStatements) {
      await this.connection.execute(history.completeSql(index, { outcome: "ok", durationMs: ms }));
      return;
    }
    // Written at the commit, in its transaction, with every row it commits: one statement instead of one per step.
    this.pendingRows.push(history.okRow(step, index, ms));
  }

  private async flushRows(): Promise<void> {
    const table = this.tables.history?.table;
    if (!table) return;
    for (let start = 0; start < this.pendingRows.length; start += ROWS_PER_INSERT) {
      await executeBound(
        this.connection,
        table.insertManySql(this.pendingRows.slice(start, start + ROWS_PER_INSERT)),
      );
    }
    this.pendingRows = [];
  }

  async versionChange(change: VersionChange): Promise<void> {
    this.inRevision = false;
    const sql = versionChangeSql(this.dialect, this.table, change);
    this.failedStatement = sql;
    const result = await this.connection.execute(sql);
    checkVersionRowCount(change, this.table.name, result.rowCount);
    this.heads = applyVersionChanges(this.heads, [change]);
  }

  /** Marks a step finished (its version change is in the current transaction or committed). */
  completed(step: MigrationStep): void {
    this.lastCompleted = step.revision ?? this.lastCompleted;
    if (!this.open) this.committedHeads = new Set(this.heads);
  }

  async failure(step: MigrationStep, index: number, error: unknown): Promise<Error> {
    await this.rollback();
    // Another run did this step's work: nothing failed, and the run re-plans. A re-lock that timed out ran nothing
    // of the step, and without the lock there is no history row to write.
    if (error instanceof TableMovedError || error instanceof LockTimeoutError) return error;
    // A lost connection is reported like a failed statement wherever in the step it happened.
    const lost = error instanceof ConnectionLostError;
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
    const committed = await this.recordFailure(step, index, reason);
    if ((!this.inRevision && !lost) || step.revision === undefined) {
      return error instanceof Error ? error : new Error(String(error));
    }
    const path = this.scripts.script(step.revision).path;
    return new MigrationFailedError(
      {
        revision: step.revision,
        direction: step.kind === "downgrade" ? "downgrade" : "upgrade",
        location: revisionLocation(error, path, this.failedStatement),
        statement: this.failedStatement,
        reason,
        state: this.stateAfterFailure(step.revision, committed),
        headsNow: [...this.committedHeads].sort(),
      },
      error,
    );
  }

  /**
   * Writes the failed step's history row after the rollback, and where DDL cannot be rolled back returns the
   * statements that stayed committed, read back from the row; else why that is not known.
   */
  private async recordFailure(
    step: MigrationStep,
    index: number,
    reason: string,
  ): Promise<string[] | "no history" | "unreadable" | undefined> {
    const history = this.tables.history;
    if (!history) return "no history";
    const ms = performance.now() - this.stepStartedAt;
    try {
      if (!this.recordStatements) {
        // A table created by the rolled-back transaction is gone, and with it any place to record the failure.
        if (await history.table.exists(this.connection)) {
          await executeBound(
            this.connection,
            history.failedSql(step, index, ms, reason, this.failedStatement),
          );
        }
        return undefined;
      }
      // Each record was written just before its statement in the same transaction, so the records that survived
      // the rollback are exactly the statements that could have: of those, the ones that completed stayed.
      const persisted = await history.statementCount(this.connection, index);
      await this.connection.execute(
        history.completeSql(index, {
          outcome: "failed",
          durationMs: ms,
          error: reason,
          failedStatement: this.failedStatement,
        }),
      );
      return this.stepStatements.slice(0, persisted);
    } catch {
      // The connection may be what failed; the error to report is the step's own.
      return this.recordStatements ? "unreadable" : undefined;
    }
  }

  private stateAfterFailure(
    revision: string,
    committed: readonly string[] | "no history" | "unreadable" | undefined,
  ): string {
    const at = describeHeads(this.committedHeads);
    if (this.dialect.capabilities.transactionalDdl) {
      return this.mode === "run"
        ? `The whole run was rolled back; the version table is unchanged at ${at}.`
        : `Its transaction was rolled back; revisions committed before it remain, the database is at ${at}.`;
    }
    const head = `${this.dialect.displayName} cannot roll back DDL: the version table is at ${at} (last completed revision: ${
      this.lastCompleted ?? "none in this run"
    })`;
    if (committed === "unreadable") {
      const done = this.stepStatements.map((sql) => oneLine(sql, 80)).join("; ");
      const ran = done === "" ? "no statement had completed" : `completed before the failure: ${done}`;
      return `${head}; of ${revision}, ${ran}. Retort could not read back which of them stayed committed (the connection failed), so its history row stays started: \`retort verify\` shows what it recorded.`;
    }
    if (committed === undefined || committed === "no history") {
      const done = this.stepStatements.length;
      return `${head}; ${done} statement(s) of ${revision} completed before the failure, and without the history table Retort cannot tell which of them stayed committed. Check the database, undo or finish them by hand, then run again.`;
    }
    if (committed.length === 0) {
      return `${head}; no statement of ${revision} stayed committed (its transaction was rolled back). Fix the revision and run again.`;
    }
    const list = committed.map((sql) => oneLine(sql, 80)).join("; ");
    return `${head}; ${committed.length} statement(s) of ${revision} stayed committed: ${list}. Undo those by hand (or finish the revision and \`retort stamp\` it), then run again.`;
  }
}

/** Connects, locks, plans under the lock and runs the plan. */
export async function runOnline(target: DatabaseTarget, options: OnlineRunOptions): Promise<RunResult> {
  const connection = await openTarget(target, options.dryRun !== true);
  const dialect = dialectOfConnection(connection);
  const table = target.versionTable;
  const tableName = dialect.versionTable.name(table);
  const emit = options.onEvent ?? (() => {});
  const history =
    target.historyTable === false ? undefined : new HistoryTable(dialect, target.historyTable, table.schema);
  const checksums = new ChecksumCache(target.rootDir);
  const checksum = (path: string, stat?: FileIdentity) => checksums.checksum(path, stat);
  const inspect = async (rows: readonly string[]): Promise<boolean> => {
    if (!history || !(await history.exists(connection))) return false;
    const warnings = await inspectHistory(connection, history, {
      applied: options.checksums && options.applied ? options.applied(rows) : [],
      scripts: options.scripts,
      policy: options.checksums ?? "warn",
      checksum,
    });
    for (const message of warnings) emit({ type: "warning", message });
    return true;
  };
  try {
    if (options.dryRun) {
      const rows = (await readVersionRows(connection, dialect, table)) ?? [];
      checkKnownRows(rows, options.isKnownRevision, tableName);
      await inspect(rows);
      const plan = options.plan(rows);
      emit({ type: "plan", plan });
      return { plan, executed: [], dryRun: true };
    }
    const lockOptions = lockOptionsOf(target, emit);
    const executed: StepReport[] = [];
    // Once, unless another run moves the table between two of this run's transactions (SQLite): then re-plan.
    for (;;) {
      const lock = await dialect.lock.acquire(connection, table, lockOptions);
      let backend: OnlineBackend | undefined;
      try {
        // Re-read under the lock: another run may have moved the table while this one waited.
        const existing = await readVersionRows(connection, dialect, table);
        const rows = existing ?? [];
        checkKnownRows(rows, options.isKnownRevision, tableName);
        const historyExists = await inspect(rows);
        const plan = options.plan(rows);
        emit({ type: "plan", plan });
        if (plan.steps.length === 0) {
          if (lock.opensTransaction) await connection.execute(dialect.sql.rollbackSql);
          return { plan, executed, dryRun: false };
        }
        // The revisions, the step runner and the dialect's compiler load only for a plan with steps.
        const [modules, { runSteps }, wholeDialect] = await Promise.all([
          loadPlanModules(plan, options.scripts, target.rootDir),
          import("./run-steps.js"),
          loadDialect(dialect.name),
        ]);
        const mode = onlineMode(dialect, target.transactionPerMigration);
        const note = (message: string) => emit({ type: "note", message });
        backend = new OnlineBackend(
          connection,
          wholeDialect,
          table,
          lock,
          options.scripts,
          rows,
          mode,
          note,
          lockOptions,
          {
            versionMissing: existing === undefined,
            historyMissing: history !== undefined && !historyExists,
            history:
              history &&
              new HistoryWriter(
                history,
                newRunIdentity(),
                revisionChecksum(modules, options.scripts, checksums),
              ),
          },
        );
        const total = plan.steps.length;
        const active = backend;
        // A step's log line, made when it starts and reported again when it is done.
        let line = "";
        await runSteps(
          plan.steps,
          modules,
          active,
          { mode, createTables: existing === undefined || (history !== undefined && !historyExists) },
          {
            onStart: (step, index) => {
              line = stepLine(step, options.scripts);
              emit({ type: "step-start", step, index, total, line });
            },
            onDone: (step, index, ms) => {
              active.completed(step);
              executed.push({ step, line, ms });
              emit({ type: "step-done", step, index, total, line, ms });
            },
          },
        );
        return { plan, executed, dryRun: false };
      } catch (error) {
        if (error instanceof TableMovedError) continue;
        if (backend) await backend.rollback();
        else if (lock.opensTransaction) await connection.execute(dialect.sql.rollbackSql).catch(() => {});
        throw error;
      } finally {
        await lock.release().catch(() => {});
      }
    }
  } finally {
    checksums.save();
    saveCodeCaches();
    await connection.close().catch(() => {});
  }
}

/** Creates the version table if it is missing, under the run lock. Returns whether it was created. */
export async function ensureVersionTableOnline(target: DatabaseTarget): Promise<boolean> {
  const connection = await openTarget(target, true);
  const dialect = dialectOfConnection(connection);
  try {
    const lock = await dialect.lock.acquire(connection, target.versionTable, lockOptionsOf(target));
    try {
      const exists = await dialect.versionTable.exists(connection, target.versionTable);
      if (!exists) await connection.execute(dialect.versionTable.createSql(target.versionTable));
      if (lock.opensTransaction) await connection.execute(dialect.sql.commitSql);
      return !exists;
    } catch (error) {
      if (lock.opensTransaction) await connection.execute(dialect.sql.rollbackSql).catch(() => {});
      throw error;
    } finally {
      await lock.release().catch(() => {});
    }
  } finally {
    await connection.close().catch(() => {});
  }
}
