// heads, branches, history, show: read the revision files (and, for `current`, the database) and print
// Alembic's text forms or JSON.

import type { Command } from "commander";
import { globalOptions, loadCliConfig } from "./context.js";
import { printJson } from "./output.js";

function write(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
}

export function registerGraphCommands(program: Command): void {
  program
    .command("heads")
    .description("show the heads of the revision graph")
    .option("-v, --verbose", "verbose output")
    .option("--resolve-dependencies", "leave out heads that other revisions depend on")
    .action(async (options: { verbose?: boolean; resolveDependencies?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const config = await loadCliConfig(globals);
      const [{ heads }, format] = await Promise.all([
        import("../commands/heads.js"),
        import("../commands/format.js"),
      ]);
      const result = heads(config, { resolveDependencies: options.resolveDependencies === true });
      const map = result.directory.map;
      if (globals.json) return printJson(result.heads.map((script) => format.revisionJson(map, script)));
      write(
        result.heads.map((script) =>
          options.verbose
            ? format.formatEntry(map, script)
            : format.formatLine(map, script, { branches: true, treeIndicators: false }),
        ),
      );
    });

  program
    .command("branches")
    .description("show the branchpoints of the revision graph")
    .option("-v, --verbose", "verbose output")
    .action(async (options: { verbose?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const config = await loadCliConfig(globals);
      const [{ branches }, format] = await Promise.all([
        import("../commands/branches.js"),
        import("../commands/format.js"),
      ]);
      const result = branches(config);
      const map = result.directory.map;
      if (globals.json) {
        return printJson(
          result.branches.map(({ branchpoint, children }) => ({
            ...format.revisionJson(map, branchpoint),
            branchesInto: children.map((child) => format.revisionJson(map, child)),
          })),
        );
      }
      write(
        result.branches.map(({ branchpoint, children }) => {
          const header = options.verbose
            ? format.formatEntry(map, branchpoint)
            : format.formatLine(map, branchpoint, { branches: true });
          const pad = " ".repeat(branchpoint.id.length);
          const lines = children.map(
            (child) =>
              `${pad} -> ${format.formatLine(map, child, { branches: true, doc: options.verbose === true })}`,
          );
          return `${header}\n${lines.join("\n")}\n`;
        }),
      );
    });

  program
    .command("history")
    .description("list revisions newest first")
    .option("-r, --rev-range <range>", "START:END, either side optional (base, heads, current, relative)")
    .option("-v, --verbose", "verbose output")
    .option("-i, --indicate-current", "mark the database's current revisions")
    .action(
      async (
        options: { revRange?: string; verbose?: boolean; indicateCurrent?: boolean },
        command: Command,
      ) => {
        const globals = globalOptions(command);
        const config = await loadCliConfig(globals);
        const [{ history }, format] = await Promise.all([
          import("../commands/history.js"),
          import("../commands/format.js"),
        ]);
        const result = await history(config, {
          range: options.revRange,
          indicateCurrent: options.indicateCurrent,
        });
        const map = result.directory.map;
        for (const id of result.unknownRows) {
          process.stderr.write(
            `Warning: the version table also names '${id}', which no revision file defines; \`retort stamp --purge REV\` rewrites the table whatever it holds\n`,
          );
        }
        if (globals.json) {
          return printJson(
            result.entries.map(({ script, current }) => format.revisionJson(map, script, current)),
          );
        }
        write(
          result.entries.map(({ script, current }) =>
            options.verbose
              ? format.formatEntry(map, script, { current: current === true })
              : format.formatLine(map, script, {
                  branches: true,
                  doc: true,
                  parents: true,
                  current: current === true,
                }),
          ),
        );
      },
    );

  program
    .command("show")
    .description("show one revision (or several: heads, current, label@head…) in full")
    .argument("<rev>", "a revision identifier")
    .action(async (rev: string, _options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const config = await loadCliConfig(globals);
      const [{ show }, format] = await Promise.all([
        import("../commands/show.js"),
        import("../commands/format.js"),
      ]);
      const result = await show(config, rev);
      const map = result.directory.map;
      if (globals.json) return printJson(result.scripts.map((script) => format.revisionJson(map, script)));
      write(result.scripts.map((script) => format.formatEntry(map, script)));
    });
}
