// The revision files of a project: finds them in the version locations, reads each header without executing
// the module, and builds the revision graph. Any problem becomes a ScriptLoadError naming the files involved.

import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { isAbsolute, join, normalize, relative, sep } from "node:path";
import { displayPath } from "../config/paths.js";
import type { ResolvedConfig } from "../config/types.js";
import {
  AmbiguousRevisionError,
  CycleError,
  DependencyCycleError,
  DependencyLoopError,
  DuplicateBranchLabelError,
  GraphError,
  InvalidIdentifierError,
  MissingReferenceError,
  RevisionNotFoundError,
} from "../graph/graph-errors.js";
import { RevisionMap } from "../graph/revision-map.js";
import type { RevisionInput } from "../graph/types.js";
import type { FileIdentity } from "../runtime/events.js";
import {
  FileStats,
  type GraphSnapshot,
  graphSnapshotFile,
  NONE,
  readGraphSnapshot,
  writeGraphSnapshot,
} from "./graph-snapshot.js";
import { HeaderCache } from "./header-cache.js";
import {
  docBlockText,
  HEADER_NAMES,
  type HeaderName,
  HeaderSyntaxError,
  type HeaderValue,
  lineAt,
  OPTIONAL_HEADER_NAMES,
  type ParsedHeader,
  parseHeader,
} from "./header-parser.js";
import { ScriptLoadError } from "./script-errors.js";

/** One revision file: its header as the graph sees it, plus where it lives and what it says. */
export interface RevisionScript extends RevisionInput {
  /** A squash revision's replaced ids, oldest first; empty for any other revision. */
  readonly replaces: readonly string[];
  /** Absolute path of the file. */
  readonly path: string;
  /** The message: the first line of the leading doc block. */
  readonly doc: string;
  /** The whole doc block without its ` * ` margin, as `show` prints it (indented by the caller). */
  readonly longDoc: string;
  /** The file's size, change time and inode when the load stat'ed it (undefined if it could not). */
  readonly stat?: FileIdentity;
}

/** Revision ids Retort writes and accepts: they must fit the version table's varchar(32). */
export const REVISION_ID_PATTERN = /^[A-Za-z0-9_]{1,32}$/;

/** Bytes read first from each file; the header of a generated file fits with room to spare. */
const HEAD_BYTES = 16 * 1024;
const FIRST_TRY_BYTES = 1024;
let headBuffer: Buffer | undefined;

/** Keeps its path as folder and name, and its stat in the load's columns: made on demand, for the few asked. */
class ScriptFile implements RevisionScript {
  private long: string | undefined;

  constructor(
    readonly id: string,
    readonly downRevisions: readonly string[],
    readonly dependsOn: readonly string[],
    readonly branchLabels: readonly string[],
    /** The folder, ending in a separator. */
    private readonly folder: string,
    private readonly name: string,
    readonly doc: string,
    readonly replaces: readonly string[],
    private readonly stats?: FileStats,
    private readonly at = -1,
  ) {}

  get path(): string {
    return this.folder + this.name;
  }

  get stat(): FileIdentity | undefined {
    return this.stats?.identity(this.at);
  }

  /** Read again from the file when first asked for: only `show` and `-v` need it, so no load keeps it. */
  get longDoc(): string {
    if (this.long === undefined) {
      const parsed = reparse(this.path);
      this.long = parsed?.docRange === undefined ? "" : docBlockText(parsed.text.slice(...parsed.docRange));
    }
    return this.long;
  }

  toJSON(): RevisionScript {
    const { id, downRevisions, dependsOn, branchLabels, path, doc, longDoc, replaces } = this;
    return { id, downRevisions, dependsOn, branchLabels, path, doc, longDoc, replaces };
  }
}

/** The files a load found, location by location, with their stat numbers. */
interface Listing {
  /** The configured version locations, absolute, without duplicates. */
  readonly locations: readonly string[];
  /** The locations that exist, each with its revision file names, sorted. */
  readonly listed: readonly ListedLocation[];
  readonly stats: FileStats;
  readonly snapshotFile: string | undefined;
}

/** What reading every header gives: the scripts by id, and their validated graph. */
interface ReadScripts {
  readonly scripts: ReadonlyMap<string, RevisionScript>;
  readonly map: RevisionMap;
}

/** How many scripts a restored load looks up by scanning its file names before it makes the map of them all. */
const MAX_SCANS = 16;

export class ScriptDirectory {
  readonly versionLocations: readonly string[];
  readonly map: RevisionMap;
  /** The snapshot the files matched, and the scripts made from it so far, by file position. */
  private readonly snapshot: GraphSnapshot | undefined;
  private readonly restored: (ScriptFile | undefined)[] = [];
  private scriptMap: ReadonlyMap<string, RevisionScript> | undefined;
  private scans = 0;
  private read: ReadScripts | undefined;

  private constructor(
    readonly config: ResolvedConfig,
    private readonly listing: Listing,
    snapshot: GraphSnapshot | undefined,
  ) {
    this.versionLocations = listing.locations;
    const map =
      snapshot &&
      RevisionMap.restore(
        () => this.scripts.values(),
        snapshot.map,
        () => this.readAll().map,
      );
    this.snapshot = map === undefined ? undefined : snapshot;
    this.map = map ?? this.readAll().map;
  }

  /**
   * Finds every revision file of `config`'s version locations and, when every file is unchanged since the last
   * load that built its graph, restores that graph from its snapshot (graph-snapshot.ts), decoding headers only as
   * they are asked for. Otherwise reads every header and builds the graph.
   */
  static load(config: ResolvedConfig): ScriptDirectory {
    const locations = configuredLocations(config);
    const listed: ListedLocation[] = [];
    let total = 0;
    for (const location of locations) {
      const names = revisionFileNames(location);
      if (names === undefined) continue;
      listed.push({ location, prefix: folderPrefix(location), names });
      total += names.length;
    }
    if (listed.length === 0) checkScriptLocation(config);
    const stats = new FileStats(total);
    for (const { location, prefix, names } of listed) {
      const statPrefix = shortStatPrefix(location, prefix);
      for (let i = 0; i < names.length; i++) stats.add(statSync(statPrefix + names[i], STAT_OPTIONS));
    }
    const snapshotFile = graphSnapshotFile(locations, config.rootDir);
    const snapshot = readGraphSnapshot(
      snapshotFile,
      listed.map((entry) => entry.names),
      stats,
    );
    return new ScriptDirectory(config, { locations, listed, stats, snapshotFile }, snapshot);
  }

  /** Every revision file by id, in load order. */
  get scripts(): ReadonlyMap<string, RevisionScript> {
    this.scriptMap ??= (this.snapshot && this.restoreScripts(this.snapshot)) ?? this.readAll().scripts;
    return this.scriptMap;
  }

  /** The revision file of a full revision id. */
  script(id: string): RevisionScript {
    // Until every script is asked for, a restored load finds and decodes just this one: by a scan of the names, so
    // only for the first few asked (the heads), before the map of them all pays.
    const script =
      this.scriptMap === undefined && this.snapshot !== undefined && this.scans++ < MAX_SCANS
        ? this.restoredScript(this.snapshot, this.snapshot.position(id))
        : this.scripts.get(id);
    if (script === undefined) throw new RevisionNotFoundError(id);
    return script;
  }

  /** `path:line` of a header constant of revision `id` (just `path` if the constant is absent). */
  location(id: string, constant: HeaderName = "revision"): string {
    const script = this.scripts.get(id);
    return script === undefined ? id : headerLocation(script.path, constant);
  }

  /**
   * Reads every header (from the header cache where it can), builds and validates the graph, and stores its
   * snapshot: once per load, when no snapshot fitted or a restored one turned out not to.
   */
  private readAll(): ReadScripts {
    if (this.read !== undefined) return this.read;
    const { config, listing } = this;
    const { listed, stats } = listing;
    const scripts = new Map<string, ScriptFile>();
    let at = 0;
    for (const { location, prefix, names } of listed) {
      const cache = new HeaderCache(location, config.rootDir);
      for (const name of names) {
        const script = readCachedScript(prefix, name, stats, at++, cache);
        const existing = scripts.get(script.id);
        if (existing !== undefined) {
          throw new ScriptLoadError(
            `Revision ${script.id} is defined twice: ${displayPath(existing.path)} and ${displayPath(script.path)}`,
          );
        }
        scripts.set(script.id, script);
      }
      cache.save();
    }
    const map = buildRevisionMap(scripts);
    writeGraphSnapshot(
      listing.snapshotFile,
      listed.map((entry) => entry.names),
      stats,
      [...scripts.values()],
      map.snapshot(),
    );
    this.read = { scripts, map };
    return this.read;
  }

  /** Every script the snapshot records, in load order; undefined when it holds an id twice, as only a damaged one can. */
  private restoreScripts(snapshot: GraphSnapshot): Map<string, ScriptFile> | undefined {
    const scripts = new Map<string, ScriptFile>();
    // Indexed: a for-of loop pays for its iterator on each step while the code is still cold.
    for (let at = 0; at < snapshot.size; at++) {
      const script = this.restoredScript(snapshot, at)!;
      // One lookup instead of two: an id already there leaves the size as it was.
      if (scripts.set(script.id, script).size === at) return undefined;
    }
    return scripts;
  }

  /** The script of the file at position `at` (undefined for -1), made once. */
  private restoredScript(snapshot: GraphSnapshot, at: number): ScriptFile | undefined {
    if (at < 0) return undefined;
    let script = this.restored[at];
    if (script === undefined) {
      let first = 0;
      let location = 0;
      const { listed, stats } = this.listing;
      while (at >= first + listed[location]!.names.length) first += listed[location++]!.names.length;
      const { prefix, names } = listed[location]!;
      const { id, downRevisions, dependsOn, branchLabels, doc, replaces } = snapshot.script(at);
      script = new ScriptFile(
        id,
        downRevisions,
        dependsOn,
        branchLabels,
        prefix,
        names[at - first]!,
        doc,
        replaces,
        stats,
        at,
      );
      this.restored[at] = script;
    }
    return script;
  }
}

/** A version location that exists, with its revision file names, sorted. */
interface ListedLocation {
  readonly location: string;
  /** The location with a trailing separator, to put before a file name. */
  readonly prefix: string;
  readonly names: readonly string[];
}

/** The location with a trailing separator: cheaper than path.join per file, as `location` is already normalized. */
function folderPrefix(location: string): string {
  return location.endsWith(sep) ? location : location + sep;
}

/** The configured version locations, absolute, without duplicates. */
function configuredLocations(config: ResolvedConfig): string[] {
  return [...new Set(config.versionLocations.map((location) => normalize(location)))];
}

/** The revision file names of one version location, sorted; undefined when the folder does not exist. */
function revisionFileNames(location: string): string[] | undefined {
  let names: string[];
  try {
    names = readdirSync(location);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ScriptLoadError(
      `Cannot read version location ${displayPath(location)}: ${(error as Error).message}`,
    );
  }
  return names.filter(isRevisionFileName).sort();
}

/** With no version location on disk, a missing script folder means the project was never initialised. */
function checkScriptLocation(config: ResolvedConfig): void {
  if (!existsSync(config.scriptLocation)) {
    throw new ScriptLoadError(`Path doesn't exist: ${displayPath(config.scriptLocation)}`, {
      hint: 'run "retort init" to create the migrations folder, or fix scriptLocation in the config',
    });
  }
}

/** The graph of a set of revision files; a graph error is rewritten to name the files and lines involved. */
export function buildRevisionMap(scripts: ReadonlyMap<string, RevisionScript>): RevisionMap {
  try {
    return new RevisionMap(scripts.values());
  } catch (error) {
    throw explainGraphError(error, scripts);
  }
}

/** One revision file as `inspectRevisionFiles` found it: its header, or why that cannot be read. */
export type RevisionFileReport =
  | {
      readonly path: string;
      readonly script: RevisionScript;
      /** Whether the file name starts with the revision id (a load refuses the file otherwise). */
      readonly fileNameMatches: boolean;
    }
  | { readonly path: string; readonly error: ScriptLoadError };

/**
 * Every revision file of the config's version locations, each read on its own, so that one bad file does not
 * hide the next: what `retort doctor` checks. Ignores the header cache, reading every file afresh.
 */
export function inspectRevisionFiles(config: ResolvedConfig): RevisionFileReport[] {
  const reports: RevisionFileReport[] = [];
  let anyLocation = false;
  for (const location of configuredLocations(config)) {
    const names = revisionFileNames(location);
    if (names === undefined) continue;
    anyLocation = true;
    for (const name of names) {
      const path = join(location, name);
      try {
        const script = readScript(folderPrefix(location), name, false);
        reports.push({ path, script, fileNameMatches: fileNameMatches(script.id, name) });
      } catch (error) {
        if (!(error instanceof ScriptLoadError)) throw error;
        reports.push({ path, error });
      }
    }
  }
  if (!anyLocation) checkScriptLocation(config);
  return reports;
}

/** A file `<id>.ts` or `<id>_<slug>.ts` (any revision extension) for revision `id`. */
function fileNameMatches(id: string, name: string): boolean {
  // The stem (the name before its last dot) is the id, or starts with the id and "_": no string is made.
  if (!name.startsWith(id)) return false;
  const dot = name.lastIndexOf(".");
  return dot === id.length || (dot > id.length && name.charCodeAt(id.length) === 95) /* _ */;
}

/** The message a load gives for a revision whose id does not match its file name. */
export function fileNameMismatchMessage(path: string, id: string): string {
  return `${headerLocation(path, "revision")}: revision id '${id}' does not match the file name, which must start with '${id}_'`;
}

/** Revision files end in .ts, .mts, .js or .mjs; declaration files and dotfiles are not revisions. */
export function isRevisionFileName(name: string): boolean {
  // All four extensions end in "s": most other names are turned away by one comparison.
  if (name.charCodeAt(name.length - 1) !== 115 /* s */ || name.charCodeAt(0) === 46 /* . */) return false;
  if (name.endsWith(".ts")) return !name.endsWith(".d.ts");
  if (name.endsWith(".mts")) return !name.endsWith(".d.mts");
  return name.endsWith(".js") || name.endsWith(".mjs");
}

interface FileHeader {
  readonly values: ParsedHeader["values"];
  /** The message: the first line of the doc block. */
  readonly doc: string;
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Reads and parses a file's header. The first chunk is decoded as latin1, which is cheap and keeps character
 * offsets equal to byte offsets: the doc block is then decoded as UTF-8 straight from the bytes, so that no
 * string kept afterwards holds on to the whole text. Only when the header does not fit in the chunk is the
 * whole file read.
 */
function readFileHeader(path: string): FileHeader {
  headBuffer ??= Buffer.allocUnsafe(HEAD_BYTES);
  let size: number;
  try {
    const fd = openSync(path, "r");
    try {
      size = readSync(fd, headBuffer, 0, HEAD_BYTES, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new ScriptLoadError(`Cannot read ${displayPath(path)}: ${(error as Error).message}`);
  }
  const whole = size < HEAD_BYTES;
  // A generated header fits in the first kilobyte; decoding only that keeps the per-file string small.
  for (const length of size > FIRST_TRY_BYTES ? [FIRST_TRY_BYTES, size] : [size]) {
    const text = headBuffer.toString("latin1", 0, length);
    let parsed: ParsedHeader | undefined;
    try {
      parsed = parseHeader(text, whole && length === size);
    } catch {
      // Retried on more text; the whole-file path reports it with its line.
    }
    if (parsed !== undefined && (parsed.complete || (whole && length === size))) {
      const line = parsed.docRange === undefined ? undefined : firstLineRange(text, ...parsed.docRange);
      // Decoded afresh from the bytes: a slice of `text` would keep the whole text alive.
      const doc = line === undefined ? "" : headBuffer.toString("utf8", line[0], line[1]).trim();
      return { values: fixEncoding(parsed.values), doc };
    }
  }
  return parseWholeFile(path);
}

const ALL_HEADER_NAMES: readonly HeaderName[] = [...HEADER_NAMES, ...OPTIONAL_HEADER_NAMES];

/** Header strings that came out of latin1 decoding with non-ASCII characters, decoded again as UTF-8. */
function fixEncoding(values: ParsedHeader["values"]): ParsedHeader["values"] {
  let ascii = true;
  for (const name of ALL_HEADER_NAMES) {
    const value = values[name];
    if (typeof value === "string") ascii &&= !NON_ASCII.test(value);
    else if (value) for (const item of value) ascii &&= !NON_ASCII.test(item);
  }
  if (ascii) return values;
  const utf8 = (text: string) => Buffer.from(text, "latin1").toString("utf8");
  const fixed: Partial<Record<HeaderName, HeaderValue>> = {};
  for (const name of ALL_HEADER_NAMES) {
    const value = values[name];
    if (value !== undefined)
      fixed[name] = value === null ? null : typeof value === "string" ? utf8(value) : value.map(utf8);
  }
  return fixed;
}

/** The slow path: the whole file as UTF-8, and errors reported with their line. */
function parseWholeFile(path: string): FileHeader {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ScriptLoadError(`Cannot read ${displayPath(path)}: ${(error as Error).message}`);
  }
  try {
    const { values, docRange } = parseHeader(text);
    const line = docRange === undefined ? undefined : firstLineRange(text, ...docRange);
    return { values, doc: line === undefined ? "" : text.slice(line[0], line[1]).trim() };
  } catch (error) {
    if (error instanceof HeaderSyntaxError) {
      throw new ScriptLoadError(`${displayPath(path)}:${lineAt(text, error.offset)}: ${error.message}`);
    }
    throw error;
  }
}

/** A file's whole text and header, read again for what a load does not keep (long docs, error lines). */
function reparse(path: string): (ParsedHeader & { readonly text: string }) | undefined {
  try {
    const text = readFileSync(path, "utf8");
    return { ...parseHeader(text), text };
  } catch {
    return undefined;
  }
}

/** `path:line` of a header constant, or just the path when the line cannot be found. */
function headerLocation(path: string, constant: HeaderName): string {
  const parsed = reparse(path);
  const offset = parsed?.offsets[constant];
  return parsed === undefined || offset === undefined
    ? displayPath(path)
    : `${displayPath(path)}:${lineAt(parsed.text, offset)}`;
}

function asList(value: HeaderValue | undefined): readonly string[] {
  if (value === undefined || value === null) return NONE;
  return typeof value === "string" ? [value] : value;
}

const STAT_OPTIONS = { throwIfNoEntry: false } as const;

/**
 * The folder as a path relative to the working directory when that is shorter: the kernel walks every
 * component of a path, so on thousands of files a short relative path makes each stat markedly cheaper.
 */
function shortStatPrefix(location: string, absolutePrefix: string): string {
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    return absolutePrefix;
  }
  const rel = relative(cwd, location);
  if (rel === "") return "";
  if (isAbsolute(rel) || rel.length >= location.length) return absolutePrefix;
  return rel + sep;
}

/** A file's script from the header cache when its size, change time and inode are unchanged; else read and stored. */
function readCachedScript(
  folder: string,
  name: string,
  stats: FileStats,
  at: number,
  cache: HeaderCache,
): ScriptFile {
  const size = stats.size[at]!;
  const stat = size < 0 ? undefined : ([size, stats.ctime[at]!, stats.ino[at]!] as const);
  if (stat !== undefined) {
    const hit = cache.get(name, ...stat);
    if (hit !== undefined)
      return new ScriptFile(hit[3], hit[4], hit[5], hit[6], folder, name, hit[7], hit[8], stats, at);
  }
  const script = readScript(folder, name, true, stats, at);
  if (stat !== undefined) {
    cache.set(name, [
      ...stat,
      script.id,
      [...script.downRevisions],
      [...script.dependsOn],
      [...script.branchLabels],
      script.doc,
      [...script.replaces],
    ]);
  }
  return script;
}

function readScript(
  folder: string,
  name: string,
  checkFileName = true,
  stats?: FileStats,
  at?: number,
): ScriptFile {
  const path = folder + name;
  const { values, doc } = readFileHeader(path);
  const revision = values.revision;
  if (typeof revision !== "string") {
    throw new ScriptLoadError(`${displayPath(path)}: no "export const revision = '<id>';" found`);
  }
  if (!REVISION_ID_PATTERN.test(revision)) {
    throw new ScriptLoadError(
      `${headerLocation(path, "revision")}: revision id '${revision}' must be 1 to 32 characters from A-Z, a-z, 0-9 and _`,
    );
  }
  if (checkFileName && !fileNameMatches(revision, name)) {
    throw new ScriptLoadError(fileNameMismatchMessage(path, revision));
  }
  if (!("downRevision" in values)) {
    throw new ScriptLoadError(
      `${displayPath(path)}: no "export const downRevision = …;" found (use null for a first revision)`,
    );
  }
  return new ScriptFile(
    revision,
    asList(values.downRevision),
    asList(values.dependsOn),
    asList(values.branchLabels),
    folder,
    name,
    doc,
    replacedIds(path, values.replaces),
    stats,
    at,
  );
}

/** `replaces` must be a list of revision ids: a squash that names something else is a load error. */
function replacedIds(path: string, value: HeaderValue | undefined): readonly string[] {
  const ids = asList(value);
  const bad = ids.find((id) => !REVISION_ID_PATTERN.test(id));
  if (bad !== undefined) {
    throw new ScriptLoadError(
      `${headerLocation(path, "replaces")}: replaces names '${bad}', which is not a revision id`,
    );
  }
  return ids;
}

/**
 * Where the first non-blank line of a doc block lies in `text` (the block spans `start`..`end`), without
 * its ` * ` margin; undefined for an empty block.
 */
function firstLineRange(text: string, start: number, end: number): [number, number] | undefined {
  let from = start;
  while (from < end) {
    const newline = text.indexOf("\n", from);
    const stop = newline === -1 || newline > end ? end : newline;
    let content = from;
    if (from > start) {
      while (content < stop && (text.charCodeAt(content) === 32 || text.charCodeAt(content) === 9)) content++;
      if (text.charCodeAt(content) === 42 /* * */) content++;
    }
    for (let i = content; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13) return [content, stop];
    }
    from = stop + 1;
  }
  return undefined;
}

const MAX_LISTED_FILES = 20;

/** Rewrites a graph validation error so that it names the files (and lines) involved. */
function explainGraphError(error: unknown, scripts: ReadonlyMap<string, RevisionScript>): unknown {
  if (!(error instanceof GraphError)) return error;
  const where = (id: string, constant: HeaderName) => {
    const script = scripts.get(id);
    return script === undefined ? id : headerLocation(script.path, constant);
  };
  const wrap = (message: string) => new ScriptLoadError(message, { cause: error, hint: error.hint });
  if (error instanceof MissingReferenceError) {
    const what = error.via === "downRevision" ? "down revision" : "dependency";
    return wrap(`${where(error.revision, error.via)}: ${what} '${error.missing}' does not exist`);
  }
  if (error instanceof DuplicateBranchLabelError) {
    const [owner, duplicate] = error.revisions;
    const ownerDeclares = scripts.get(owner)?.branchLabels.includes(error.label) === true;
    return wrap(
      `${where(duplicate, "branchLabels")}: ${error.message} (${where(owner, ownerDeclares ? "branchLabels" : "revision")})`,
    );
  }
  if (error instanceof CycleError) {
    const viaDeps = error instanceof DependencyLoopError || error instanceof DependencyCycleError;
    const files = error.revisions.slice(0, MAX_LISTED_FILES).map((id) => {
      const script = scripts.get(id);
      return where(
        id,
        viaDeps && script !== undefined && script.dependsOn.length > 0 ? "dependsOn" : "downRevision",
      );
    });
    const more = error.revisions.length - files.length;
    return wrap(`${error.message}: ${files.join(", ")}${more > 0 ? ` and ${more} more` : ""}`);
  }
  if (error instanceof InvalidIdentifierError) {
    for (const script of scripts.values()) {
      if (error.what === "revision" && script.id === error.identifier)
        return wrap(`${where(script.id, "revision")}: ${error.message}`);
      if (error.what === "branchLabel" && script.branchLabels.includes(error.identifier)) {
        return wrap(`${where(script.id, "branchLabels")}: ${error.message}`);
      }
    }
  }
  if (error instanceof AmbiguousRevisionError) {
    for (const script of scripts.values()) {
      if (script.dependsOn.includes(error.ident)) {
        return wrap(`${where(script.id, "dependsOn")}: dependency is ambiguous: ${error.message}`);
      }
    }
  }
  return wrap(error.message);
}
