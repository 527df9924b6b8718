// `retort check`: whether autogenerate would produce operations. Returns the differences; the CLI exits 1
// when there are any, for CI.

import type { ResolvedConfig } from "../config/types.js";
import { RetortError } from "../errors.js";
import { type AutogenerateOptions, autogenerate } from "./autogenerate.js";

export interface CheckResult {
  /** True when the database matches the target schema. */
  readonly clean: boolean;
  /** One line per operation autogenerate would write. */
  readonly differences: readonly string[];
  /** Differences not compared reliably; reported, never counted as operations. */
  readonly warnings: readonly string[];
}

export const NO_CHANGES_MESSAGE = "No new upgrade operations detected.";

export async function check(config: ResolvedConfig, options: AutogenerateOptions = {}): Promise<CheckResult> {
  const result = await autogenerate(config, options);
  return {
    clean: result.upgradeOps.length === 0,
    differences: result.differences,
    warnings: result.warnings,
  };
}

/** The report people read: the differences as a list, or Alembic's "No new upgrade operations detected." */
export function formatCheck(result: CheckResult): string {
  const lines: string[] = [];
  if (result.clean) lines.push(NO_CHANGES_MESSAGE);
  else {
    lines.push(`New upgrade operations detected (${result.differences.length}):`);
    for (const difference of result.differences) lines.push(`  - ${difference}`);
  }
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  return lines.join("\n");
}

/** Thrown by the CLI when `check` finds differences: exit 1 after the list has been printed. */
export class CheckFailedError extends RetortError {}
