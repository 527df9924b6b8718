// rebase, squash, doctor, graph: the commands for branches made in git. Each action parses its options, calls the
// command function (imported lazily) and prints its result; refusals become one error line and exit 1.

import { type Command, Option } from "commander";
import { UsageError } from "../errors.js";
import { globalOptions, loadCliConfig } from "./context.js";
import { print, printJson } from "./output.js";

export function registerWorkflowCommands(program: Command): void {
  program
    .command("rebase")
    .description(
      "move a head (with the revisions below it on its own line) onto another revision by rewriting its downRevision",
    )
    .argument("[rev]", "the head to move")
    .option("--onto <target>", "the revision REV's line should build on")
    .option(
      "--all-heads-onto <target>",
      "stack every other head of TARGET's branch on top of TARGET, one after another",
    )
    .option("--dry-run", "print the change as a unified diff and write nothing")
    .option("--offline", "do not check whether the database has applied the revisions that move")
    .addHelpText(
      "after",
      "\nRefuses (exit 1, files untouched) when the database has applied a revision that would move, when the\nresult would have a cycle, would take the line off its branch label, or would leave two heads on a branch.",
    )
    .action(
      async (
        rev: string | undefined,
        options: { onto?: string; allHeadsOnto?: string; dryRun?: boolean; offline?: boolean },
        command: Command,
      ) => {
        if (options.allHeadsOnto === undefined && (rev === undefined || options.onto === undefined)) {
          throw new UsageError("rebase needs REV --onto TARGET, or --all-heads-onto TARGET");
        }
        const globals = globalOptions(command);
        const config = await loadCliConfig(globals);
        const [{ rebase }, { displayPath }] = await Promise.all([
          import("../commands/rebase.js"),
          import("../config/paths.js"),
        ]);
        const result = await rebase(config, {
          revision: rev,
          onto: options.onto,
          allHeadsOnto: options.allHeadsOnto,
          dryRun: options.dryRun === true,
          offline: options.offline === true,
        });
        if (!result.database.checked && result.database.reason === "offline" && !globals.json) {
          const moved = result.changes.flatMap((change) => change.moved).join(", ");
          process.stderr.write(`Warning: --offline: not checking whether a database has applied ${moved}\n`);
        }
        if (globals.json) return printJson(result);
        if (result.changes.length === 0) {
          if (!globals.quiet) print("Nothing to rebase: every line named already builds on its target.");
          return;
        }
        for (const change of result.changes) {
          if (result.dryRun) process.stdout.write(change.diff);
          else if (!globals.quiet) {
            print(
              `Rebased ${change.moved.join(", ")} onto ${change.to[0] ?? "base"}: ${displayPath(change.path)} now revises ${change.to.join(", ") || "nothing"} (was ${change.from.join(", ") || "nothing"})`,
            );
          }
        }
      },
    );

  program
    .command("doctor")
    .description("check the revision files for problems CI should catch; exit 1 if there are any")
    .option("--base <git-ref>", "also check that revisions added since this git ref build on its heads")
    .addHelpText(
      "after",
      "\nChecks: headers readable without running the file, ids matching file names, one head per branch, new\nrevisions on the base ref's heads, modules that import with an upgrade() and a downgrade() (or the\n`export const irreversible = true;` mark), and, with a reachable database configured, applied revisions\nwhose file changed since they ran.",
    )
    .action(async (options: { base?: string }, command: Command) => {
      const globals = globalOptions(command);
      const config = await loadCliConfig(globals);
      const { doctor, DoctorFailedError } = await import("../commands/doctor.js");
      const result = await doctor(config, options.base === undefined ? {} : { base: options.base });
      if (globals.json) printJson(result);
      else {
        const lines: string[] = [];
        for (const problem of result.problems) {
          lines.push(`${problem.kind}: ${problem.message}`);
          if (problem.hint) lines.push(`  hint: ${problem.hint}`);
        }
        if (!globals.quiet)
          for (const { check, reason } of result.notChecked) lines.push(`not checked: ${check} (${reason})`);
        const files = `${result.files} revision file${result.files === 1 ? "" : "s"}`;
        if (result.ok && !globals.quiet) lines.push(`No problems found in ${files}.`);
        if (lines.length > 0) print(lines.join("\n"));
      }
      if (!result.ok) {
        const count = result.problems.length;
        throw new DoctorFailedError(
          `${count} problem${count === 1 ? "" : "s"} found in ${result.files} revision files`,
        );
      }
    });

  program
    .command("graph")
    .description("draw the revision graph: branches, merges, labels as colours, dependencies dashed")
    .addOption(
      new Option(
        "--format <format>",
        "mermaid, dot, svg or html (default: from -o's extension, else mermaid)",
      ).choices(["mermaid", "dot", "svg", "html"]),
    )
    .option("-o, --output <file>", "write to FILE instead of stdout")
    .option("--current", "mark the database's current revisions and what it has applied")
    .action(
      async (
        options: { format?: "mermaid" | "dot" | "svg" | "html"; output?: string; current?: boolean },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        if (globals.json && (options.format !== undefined || options.output !== undefined)) {
          throw new UsageError(
            "graph --json prints the laid-out graph as data; it takes neither --format nor -o",
          );
        }
        const config = await loadCliConfig(globals);
        const { graph, drawRevisionGraph } = await import("../commands/graph.js");
        if (globals.json)
          return printJson(await drawRevisionGraph(config, { current: options.current === true }));
        const result = await graph(config, {
          format: options.format,
          output: options.output,
          current: options.current === true,
        });
        if (result.path === undefined) process.stdout.write(result.text);
        else if (!globals.quiet) print(`Generating ${result.path} ...  done`);
      },
    );

  program
    .command("squash")
    .description("fold a linear run of revisions FROM:TO into one new revision that replaces them")
    .argument("<range>", "FROM:TO, the oldest and newest revision of the run (both included)")
    .option("-m, --message <message>", "message of the new revision (default: squash FROM to TO)")
    .option("--rev-id <id>", "id of the new revision")
    .option(
      "--snapshot",
      "write the DDL from the schema below FROM to the schema at TO, not the originals' operations",
    )
    .option("--delete-originals", "remove the replaced files (only when the database is at or above TO)")
    .option("--dry-run", "check everything, print the file that would be written, write nothing")
    .addHelpText(
      "after",
      "\nBefore writing, the new revision runs up and down on a scratch database and must leave the same schema as\nthe originals. Databases at a replaced revision keep working: see docs/workflows.md.",
    )
    .action(
      async (
        range: string,
        options: {
          message?: string;
          revId?: string;
          snapshot?: boolean;
          deleteOriginals?: boolean;
          dryRun?: boolean;
        },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        const config = await loadCliConfig(globals);
        const [{ squash }, { displayPath }] = await Promise.all([
          import("../commands/squash.js"),
          import("../config/paths.js"),
        ]);
        // --delete-originals asks every database of the config file, not only the one -n selects.
        const databases = options.deleteOriginals
          ? await (await import("../config/load-config.js")).loadAllConfigs({
              cwd: process.cwd(),
              configPath: globals.config,
              x: globals.x,
            })
          : undefined;
        const result = await squash(config, {
          range,
          databases,
          message: options.message,
          revId: options.revId,
          snapshot: options.snapshot === true,
          deleteOriginals: options.deleteOriginals === true,
          dryRun: options.dryRun === true,
        });
        if (globals.json) return printJson(result);
        if (result.dryRun) {
          const lines = [`Would write ${displayPath(result.path)}:`, result.text];
          for (const path of result.deleted) lines.push(`Would delete ${displayPath(path)}`);
          return void process.stdout.write(`${lines.join("\n")}\n`);
        }
        if (globals.quiet) return;
        const lines = [
          `Generating ${result.path} ...  done`,
          `Squashed ${result.replaces.join(", ")} into ${result.id}${result.mode === "snapshot" ? " (snapshot)" : ""}`,
        ];
        for (const step of result.dataSteps) lines.push(`  kept data step ${step}`);
        for (const path of result.deleted) lines.push(`Deleted ${displayPath(path)}`);
        print(lines.join("\n"));
      },
    );
}
