// init, revision, merge, edit: the commands that write (or open) files. Each action parses its options, calls
// the command function (imported lazily so read-only commands start fast) and prints what it wrote.

import { statSync } from "node:fs";
import { type Command, Option } from "commander";
import { UsageError } from "../errors.js";
import type { ScriptDirectory } from "../script/script-directory.js";
import { globalOptions, loadCliConfig } from "./context.js";
import { print, printJson } from "./output.js";

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Alembic's status line for a generated file. */
function generated(path: string): string {
  return `Generating ${path} ...  done`;
}

export function registerScriptCommands(program: Command): void {
  program
    .command("init")
    .description("create retort.config.ts, the revision template and the versions folder")
    .argument("[dir]", "project folder", ".")
    .addOption(
      new Option("-t, --template <name>", "project template")
        .choices(["generic", "multidb"])
        .default("generic"),
    )
    .action(async (dir: string, options: { template: "generic" | "multidb" }, command: Command) => {
      const globals = globalOptions(command);
      const { init } = await import("../commands/init.js");
      const result = await init({ directory: dir, template: options.template });
      if (globals.json) return printJson(result);
      if (globals.quiet) return;
      for (const path of result.written) {
        print(statSync(path).isDirectory() ? `Creating directory ${path} ...  done` : generated(path));
      }
      const config = result.written.find((path) => /retort\.config\.ts$/.test(path));
      if (config) print(`Please edit the database URL and settings in ${config} before proceeding.`);
    });

  program
    .command("revision")
    .description("create a new revision file")
    .option("-m, --message <message>", "message, also used in the file name")
    .option("--autogenerate", "fill in operations by comparing the target schema with the database")
    .option("--head <rev>", "revision to build on (default: head; base for a new root)")
    .option("--splice", "allow --head to name a revision that is not a head (start a new branch)")
    .option("--branch-label <label>", "branch label for the new revision; repeatable", collect, [])
    .option("--version-path <path>", "version location to write into")
    .option(
      "--depends-on <rev>",
      "revision or branch label the new revision depends on; repeatable",
      collect,
      [],
    )
    .option("--rev-id <id>", "revision id instead of a random one")
    .option("--sql", "with --autogenerate: print the SQL instead of writing a file")
    .option(
      "--from-heads <revs>",
      "with --autogenerate --sql: the heads (REV[,REV]) the database the SQL is for is at",
    )
    .option("--interactive", "with --autogenerate: ask whether each dropped/added pair is a rename")
    .action(
      async (
        options: {
          message?: string;
          autogenerate?: boolean;
          head?: string;
          splice?: boolean;
          branchLabel: string[];
          versionPath?: string;
          dependsOn: string[];
          revId?: string;
          sql?: boolean;
          fromHeads?: string;
          interactive?: boolean;
        },
        command: Command,
      ) => {
        if (options.sql && !options.autogenerate) {
          throw new UsageError(
            "revision --sql needs --autogenerate: it prints the SQL autogenerate would produce",
          );
        }
        if (options.fromHeads !== undefined && !options.sql) {
          throw new UsageError(
            "--from-heads is for revision --autogenerate --sql: online, the database's own heads are used",
          );
        }
        const globals = globalOptions(command);
        const config = await loadCliConfig(globals);
        if (options.sql) {
          // The SQL of the upgrade autogenerate would write; no file is written and nothing is run.
          const { autogenerateSql } = await import("../commands/autogenerate.js");
          const fromHeads = options.fromHeads
            ?.split(",")
            .map((ident) => ident.trim())
            .filter((ident) => ident !== "");
          print(await autogenerateSql(config, { fromHeads }));
          return;
        }
        let body: { upgrade: string; downgrade: string; imports: string } | undefined;
        let directory: ScriptDirectory | undefined;
        if (options.autogenerate) {
          // Loaded once: autogenerate checks the database is at its heads, and the new revision goes on top of them.
          directory = (await import("../script/script-directory.js")).ScriptDirectory.load(config);
          const { autogenerateRevisionBody } = await import("../commands/autogenerate.js");
          const generatedBody = await autogenerateRevisionBody(config, {
            interactive: options.interactive === true,
            directory,
          });
          body = generatedBody.body;
          if (!globals.quiet && !globals.json) {
            for (const line of generatedBody.result.differences) print(`Detected ${line}`);
            for (const line of generatedBody.result.warnings) print(`Warning: ${line}`);
          }
        }
        const { revision } = await import("../commands/revision.js");
        const result = await revision(config, {
          message: options.message,
          head: options.head,
          splice: options.splice === true,
          branchLabel: options.branchLabel,
          versionPath: options.versionPath,
          dependsOn: options.dependsOn,
          revId: options.revId,
          body,
          directory,
        });
        if (globals.json) printJson(result);
        else if (!globals.quiet) print(generated(result.path));
      },
    );

  program
    .command("merge")
    .description("create a revision that merges two or more revisions ('heads' merges every head)")
    .argument("[revisions...]", "revisions to merge")
    .option("-m, --message <message>", "message, also used in the file name")
    .option("--branch-label <label>", "branch label for the new revision; repeatable", collect, [])
    .option("--rev-id <id>", "revision id instead of a random one")
    .option(
      "--auto",
      "merge the heads of every branch that has several (labelled or not); print nothing and exit 0 when none has",
    )
    .action(
      async (
        revisions: string[],
        options: { message?: string; branchLabel: string[]; revId?: string; auto?: boolean },
        command: Command,
      ) => {
        if (options.auto) {
          if (revisions.length > 0 || options.revId !== undefined || options.branchLabel.length > 0) {
            throw new UsageError(
              "merge --auto chooses the heads itself: it takes no revisions, --rev-id or --branch-label",
            );
          }
        } else if (revisions.length === 0) {
          throw new UsageError("merge needs the revisions to merge (heads merges every head), or --auto");
        }
        const globals = globalOptions(command);
        const config = await loadCliConfig(globals);
        const { merge, mergeAuto } = await import("../commands/merge.js");
        if (options.auto) {
          const merged = await mergeAuto(config, { message: options.message });
          if (globals.json) printJson(merged);
          else if (!globals.quiet) for (const result of merged) print(generated(result.path));
          return;
        }
        const result = await merge(config, {
          revisions,
          message: options.message,
          branchLabel: options.branchLabel,
          revId: options.revId,
        });
        if (globals.json) printJson(result);
        else if (!globals.quiet) print(generated(result.path));
      },
    );

  program
    .command("edit")
    .description("open a revision file in $VISUAL or $EDITOR")
    .argument("<rev>", "revision (any identifier: id, prefix, head, label@head, head-1, …)")
    .action(async (rev: string, _options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const config = await loadCliConfig(globals);
      const { edit } = await import("../commands/edit.js");
      const paths = await edit(config, rev);
      if (globals.json) printJson({ paths });
    });
}
