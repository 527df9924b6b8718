// Squash revisions (`replaces = [...]`): the graph keeps the squash in place of the revisions it replaces, and
// this module says what a version table still holding a replaced id means, and how a run brings it onto the
// squash. Pure: ids and inputs only.

import { compareIds } from "./graph-core.js";
import { SquashError, SquashedRunIncompleteError } from "./graph-errors.js";
import type { MigrationStep, RevisionInput } from "./types.js";

/** Where a replaced id sits: its squash, and its position in the squash's `replaces` (oldest first). */
export interface Replacement {
  readonly squash: string;
  readonly position: number;
}

interface Squash {
  readonly input: RevisionInput;
  readonly replaces: readonly string[];
}

/** Rows after the squash catch-up, and the steps that got them there. */
export interface CatchUp {
  readonly rows: readonly string[];
  readonly steps: readonly MigrationStep[];
}

export class Squashes {
  /** The inputs the graph is built from: no replaced revision, and references to one pointing at its squash. */
  readonly inputs: readonly RevisionInput[];
  private readonly replacedBy = new Map<string, Replacement>();
  private readonly squashes = new Map<string, Squash>();
  /** Replaced revisions whose files are still there. */
  private readonly originals = new Map<string, RevisionInput>();

  constructor(all: Iterable<RevisionInput>) {
    const list = [...all];
    // Indexed: this runs on every revision once per process, while a for-of loop still pays for its iterator.
    for (let i = 0; i < list.length; i++) {
      const input = list[i]!;
      const replaces = input.replaces ?? [];
      if (replaces.length === 0) continue;
      this.squashes.set(input.id, { input, replaces });
      replaces.forEach((id, position) => {
        const other = this.replacedBy.get(id);
        if (other !== undefined) {
          throw new SquashError(
            `Revision ${id} is replaced by two squash revisions: ${other.squash} and ${input.id}`,
          );
        }
        if (id === input.id) throw new SquashError(`Squash revision ${input.id} lists itself in replaces`);
        this.replacedBy.set(id, { squash: input.id, position });
      });
    }
    if (this.squashes.size === 0) {
      this.inputs = list;
      return;
    }
    for (const [id, { squash }] of this.replacedBy) {
      if (this.squashes.has(id)) {
        throw new SquashError(`Squash revision ${squash} replaces ${id}, which is itself a squash revision`);
      }
    }
    const kept: RevisionInput[] = [];
    for (const input of list) {
      if (this.replacedBy.has(input.id)) this.originals.set(input.id, input);
      else kept.push(this.remap(input));
    }
    this.inputs = kept;
    for (const squash of this.squashes.values()) this.checkOriginals(squash);
  }

  private remap(input: RevisionInput): RevisionInput {
    const own = this.squashes.get(input.id);
    const map = (refs: readonly string[], what: string): readonly string[] => {
      if (!refs.some((ref) => this.replacedBy.has(ref))) return refs;
      const out: string[] = [];
      for (const ref of refs) {
        const squash = this.replacedBy.get(ref)?.squash ?? ref;
        if (squash === input.id) {
          throw new SquashError(
            `Squash revision ${input.id} names ${ref}, which it replaces, as its ${what}`,
          );
        }
        if (!out.includes(squash)) out.push(squash);
      }
      return out;
    };
    const downRevisions = map(input.downRevisions, "down revision");
    const dependsOn = map(input.dependsOn, "dependency");
    if (own === undefined && downRevisions === input.downRevisions && dependsOn === input.dependsOn)
      return input;
    return { ...input, downRevisions, dependsOn };
  }

  /** Replaced revisions still on disk must still form the line the squash stands for. */
  private checkOriginals(squash: Squash): void {
    squash.replaces.forEach((id, position) => {
      const original = this.originals.get(id);
      if (original === undefined) return;
      const expected = position === 0 ? squash.input.downRevisions : [squash.replaces[position - 1]!];
      if (!sameList(original.downRevisions, expected)) {
        throw new SquashError(
          `Revision ${id}, replaced by squash ${squash.input.id}, revises ${original.downRevisions.join(", ") || "nothing"} but the squash expects ${expected.join(", ") || "nothing"}`,
        );
      }
    });
  }

  /** Whether there is any squash revision at all (most graphs have none). */
  get any(): boolean {
    return this.squashes.size > 0;
  }

  replacement(id: string): Replacement | undefined {
    return this.replacedBy.get(id);
  }

  /** The ids a squash revision replaces, oldest first; empty for any other id. */
  replacesOf(id: string): readonly string[] {
    return this.squashes.get(id)?.replaces ?? [];
  }

  /** A replaced revision whose file is still there. */
  original(id: string): RevisionInput | undefined {
    return this.originals.get(id);
  }

  /** Rows as the graph sees them: a replaced id stands for its squash. */
  graphRows(rows: readonly string[]): string[] {
    if (this.replacedBy.size === 0) return [...rows];
    return unique(rows.map((row) => this.replacedBy.get(row)?.squash ?? row));
  }

  /**
   * Upgrade: a row partway through a squashed run first runs the remaining originals (their files must exist),
   * then every row at the end of a run moves onto the squash without running anything.
   */
  catchUpForUpgrade(rows: readonly string[]): CatchUp {
    return this.catchUp(rows, (row, at, squash) => {
      const steps: MigrationStep[] = [];
      const remaining = squash.replaces.slice(at + 1);
      const missing = remaining.filter((id) => !this.originals.has(id));
      if (missing.length > 0) throw new SquashedRunIncompleteError(row, squash.input.id, missing, "upgrade");
      let previous = row;
      for (const id of remaining) {
        steps.push(versionStep("upgrade", id, [previous], [id], { kind: "update", from: previous, to: id }));
        previous = id;
      }
      steps.push(stampOnto(previous, squash.input.id));
      return { steps, row: squash.input.id };
    });
  }

  /**
   * Downgrade: a row at the end of a run moves onto the squash first; a row partway through is undone through
   * the originals down to the squash's parent (their files must exist).
   */
  catchUpForDowngrade(rows: readonly string[]): CatchUp {
    return this.catchUp(rows, (row, at, squash) => {
      if (at === squash.replaces.length - 1)
        return { steps: [stampOnto(row, squash.input.id)], row: squash.input.id };
      const undone = squash.replaces.slice(0, at + 1).reverse();
      const missing = undone.filter((id) => !this.originals.has(id));
      if (missing.length > 0)
        throw new SquashedRunIncompleteError(row, squash.input.id, missing, "downgrade");
      const parents = squash.input.downRevisions;
      if (parents.length > 1) {
        throw new SquashError(
          `Cannot undo ${row} partway through squash ${squash.input.id}: the squashed run starts at a merge`,
        );
      }
      const steps: MigrationStep[] = [];
      for (const id of undone) {
        const below =
          id === squash.replaces[0] ? parents : [squash.replaces[squash.replaces.indexOf(id) - 1]!];
        const change =
          below.length === 0
            ? ({ kind: "delete", id } as const)
            : ({ kind: "update", from: id, to: below[0]! } as const);
        steps.push(versionStep("downgrade", id, [id], below, change));
      }
      return { steps, row: parents[0] };
    });
  }

  /** Stamp: only a row at the end of a run is understood (it moves onto the squash); partway is refused. */
  catchUpForStamp(rows: readonly string[]): CatchUp {
    return this.catchUp(rows, (row, at, squash) => {
      if (at < squash.replaces.length - 1) {
        throw new SquashedRunIncompleteError(row, squash.input.id, squash.replaces.slice(at + 1), "stamp");
      }
      return { steps: [stampOnto(row, squash.input.id)], row: squash.input.id };
    });
  }

  private catchUp(
    rows: readonly string[],
    one: (row: string, at: number, squash: Squash) => { steps: MigrationStep[]; row: string | undefined },
  ): CatchUp {
    if (!rows.some((row) => this.replacedBy.has(row))) return { rows, steps: [] };
    const out: string[] = [];
    const steps: MigrationStep[] = [];
    for (const row of rows) {
      const replacement = this.replacedBy.get(row);
      if (replacement === undefined) {
        out.push(row);
        continue;
      }
      const done = one(row, replacement.position, this.squashes.get(replacement.squash)!);
      steps.push(...done.steps);
      if (done.row !== undefined) out.push(done.row);
    }
    return { rows: unique(out).sort(compareIds), steps };
  }
}

function versionStep(
  kind: "upgrade" | "downgrade",
  revision: string,
  fromIds: readonly string[],
  toIds: readonly string[],
  change: MigrationStep["versionChanges"][number],
): MigrationStep {
  return { kind, revision, fromIds, toIds, versionChanges: [change] };
}

/** The row of a run's last revision becomes the squash's row; nothing runs. */
function stampOnto(row: string, squash: string): MigrationStep {
  return {
    kind: "stamp",
    revision: undefined,
    fromIds: [row],
    toIds: [squash],
    versionChanges: [{ kind: "update", from: row, to: squash }],
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
