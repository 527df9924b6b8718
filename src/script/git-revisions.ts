// The revision files of a project as they were at a git ref, read with `git` (ls-tree and one cat-file batch),
// for `retort doctor --base REF`. Only headers are read, as in a load; files whose header cannot be read are
// left out and counted.

import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { basename, dirname, relative, resolve, sep } from "node:path";
import type { ResolvedConfig } from "../config/types.js";
import { RetortError } from "../errors.js";
import type { RevisionInput } from "../graph/types.js";
import { type HeaderValue, parseHeader } from "./header-parser.js";
import { isRevisionFileName } from "./script-directory.js";

export class GitError extends RetortError {}

export interface RevisionsAtRef {
  /** The ref as given, and the commit it names. */
  readonly ref: string;
  readonly commit: string;
  readonly revisions: readonly RevisionInput[];
  /** Paths (from the repository root) of revision files whose header could not be read at that ref. */
  readonly unreadable: readonly string[];
}

function run(cwd: string, args: readonly string[], input?: string): Buffer {
  try {
    return execFileSync("git", args, { cwd, input, maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "pipe"] });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (failure.code === "ENOENT") throw new GitError("git is not installed (or not on PATH)");
    const detail = (failure.stderr?.toString("utf8") ?? "").trim().split("\n")[0] || failure.message;
    throw new GitError(`git ${args[0]} failed: ${detail}`);
  }
}

const git = (cwd: string, args: readonly string[]): string => run(cwd, args).toString("utf8");

/** A path that may not exist yet, with symbolic links of its existing part resolved (git reports real paths). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : resolve(realPath(parent), basename(path));
  }
}

const asList = (value: HeaderValue | undefined): readonly string[] =>
  value === undefined || value === null ? [] : typeof value === "string" ? [value] : value;

export function revisionsAtRef(config: ResolvedConfig, ref: string): RevisionsAtRef {
  const cwd = config.rootDir;
  const top = git(cwd, ["rev-parse", "--show-toplevel"]).trim();
  let commit: string;
  try {
    commit = git(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]).trim();
  } catch {
    throw new GitError(`Unknown git ref '${ref}'`, {
      hint: "in CI, fetch the base branch first (git fetch origin main)",
    });
  }
  const root = realPath(top);
  const folders = config.versionLocations.map((location) =>
    relative(root, realPath(location)).split(sep).join("/"),
  );
  for (const folder of folders) {
    if (folder.startsWith(".."))
      throw new GitError(`Version location ${folder} lies outside the git repository ${root}`);
  }
  const listed = git(root, [
    "ls-tree",
    "-r",
    "-z",
    "--name-only",
    "--full-tree",
    commit,
    "--",
    ...folders.map((f) => f || "."),
  ]);
  const wanted = new Set(folders);
  const paths = listed
    .split("\0")
    .filter(
      (path) =>
        path !== "" &&
        wanted.has(dirname(path) === "." ? "" : dirname(path)) &&
        isRevisionFileName(basename(path)),
    );
  const revisions: RevisionInput[] = [];
  const unreadable: string[] = [];
  if (paths.length > 0) {
    // One process for every blob: `<sha> blob <size>\n<bytes>\n` each, sizes in bytes.
    const output = run(root, ["cat-file", "--batch"], paths.map((path) => `${commit}:${path}\n`).join(""));
    let at = 0;
    for (const path of paths) {
      const newline = output.indexOf(10, at);
      const size = Number(output.toString("latin1", at, newline).split(" ")[2]);
      const text = output.toString("utf8", newline + 1, newline + 1 + size);
      at = newline + 1 + size + 1;
      try {
        const { values } = parseHeader(text);
        if (typeof values.revision !== "string") throw new Error("no revision");
        revisions.push({
          id: values.revision,
          downRevisions: asList(values.downRevision),
          dependsOn: asList(values.dependsOn),
          branchLabels: asList(values.branchLabels),
        });
      } catch {
        unreadable.push(path);
      }
    }
  }
  return { ref, commit, revisions, unreadable };
}
