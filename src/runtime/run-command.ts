// The shared body of upgrade, downgrade and stamp: online through the lock-plan-run cycle, offline through
// the SQL printer. The commands only say how to plan.

import type { ResolvedConfig } from "../config/types.js";
import { dialectForUrl } from "../dialects/index.js";
import { UsageError } from "../errors.js";
import type { Plan } from "../graph/types.js";
import { databaseTarget } from "./database-target.js";
import type { RunEvent, ScriptLookup } from "./events.js";
import type { StepReport } from "./online.js";

export interface RunCommandOptions {
  /** Print the SQL instead of running it; no connection is opened. */
  readonly sql?: boolean;
  /** Accepted for Alembic compatibility; carried into the result. */
  readonly tag?: string;
  /** Show the plan and touch nothing. */
  readonly dryRun?: boolean;
  /** Progress: lock waits, the plan, each step started and done. */
  readonly onStep?: (event: RunEvent) => void;
  /** How long to wait for another run's lock (`30s`, `500ms`, or ms); overrides the config's lockTimeout. */
  readonly lockTimeout?: string | number;
  /** With `sql`: leave the history table's statements out of the script. */
  readonly noHistory?: boolean;
  /** Refuse to upgrade when an applied revision's file changed (as onChecksumMismatch: "error"). */
  readonly strict?: boolean;
}

export type MigrationResult =
  | {
      readonly mode: "online";
      readonly plan: Plan;
      readonly executed: readonly StepReport[];
      readonly dryRun: boolean;
      readonly tag: string | undefined;
    }
  | { readonly mode: "offline"; readonly plan: Plan; readonly sql: string; readonly tag: string | undefined };

/** What a command supplies: how to plan from live rows, or the fixed offline starting point. */
export interface PlanSource {
  /** The command's name: `upgrade`, `downgrade`, `stamp`. */
  readonly command: string;
  readonly scripts: ScriptLookup;
  readonly isKnownRevision: (id: string) => boolean;
  /** Online: the plan from the rows read under the lock. */
  readonly online: (rows: readonly string[]) => Plan;
  /** Offline: the plan from the `FROM` revisions (computed only under --sql). */
  readonly offline: () => Plan;
  /** The revisions the rows mean are applied; given by commands that check applied files' checksums. */
  readonly applied?: (rows: readonly string[]) => readonly string[];
}

export async function runPlanCommand(
  config: ResolvedConfig,
  source: PlanSource,
  options: RunCommandOptions,
): Promise<MigrationResult> {
  const target = databaseTarget(config, source.command, options);
  if (options.sql) {
    const plan = source.offline();
    const [dialect, { renderOfflineSql }] = await Promise.all([
      dialectForUrl(target.url),
      import("./offline.js"),
    ]);
    const sql = await renderOfflineSql(plan, {
      dialect,
      versionTable: target.versionTable,
      historyTable: options.noHistory ? false : target.historyTable,
      transactionPerMigration: target.transactionPerMigration,
      scripts: source.scripts,
      rootDir: target.rootDir,
      // Alembic creates the table in the script whenever the run starts with no rows.
      createVersionTable: plan.headsBefore.length === 0,
    });
    return { mode: "offline", plan, sql, tag: options.tag };
  }
  if (options.noHistory) {
    throw new UsageError("--no-history applies to --sql scripts", {
      hint: "online runs always keep the history table; set historyTable: false in the config to keep none",
    });
  }
  const { runOnline } = await import("./online.js");
  const result = await runOnline(target, {
    plan: source.online,
    applied: source.applied,
    checksums: source.applied && (options.strict ? "error" : config.onChecksumMismatch),
    isKnownRevision: source.isKnownRevision,
    scripts: source.scripts,
    dryRun: options.dryRun === true,
    onEvent: options.onStep,
  });
  return { mode: "online", ...result, tag: options.tag };
}

/**
 * Splits `FROM:TO` (either side may be empty); undefined when `target` is not a range. Ranges only make
 * sense offline, where there is no database to start from: without `sql` one is bad usage.
 */
export function splitRange(
  target: string,
  sql: boolean | undefined,
): { from: string; to: string } | undefined {
  const index = target.indexOf(":");
  if (index === -1) return undefined;
  if (!sql) {
    throw new UsageError("Range revision not allowed", {
      hint: "FROM:TO ranges are for --sql; online, give the target only",
    });
  }
  return { from: target.slice(0, index), to: target.slice(index + 1) };
}
