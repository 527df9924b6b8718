// The history rows of one run, online and offline alike: which revision a step records, its direction and
// checksum, and the SQL that inserts, updates and completes its row.

import type { MigrationStep } from "../graph/types.js";
import type { ScriptLookup } from "./events.js";
import type { ChecksumCache } from "./history-checksums.js";
import type { RunIdentity } from "./history-entry.js";
import type {
  BoundSql,
  HistoryDirection,
  HistoryInsert,
  HistoryOutcome,
  HistoryTable,
} from "./history-table.js";
import type { RevisionModule } from "./revision-module.js";

const DIRECTIONS: Record<MigrationStep["kind"], HistoryDirection> = {
  upgrade: "up",
  downgrade: "down",
  stamp: "stamp",
};

/** What a row names: the revision run, or for a stamp the revisions it leaves recorded ("base" for none). */
export function historyRevision(step: MigrationStep): string {
  return step.revision ?? (step.toIds.length === 0 ? "base" : step.toIds.join(","));
}

/**
 * The checksum a run records of revision `id`: the one its module was loaded with (the bundle read the bytes), else
 * the checksum cache's of its file.
 */
export function revisionChecksum(
  modules: ReadonlyMap<string, RevisionModule>,
  scripts: ScriptLookup,
  cache: ChecksumCache,
): (id: string) => string {
  return (id) => {
    const loaded = modules.get(id)?.checksum;
    if (loaded !== undefined) return loaded;
    const script = scripts.script(id);
    return cache.checksum(script.path, script.stat);
  };
}

export class HistoryWriter {
  private readonly startedAt = new Map<number, string>();
  /** When the writer was made: the time of rows whose step start was not marked (an offline script's). */
  private readonly createdAt = new Date().toISOString();

  constructor(
    readonly table: HistoryTable,
    private readonly identity: RunIdentity,
    /** The checksum of a revision's file, as the run loaded it. */
    private readonly checksum: (revision: string) => string,
  ) {}

  /** Notes when step `index` started; its row carries that time. */
  markStarted(index: number): void {
    this.startedAt.set(index, new Date().toISOString());
  }

  /** A row of step `index`; `finish` carries what is known once it ended (one object: a run builds thousands). */
  private base(
    step: MigrationStep,
    index: number,
    outcome: HistoryOutcome,
    finish?: Pick<HistoryInsert, "finishedAt" | "durationMs" | "error" | "failedStatement">,
  ): HistoryInsert {
    return {
      runId: this.identity.runId,
      seq: index + 1,
      revision: historyRevision(step),
      direction: DIRECTIONS[step.kind],
      startedAt: this.startedAt.get(index) ?? this.createdAt,
      // A stamp runs no file, so it vouches for no file's content.
      checksum: step.revision === undefined ? undefined : this.checksum(step.revision),
      outcome,
      retortVersion: this.identity.retortVersion,
      actor: this.identity.actor,
      finishedAt: finish?.finishedAt,
      durationMs: finish?.durationMs,
      error: finish?.error,
      failedStatement: finish?.failedStatement,
    };
  }

  /** The finished row of a step (`ms` undefined: offline, where neither finish nor duration is known). */
  okRow(step: MigrationStep, index: number, ms: number | undefined): HistoryInsert {
    if (ms === undefined) return this.base(step, index, "ok");
    return this.base(step, index, "ok", { finishedAt: new Date().toISOString(), durationMs: ms });
  }

  /** The row of a step that failed and was rolled back, written after the rollback. */
  failedSql(
    step: MigrationStep,
    index: number,
    ms: number,
    error: string,
    statement: string | undefined,
  ): BoundSql {
    return this.table.insertSql(
      this.base(step, index, "failed", {
        finishedAt: new Date().toISOString(),
        durationMs: ms,
        error,
        failedStatement: statement,
      }),
    );
  }

  /** The `started` row committed before a revision whose DDL cannot be rolled back. */
  startedSql(step: MigrationStep, index: number): BoundSql {
    return this.table.insertSql(this.base(step, index, "started"));
  }

  statementsSql(index: number, statements: readonly string[]): string {
    return this.table.statementsSql(this.identity.runId, index + 1, statements);
  }

  completeSql(
    index: number,
    fields: { outcome: HistoryOutcome; durationMs: number; error?: string; failedStatement?: string },
  ): string {
    return this.table.completeSql(this.identity.runId, index + 1, {
      ...fields,
      finishedAt: new Date().toISOString(),
    });
  }

  statementCount(connection: Parameters<HistoryTable["statementCount"]>[0], index: number): Promise<number> {
    return this.table.statementCount(connection, this.identity.runId, index + 1);
  }
}
