// `retort upgrade TARGET`: run every revision between the database's heads and TARGET.

import type { ResolvedConfig } from "../config/types.js";
import type { RevisionMap } from "../graph/index.js";
import {
  type MigrationResult,
  type RunCommandOptions,
  runPlanCommand,
  splitRange,
} from "../runtime/run-command.js";
import { ScriptDirectory } from "../script/script-directory.js";
import { appliedRevisions } from "./applied-revisions.js";

export type { MigrationResult, RunCommandOptions } from "../runtime/run-command.js";

/** The revisions a `FROM` side of an offline range names; empty or `base` is the empty database. */
export function offlineStart(map: RevisionMap, from: string): string[] {
  // A replaced id stays a row of its own, so the plan finishes its squashed run as an online one would.
  if (map.replacement(from) !== undefined) return [from];
  return from === "" || from === "base" ? [] : [...map.resolve(from)];
}

export async function upgrade(
  config: ResolvedConfig,
  target: string,
  options: RunCommandOptions = {},
): Promise<MigrationResult> {
  const directory = ScriptDirectory.load(config);
  const { map } = directory;
  const range = splitRange(target, options.sql);
  return runPlanCommand(
    config,
    {
      command: "upgrade",
      scripts: directory,
      isKnownRevision: (id) => map.isKnown(id),
      online: (rows) => map.planUpgrade(rows, target),
      applied: (rows) => appliedRevisions(map, rows),
      offline: () => {
        const start = range ? offlineStart(map, range.from) : [];
        return map.planUpgrade(start, range ? range.to || "heads" : target);
      },
    },
    options,
  );
}
