// `retort downgrade TARGET`: run the downgrade() of every revision between the database's heads and TARGET.

import type { ResolvedConfig } from "../config/types.js";
import { UsageError } from "../errors.js";
import {
  type MigrationResult,
  type RunCommandOptions,
  runPlanCommand,
  splitRange,
} from "../runtime/run-command.js";
import { ScriptDirectory } from "../script/script-directory.js";
import { offlineStart } from "./upgrade.js";

export async function downgrade(
  config: ResolvedConfig,
  target: string,
  options: RunCommandOptions = {},
): Promise<MigrationResult> {
  const directory = ScriptDirectory.load(config);
  const { map } = directory;
  if (options.sql && !target.includes(":")) {
    throw new UsageError("downgrade with --sql requires <fromrev>:<torev>", {
      hint: "offline there is no database to read the current revision from, e.g. retort downgrade head:base --sql",
    });
  }
  const range = splitRange(target, options.sql);
  return runPlanCommand(
    config,
    {
      command: "downgrade",
      scripts: directory,
      isKnownRevision: (id) => map.isKnown(id),
      online: (rows) => map.planDowngrade(rows, target),
      offline: () => map.planDowngrade(offlineStart(map, range!.from), range!.to || "base"),
    },
    options,
  );
}
