// The one loop that runs a plan's steps, online and offline alike: open transactions as the mode says, run each
// revision's upgrade()/downgrade() through the Op facade, then move the version table.

import type { MigrationStep, VersionChange } from "../graph/types.js";
import { runWithOp } from "../operations/op.js";
import type { OperationSink } from "../operations/sink.js";
import type { RevisionModule } from "./revision-module.js";

/** "run": one transaction around every step; "step": one per step; "none": no transaction statements. */
export type TransactionMode = "run" | "step" | "none";

/** What the loop needs from its surroundings: a live database, or the offline printer. */
export interface StepBackend {
  readonly sink: OperationSink;
  begin(): Promise<void>;
  commit(): Promise<void>;
  /**
   * Called before a step's transaction opens. Where DDL cannot be rolled back, the history's `started` row is
   * committed here, so that a run killed mid-revision leaves a record of it.
   */
  beforeStep(step: MigrationStep, index: number): Promise<void>;
  /** Called before each step's revision runs (offline prints Alembic's `-- Running …` comment). */
  stepStarted(step: MigrationStep): void;
  /** Creates whichever of the version and history tables the run needs and the database lacks. */
  createTables(): Promise<void>;
  /** Called after the revision's own statements, before its version change. */
  revisionDone(): Promise<void>;
  versionChange(change: VersionChange): Promise<void>;
  /** Writes the step's history row, in the same transaction as its version change. */
  stepFinished(step: MigrationStep, index: number, ms: number): Promise<void>;
  /** Turns a step's error into the error the run throws (online: after rolling back). */
  failure(step: MigrationStep, index: number, error: unknown): Promise<Error>;
}

export interface StepHooks {
  readonly onStart?: (step: MigrationStep, index: number) => void;
  readonly onDone?: (step: MigrationStep, index: number, ms: number) => void;
}

async function runRevision(
  step: MigrationStep,
  module: RevisionModule | undefined,
  sink: OperationSink,
): Promise<void> {
  if (step.revision === undefined || step.kind === "stamp") return;
  const fn = step.kind === "upgrade" ? module?.upgrade : module?.downgrade;
  if (!fn) throw new Error(`revision ${step.revision} has no ${step.kind}() function`);
  await runWithOp(fn, sink);
}

export async function runSteps(
  steps: readonly MigrationStep[],
  modules: ReadonlyMap<string, RevisionModule>,
  backend: StepBackend,
  options: { mode: TransactionMode; createTables: boolean },
  hooks: StepHooks = {},
): Promise<void> {
  if (options.mode === "run") await backend.begin();
  let tablesMissing = options.createTables;
  for (const [index, step] of steps.entries()) {
    const started = performance.now();
    hooks.onStart?.(step, index);
    try {
      await backend.beforeStep(step, index);
      if (options.mode === "step") await backend.begin();
      if (tablesMissing) {
        await backend.createTables();
        tablesMissing = false;
      }
      backend.stepStarted(step);
      await runRevision(
        step,
        step.revision === undefined ? undefined : modules.get(step.revision),
        backend.sink,
      );
      await backend.revisionDone();
      for (const change of step.versionChanges) await backend.versionChange(change);
      await backend.stepFinished(step, index, performance.now() - started);
      if (options.mode === "step") await backend.commit();
    } catch (error) {
      throw await backend.failure(step, index, error);
    }
    hooks.onDone?.(step, index, performance.now() - started);
  }
  if (options.mode === "run") await backend.commit();
}
