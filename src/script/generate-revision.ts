// Writes a new revision file on top of given parents, following Alembic's rules for `revision` and `merge`:
// parents must be heads unless spliced, the file goes into its parent's version location, dependencies are
// stored as full ids (bare branch labels kept), and every check runs before anything touches the disk.

import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, resolve } from "node:path";
import { displayPath } from "../config/paths.js";
import { GraphError } from "../graph/graph-errors.js";
import { RevisionMap } from "../graph/index.js";
import type { RevisionInput } from "../graph/types.js";
import { headerValueSpan, parseHeader } from "./header-parser.js";
import { REVISION_ID_PATTERN, type ScriptDirectory } from "./script-directory.js";
import { ScriptWriteError } from "./script-errors.js";
import { slugify } from "./slug.js";
import { findRevisionTemplate, type RevisionTemplate, renderTemplate } from "./template.js";

/** Code for the new revision's functions, for autogenerate; statements unindented, one per line. */
export interface RevisionBody {
  readonly upgrade: string;
  readonly downgrade: string;
  /** Import lines added below the template's own. */
  readonly imports?: string;
}

export interface GenerateRevisionOptions {
  /** Full ids of the new revision's down revisions: none for a new base, two or more for a merge. */
  readonly parents: readonly string[];
  /** Allow parents that are not heads (start a new branch). */
  readonly splice?: boolean;
  readonly message?: string;
  readonly branchLabels?: readonly string[];
  /** One of the configured version locations, relative to the working directory or the config folder. */
  readonly versionPath?: string;
  /** Revision ids, unique prefixes or branch labels the new revision depends on. */
  readonly dependsOn?: readonly string[];
  readonly revId?: string;
  readonly body?: RevisionBody;
  /** Creation time written into the file (default: now). */
  readonly now?: Date;
  /** A squash revision: the ids it replaces, oldest first, written as `export const replaces` after dependsOn. */
  readonly replaces?: readonly string[];
}

export interface GeneratedRevision {
  readonly id: string;
  /** Absolute path of the written file. */
  readonly path: string;
}

/** A revision file checked and ready to write: where it goes and what it says. */
export interface PreparedRevision extends GeneratedRevision {
  readonly text: string;
}

const LABEL_PATTERN = /^[A-Za-z0-9_.-]+$/;
const RESERVED = new Set(["head", "heads", "base", "current"]);

export async function generateRevision(
  directory: ScriptDirectory,
  options: GenerateRevisionOptions,
): Promise<GeneratedRevision> {
  const prepared = prepareRevision(directory, options);
  writeRevisionFile(prepared);
  return { id: prepared.id, path: prepared.path };
}

/** Every check of a new revision, and its text, without touching the disk. */
export function prepareRevision(
  directory: ScriptDirectory,
  options: GenerateRevisionOptions,
): PreparedRevision {
  const { map, config } = directory;
  const id = options.revId ?? newRevisionId(directory);
  if (!REVISION_ID_PATTERN.test(id)) {
    throw new ScriptWriteError(
      `Invalid revision id '${id}': use 1 to 32 characters from A-Z, a-z, 0-9 and _`,
    );
  }
  if (directory.scripts.has(id)) {
    throw new ScriptWriteError(`Revision ${id} already exists: ${displayPath(directory.script(id).path)}`);
  }

  const parents = options.parents;
  if (new Set(parents).size !== parents.length)
    throw new ScriptWriteError("Duplicate head revisions specified");
  if (!options.splice) {
    for (const parent of parents) {
      if (!map.get(parent)?.isHead) {
        throw new ScriptWriteError(
          `Revision ${parent} is not a head revision; please specify --splice to create a new branch from this revision`,
        );
      }
    }
  }

  const labels = [...new Set(options.branchLabels ?? [])];
  // A squash takes over the labels its replaced revisions declare: those are not new.
  const takenOver = new Set(
    (options.replaces ?? []).flatMap((id) => directory.scripts.get(id)?.branchLabels ?? []),
  );
  for (const label of labels) if (!takenOver.has(label)) checkNewLabel(directory, label);
  const dependsOn = resolveDependencies(directory, options.dependsOn ?? []);
  const folder = versionFolder(directory, parents, options.versionPath);

  const template = findRevisionTemplate(config.scriptLocation);
  let templateText: string;
  try {
    templateText = readFileSync(template.path, "utf8");
  } catch (error) {
    throw new ScriptWriteError(
      `Cannot read template ${displayPath(template.path)}: ${(error as Error).message}`,
    );
  }
  const message = options.message ?? "empty message";
  const rendered = renderTemplate(templateText, {
    message: message.replace(/\*\//g, "*\\/"),
    revisionId: id,
    revises: parents.join(", "),
    createDate: formatCreateDate(options.now === undefined ? nowMicros() : options.now.getTime() * 1000),
    downRevision: literal(parents),
    branchLabels: literal(labels),
    dependsOn: literal(dependsOn),
    imports: options.body?.imports ?? "",
    upgrades: options.body?.upgrade ?? "",
    downgrades: options.body?.downgrade ?? "",
  });
  const replaces = options.replaces ?? [];
  const text = replaces.length === 0 ? rendered : withReplaces(rendered, replaces, template);
  const input: RevisionInput = {
    id,
    downRevisions: parents,
    dependsOn,
    branchLabels: labels,
    ...(replaces.length === 0 ? {} : { replaces }),
  };
  checkRendered(text, input, template.path);
  try {
    new RevisionMap([...directory.scripts.values(), input]);
  } catch (error) {
    if (error instanceof GraphError) throw new ScriptWriteError(error.message, { cause: error });
    throw error;
  }

  const path = join(
    folder,
    `${id}_${slugify(options.message, config.truncateSlugLength)}${template.extension}`,
  );
  if (dirname(path) !== folder)
    throw new ScriptWriteError(`Refusing to write outside ${displayPath(folder)}`);
  return { id, path, text: text.endsWith("\n") ? text : `${text}\n` };
}

/** Writes a prepared revision; never over an existing file. */
export function writeRevisionFile(prepared: PreparedRevision): void {
  mkdirSync(dirname(prepared.path), { recursive: true });
  try {
    writeFileSync(prepared.path, prepared.text, { flag: "wx" });
  } catch (error) {
    throw new ScriptWriteError(`Cannot write ${displayPath(prepared.path)}: ${(error as Error).message}`);
  }
}

/** The rendered file with `export const replaces = [...];` on the line after the dependsOn declaration. */
function withReplaces(text: string, replaces: readonly string[], template: RevisionTemplate): string {
  const span = headerValueSpan(text, "dependsOn");
  const lineEnd = span === undefined ? -1 : text.indexOf("\n", span.end);
  if (lineEnd === -1) {
    throw new ScriptWriteError(
      `Template ${displayPath(template.path)} has no dependsOn line to write a squash revision's replaces after`,
    );
  }
  const typed = template.extension === ".ts" || template.extension === ".mts";
  const declaration = `export const replaces${typed ? ": string[]" : ""} = [${replaces.map((id) => JSON.stringify(id)).join(", ")}];`;
  return `${text.slice(0, lineEnd + 1)}${declaration}\n${text.slice(lineEnd + 1)}`;
}

/** 12 random lowercase hex characters, like Alembic's, not used by any revision yet. */
function newRevisionId(directory: ScriptDirectory): string {
  for (;;) {
    const id = randomBytes(6).toString("hex");
    if (!directory.scripts.has(id)) return id;
  }
}

function checkNewLabel(directory: ScriptDirectory, label: string): void {
  if (!LABEL_PATTERN.test(label) || RESERVED.has(label)) {
    throw new ScriptWriteError(
      `Invalid branch label '${label}': use letters, digits, '_', '.' and '-', and none of head, heads, base, current`,
    );
  }
  if (directory.scripts.has(label))
    throw new ScriptWriteError(`Branch label '${label}' is already a revision id`);
  const holder = directory.map.all().find((revision) => revision.labels.includes(label));
  if (holder !== undefined)
    throw new ScriptWriteError(`Branch label '${label}' already exists (revision ${holder.id})`);
}

/** Full ids for revision references, while a bare branch label stays a label (as Alembic keeps it). */
function resolveDependencies(directory: ScriptDirectory, references: readonly string[]): string[] {
  const resolved: string[] = [];
  for (const reference of references) {
    const id = directory.map.resolveOne(reference);
    if (id === undefined) throw new ScriptWriteError(`--depends-on ${reference} does not name a revision`);
    const kept = directory.map.get(id)?.labels.includes(reference) ? reference : id;
    if (!resolved.includes(kept)) resolved.push(kept);
  }
  return resolved;
}

function versionFolder(
  directory: ScriptDirectory,
  parents: readonly string[],
  versionPath: string | undefined,
): string {
  const locations = directory.versionLocations;
  if (versionPath !== undefined) {
    const candidates = [resolve(versionPath), resolve(directory.config.rootDir, versionPath)].map((p) =>
      normalize(p),
    );
    const match = locations.find((location) => candidates.includes(location));
    if (match === undefined) {
      throw new ScriptWriteError(`Path ${versionPath} is not represented in current version locations`, {
        hint: `version locations: ${locations.map(displayPath).join(", ")}`,
      });
    }
    return match;
  }
  if (locations.length === 1) return locations[0]!;
  const parent = parents[0];
  if (parent !== undefined) return dirname(directory.script(parent).path);
  throw new ScriptWriteError("Multiple version locations present, please specify --version-path", {
    hint: `version locations: ${locations.map(displayPath).join(", ")}`,
  });
}

/** A header value as code: a string for one, an array for several, null for none. */
function literal(values: readonly string[]): string {
  if (values.length === 0) return "null";
  if (values.length === 1) return JSON.stringify(values[0]);
  return `[${values.map((value) => JSON.stringify(value)).join(", ")}]`;
}

function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** Local time of a moment given in microseconds since the epoch, as `YYYY-MM-DD HH:MM:SS.ffffff` (Alembic's form). */
export function formatCreateDate(epochMicros: number): string {
  const date = new Date(Math.floor(epochMicros / 1000));
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(epochMicros % 1_000_000, 6)}`
  );
}

/** A custom template that lost a header constant would write a file the graph reads differently: refuse. */
function checkRendered(text: string, input: RevisionInput, templatePath: string): void {
  const same = (written: unknown, expected: readonly string[]) => {
    const list =
      written === null || written === undefined ? [] : typeof written === "string" ? [written] : written;
    return JSON.stringify(list) === JSON.stringify(expected);
  };
  let values: ReturnType<typeof parseHeader>["values"];
  try {
    values = parseHeader(text).values;
  } catch (error) {
    throw new ScriptWriteError(
      `Template ${displayPath(templatePath)} renders an unreadable header: ${(error as Error).message}`,
    );
  }
  const wrong = [
    values.revision !== input.id && "revision",
    !same(values.downRevision, input.downRevisions) && "downRevision",
    !same(values.branchLabels, input.branchLabels) && "branchLabels",
    !same(values.dependsOn, input.dependsOn) && "dependsOn",
    !same(values.replaces, input.replaces ?? []) && "replaces",
  ].filter((name): name is string => name !== false);
  if (wrong.length > 0) {
    throw new ScriptWriteError(
      `Template ${displayPath(templatePath)} does not write ${wrong.join(", ")} as given; compare it with the packaged script.ts.tmpl`,
    );
  }
}
