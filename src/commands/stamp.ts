// `retort stamp TARGET…`: set the version table to TARGETs without running any revision.

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

export interface StampOptions extends Omit<RunCommandOptions, "tag"> {
  /** Delete every row first, even ones the targets do not touch. Not with --sql. */
  readonly purge?: boolean;
  readonly tag?: string;
}

export async function stamp(
  config: ResolvedConfig,
  targets: readonly string[],
  options: StampOptions = {},
): Promise<MigrationResult> {
  if (targets.length === 0) throw new UsageError("stamp needs at least one target revision");
  if (options.purge && options.sql) throw new UsageError("Can't use --purge with --sql mode");
  const directory = ScriptDirectory.load(config);
  const { map } = directory;
  const purge = options.purge === true;
  const ranges = targets.map((target) => splitRange(target, options.sql));
  return runPlanCommand(
    config,
    {
      command: "stamp",
      scripts: directory,
      // --purge deletes every row, so it repairs rows naming revisions whose files are gone.
      isKnownRevision: (id) => purge || map.isKnown(id),
      online: (rows) => map.planStamp(rows, targets, { purge }),
      offline: () => {
        const starts = new Set(ranges.map((range) => range?.from).filter((from) => from !== undefined));
        if (starts.size > 1)
          throw new UsageError("Stamp operation with --sql only supports one starting revision at a time");
        const [from] = [...starts];
        const destinations = targets.map((target, index) => ranges[index]?.to ?? target);
        return map.planStamp(from === undefined ? [] : offlineStart(map, from), destinations, {
          purge: false,
        });
      },
    },
    options,
  );
}
