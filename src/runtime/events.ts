// What a run reports while it works, for the CLI's log lines and progress bar and for programmatic callers.

import type { MigrationStep, Plan } from "../graph/types.js";

export type RunEvent =
  | { readonly type: "waiting"; readonly message: string }
  | { readonly type: "plan"; readonly plan: Plan }
  | {
      readonly type: "step-start";
      readonly step: MigrationStep;
      readonly index: number;
      readonly total: number;
      readonly line: string;
    }
  | {
      readonly type: "step-done";
      readonly step: MigrationStep;
      readonly index: number;
      readonly total: number;
      readonly line: string;
      readonly ms: number;
    }
  | { readonly type: "note"; readonly message: string }
  /** Something the user should look at that does not stop the run (an applied revision's file was edited). */
  | { readonly type: "warning"; readonly message: string };

/** Where a run looks up a revision's file and message. ScriptDirectory satisfies it. */
export interface ScriptLookup {
  script(id: string): { readonly path: string; readonly doc: string; readonly stat?: FileIdentity };
}

/** What identifies a file's content between runs (size, change time, inode, device), as the load stat'ed it. */
export interface FileIdentity {
  readonly size: number;
  readonly ctimeMs: number;
  readonly ino: number;
  readonly dev: number;
}

/** Alembic's log line: `Running upgrade A, B -> C, message` (an empty side for base; stamps carry no message). */
export function stepLine(step: MigrationStep, scripts: ScriptLookup): string {
  const verb = step.kind === "stamp" ? "stamp_revision" : step.kind;
  const head = `Running ${verb} ${step.fromIds.join(", ")} -> ${step.toIds.join(", ")}`;
  if (step.revision === undefined) return head;
  const doc = scripts.script(step.revision).doc;
  return doc ? `${head}, ${doc}` : head;
}

/** The offline comment Alembic prints before each step: `-- Running upgrade A -> B`. */
export function stepComment(step: MigrationStep): string {
  const verb = step.kind === "stamp" ? "stamp_revision" : step.kind;
  return `-- Running ${verb} ${step.fromIds.join(", ")} -> ${step.toIds.join(", ")}`;
}
