// `retort squash FROM:TO`: folds a linear run of revisions into one new revision that declares
// `replaces = [...]`. Its upgrade is the originals' operations in order (recorded by running them on a scratch
// database), or with `snapshot` the DDL from the schema below FROM to the schema at TO; its downgrade is the
// reverse. Before anything is written, the new file itself runs on the scratch database and must leave the
// same schema as the originals, up and down.

import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describeOperation } from "../autogenerate/describe.js";
import { formatBodies } from "../autogenerate/format.js";
import { renderSql, renderStatements } from "../autogenerate/render.js";
import { displayPath } from "../config/paths.js";
import type { ResolvedConfig } from "../config/types.js";
import { redactUrl } from "../config/url.js";
import { RetortError } from "../errors.js";
import type { Revision, RevisionMap } from "../graph/index.js";
import type { OpCall } from "../operations/op.js";
import type { Operation } from "../operations/operation.js";
import { databaseTarget, readDatabaseHeads } from "../runtime/database-target.js";
import { loadRevisionModule, loadRevisionModules } from "../runtime/revision-loader.js";
import type { MigrationFunction, RevisionModule } from "../runtime/revision-module.js";
import { prepareRevision, writeRevisionFile } from "../script/generate-revision.js";
import { type RevisionScript, ScriptDirectory } from "../script/script-directory.js";
import { Scratch } from "./squash-scratch.js";

export interface SquashOptions {
  /** `FROM:TO`: the oldest and the newest revision of the run, both included. */
  readonly range: string;
  readonly message?: string;
  readonly revId?: string;
  /** The DDL between the schema below FROM and the schema at TO, instead of the originals' operations. */
  readonly snapshot?: boolean;
  /** Remove the replaced files; allowed only when the database is at or above TO. */
  readonly deleteOriginals?: boolean;
  /** Check everything, write nothing, return the text. */
  readonly dryRun?: boolean;
  /**
   * Every database of the config file, for `deleteOriginals`: those sharing a version location with `config`
   * must all be at or above TO. Default: `config`'s own database only.
   */
  readonly databases?: readonly ResolvedConfig[];
}

export interface SquashResult {
  readonly id: string;
  /** Where the squash revision is (or would be) written. */
  readonly path: string;
  readonly text: string;
  /** The replaced ids, oldest first. */
  readonly replaces: readonly string[];
  readonly mode: "operations" | "snapshot";
  /** Data steps kept in the squash, in order, as `<revision>: <operation>`. */
  readonly dataSteps: readonly string[];
  /** Files removed (or, with dryRun, that would be) by `deleteOriginals`. */
  readonly deleted: readonly string[];
  readonly dryRun: boolean;
}

/** The run cannot be squashed as asked; nothing was written. */
export class SquashRefusedError extends RetortError {}

interface Recorded {
  readonly revision: string;
  readonly direction: "upgrade" | "downgrade";
  readonly operations: Operation[];
  readonly queries: string[];
}

export async function squash(config: ResolvedConfig, options: SquashOptions): Promise<SquashResult> {
  const directory = ScriptDirectory.load(config);
  const run = squashRun(directory, options.range);
  const ids = run.map((script) => script.id);
  const mode = options.snapshot ? "snapshot" : "operations";
  if (options.deleteOriginals) {
    await checkDatabasesAtOrAbove(config, options.databases ?? [config], directory.map, ids[ids.length - 1]!);
  }

  const first = directory.script(ids[0]!);
  const revisionOptions = {
    parents: first.downRevisions,
    splice: true,
    message: options.message ?? `squash ${ids[0]} to ${ids[ids.length - 1]}`,
    dependsOn: runDependencies(run, ids),
    branchLabels: run.flatMap((script) => script.branchLabels),
    revId: options.revId,
    versionPath: dirname(first.path),
    replaces: ids,
  };
  // The file's own checks (id free, template usable) before the slow work on the scratch database.
  prepareRevision(directory, revisionOptions);

  const below = revisionsBelow(directory.map, ids);
  const modules = await loadRevisionModules(
    [...below, ...ids].map((id) => directory.script(id).path),
    config.rootDir,
  );
  const moduleOf = (id: string) => modules.get(directory.script(id).path)!;
  for (const id of ids) {
    if (moduleOf(id).downgrade === undefined) {
      throw new SquashRefusedError(
        `${displayPath(directory.script(id).path)}: revision ${id} has no downgrade(), so the squash could not have one`,
      );
    }
  }

  const scratch = await Scratch.open(config);
  try {
    for (const id of below) await scratch.run(required(moduleOf(id), "upgrade", id));
    const before = await scratch.reflect();
    const ups = await recordRun(scratch, ids, "upgrade", moduleOf);
    const after = await scratch.reflect();
    const downs = await recordRun(scratch, [...ids].reverse(), "downgrade", moduleOf);
    const undone = await scratch.differences(before, await scratch.reflect());
    if (undone.length > 0) {
      throw new SquashRefusedError(
        `The downgrades of ${ids.join(", ")} do not bring the schema back to what it was below ${ids[0]}: ${summary(undone)}`,
        { hint: "fix the originals' downgrade() functions first; the squash's downgrade is made from them" },
      );
    }
    const data = dataSteps(directory, [...ups, ...downs], mode);

    const [upgradeCode, downgradeCode] =
      mode === "snapshot"
        ? await formatBodies(
            [
              renderStatements({ operations: await scratch.operationsBetween(after, before) }),
              renderStatements({ operations: await scratch.operationsBetween(before, after) }),
            ],
            config.rootDir,
          )
        : await formatBodies(
            [renderRecorded(directory, ups), renderRecorded(directory, downs)],
            config.rootDir,
          );
    const prepared = prepareRevision(directory, {
      ...revisionOptions,
      body: { upgrade: upgradeCode ?? "", downgrade: downgradeCode ?? "" },
    });

    await verifyOnScratch(scratch, config.rootDir, prepared, before, after);

    const deleted = options.deleteOriginals ? run.map((script) => script.path) : [];
    if (!options.dryRun) {
      writeRevisionFile(prepared);
      for (const path of deleted) unlinkSync(path);
    }
    return { ...prepared, replaces: ids, mode, dataSteps: data, deleted, dryRun: options.dryRun === true };
  } finally {
    await scratch.dispose();
  }
}

/** FROM:TO as the revision files of a linear run, oldest first; every rule a run must follow, checked. */
function squashRun(directory: ScriptDirectory, range: string): RevisionScript[] {
  const { map } = directory;
  const colon = range.indexOf(":");
  if (colon <= 0 || colon === range.length - 1 || range.indexOf(":", colon + 1) !== -1) {
    throw new SquashRefusedError(`Squash needs FROM:TO, both given (got '${range}')`, {
      hint: "for example retort squash 27e81ea4d86f:2d8b17e13d1a",
    });
  }
  const one = (ident: string) => {
    const id = map.resolveOne(ident);
    if (id === undefined) throw new SquashRefusedError(`'${ident}' names no revision to squash`);
    return id;
  };
  const from = one(range.slice(0, colon));
  const to = one(range.slice(colon + 1));
  // The line from TO down its first down revisions to FROM, newest first; merges are refused below.
  const line: string[] = [];
  for (
    let id: string | undefined = to;
    id !== undefined && !line.includes(from);
    id = map.get(id)!.downRevisions[0]
  ) {
    line.push(id);
  }
  if (!line.includes(from))
    throw new SquashRefusedError(`${from} is not below ${to} on one line of down revisions`);
  const run: RevisionScript[] = [];
  for (const id of line) {
    const revision: Revision = map.get(id)!;
    const where = displayPath(directory.script(id).path);
    if (revision.replaces.length > 0) {
      throw new SquashRefusedError(
        `${where}: ${id} is itself a squash revision; squash the originals instead`,
      );
    }
    if (revision.isMergePoint) {
      throw new SquashRefusedError(`${where}: ${id} is a merge; a squash folds a single line of revisions`);
    }
    if (id !== to && (revision.children.length !== 1 || revision.children[0] !== run[0]!.id)) {
      throw new SquashRefusedError(
        `${id} has other children (${revision.children.join(", ")}) than the run above it; a squash folds a line without branches`,
      );
    }
    run.unshift(directory.script(id));
  }
  if (run.length < 2)
    throw new SquashRefusedError(`${from}:${to} is a single revision; there is nothing to fold`);
  return run;
}

/** What the run needs before its first revision, in upgrade order (its parents and their dependencies). */
function revisionsBelow(map: RevisionMap, ids: readonly string[]): string[] {
  const inRun = new Set(ids);
  return map
    .planUpgrade([], ids[ids.length - 1]!)
    .steps.map((step) => step.revision!)
    .filter((id) => !inRun.has(id));
}

/** The run's own dependencies on revisions outside it, as written. */
function runDependencies(run: readonly RevisionScript[], ids: readonly string[]): string[] {
  const out: string[] = [];
  for (const script of run) {
    for (const dep of script.dependsOn) if (!ids.includes(dep) && !out.includes(dep)) out.push(dep);
  }
  return out;
}

function required(module: RevisionModule, name: "upgrade" | "downgrade", id: string): MigrationFunction {
  const fn = module[name];
  if (fn === undefined) throw new SquashRefusedError(`Revision ${id} has no ${name}() function`);
  return fn;
}

async function recordRun(
  scratch: Scratch,
  ids: readonly string[],
  direction: "upgrade" | "downgrade",
  moduleOf: (id: string) => RevisionModule,
): Promise<Recorded[]> {
  const recorded: Recorded[] = [];
  for (const id of ids) {
    const entry: Recorded = { revision: id, direction, operations: [], queries: [] };
    await scratch.run(required(moduleOf(id), direction, id), (call: OpCall) => {
      if (call.kind === "query") entry.queries.push(call.sql);
      else entry.operations.push(call.operation);
    });
    recorded.push(entry);
  }
  return recorded;
}

const DML = /^\s*(?:insert|update|delete|merge|replace|upsert|copy|with|select|call|do|truncate)\b/i;

function isDataStep(operation: Operation): boolean {
  if (operation.kind === "bulkInsert") return true;
  if (operation.kind !== "execute") return false;
  if (typeof operation.sql === "string") return DML.test(operation.sql);
  const first = operation.sql.fragments[0];
  return first !== undefined && "text" in first && DML.test(first.text);
}

/** Values written into the new file as JSON must come back the same, or the squash would change the data. */
function survivesJson(value: unknown): boolean {
  if (value === undefined) return true;
  try {
    return isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value);
  } catch {
    return false;
  }
}

/**
 * The data steps of the run, which are kept in order (as operations) or refused (in a snapshot). `op.query`
 * is refused either way: what the revision did with the rows it read is code, not an operation to record.
 */
function dataSteps(
  directory: ScriptDirectory,
  recorded: readonly Recorded[],
  mode: "operations" | "snapshot",
): string[] {
  const where = (id: string) => `${id} (${displayPath(directory.script(id).path)})`;
  const refused: string[] = [];
  const kept: string[] = [];
  for (const entry of recorded) {
    for (const sql of entry.queries)
      refused.push(`${where(entry.revision)}: op.query(${JSON.stringify(oneLine(sql))})`);
    for (const operation of entry.operations) {
      if (!isDataStep(operation)) continue;
      const what =
        operation.kind === "execute"
          ? `execute ${oneLine(typeof operation.sql === "string" ? operation.sql : renderSql(operation.sql))}`
          : oneLine(describeOperation(operation));
      const text = `${entry.revision} ${entry.direction}: ${what}`;
      const values =
        operation.kind === "bulkInsert"
          ? operation.rows
          : operation.kind === "execute"
            ? operation.params
            : undefined;
      if (mode === "snapshot" || !survivesJson(values)) {
        refused.push(`${where(entry.revision)} ${entry.direction}: ${what}`);
      } else kept.push(text);
    }
  }
  if (refused.length > 0) {
    throw new SquashRefusedError(`Cannot fold data steps into the squash: ${refused.join("; ")}`, {
      hint:
        mode === "snapshot"
          ? "a snapshot holds schema only: squash without --snapshot to keep data steps in order, or squash a run without them"
          : "op.query and values that do not survive JSON (dates, bytes, bigints) cannot be recorded: squash a run that ends before them",
    });
  }
  return kept;
}

/** Each original's operations under a comment naming it, in run order. */
function renderRecorded(directory: ScriptDirectory, recorded: readonly Recorded[]): string {
  return recorded
    .map((entry) => {
      const doc = directory.script(entry.revision).doc;
      const body = renderStatements({ operations: entry.operations });
      return [`// ${entry.revision}${doc ? `: ${doc}` : ""}`, ...(body === "" ? [] : [body])].join("\n");
    })
    .join("\n");
}

/** The new file, loaded from a temporary copy, run up and down on the scratch database. */
async function verifyOnScratch(
  scratch: Scratch,
  rootDir: string,
  prepared: { readonly path: string; readonly text: string },
  before: Awaited<ReturnType<Scratch["reflect"]>>,
  after: Awaited<ReturnType<Scratch["reflect"]>>,
): Promise<void> {
  // Beside its destination (a dot-folder, which loads skip), so that a `.js` file is read as the project's
  // package.json says (ESM or not) and relative imports resolve as they will.
  const folder = mkdtempSync(join(dirname(prepared.path), ".retort-squash-"));
  try {
    const copy = join(folder, basename(prepared.path));
    writeFileSync(copy, prepared.text);
    const module = await loadRevisionModule(copy, rootDir);
    await scratch.run(required(module, "upgrade", "the squash"));
    const up = await scratch.differences(after, await scratch.reflect());
    if (up.length > 0) {
      throw new SquashRefusedError(
        `The squash's upgrade does not produce the schema the originals produce: ${summary(up)}`,
        { hint: "nothing was written; report this, or squash with --snapshot" },
      );
    }
    await scratch.run(required(module, "downgrade", "the squash"));
    const down = await scratch.differences(before, await scratch.reflect());
    if (down.length > 0) {
      throw new SquashRefusedError(
        `The squash's downgrade does not bring back the schema below the run: ${summary(down)}`,
        { hint: "nothing was written; report this, or squash with --snapshot" },
      );
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** `--delete-originals` strands no database: each configured one on these revision files must be at or above TO. */
async function checkDatabasesAtOrAbove(
  config: ResolvedConfig,
  databases: readonly ResolvedConfig[],
  map: RevisionMap,
  to: string,
): Promise<void> {
  const shared = databases.filter(
    (other) =>
      other.url && other.versionLocations.some((location) => config.versionLocations.includes(location)),
  );
  if (shared.length === 0) {
    throw new SquashRefusedError("--delete-originals needs a configured database to check", {
      hint: "set url in the config; the originals may be deleted only once every database is at or above TO",
    });
  }
  for (const database of shared) await checkAtOrAbove(database, map, to);
}

async function checkAtOrAbove(database: ResolvedConfig, map: RevisionMap, to: string): Promise<void> {
  const target = databaseTarget(database, "squash");
  let rows: string[];
  try {
    rows = await readDatabaseHeads(target);
  } catch (error) {
    throw new SquashRefusedError(
      `Cannot check whether ${redactUrl(target.url)} is at or above ${to}: ${oneLine((error as Error).message)}`,
      { cause: error, hint: "the originals may be deleted only once every database is at or above TO" },
    );
  }
  const unknown = rows.filter((row) => !map.isKnown(row));
  const atOrAbove = rows.length > 0 && unknown.length === 0 && map.planUpgrade(rows, to).steps.length === 0;
  if (!atOrAbove) {
    throw new SquashRefusedError(
      `${redactUrl(target.url)} is at ${rows.join(", ") || "base"}, below ${to}: deleting the originals would leave it unable to finish the run`,
      { hint: "upgrade that database to at least TO first, or squash without --delete-originals" },
    );
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

function summary(lines: readonly string[]): string {
  return lines.length <= 5
    ? lines.join("; ")
    : `${lines.slice(0, 5).join("; ")}; and ${lines.length - 5} more`;
}
