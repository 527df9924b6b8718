// `retort resolve REV --applied|--rolled-back`: completes the history row a killed run left `started`, after the
// user has checked the database. --applied also moves the version table as the revision's own run would have.

import type { ResolvedConfig } from "../config/types.js";
import { RetortError, UsageError } from "../errors.js";
import type { MigrationStep } from "../graph/types.js";
import { databaseTarget, type LockWaitOptions } from "../runtime/database-target.js";
import { currentActor } from "../runtime/history-entry.js";
import { writeHistory } from "../runtime/history-store.js";
import type { HistoryRow } from "../runtime/history-table.js";
import { applyVersionChanges, checkVersionRowCount, versionChangeSql } from "../runtime/version-table.js";
import { ScriptDirectory } from "../script/script-directory.js";
import { fullRevisionId } from "./log.js";

/** There is no unfinished row for the revision, or its version-table change cannot be worked out. */
export class ResolveError extends RetortError {}

export interface ResolveOptions extends LockWaitOptions {
  /** Everything the revision does is in the database: record it as applied. */
  readonly applied?: boolean;
  /** Nothing of it is (left) in the database: record it as not applied. */
  readonly rolledBack?: boolean;
}

export interface ResolveResult {
  readonly revision: string;
  readonly resolution: "applied" | "rolled-back";
  /** The row completed. */
  readonly row: HistoryRow;
  /** Version-table rows afterwards. */
  readonly versionRows: readonly string[];
}

/** The step the unfinished row stands for, planned from the rows now: exactly that revision, up or down. */
function stepOf(directory: ScriptDirectory, row: HistoryRow, versionRows: readonly string[]): MigrationStep {
  const { map } = directory;
  const revision = map.get(row.revision);
  let plan: { steps: readonly MigrationStep[] } | undefined;
  if (revision) {
    plan =
      row.direction === "down"
        ? map.planDowngrade(
            versionRows,
            revision.downRevisions.length === 1 ? revision.downRevisions[0]! : "base",
          )
        : map.planUpgrade(versionRows, row.revision);
  }
  const [step, ...more] = plan?.steps ?? [];
  if (!step || more.length > 0 || step.revision !== row.revision) {
    throw new ResolveError(
      `Cannot tell how the version table moves for ${row.direction === "down" ? "downgrading" : "upgrading"} ${row.revision} from ${versionRows.join(", ") || "base"}; nothing was changed`,
      { hint: "record it with --rolled-back, then set the version table with `retort stamp`" },
    );
  }
  return step;
}

export async function resolve(
  config: ResolvedConfig,
  ident: string,
  options: ResolveOptions,
): Promise<ResolveResult> {
  if (options.applied === options.rolledBack || (!options.applied && !options.rolledBack)) {
    throw new UsageError("resolve needs exactly one of --applied and --rolled-back");
  }
  const directory = ScriptDirectory.load(config);
  const revision = fullRevisionId(directory, ident);
  const target = databaseTarget(config, "resolve", options);
  return writeHistory(target, async ({ connection, dialect, history, state }) => {
    const row = state.rows.find(
      (candidate) => candidate.outcome === "started" && candidate.revision === revision,
    );
    if (!row) {
      throw new ResolveError(`No unfinished run of ${revision} is recorded; nothing was changed`, {
        hint: "`retort verify` lists unfinished revisions",
      });
    }
    let versionRows = [...state.versionRows];
    if (options.applied) {
      const step = stepOf(directory, row, versionRows);
      const table = target.versionTable;
      for (const change of step.versionChanges) {
        const result = await connection.execute(versionChangeSql(dialect, table, change));
        checkVersionRowCount(change, table.name, result.rowCount);
      }
      versionRows = [...applyVersionChanges(versionRows, step.versionChanges)].sort();
    }
    const resolution = options.applied ? "applied" : "rolled-back";
    await connection.execute(
      history.completeSql(row.runId, row.seq, {
        outcome: options.applied ? "ok" : "failed",
        finishedAt: new Date().toISOString(),
        error: `resolved as ${resolution} by ${currentActor()} (retort resolve)`,
      }),
    );
    return { revision, resolution, row, versionRows };
  });
}
