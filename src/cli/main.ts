#!/usr/bin/env node
// The `retort` executable: parses argv, hands each command to its group's registration, maps errors to exit codes.
// Command modules are imported lazily inside actions so that graph commands start fast.

import { Command, CommanderError } from "commander";
import { registerAutogenerateCommands } from "./autogenerate-commands.js";
import { registerGraphCommands } from "./graph-commands.js";
import { logLimitArgv, registerHistoryCommands } from "./history-commands.js";
import { reportError } from "./output.js";
import { registerRuntimeCommands } from "./runtime-commands.js";
import { registerScriptCommands } from "./script-commands.js";
import { registerWorkflowCommands } from "./workflow-commands.js";

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function buildProgram(): Command {
  const program = new Command("retort")
    .description(
      "Database schema migrations for TypeScript: a revision graph, upgrade, downgrade, stamp, offline SQL.",
    )
    .option(
      "-c, --config <path>",
      "config file (default: retort.config.{ts,mts,js,mjs} found from the cwd upwards)",
    )
    .option("-x <key=value>", "pass a value to the config; repeatable", collect, [])
    .option("-n, --name <name>", "which database of a multi-database config")
    .option("--json", "print results as JSON")
    .option("-q, --quiet", "print nothing but errors and requested data")
    .option("--no-color", "no colours (also NO_COLOR)")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  program.configureOutput({ outputError: (text, write) => write(text) });
  registerScriptCommands(program);
  registerGraphCommands(program);
  registerRuntimeCommands(program);
  registerHistoryCommands(program);
  registerAutogenerateCommands(program);
  registerWorkflowCommands(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(logLimitArgv(argv), { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.help" ||
        error.code === "commander.version"
      ) {
        return 0;
      }
      return 2;
    }
    return reportError(error);
  }
}

process.exitCode = await main(process.argv.slice(2));
