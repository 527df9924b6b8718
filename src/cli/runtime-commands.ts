// upgrade, downgrade, stamp, current, ensure-version: parse argv, call the command function, print its result.
// One line per revision on stdout; on a terminal a progress bar on stderr; -q keeps only requested data.

import type { Command } from "commander";
import type { RunEvent } from "../runtime/events.js";
import type { MigrationResult } from "../runtime/run-command.js";
import { type GlobalOptions, globalOptions, loadCliConfig } from "./context.js";
import { lockWaitPrinter, print, printJson } from "./output.js";

/** Draws one progress line on stderr, redrawn in place; only on a terminal. */
class ProgressBar {
  private drawn = false;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  draw(done: number, total: number, label: string): void {
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    // A terminal that reports no width (0) gets the classic 80 columns.
    const columns = this.stream.columns || 80;
    const text = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${label}`;
    this.stream.write(`\r\x1b[2K${text.slice(0, Math.max(10, columns - 1))}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write("\r\x1b[2K");
    this.drawn = false;
  }
}

/** The event handler a run reports to: log lines, lock waits, notes, progress. */
function reporter(globals: GlobalOptions): (event: RunEvent) => void {
  const bar =
    !globals.quiet && !globals.json && process.stderr.isTTY ? new ProgressBar(process.stderr) : undefined;
  const say = (line: string) => {
    bar?.clear();
    print(line);
  };
  const waiting = lockWaitPrinter(globals.json);
  return (event) => {
    switch (event.type) {
      case "waiting":
        bar?.clear();
        waiting(event.message);
        return;
      case "warning":
        bar?.clear();
        process.stderr.write(`Warning: ${event.message}\n`);
        return;
      case "note":
        if (!globals.quiet && !globals.json) say(`Note: ${event.message}`);
        return;
      case "step-start":
        bar?.draw(event.index, event.total, event.line);
        return;
      case "step-done":
        if (!globals.quiet && !globals.json) say(`${event.line} (${Math.round(event.ms)} ms)`);
        if (event.index + 1 === event.total) bar?.clear();
        else bar?.draw(event.index + 1, event.total, "");
        return;
      case "plan":
        return;
    }
  };
}

function printMigration(
  result: MigrationResult,
  globals: GlobalOptions,
  lineOf: (step: MigrationResult["plan"]["steps"][number]) => string,
): void {
  if (result.mode === "offline") {
    if (globals.json) printJson({ sql: result.sql, plan: result.plan });
    else process.stdout.write(result.sql);
    return;
  }
  if (globals.json) {
    printJson({
      dryRun: result.dryRun,
      headsBefore: result.plan.headsBefore,
      headsAfter: result.plan.headsAfter,
      steps: result.dryRun
        ? result.plan.steps.map((step) => ({ ...step, line: lineOf(step) }))
        : result.executed.map(({ step, line, ms }) => ({ ...step, line, ms: Math.round(ms) })),
    });
    return;
  }
  if (result.dryRun) {
    if (result.plan.steps.length === 0) print("Nothing to do: the database is already there.");
    for (const step of result.plan.steps) print(`(dry run) ${lineOf(step)}`);
    if (result.plan.steps.length > 0) {
      print(
        `Version table afterwards: ${result.plan.headsAfter.length ? result.plan.headsAfter.join(", ") : "(empty)"}`,
      );
    }
    return;
  }
  if (result.executed.length === 0 && !globals.quiet) print("Nothing to do: the database is already there.");
}

/** After printing what it can, `current` exits 1 when the version table names revisions no file defines. */
async function failOnUnknownRows(rows: readonly string[], versionTable: string): Promise<void> {
  if (rows.length === 0) return;
  const { UnknownDatabaseRevisionError } = await import("../runtime/errors.js");
  throw new UnknownDatabaseRevisionError(rows, versionTable);
}

/** Commander turns `--no-history` into `history: false`. */
type RunOptions = {
  sql?: boolean;
  tag?: string;
  dryRun?: boolean;
  lockTimeout?: string;
  history?: boolean;
  strict?: boolean;
};

const runOptions = ({ history, ...rest }: RunOptions) => ({ ...rest, noHistory: history === false });

/** The help of --lock-timeout, on every command that takes the migration lock. */
export const LOCK_TIMEOUT_HELP =
  "give up after waiting this long for another run's lock (30s, 500ms, 2m); default: the config's lockTimeout, else forever";

async function runMigration(
  command: Command,
  run: (
    config: Awaited<ReturnType<typeof loadCliConfig>>,
    onStep: (event: RunEvent) => void,
  ) => Promise<MigrationResult>,
): Promise<void> {
  const globals = globalOptions(command);
  const config = await loadCliConfig(globals);
  const [{ ScriptDirectory }, { stepLine }] = await Promise.all([
    import("../script/script-directory.js"),
    import("../runtime/events.js"),
  ]);
  const result = await run(config, reporter(globals));
  // Loaded again only for dry-run/json line text; ScriptDirectory.load is cheap next to a run.
  const needsLines = result.mode === "online" && (result.dryRun || globals.json);
  const directory = needsLines ? ScriptDirectory.load(config) : undefined;
  printMigration(result, globals, (step) => (directory ? stepLine(step, directory) : ""));
}

// Commander 14 reads a negative number such as `-1` as an argument when no option looks like one.
export function registerRuntimeCommands(program: Command): void {
  program
    .command("upgrade")
    .description("upgrade the database to TARGET (head, heads, +N, <label>@head, a revision…)")
    .argument("[target]", "revision to upgrade to; with --sql also FROM:TO")
    .option("--sql", "print the SQL instead of running it (no connection)")
    .option("--tag <tag>", "an arbitrary tag, kept for Alembic compatibility")
    .option("--dry-run", "print the plan and touch nothing")
    .option("--lock-timeout <duration>", LOCK_TIMEOUT_HELP)
    .option("--no-history", "with --sql: leave the history table's statements out")
    .option("--strict", "refuse to run when an applied revision's file changed since it was applied")
    .action(async (target: string | undefined, options: RunOptions, command: Command) => {
      if (target === undefined) {
        const { UsageError } = await import("../errors.js");
        throw new UsageError("upgrade needs a target revision, e.g. `retort upgrade head`");
      }
      await runMigration(command, async (config, onStep) => {
        const { upgrade } = await import("../commands/upgrade.js");
        return upgrade(config, target, { ...runOptions(options), onStep });
      });
    });

  program
    .command("downgrade")
    .description("downgrade the database to TARGET (-1, base, <label>@base, a revision…)")
    .argument("<target>", "revision to downgrade to; with --sql FROM:TO")
    .option("--sql", "print the SQL instead of running it (no connection)")
    .option("--tag <tag>", "an arbitrary tag, kept for Alembic compatibility")
    .option("--dry-run", "print the plan and touch nothing")
    .option("--lock-timeout <duration>", LOCK_TIMEOUT_HELP)
    .option("--no-history", "with --sql: leave the history table's statements out")
    .action(async (target: string, options: RunOptions, command: Command) => {
      await runMigration(command, async (config, onStep) => {
        const { downgrade } = await import("../commands/downgrade.js");
        return downgrade(config, target, { ...runOptions(options), onStep });
      });
    });

  program
    .command("stamp")
    .description("set the version table to TARGETs without running any revision")
    .argument("<targets...>", "revisions to stamp; with --sql one FROM:TO")
    .option("--purge", "delete every version row first")
    .option("--sql", "print the SQL instead of running it (no connection)")
    .option("--tag <tag>", "an arbitrary tag, kept for Alembic compatibility")
    .option("--dry-run", "print the plan and touch nothing")
    .option("--lock-timeout <duration>", LOCK_TIMEOUT_HELP)
    .option("--no-history", "with --sql: leave the history table's statements out")
    .action(async (targets: string[], options: RunOptions & { purge?: boolean }, command: Command) => {
      await runMigration(command, async (config, onStep) => {
        const { stamp } = await import("../commands/stamp.js");
        return stamp(config, targets, { ...runOptions(options), onStep });
      });
    });

  program
    .command("current")
    .description("show the database's current revisions")
    .option("-v, --verbose", "verbose output")
    .action(async (options: { verbose?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const config = await loadCliConfig(globals);
      const [{ current }, format] = await Promise.all([
        import("../commands/current.js"),
        import("../commands/format.js"),
      ]);
      const result = await current(config, { verbose: options.verbose === true });
      const map = result.directory.map;
      if (globals.json) {
        printJson({
          url: result.url,
          rows: result.rows,
          unknownRows: result.unknownRows,
          current: result.entries.map((entry) => ({
            ...format.revisionJson(map, entry.script),
            effectiveHead: entry.effectiveHead,
            ...(entry.covers === undefined ? {} : { covers: entry.covers }),
          })),
        });
        return failOnUnknownRows(result.unknownRows, config.versionTable);
      }
      const lines: string[] = [];
      if (options.verbose) lines.push(`Current revision(s) for ${result.url}:`);
      for (const entry of result.entries) {
        // A row holding a replaced id is shown as its squash, saying which id the table actually holds.
        const covers =
          entry.covers === undefined
            ? ""
            : ` (covers ${entry.covers.row}${entry.covers.partlyApplied ? ", partly applied" : ""})`;
        lines.push(
          options.verbose
            ? `${covers.trimStart()}${covers ? "\n" : ""}${format.formatEntry(map, entry.script)}`
            : `${format.formatLine(map, entry.script)}${covers}`,
        );
      }
      for (const id of result.unknownRows) lines.push(`${id} (unknown: no revision file defines it)`);
      // The verbose blocks each end with a blank line, as Alembic prints them.
      if (lines.length > 0) print(options.verbose ? `${lines.join("\n")}\n` : lines.join("\n"));
      await failOnUnknownRows(result.unknownRows, config.versionTable);
    });

  program
    .command("ensure-version")
    .description("create the version table if it does not exist")
    .option("--sql", "print the CREATE TABLE instead of running it")
    .option("--lock-timeout <duration>", LOCK_TIMEOUT_HELP)
    .action(async (options: { sql?: boolean; lockTimeout?: string }, command: Command) => {
      const globals = globalOptions(command);
      const config = await loadCliConfig(globals);
      const { ensureVersion } = await import("../commands/ensure-version.js");
      const result = await ensureVersion(config, {
        sql: options.sql === true,
        lockTimeout: options.lockTimeout,
        onLockWait: lockWaitPrinter(globals.json),
      });
      if (globals.json) return printJson(result);
      if (result.mode === "offline") return void process.stdout.write(result.sql);
      if (!globals.quiet) {
        print(
          result.created
            ? `Created version table ${result.versionTable}`
            : `Version table ${result.versionTable} exists`,
        );
      }
    });
}
