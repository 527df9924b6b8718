// Typed errors of the revision graph. Each carries its facts as fields so the script layer can name files,
// and a message that follows Alembic's wording wherever Alembic has one.

import { RetortError } from "../errors.js";

/** Base class of every error raised by the revision graph. */
export class GraphError extends RetortError {}

// ---- load (map construction) errors ----

/** A revision id (or branch label) uses a character or word the grammar reserves. */
export class InvalidIdentifierError extends GraphError {
  constructor(
    readonly identifier: string,
    readonly characters: readonly string[],
    readonly what: "revision" | "branchLabel" = "revision",
    message?: string,
  ) {
    super(
      message ??
        (what === "revision"
          ? `Character(s) '${characters.join(", ")}' not allowed in revision identifier '${identifier}'`
          : `Character(s) '${characters.join(", ")}' not allowed in branch label '${identifier}'`),
    );
  }
}

/** The same revision id was given twice. */
export class DuplicateRevisionError extends GraphError {
  constructor(readonly revision: string) {
    super(`Revision ${revision} is present more than once`);
  }
}

/** A downRevision or dependsOn entry names nothing in the map. Alembic crashes with a KeyError here. */
export class MissingReferenceError extends GraphError {
  constructor(
    readonly revision: string,
    readonly missing: string,
    readonly via: "downRevision" | "dependsOn",
  ) {
    super(
      via === "downRevision"
        ? `Revision ${missing} referenced from revision ${revision} is not present`
        : `Dependency ${missing} of revision ${revision} is not present (no such revision or branch label)`,
    );
  }
}

/** Revisions whose downRevisions form a cycle (or that hang off one). */
export class CycleError extends GraphError {
  constructor(
    readonly revisions: readonly string[],
    kind = "Cycle",
  ) {
    super(`${kind} is detected in revisions (${revisions.join(", ")})`);
  }
}

/** A revision names itself as its own downRevision. */
export class LoopError extends CycleError {
  constructor(readonly revision: string) {
    super([revision], "Self-loop");
  }
}

/** Revisions whose downRevisions plus dependsOn form a cycle. */
export class DependencyCycleError extends CycleError {
  constructor(revisions: readonly string[], kind = "Dependency cycle") {
    super(revisions, kind);
  }
}

/** A revision names itself in its own dependsOn. */
export class DependencyLoopError extends DependencyCycleError {
  constructor(readonly revision: string) {
    super([revision], "Dependency self-loop");
  }
}

/** Two revisions declare the same branch label (or a label equals another revision's id). */
export class DuplicateBranchLabelError extends GraphError {
  /** `revisions[0]` already owns the label; `revisions[1]` declares it again. */
  constructor(
    readonly label: string,
    readonly revisions: readonly [string, string],
  ) {
    super(`Branch name '${label}' in revision ${revisions[1]} already used by revision ${revisions[0]}`);
  }
}

// ---- resolution errors ----

/** Nothing matches the identifier. */
export class RevisionNotFoundError extends GraphError {
  constructor(
    readonly ident: string,
    message?: string,
  ) {
    super(
      message ??
        `No such revision or branch '${ident}'${
          ident.length < 4
            ? "; please ensure at least four characters are present for partial revision identifier matches"
            : ""
        }`,
    );
  }
}

/** `x@…` where x is neither a branch label nor a revision. */
export class BranchNotFoundError extends RevisionNotFoundError {
  constructor(readonly label: string) {
    super(label, `No such branch: '${label}'`);
  }
}

/** A revision prefix matches several revisions. Alembic's command layer reports this as "Can't locate revision". */
export class AmbiguousRevisionError extends GraphError {
  constructor(
    readonly ident: string,
    readonly candidates: readonly string[],
  ) {
    super(`Multiple revisions start with '${ident}': ${candidates.map((c) => `'${c}'`).join(", ")}`);
  }
}

/** `label@rev` where rev is not on that branch. */
export class NotOnBranchError extends GraphError {
  constructor(
    readonly revision: string,
    readonly label: string,
  ) {
    super(`Revision ${revision} is not a member of branch '${label}'`);
  }
}

/** An identifier that must name at most one revision names several. */
export class MultipleHeadsError extends GraphError {
  constructor(
    readonly ident: string,
    readonly heads: readonly string[],
    message?: string,
  ) {
    super(
      message ??
        `Multiple head revisions are present for given argument '${ident}'; please specify a specific target revision, '<branchname>@${ident}' to narrow to a specific head, or 'heads' for all heads`,
      { hint: `Heads: ${heads.join(", ")}` },
    );
  }
}

/** `current` was used but the caller gave no current revisions. */
export class CurrentUnknownError extends GraphError {
  constructor(readonly ident: string) {
    super(`'${ident}' refers to the database's current revision(s), which are not known here`);
  }
}

/** A relative identifier (`+N`, `-N`, `rev±N`, `label@±N`) cannot be followed. */
export class RelativeStepError extends GraphError {
  constructor(
    readonly ident: string,
    message: string,
  ) {
    super(message);
  }
}

// ---- traversal and planning errors ----

/**
 * A range or move whose ends are not ancestor and descendant (Alembic's RangeNotAncestorError and the
 * "Destination X is not a valid upgrade|downgrade target" / "Requested range" texts built on it).
 */
export class NotAncestorError extends GraphError {
  constructor(
    readonly lower: string,
    readonly upper: string,
    message?: string,
  ) {
    super(message ?? `Revision ${lower || "base"} is not an ancestor of revision ${upper || "base"}`);
  }
}

/** Several requested revisions lie on one line, so they cannot all be endpoints of one walk. */
export class OverlappingRevisionsError extends GraphError {
  constructor(
    readonly revision: string,
    readonly overlaps: readonly string[],
  ) {
    super(`Requested revision ${revision} overlaps with other requested revisions ${overlaps.join(", ")}`);
  }
}

/** The version-table rows cannot be moved as the plan requires (rows that contradict the graph). */
export class VersionTableStateError extends GraphError {}

/** A stamp would leave the version table contradicting itself (Retort refuses where Alembic drops rows). */
export class StampConflictError extends GraphError {
  constructor(
    readonly target: string,
    readonly keptRows: readonly string[],
    readonly dependencies: readonly string[],
  ) {
    super(
      `Stamping ${target} would leave ${keptRows.join(", ")} in the version table, which depend(s) on ${dependencies.join(", ")} above ${target}`,
      {
        hint: "Stamp the dependent branch too (for example '<label>@base'), or use --purge to rewrite the whole table",
      },
    );
  }
}

// ---- workflow errors ----

/** Why a rebase was refused; the files are left untouched. */
export type RebaseRefusal = "not-a-head" | "merge-point" | "cycle" | "labels" | "multiple-heads";

/** A rebase that would leave a graph Retort refuses: a cycle, a lost label, two heads on one branch. */
export class RebaseRefusedError extends GraphError {
  constructor(
    readonly reason: RebaseRefusal,
    message: string,
    options?: { hint?: string; cause?: unknown },
  ) {
    super(message, options);
  }
}

// ---- squash revisions ----

/** A squash revision's `replaces` does not fit the graph (a revision replaced twice, a squash of a squash…). */
export class SquashError extends GraphError {}

/**
 * The version table holds a revision partway through a squashed run, and the original revision files needed
 * to finish (or undo, or stamp past) that run are gone.
 */
export class SquashedRunIncompleteError extends GraphError {
  constructor(
    readonly row: string,
    readonly squash: string,
    readonly missing: readonly string[],
    readonly direction: "upgrade" | "downgrade" | "stamp",
  ) {
    super(
      direction === "stamp"
        ? `The database is at ${row}, partway through the revisions squashed into ${squash} (${missing.join(", ")} not applied); stamp cannot tell where that leaves it`
        : `The database is at ${row}, partway through the revisions squashed into ${squash}, and the original revision file(s) ${missing.join(", ")} needed to ${direction === "upgrade" ? "finish" : "undo"} that run are gone`,
      {
        hint:
          direction === "stamp"
            ? `upgrade first (the originals finish the run), or stamp --purge`
            : `restore ${missing.join(", ")} from version control (git log --diff-filter=D -- migrations/), run the ${direction}, then delete them again`,
      },
    );
  }
}
