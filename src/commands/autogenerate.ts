// Autogenerate as a plain function: reflect the configured database, load the target schema, compare, and
// render the upgrade and (from the reversed operations) the downgrade for the revision command to write.

import { compareSchemas, type RenameCandidate } from "../autogenerate/compare.js";
import { describeOperation } from "../autogenerate/describe.js";
import { formatBodies } from "../autogenerate/format.js";
import { loadTarget } from "../autogenerate/load-target.js";
import { nameFilter } from "../autogenerate/name-filter.js";
import { rehearseUpgrade } from "../autogenerate/rehearse.js";
import { renderStatements } from "../autogenerate/render.js";
import type { ResolvedConfig } from "../config/types.js";
import type { Connection } from "../dialects/connection.js";
import { isOutsideTransactionStep } from "../dialects/ddl-compiler.js";
import type { Dialect } from "../dialects/dialect.js";
import { connect, loadDialect } from "../dialects/index.js";
import { RetortError } from "../errors.js";
import type { Operation } from "../operations/operation.js";
import { reverseOperation } from "../operations/reverse.js";
import { ScriptDirectory } from "../script/script-directory.js";
import { requireUpToDate, type UpToDateOptions } from "./require-up-to-date.js";

export type { RenameCandidate } from "../autogenerate/compare.js";

export interface AutogenerateOptions {
  /** Use this connection instead of opening the config's url (it is not closed). */
  readonly connection?: Connection;
  /** Asked for each pair that may be a rename (`--interactive`); without it renames are drop + add. */
  readonly askRename?: (candidate: RenameCandidate) => Promise<boolean>;
  /** Heads to assume instead of the version table's rows (`revision --autogenerate --sql --from-heads`). */
  readonly fromHeads?: readonly string[];
  /** The revision files, when the caller has them loaded already (`revision --autogenerate` writes into them). */
  readonly directory?: ScriptDirectory;
}

export interface AutogenerateResult {
  readonly dialect: Dialect;
  readonly upgradeOps: readonly Operation[];
  readonly downgradeOps: readonly Operation[];
  /** Statements for upgrade() and downgrade(), one per line, unindented; formatted with Prettier when available. */
  readonly upgradeCode: string;
  readonly downgradeCode: string;
  /** Extra import lines for the revision file (none today: everything is reached through `op`). */
  readonly imports: string;
  /** One line per upgrade operation, for people. */
  readonly differences: readonly string[];
  /** Differences noticed but not turned into operations (they cannot be compared or altered reliably). */
  readonly warnings: readonly string[];
}

export class AutogenerateError extends RetortError {}

async function openConnection(config: ResolvedConfig): Promise<Connection> {
  if (!config.url) {
    throw new AutogenerateError("Autogenerate needs a database to compare with", {
      hint: "set `url` in the config",
    });
  }
  return connect(config.url, { baseDir: config.rootDir, applicationName: "retort autogenerate" });
}

/** Compares the target with the database; refuses (DatabaseNotUpToDateError) a database behind the graph's heads. */
export async function autogenerate(
  config: ResolvedConfig,
  options: AutogenerateOptions = {},
): Promise<AutogenerateResult> {
  return compareWithDatabase(config, options, {});
}

async function compareWithDatabase(
  config: ResolvedConfig,
  options: AutogenerateOptions,
  upToDate: Pick<UpToDateOptions, "sql">,
): Promise<AutogenerateResult> {
  const connection = options.connection ?? (await openConnection(config));
  try {
    const dialect = await loadDialect(connection.dialect);
    const directory = options.directory ?? ScriptDirectory.load(config);
    await requireUpToDate(config, directory.map, connection, dialect, {
      ...upToDate,
      fromHeads: options.fromHeads,
    });
    const target = await loadTarget(config, dialect);
    const schemas = [
      ...new Set(
        [...target.tables, ...target.enums, ...(target.sequences ?? []), ...(target.domains ?? [])]
          .map((t) => t.schema)
          .filter((s) => s !== undefined),
      ),
    ];
    const database = await dialect.introspector.reflect(connection, { schemas });
    const comparison = await compareSchemas(target, database, {
      dialect,
      include: nameFilter({
        include: config.include,
        exclude: config.exclude,
        versionTable: config.versionTable,
        versionTableSchema: config.versionTableSchema,
        historyTable: config.historyTable,
      }),
      ...(options.askRename ? { askRename: options.askRename } : {}),
    });

    const downgradeOps: Operation[] = [];
    const irreversible: string[] = [];
    for (const operation of [...comparison.operations].reverse()) {
      const reverse = reverseOperation(operation);
      if (reverse) downgradeOps.push(reverse);
      else
        irreversible.push(`cannot be reversed automatically, write by hand: ${describeOperation(operation)}`);
    }
    const header = comparison.warnings.map((w) => `NOT DETECTED AS AN OPERATION: ${w}`);
    const [upgradeCode, downgradeCode] = await formatBodies(
      [
        renderStatements({ operations: comparison.operations, notes: comparison.notes, header }),
        renderStatements({ operations: downgradeOps, header: irreversible }),
      ],
      config.rootDir,
    );
    return {
      dialect,
      upgradeOps: comparison.operations,
      downgradeOps,
      upgradeCode: upgradeCode ?? "",
      downgradeCode: downgradeCode ?? "",
      imports: "",
      differences: comparison.operations.flatMap((o) => describeOperation(o).split("\n")),
      warnings: comparison.warnings,
    };
  } finally {
    if (!options.connection) await connection.close();
  }
}

/** What `revision --autogenerate` hands to the revision command (statements unindented), plus the result. */
export async function autogenerateRevisionBody(
  config: ResolvedConfig,
  options: AutogenerateOptions & { readonly interactive?: boolean } = {},
): Promise<{ body: { upgrade: string; downgrade: string; imports: string }; result: AutogenerateResult }> {
  const askRename =
    options.askRename ??
    (options.interactive ? (await import("../autogenerate/prompt-rename.js")).promptRename() : undefined);
  const connection = options.connection ?? (await openConnection(config));
  let result: AutogenerateResult;
  try {
    result = await autogenerate(config, { ...options, connection, ...(askRename ? { askRename } : {}) });
    await rehearseUpgrade(result.dialect, connection, config.url, result.upgradeOps);
  } finally {
    if (!options.connection) await connection.close();
  }
  const marked = (code: string) =>
    ["// Generated by retort autogenerate from the target schema: review before running.", code]
      .filter((part) => part !== "")
      .join("\n");
  return {
    body: {
      upgrade: marked(result.upgradeCode),
      downgrade: marked(result.downgradeCode),
      imports: result.imports,
    },
    result,
  };
}

/**
 * `revision --autogenerate --sql`: the SQL the upgrade would run for the current differences, values inlined, one
 * statement per line ending in `;`. Nothing is written and nothing is executed.
 */
export async function autogenerateSql(
  config: ResolvedConfig,
  options: AutogenerateOptions = {},
): Promise<string> {
  const result = await compareWithDatabase(config, options, { sql: true });
  const lines: string[] = [];
  for (const operation of result.upgradeOps) {
    for (const step of await result.dialect.compiler.compile(operation, { inlineValues: true })) {
      const statements = isOutsideTransactionStep(step)
        ? [...step.setup, ...step.statements, ...step.teardown]
        : [step];
      for (const statement of statements) lines.push(`${statement.sql};`);
    }
  }
  return lines.join("\n");
}
