// log, verify, resolve: parse argv, call the command function, print its result (JSON with --json).

import type { Command } from "commander";
import type { LogRow } from "../commands/log.js";
import { UsageError } from "../errors.js";
import { globalOptions, loadCliConfig } from "./context.js";
import { lockWaitPrinter, print, printJson } from "./output.js";
import { LOCK_TIMEOUT_HELP } from "./runtime-commands.js";

function positiveInteger(value: string): number {
  const parsed = Number(value);
  // Bad usage, as a malformed --lock-timeout is: exit 2.
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new UsageError(`-n takes a positive integer, not ${value}`);
  return parsed;
}

/** One history row on one line: when, what, how it ended, who, how long. */
function rowLine(row: LogRow): string {
  const duration = row.durationMs === undefined ? "" : ` ${row.durationMs} ms`;
  const failure = row.outcome === "ok" || row.error === undefined ? "" : ` — ${row.error}`;
  return `${row.startedAt} ${row.direction.padEnd(6)} ${row.revision} ${row.outcome}${duration} by ${row.actor} (run ${row.runId.slice(0, 8)}, retort ${row.retortVersion})${row.replacedBy === undefined ? "" : ` (replaced by ${row.replacedBy})`}${failure}`;
}

/**
 * `log -n N` is the row limit, while the global `-n NAME` picks a database: after the word `log`, `-n` is turned into
 * `--limit` before commander sees it (a database is still chosen with `-n NAME` before `log`).
 */
export function logLimitArgv(argv: readonly string[]): string[] {
  // The command is the first word that is neither a global option nor the value of one.
  let at = 0;
  while (at < argv.length && argv[at]!.startsWith("-")) at += GLOBALS_WITH_VALUE.has(argv[at]!) ? 2 : 1;
  if (argv[at] !== "log") return [...argv];
  return argv.map((arg, index) => (index > at && arg === "-n" ? "--limit" : arg));
}

const GLOBALS_WITH_VALUE = new Set(["-c", "--config", "-x", "-n", "--name"]);

export function registerHistoryCommands(program: Command): void {
  program
    .command("log")
    .description("show the applied-history table, newest first")
    .option("--limit <n>", "show at most N rows (also -n N after `log`)", positiveInteger)
    .option("--revision <rev>", "only rows of this revision")
    .action(async (options: { limit?: number; revision?: string }, command: Command) => {
      const globals = globalOptions(command);
      const config = await loadCliConfig(globals);
      const { log } = await import("../commands/log.js");
      const result = await log(config, options);
      if (globals.json) return printJson(result.rows);
      if (result.rows.length === 0) {
        if (!globals.quiet) print(result.exists ? "No history rows." : "No history table yet.");
        return;
      }
      print(result.rows.map(rowLine).join("\n"));
    });

  program
    .command("verify")
    .description("report applied revisions whose file changed or is missing, and unfinished runs")
    .option("--accept <revisions...>", "record the current checksum of deliberately edited revisions")
    .option("--lock-timeout <duration>", `with --accept: ${LOCK_TIMEOUT_HELP}`)
    .action(async (options: { accept?: string[]; lockTimeout?: string }, command: Command) => {
      const globals = globalOptions(command);
      const config = await loadCliConfig(globals);
      const [{ verify, VerifyFailedError }, { mismatchLine, unfinishedDescription }] = await Promise.all([
        import("../commands/verify.js"),
        import("../runtime/history-check.js"),
      ]);
      const result = await verify(config, { ...options, onLockWait: lockWaitPrinter(globals.json) });
      if (globals.json) printJson(result);
      else {
        const lines = [
          ...result.accepted.map((id) => `accepted: ${id} (its current checksum is recorded)`),
          ...result.changed.map((mismatch) => `changed: ${mismatchLine(mismatch)}`),
          ...result.missingFiles.map(
            (id) => `missing file: ${id} is applied but no revision file defines it`,
          ),
          ...result.unfinished.map((row) => `unfinished: ${unfinishedDescription(row)}`),
          ...result.unverified.map((id) => `unverified: ${id} (applied with no recorded checksum)`),
        ];
        if (result.ok && !globals.quiet) lines.push("verify: no changed, missing or unfinished revisions");
        if (lines.length > 0) print(lines.join("\n"));
      }
      if (!result.ok) {
        const count = result.changed.length + result.missingFiles.length + result.unfinished.length;
        throw new VerifyFailedError(`verify found ${count} problem(s)`, {
          hint: "restore edited files or accept them (`retort verify --accept REV`); `retort resolve` unfinished runs",
        });
      }
    });

  program
    .command("resolve")
    .description("complete a revision a killed run left unfinished, after checking the database")
    .argument("<revision>", "the unfinished revision")
    .option("--applied", "all of it is in the database: record it applied and move the version table")
    .option("--rolled-back", "none of it is in the database: record it as not applied")
    .option("--lock-timeout <duration>", LOCK_TIMEOUT_HELP)
    .action(
      async (
        revision: string,
        options: { applied?: boolean; rolledBack?: boolean; lockTimeout?: string },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        const config = await loadCliConfig(globals);
        const { resolve } = await import("../commands/resolve.js");
        const result = await resolve(config, revision, {
          ...options,
          onLockWait: lockWaitPrinter(globals.json),
        });
        if (globals.json) return printJson(result);
        if (!globals.quiet) {
          print(
            `Resolved ${result.revision} as ${result.resolution}; version table: ${result.versionRows.join(", ") || "(empty)"}`,
          );
        }
      },
    );
}
