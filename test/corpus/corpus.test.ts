// The real-schema corpus round trip: for every entry on every dialect it targets, database D gets the entry's
// own DDL and database R gets what Retort's built CLI makes of the same schema (autogenerate, upgrade), and the
// harness's own catalog queries (catalog.ts) must find them identical. Then check against D and a second change
// must stay clean, and downgrade to base must leave nothing. Each test reports every step, passed or failed.

import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { init } from "../../src/commands/init.js";
import { CLI, cliBuilt, runCli } from "../e2e/runtime-cli.js";
import {
  createTestDatabase,
  type DialectName,
  dialectAvailable,
  type TestDatabase,
} from "../support/databases.js";
import { applyDrizzleKitMigrations, applyScript } from "./apply-ddl.js";
import { type Catalog, diffCatalogs, formatDifferences, readCatalog } from "./catalog.js";
import { CORPUS, type CorpusDialect, type CorpusEntry, type SecondChangeExpectations } from "./entries.js";
import { expectationTitle, sortCheckOperations, sortDifferences } from "./expected-differences.js";

const HERE = import.meta.dirname;
/** Scratch folders live inside the repository so that Drizzle modules resolve drizzle-orm from its node_modules. */
const WORK = join(HERE, ".work");
const VERSION_TABLE = "retort_version";
/** Retort's own bookkeeping beside the version table (the applied history); not part of any entry's schema. */
const HISTORY_TABLE = "retort_history";
const RETORT_TABLES = [VERSION_TABLE, HISTORY_TABLE];
const RUNS_ON: Record<CorpusDialect, readonly DialectName[]> = {
  postgres: ["pglite", "postgres"],
  mysql: ["mysql"],
  sqlite: ["sqlite"],
};

/**
 * Where an entry's third-party files are: RETORT_CORPUS_DIR, this folder, or shared/corpus beside the
 * repository (the files are not committed; see test/corpus/README.md).
 */
function entrySource(entry: CorpusEntry): string | undefined {
  const roots = [process.env.RETORT_CORPUS_DIR, HERE, join(HERE, "..", "..", "..", "shared", "corpus")];
  for (const root of roots) {
    if (root && existsSync(join(root, entry.dialect, entry.name, entry.target)))
      return join(root, entry.dialect, entry.name);
  }
  return undefined;
}

interface StepReport {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
  /** Seconds since the previous step ended. */
  readonly seconds: number;
}

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const firstLines = (text: string, count = 40) => {
  const lines = text.trim().split("\n");
  return lines.length > count
    ? [...lines.slice(0, count), `… (${lines.length - count} more lines)`].join("\n")
    : text.trim();
};
const cliOutput = (result: CliResult) => firstLines(`${result.stdout}\n${result.stderr}`);

/** The target copy for the second change: every edit applied (each must match once), then the appended SQL. */
function secondTarget(entry: CorpusEntry, original: string): string {
  let source = readFileSync(original, "utf8");
  for (const edit of entry.secondChange.edits ?? []) {
    const count = source.split(edit.find).length - 1;
    if (count !== 1)
      throw new Error(`edit of ${entry.target} matches ${count} times: ${JSON.stringify(edit.find)}`);
    source = source.replace(edit.find, () => edit.replace);
  }
  if (entry.secondChange.append) source += entry.secondChange.append;
  const copy = join(dirname(original), `${basename(original, extname(original))}.second${extname(original)}`);
  writeFileSync(copy, source);
  return copy;
}

/**
 * Facts about objects Retort's autogenerate does not manage (docs/autogenerate.md): views, triggers, routines,
 * events and partitioning, and the indexes of a materialized view (either catalog's), which belong to it. The name
 * its warning gives each one, or undefined for a fact about a managed object.
 */
function unmanagedName(key: string, dialect: DialectName, catalogs: readonly Catalog[]): string | undefined {
  const indexed = /^index (.+)\.[^.]+$/.exec(key)?.[1];
  if (indexed !== undefined && catalogs.some((c) => c.has(`materialized view ${indexed}`)))
    return unmanagedName(`materialized view ${indexed}`, dialect, []);
  const kind = UNMANAGED_KINDS.find((k) => key.startsWith(`${k} `));
  if (kind === undefined) return undefined;
  let name = key.slice(kind.length + 1);
  // PostgreSQL's warnings name objects of the default schema (public, in every entry) without it.
  if (dialect !== "mysql" && dialect !== "sqlite" && name.startsWith("public.")) name = name.slice(7);
  // MySQL's triggers are keyed by table and name, and named by name alone.
  if (kind === "trigger" && dialect === "mysql") name = name.slice(name.indexOf(".") + 1);
  return `${kind === "partitions" ? "partitioning" : kind} ${JSON.stringify(name)}`;
}

const UNMANAGED_KINDS = [
  "materialized view",
  "window function",
  "view",
  "procedure",
  "function",
  "aggregate",
  "event",
  "trigger",
  "partitions",
];

/** Which of the second change's effects are missing from R's catalog. */
function unmetExpectations(catalog: Catalog, expect: SecondChangeExpectations): string[] {
  const unmet: string[] = [];
  const added = catalog.get(`column ${expect.addedColumn.table}.${expect.addedColumn.column}`);
  if (added === undefined || !/\bdefault=/.test(added))
    unmet.push(
      `column ${expect.addedColumn.table}.${expect.addedColumn.column} with a default: ${added ?? "absent"}`,
    );
  if (!catalog.has(`index ${expect.addedIndex.table}.${expect.addedIndex.index}`))
    unmet.push(`index ${expect.addedIndex.table}.${expect.addedIndex.index}: absent`);
  const changed = catalog.get(`column ${expect.changedType.table}.${expect.changedType.column}`);
  if (!changed?.includes(expect.changedType.type))
    unmet.push(
      `column ${expect.changedType.table}.${expect.changedType.column} of type ${expect.changedType.type}: ${changed ?? "absent"}`,
    );
  const dropped = expect.droppedForeignKey;
  if (dropped) {
    const definition = `FOREIGN KEY (${dropped.columns.join(", ")})`;
    const left = [...catalog].filter(
      ([key, value]) =>
        (key.startsWith(`constraint ${dropped.table}.`) ||
          key.startsWith(`foreign key ${dropped.table} (`)) &&
        value.startsWith(definition),
    );
    if (left.length > 0) unmet.push(`foreign key still there: ${left.map(([key]) => key).join(", ")}`);
  }
  return unmet;
}

/** Builds D for an entry: its own DDL, applied without Retort. */
async function buildD(entry: CorpusEntry, folder: string, database: TestDatabase): Promise<void> {
  if (entry.ddl.kind === "script")
    await applyScript(database.url, readFileSync(join(folder, entry.target), "utf8"));
  else
    await applyDrizzleKitMigrations(
      database.url,
      entry.ddl.migrations.map((file) => join(folder, file)),
    );
}

async function roundTrip(entry: CorpusEntry, dialect: DialectName, source: string): Promise<StepReport[]> {
  const steps: StepReport[] = [];
  let last = Date.now();
  const record = (step: string, ok: boolean, detail = "") => {
    const now = Date.now();
    steps.push({ step, ok, detail, seconds: (now - last) / 1000 });
    last = now;
  };
  const work = join(WORK, `${runId(entry, dialect)}-${randomBytes(3).toString("hex")}`);
  const folder = join(work, "entry");
  const project = join(work, "project");
  cpSync(source, folder, { recursive: true });
  // The committed stand-ins for app helpers (shims.ts) sit beside SOURCE.md in this repository.
  const local = join(HERE, entry.dialect, entry.name);
  if (existsSync(local))
    for (const file of readdirSync(local))
      if (file.endsWith(".ts")) cpSync(join(local, file), join(folder, file));
  mkdirSync(project, { recursive: true });
  // `init` writes retort.config.ts and the revision template; the harness's own config takes url and target from -x.
  const config = join(project, "corpus.config.mjs");
  writeFileSync(
    config,
    `export default (x) => ({ url: x.url, target: x.target, ...${JSON.stringify(entry.config ?? {})} });\n`,
  );
  const retort = (args: readonly string[], url: string, target: string): Promise<CliResult> =>
    runCli(project, ["-c", config, "-x", `url=${url}`, "-x", `target=${target}`, "--no-color", ...args]);
  let target = join(folder, entry.target);
  if (entry.variant) {
    const transformed = entry.variant.transform(readFileSync(target, "utf8"));
    if (transformed === readFileSync(target, "utf8"))
      throw new Error(`the variant "${entry.variant.label}" changes nothing`);
    target = join(folder, `${basename(entry.target, extname(entry.target))}.variant${extname(entry.target)}`);
    writeFileSync(target, transformed);
  }

  const databases: TestDatabase[] = [];
  try {
    await init({ directory: project, template: "generic" });

    // a. D: the DDL applied directly.
    const d = await createTestDatabase(dialect);
    databases.push(d);
    let dBuilt = false;
    try {
      await buildD(entry, folder, d);
      dBuilt = true;
      record("a. DDL applied directly to D", true);
    } catch (error) {
      record("a. DDL applied directly to D", false, String(error instanceof Error ? error.message : error));
    }

    // b. R: autogenerate from the target, upgrade, check.
    const r = await createTestDatabase(dialect);
    databases.push(r);
    const generated = await retort(["revision", "--autogenerate", "-m", "init"], r.url, target);
    const warnings = generated.stdout.split("\n").filter((line) => line.startsWith("Warning: "));
    let upgraded = false;
    const detected = generated.stdout.split("\n").filter((line) => line.startsWith("Detected ")).length;
    if (generated.code !== 0) {
      record("b. revision --autogenerate on R", false, cliOutput(generated));
    } else {
      const up = await retort(["upgrade", "head"], r.url, target);
      upgraded = up.code === 0;
      if (!upgraded) record("b. upgrade head on R", false, cliOutput(up));
      else {
        const checked = await retort(["check"], r.url, target);
        record(
          `b. autogenerate (${detected} operations), upgrade head, check on R`,
          checked.code === 0,
          checked.code === 0 ? "" : cliOutput(checked),
        );
      }
    }

    // c. catalog(D) = catalog(R).
    if (dBuilt && upgraded) {
      const dCatalog = await readCatalog(d.url, { ignoreTables: RETORT_TABLES });
      const rCatalog = await readCatalog(r.url, { ignoreTables: RETORT_TABLES });
      const all = diffCatalogs(dCatalog, rCatalog);
      // An object autogenerate does not manage is reported apart, and only if its warning names it; one it
      // passes over in silence is a difference like any other.
      const named = (key: string) => {
        const name = unmanagedName(key, dialect, [dCatalog, rCatalog]);
        return name !== undefined && warnings.some((line) => line.includes(`manage ${name} `));
      };
      const unmanaged = all.filter((d) => named(d.key));
      // What the entry's own history explains is listed by reason, apart from the failures; an expectation that
      // did not occur fails the step as well.
      const sorted = sortDifferences(
        all.filter((d) => !named(d.key)),
        entry.expectedDifferences ?? [],
      );
      const differences = sorted.unexplained;
      const explainedCount = sorted.explained.reduce((n, e) => n + e.differences.length, 0);
      record(
        `c. catalog(R) = catalog(D) (${dCatalog.size} facts in D${unmanaged.length > 0 ? `, ${unmanaged.length} about objects autogenerate does not manage and names in a warning` : ""}${explainedCount > 0 ? `, ${explainedCount} expected from the entry's history` : ""})`,
        differences.length === 0 && sorted.unseen.length === 0,
        [
          ...(differences.length === 0
            ? []
            : [`${differences.length} differences:`, formatDifferences(differences)]),
          ...(sorted.unseen.length === 0
            ? []
            : [
                `${sorted.unseen.length} expected differences did not occur:`,
                ...sorted.unseen.map((e) => `  ${expectationTitle(e)}`),
              ]),
          ...(sorted.explained.length === 0
            ? []
            : [
                `${explainedCount} expected differences (${sorted.explained.length} declared by the entry):`,
                ...sorted.explained.flatMap(({ expected, differences }) => [
                  `  ${expectationTitle(expected)}`,
                  formatDifferences(differences).replace(/^/gm, "  "),
                ]),
              ]),
          ...(unmanaged.length === 0
            ? []
            : [`not managed (named by autogenerate's warnings):`, formatDifferences(unmanaged)]),
        ].join("\n"),
      );
    } else record("c. catalog(R) = catalog(D)", false, "not run: D or R was not built");

    // d. check against D, stamped at head first as an existing database is adopted (check refuses a database
    // that is not at the graph's heads).
    if (dBuilt && upgraded) {
      const stamped = await retort(["stamp", "head"], d.url, target);
      const checked = stamped.code === 0 ? await retort(["check"], d.url, target) : stamped;
      // The operations check proposes must be exactly those the entry's expected differences name.
      const output = `${checked.stdout}\n${checked.stderr}`;
      const operations = sortCheckOperations(output, entry.expectedDifferences ?? []);
      const detectedCount = Number(/New upgrade operations detected \((\d+)\)/.exec(output)?.[1] ?? 0);
      const clean =
        stamped.code === 0 &&
        (checked.code === 0 || (detectedCount > 0 && detectedCount === operations.explained.length)) &&
        operations.unexplained.length === 0 &&
        operations.missing.length === 0;
      record(
        `d. stamp head, check against D${operations.explained.length > 0 ? ` (${operations.explained.length} operations expected from the entry's history)` : ""}`,
        clean,
        clean
          ? operations.explained.map((line) => `  expected: ${line}`).join("\n")
          : [
              cliOutput(checked),
              ...operations.missing.map((line) => `  expected but not proposed: ${line}`),
            ].join("\n"),
      );
    } else record("d. check against D", false, "not run: D or R was not built");

    // f. a second change: edit a copy of the target, autogenerate, upgrade, check; the changes must be in R.
    let changed = false;
    // With no operations at all, Retort read the target as empty: a second change cannot tell anything more.
    if (upgraded && detected > 0) {
      const second = secondTarget(entry, target);
      const generatedSecond = await retort(["revision", "--autogenerate", "-m", "second"], r.url, second);
      const up = generatedSecond.code === 0 ? await retort(["upgrade", "head"], r.url, second) : undefined;
      changed = up?.code === 0;
      const checked = changed ? await retort(["check"], r.url, second) : undefined;
      const failed = [generatedSecond, up, checked].find(
        (result) => result !== undefined && result.code !== 0,
      );
      if (failed || !checked) {
        record(
          `f. second change (${entry.secondChange.description})`,
          false,
          failed ? cliOutput(failed) : "",
        );
      } else {
        const unmet = unmetExpectations(
          await readCatalog(r.url, { ignoreTables: RETORT_TABLES }),
          entry.secondChange.expect,
        );
        record(
          `f. second change (${entry.secondChange.description}): autogenerate, upgrade, check clean, changes present`,
          unmet.length === 0,
          unmet.map((line) => `  missing: ${line}`).join("\n"),
        );
      }
    } else
      record(
        "f. second change",
        false,
        upgraded
          ? "not run: the first autogenerate found nothing in the target"
          : "not run: R was not upgraded",
      );

    // e. (run last, so that it also undoes the second revision) downgrade base leaves only the version table.
    if (upgraded) {
      const down = await retort(["downgrade", "base"], r.url, target);
      if (down.code !== 0)
        record(
          `e. downgrade base on R${changed ? " (from the second revision)" : ""}`,
          false,
          cliOutput(down),
        );
      else {
        const after = await readCatalog(r.url);
        const versionTable =
          after.has(`table ${VERSION_TABLE}`) || after.has(`table public.${VERSION_TABLE}`);
        const left = [...after].filter(
          ([key]) =>
            !RETORT_TABLES.some((table) => key.includes(table)) && !key.startsWith("extension plpgsql"),
        );
        record(
          `e. downgrade base${changed ? " (from the second revision)" : ""} leaves only the version table`,
          versionTable && left.length === 0,
          [
            ...(versionTable ? [] : [`  the version table ${VERSION_TABLE} is gone`]),
            ...left.map(([key, value]) => `  left: ${key}: ${value}`),
          ].join("\n"),
        );
      }
    } else record("e. downgrade base", false, "not run: R was not upgraded");
  } finally {
    for (const database of databases) await database.drop();
    if (!process.env.RETORT_CORPUS_KEEP) rmSync(work, { recursive: true, force: true });
  }
  return steps;
}

/** `postgres-pagila-pglite`, with `-variant` for a variant run. */
function runId(entry: CorpusEntry, dialect: DialectName): string {
  return `${entry.dialect}-${entry.name}${entry.variant ? "-variant" : ""}-${dialect}`;
}

function formatReport(title: string, steps: readonly StepReport[]): string {
  return [
    title,
    ...steps.map(
      (s) =>
        `${s.ok ? "PASS" : "FAIL"} ${s.step} [${s.seconds.toFixed(1)} s]${s.detail ? `\n${s.detail.replace(/^/gm, "    ")}` : ""}`,
    ),
  ].join("\n");
}

if (!cliBuilt) console.warn(`skipping the corpus round trip: ${CLI} is missing (run npm run build)`);

// Three runs at a time: each spawns CLI processes, and more only makes them queue for the two cores (measured:
// 185 s with vitest's default of 5, 159 s with 2, 144 s with 3).
vi.setConfig({ maxConcurrency: 3 });

for (const entry of CORPUS) {
  const source = entrySource(entry);
  const name = `${entry.dialect}/${entry.name}${entry.variant ? ` (variant: Retort's target ${entry.variant.label})` : ""}`;
  if (!source && !entry.variant) console.warn(`skipping corpus entry ${name}: its files are not present`);
  describe(`corpus ${name}`, () => {
    for (const dialect of entry.variant?.runsOn ?? RUNS_ON[entry.dialect]) {
      const test = !source || !cliBuilt || !dialectAvailable(dialect) ? it.skip : it.concurrent;
      test(`[${dialect}] the DDL applied directly and Retort's autogenerate + upgrade give the same catalog; check, downgrade and a second change stay clean`, async () => {
        const steps = await roundTrip(entry, dialect, source as string);
        const report = formatReport(`corpus ${name} on ${dialect}`, steps);
        mkdirSync(join(WORK, "reports"), { recursive: true });
        writeFileSync(join(WORK, "reports", `${runId(entry, dialect)}.txt`), `${report}\n`);
        expect(
          steps.filter((s) => !s.ok).map((s) => s.step),
          report,
        ).toEqual([]);
      }, 240_000);
    }
  });
}
