// Offline (`--sql`): the statements an online run would execute, printed instead of run. No connection is
// opened; the plan starts from the `FROM` side of a `FROM:TO` range (base when absent).

import { saveCodeCaches } from "../config/module-bundle.js";
import type { Dialect, VersionTableRef } from "../dialects/dialect.js";
import { RetortError } from "../errors.js";
import type { MigrationStep, Plan, VersionChange } from "../graph/types.js";
import type { OperationSink } from "../operations/sink.js";
import { MigrationFailedError } from "./errors.js";
import type { ScriptLookup } from "./events.js";
import { stepComment } from "./events.js";
import { ChecksumCache } from "./history-checksums.js";
import { newRunIdentity } from "./history-entry.js";
import { type HistoryInsert, HistoryTable, ROWS_PER_INSERT } from "./history-table.js";
import { HistoryWriter, revisionChecksum } from "./history-writer.js";
import { loadPlanModules } from "./online.js";
import { runSteps, type StepBackend } from "./run-steps.js";
import { revisionLocation } from "./source-location.js";
import { versionChangeSql } from "./version-table.js";

export class OfflineQueryError extends RetortError {}

/** One statement as printed: terminated by `;` and followed by a blank line, as Alembic prints them. */
function statementText(sql: string): string {
  const trimmed = sql.trim();
  return `${trimmed.endsWith(";") ? trimmed : `${trimmed};`}\n\n`;
}

class OfflineBackend implements StepBackend {
  readonly chunks: string[] = [];
  readonly sink: OperationSink;
  private open = false;
  /** History rows of the steps in the open transaction, printed as one INSERT before its COMMIT. */
  private pendingRows: HistoryInsert[] = [];
  private current: { step: MigrationStep; statement: string | undefined } | undefined;

  constructor(
    private readonly dialect: Dialect,
    private readonly table: VersionTableRef,
    private readonly scripts: ScriptLookup,
    private readonly history: HistoryWriter | undefined,
    private readonly createVersionTable: boolean,
  ) {
    this.sink = {
      dialect,
      offline: true,
      connection: undefined,
      emit: async (sql, params) => {
        const text = dialect.sql.inlineParams(sql, params);
        if (this.current) this.current.statement = text;
        this.chunks.push(statementText(text));
      },
      query: async () => {
        throw new OfflineQueryError("op.query() needs a live database and cannot run under --sql");
      },
      outsideTransaction: async (reason, fn) => {
        if (!this.open) return fn();
        this.chunks.push(`-- ${reason}: run outside the transaction\n\n`);
        await this.commit();
        const result = await fn();
        await this.begin();
        return result;
      },
    };
  }

  async begin(): Promise<void> {
    this.chunks.push(statementText(this.dialect.sql.beginSql));
    this.open = true;
  }

  async commit(): Promise<void> {
    this.flushRows();
    this.chunks.push(statementText(this.dialect.sql.commitSql));
    this.open = false;
  }

  async beforeStep(): Promise<void> {}

  stepStarted(step: MigrationStep): void {
    this.current = { step, statement: undefined };
    this.chunks.push(`${stepComment(step)}\n\n`);
  }

  async createTables(): Promise<void> {
    if (this.createVersionTable) {
      this.chunks.push(statementText(this.dialect.versionTable.createSql(this.table)));
    }
    if (this.history) this.chunks.push(statementText(this.history.table.createSql()));
  }

  async revisionDone(): Promise<void> {
    this.current = undefined;
  }

  async versionChange(change: VersionChange): Promise<void> {
    this.chunks.push(statementText(versionChangeSql(this.dialect, this.table, change)));
  }

  async stepFinished(step: MigrationStep, index: number): Promise<void> {
    // The script's rows carry the time it was written; no finish time or duration is known.
    if (!this.history) return;
    this.pendingRows.push(this.history.okRow(step, index, undefined));
    // Outside a transaction (no transactional DDL) each row follows its step, as an online run writes it.
    if (!this.open) this.flushRows();
  }

  private flushRows(): void {
    const table = this.history?.table;
    if (!table) return;
    for (let start = 0; start < this.pendingRows.length; start += ROWS_PER_INSERT) {
      this.chunks.push(
        statementText(table.insertText(this.pendingRows.slice(start, start + ROWS_PER_INSERT))),
      );
    }
    this.pendingRows = [];
  }

  async failure(step: MigrationStep, _index: number, error: unknown): Promise<Error> {
    if (!this.current || step.revision === undefined)
      return error instanceof Error ? error : new Error(String(error));
    const path = this.scripts.script(step.revision).path;
    return new MigrationFailedError(
      {
        revision: step.revision,
        direction: step.kind === "downgrade" ? "downgrade" : "upgrade",
        location: revisionLocation(error, path, undefined),
        statement: undefined,
        reason: error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error),
        state: "No SQL was written.",
        headsNow: [],
      },
      error,
    );
  }
}

export interface OfflineOptions {
  readonly dialect: Dialect;
  readonly versionTable: VersionTableRef;
  /** The history table to insert rows into, or false to leave history out of the script. */
  readonly historyTable: string | false;
  readonly transactionPerMigration: boolean;
  readonly scripts: ScriptLookup;
  readonly rootDir: string;
  /** Emit CREATE TABLE for the version table first (Alembic does when the run starts from base). */
  readonly createVersionTable: boolean;
}

/** The SQL script for `plan`, exactly as an online run on an empty-or-`FROM` database would execute it. */
export async function renderOfflineSql(plan: Plan, options: OfflineOptions): Promise<string> {
  const { dialect } = options;
  dialect.versionTable.name(options.versionTable);
  const checksums = new ChecksumCache(options.rootDir);
  const modules = await loadPlanModules(plan, options.scripts, options.rootDir);
  const history =
    options.historyTable === false
      ? undefined
      : new HistoryWriter(
          new HistoryTable(dialect, options.historyTable, options.versionTable.schema),
          newRunIdentity(),
          revisionChecksum(modules, options.scripts, checksums),
        );
  const backend = new OfflineBackend(
    dialect,
    options.versionTable,
    options.scripts,
    history,
    options.createVersionTable,
  );
  const mode = !dialect.capabilities.transactionalDdl
    ? "none"
    : options.transactionPerMigration
      ? "step"
      : "run";
  if (plan.steps.length === 0) return "";
  try {
    await runSteps(plan.steps, modules, backend, {
      mode,
      createTables: options.createVersionTable || history !== undefined,
    });
  } finally {
    saveCodeCaches();
  }
  checksums.save();
  return [...dialect.sql.scriptPreamble.map(statementText), ...backend.chunks].join("");
}
