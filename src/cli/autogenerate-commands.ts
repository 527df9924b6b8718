// `retort check`: compare the target schema with the database; print the differences and exit 1 if any.

import type { Command } from "commander";
import { globalOptions, loadCliConfig } from "./context.js";
import { print, printJson } from "./output.js";

export function registerAutogenerateCommands(program: Command): void {
  program
    .command("check")
    .description(
      "exit 1 if autogenerate would produce upgrade operations (the database differs from the target)",
    )
    .action(async (_options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const config = await loadCliConfig(globals);
      const { check, formatCheck, CheckFailedError } = await import("../commands/check.js");
      const result = await check(config);
      if (globals.json) printJson(result);
      else if (!(globals.quiet && result.clean)) print(formatCheck(result));
      if (!result.clean) {
        throw new CheckFailedError(`New upgrade operations detected: ${result.differences.length}`, {
          hint: "run `retort revision --autogenerate -m MESSAGE` to write them into a revision",
        });
      }
    });
}
