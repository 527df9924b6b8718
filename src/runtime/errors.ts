// Typed errors of running revisions: a failed revision, a version table that does not match the files,
// a version-table row check that failed.

import { RetortError } from "../errors.js";

/** What is known about where a revision failed, for the message and for programmatic callers. */
export interface FailureFacts {
  readonly revision: string;
  readonly direction: "upgrade" | "downgrade";
  /** `path:line` when the line is known, else the path. */
  readonly location: string;
  /** The statement the database rejected, if a statement failed. */
  readonly statement: string | undefined;
  /** The underlying error's first line. */
  readonly reason: string;
  /** What state the database is left in, in words. */
  readonly state: string;
  /** The version-table rows after the failure (what was committed). */
  readonly headsNow: readonly string[];
}

/** A revision's upgrade()/downgrade() failed; the message names revision, file, statement and the state left behind. */
export class MigrationFailedError extends RetortError implements FailureFacts {
  readonly revision: string;
  readonly direction: "upgrade" | "downgrade";
  readonly location: string;
  readonly statement: string | undefined;
  readonly reason: string;
  readonly state: string;
  readonly headsNow: readonly string[];

  constructor(facts: FailureFacts, cause: unknown) {
    const statement = facts.statement === undefined ? "" : ` at statement: ${oneLine(facts.statement)}`;
    super(
      `${facts.direction === "upgrade" ? "Upgrade" : "Downgrade"} ${facts.revision} failed (${facts.location})${statement}: ${facts.reason}. ${facts.state}`,
      { cause },
    );
    this.revision = facts.revision;
    this.direction = facts.direction;
    this.location = facts.location;
    this.statement = facts.statement;
    this.reason = facts.reason;
    this.state = facts.state;
    this.headsNow = facts.headsNow;
  }
}

/** The version table names revisions that no revision file defines. Nothing was changed. */
export class UnknownDatabaseRevisionError extends RetortError {
  constructor(
    readonly revisions: readonly string[],
    readonly versionTable: string,
  ) {
    super(
      `The version table ${versionTable} names ${revisions.length === 1 ? "revision" : "revisions"} ${revisions
        .map((id) => `'${id}'`)
        .join(", ")} that no revision file defines; nothing was changed`,
      {
        hint: "check versionLocations and that your checkout has those files; `retort stamp --purge REV` rewrites the table whatever it holds",
      },
    );
  }
}

/** A version-table DELETE or UPDATE did not match exactly one row: the table changed under the run. */
export class VersionTableMismatchError extends RetortError {}

/** A revision file could not be loaded, or lacks upgrade()/downgrade(). */
export class RevisionLoadError extends RetortError {}

/** Collapses whitespace so a statement fits on the one error line. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
