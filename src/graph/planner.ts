// Which revisions an upgrade, downgrade, stamp or history covers, in what order, and how the version-table rows
// move at each step: Alembic's _collect_upgrade/_collect_downgrade_revisions, _upgrade/_downgrade/_stamp_revs
// and runtime HeadMaintainer, with set-order choices made by sorting.

import { compareIds, type Graph, type Node } from "./graph-core.js";
import {
  MultipleHeadsError,
  NotAncestorError,
  StampConflictError,
  VersionTableStateError,
} from "./graph-errors.js";
import type { Resolver } from "./resolver.js";
import type { Squashes } from "./squashes.js";
import type { MigrationStep, Plan, VersionChange } from "./types.js";

export interface IterateOptions {
  readonly inclusive?: boolean;
  readonly implicitBase?: boolean;
  readonly assertLength?: boolean;
}

/** An endpoint of a walk: one identifier, or a list of revision ids (the version-table rows). */
export type Endpoint = string | readonly string[];

function describe(end: Endpoint): string {
  return typeof end === "string" ? end : end.join(", ");
}

function sortNodes(nodes: Iterable<Node>): Node[] {
  return [...nodes].sort((a, b) => a.index - b.index);
}

function ids(nodes: Iterable<Node>): string[] {
  return [...nodes].map((n) => n.id);
}

export class Planner {
  constructor(
    private readonly graph: Graph,
    private readonly resolver: Resolver,
    private readonly squashes: Squashes,
  ) {}

  private revisionsOf(end: Endpoint): Node[] {
    const list = typeof end === "string" ? [end] : end;
    return list.flatMap((ident) => this.resolver.getRevisions(ident));
  }

  /** Alembic `_collect_upgrade_revisions`: what `upper` needs that `lower` does not have. */
  collectUpgrade(
    upper: Endpoint,
    lower: Endpoint,
    options: IterateOptions,
  ): { revisions: Set<Node>; heads: Node[] } {
    const lowerList = typeof lower === "string" ? [lower] : lower;
    let targets =
      typeof upper === "string"
        ? this.resolver.parseUpgradeTarget(lowerList, upper, options.assertLength ?? true)
        : this.revisionsOf(upper);
    if (typeof lower === "string" && lower.includes("@")) {
      // A named base (label@…): only targets on that branch count.
      let branch = lower.slice(0, lower.indexOf("@"));
      const branchRev = this.resolver.getRevision(branch);
      if (branchRev !== null && branchRev.id === branch && branchRev.labels.size === 1) {
        branch = [...branchRev.labels][0]!;
      }
      targets = targets.filter((t) => t.labels.has(branch));
    }
    const required = this.graph.ancestorsChecked(targets, "normalized");
    for (const t of targets) required.add(t);
    const current = this.revisionsOf(lower);
    if (!options.implicitBase && current.some((r) => !required.has(r))) {
      throw new NotAncestorError(describe(lower), describe(upper));
    }
    const have = this.graph.ancestorsChecked(current, "normalized");
    const needs = new Set<Node>();
    for (const r of required) if (!have.has(r)) needs.add(r);
    if (options.inclusive) for (const r of current) needs.add(r);
    if (current.length > 0 && !options.implicitBase) {
      const above = this.graph.descendantsChecked(current, "versioned");
      for (const r of needs) if (!above.has(r)) needs.delete(r);
    }
    return { revisions: needs, heads: targets };
  }

  /** Alembic `_collect_downgrade_revisions`: what must be undone from `upper` (the rows) to reach `target`. */
  collectDowngrade(
    upper: readonly string[],
    target: string,
    options: IterateOptions,
  ): { revisions: Set<Node>; heads: Node[] } {
    const parsed = this.resolver.parseDowngradeTarget(upper, target, options.assertLength ?? true);
    const dest = parsed.target;
    let roots: Node[];
    if (dest === null) roots = [...this.graph.bases];
    else if (options.inclusive) roots = [dest];
    else roots = [...dest.next];
    if (parsed.branch !== undefined && roots.length > 1) {
      const onBranch = this.graph.ancestors([this.resolver.resolveBranch(parsed.branch)], "versioned");
      roots = roots.filter((r) => onBranch.has(r));
      if (roots.length === 0) {
        throw new NotAncestorError(
          describe(upper),
          target,
          "Not a valid downgrade target from current heads",
        );
      }
    }
    const heads = this.revisionsOf(upper);
    const active = this.graph.ancestors(heads, "normalized");
    const revisions = new Set<Node>();
    for (const r of this.graph.descendants(roots, "all")) if (active.has(r)) revisions.add(r);
    if (options.implicitBase) {
      const kept = this.graph.ancestors(roots, "normalized");
      for (const r of active) if (!kept.has(r)) revisions.add(r);
    }
    if (dest !== null && revisions.size === 0 && !heads.includes(dest)) {
      throw new NotAncestorError("Nothing to drop", describe(upper));
    }
    return { revisions, heads };
  }

  /** Alembic `iterate_revisions`: newest first. */
  iterate(upper: Endpoint, lower: Endpoint, options: IterateOptions & { downgrade?: boolean }): Node[] {
    const { revisions, heads } = options.downgrade
      ? this.collectDowngrade(typeof upper === "string" ? [upper] : upper, describe(lower), options)
      : this.collectUpgrade(upper, lower, options);
    return this.graph.topologicalSort(revisions, heads);
  }

  /** Rows holding replaced ids first catch up onto their squash (squashes.ts); the plan continues from there. */
  upgrade(current: readonly string[], target: string): Plan {
    const before = sortedUnique(current);
    const { rows, steps: catchUp } = this.squashes.catchUpForUpgrade(before);
    const revs = this.withCommandErrors(target, "upgrade", () =>
      this.iterate(target, rows, { implicitBase: true, assertLength: true }),
    );
    const steps: MigrationStep[] = [...catchUp];
    const maintainer = new HeadMaintainer(this.graph, rows);
    for (const node of revs.reverse()) steps.push(maintainer.revisionStep(node, true));
    return {
      steps,
      headsBefore: before,
      headsAfter: maintainer.rows(),
      ...(steps.length === 0 ? this.upgradeNotice(rows, target) : {}),
    };
  }

  downgrade(current: readonly string[], target: string): Plan {
    const before = sortedUnique(current);
    const { rows, steps: catchUp } = this.squashes.catchUpForDowngrade(before);
    const revs = this.withCommandErrors(target, "downgrade", () =>
      this.iterate(rows, target, { downgrade: true, assertLength: true }),
    );
    const maintainer = new HeadMaintainer(this.graph, rows);
    const steps = [...catchUp, ...revs.map((node) => maintainer.revisionStep(node, false))];
    return { steps, headsBefore: before, headsAfter: maintainer.rows() };
  }

  /** Why an upgrade plan is empty, so `upgrade X` to something already applied is never silently ambiguous. */
  private upgradeNotice(rows: readonly string[], target: string): { notice?: string } {
    if (rows.length === 0) return {};
    const targets = this.resolver.parseUpgradeTarget(rows, target, true);
    const rowNodes = rows.flatMap((r) => this.resolver.getRevisions(r));
    const atTarget = targets.filter((t) => rowNodes.includes(t));
    const below = targets.filter((t) => !rowNodes.includes(t));
    if (below.length > 0) {
      return {
        notice: `Revision(s) ${ids(below).join(", ")} already applied: an ancestor of the current revision(s) ${rows.join(", ")}; nothing to upgrade (use downgrade to go back)`,
      };
    }
    if (atTarget.length > 0) return { notice: `Already at ${ids(atTarget).join(", ")}; nothing to upgrade` };
    return {};
  }

  private withCommandErrors<T>(target: string, direction: "upgrade" | "downgrade", fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof NotAncestorError && err.message.startsWith("Revision ")) {
        throw new NotAncestorError(
          err.lower,
          err.upper,
          `Destination ${target} is not a valid ${direction} target from current head(s)`,
        );
      }
      if (err instanceof NotAncestorError && err.lower === "Nothing to drop") {
        throw new NotAncestorError(
          err.lower,
          err.upper,
          `Destination ${target} is not a valid ${direction} target from current head(s)`,
        );
      }
      if (err instanceof MultipleHeadsError) throw new MultipleHeadsError(target, err.heads);
      throw err;
    }
  }

  /**
   * Alembic `_stamp_revs` + StampStep, except that a row belongs to a destination only when it shares the
   * destination's own line (not its dependencies), so unrelated branches keep their rows; a stamp that would
   * leave a row depending on something above a stamped revision is refused.
   */
  stamp(current: readonly string[], targets: readonly string[], purge: boolean): Plan {
    const before = sortedUnique(current);
    const caughtUp = purge ? { rows: before, steps: [] } : this.squashes.catchUpForStamp(before);
    const maintainer = new HeadMaintainer(this.graph, purge ? [] : caughtUp.rows);
    const steps: MigrationStep[] = [...caughtUp.steps];
    if (purge && before.length > 0) {
      steps.push({
        kind: "stamp",
        revision: undefined,
        fromIds: before,
        toIds: [],
        versionChanges: before.map((id) => ({ kind: "delete", id })),
      });
    }
    const initial = purge ? [] : caughtUp.rows.flatMap((id) => this.resolver.getRevisions(id));
    const requested = targets.length > 0 ? targets : ["base"];
    const destinations: Node[] = [];
    try {
      for (const ident of requested) {
        const dests = this.resolver.getRevisions(ident);
        if (dests.length === 0) {
          for (const row of this.resolver.filterForLineage(initial, ident)) {
            if (maintainer.has(row.id)) steps.push(maintainer.stampStep([row.id], [], false, true));
          }
          continue;
        }
        for (const dest of dests) {
          destinations.push(dest);
          if (initial.includes(dest)) continue;
          const related = initial.filter((r) => this.graph.sharesLineage(r, [dest], false));
          if (related.length === 0) {
            steps.push(maintainer.stampStep([], [dest.id], true, true));
            continue;
          }
          const down = related.some((r) => this.graph.isAncestor(dest, r, "versioned"));
          steps.push(maintainer.stampStep(ids(related), [dest.id], !down, false));
        }
      }
    } catch (err) {
      if (err instanceof MultipleHeadsError) {
        throw new MultipleHeadsError(
          err.ident,
          err.heads,
          "Multiple heads are present; please specify a single target revision",
        );
      }
      throw err;
    }
    const after = maintainer.rows();
    this.checkStampConsistency(destinations, after);
    return { steps, headsBefore: before, headsAfter: after };
  }

  private checkStampConsistency(destinations: readonly Node[], rows: readonly string[]): void {
    const rowNodes = rows.map((r) => this.graph.byId.get(r)!);
    for (const dest of destinations) {
      const above = this.graph.descendants([dest], "versioned");
      above.delete(dest);
      if (above.size === 0) continue;
      const offending: Node[] = [];
      const needed = new Set<Node>();
      for (const row of rowNodes) {
        const implied = [...this.graph.ancestors([row], "normalized")].filter((n) => above.has(n));
        if (implied.length > 0) {
          offending.push(row);
          for (const n of implied) if (!n.next.some((c) => implied.includes(c))) needed.add(n);
        }
      }
      if (offending.length > 0) throw new StampConflictError(dest.id, ids(offending), ids(sortNodes(needed)));
    }
  }

  /** Alembic `history`: both ends inclusive; `current` as either end stands for the rows. */
  history(
    start: string | undefined,
    end: string | undefined,
    current: readonly string[] | undefined,
  ): Node[] {
    const lower: Endpoint = start === undefined ? "base" : start === "current" ? (current ?? []) : start;
    const upper: Endpoint = end === undefined ? "heads" : end === "current" ? (current ?? []) : end;
    try {
      return this.iterate(upper, lower, { inclusive: true, assertLength: false });
    } catch (err) {
      if (err instanceof NotAncestorError) {
        throw new NotAncestorError(
          err.lower,
          err.upper,
          `Requested range ${start ?? "base"}:${end ?? "heads"} does not refer to ancestor/descendant revisions along the same branch`,
        );
      }
      throw err;
    }
  }
}

function sortedUnique(list: readonly string[]): string[] {
  return [...new Set(list)].sort(compareIds);
}

/** runtime/migration.py HeadMaintainer: moves the rows step by step and records each change. */
class HeadMaintainer {
  private readonly current: Set<string>;
  private changes: VersionChange[] = [];

  constructor(
    private readonly graph: Graph,
    rows: readonly string[],
  ) {
    this.current = new Set(rows);
  }

  has(id: string): boolean {
    return this.current.has(id);
  }

  rows(): string[] {
    return sortedUnique([...this.current]);
  }

  private insert(id: string): void {
    if (this.current.has(id))
      throw new VersionTableStateError(`Revision ${id} is already in the version table`);
    this.current.add(id);
    this.changes.push({ kind: "insert", id });
  }

  private delete(id: string): void {
    if (!this.current.has(id)) {
      throw new VersionTableStateError(
        `Can't delete ${id} from the version table: it holds ${this.rows().join(", ") || "no rows"}`,
      );
    }
    this.current.delete(id);
    this.changes.push({ kind: "delete", id });
  }

  private update(from: string, to: string): void {
    if (this.current.has(to))
      throw new VersionTableStateError(`Revision ${to} is already in the version table`);
    if (!this.current.has(from)) {
      throw new VersionTableStateError(
        `Can't update ${from} to ${to}: the version table holds ${this.rows().join(", ") || "no rows"}`,
      );
    }
    this.current.delete(from);
    this.current.add(to);
    this.changes.push({ kind: "update", from, to });
  }

  private take(): VersionChange[] {
    const out = this.changes;
    this.changes = [];
    return out;
  }

  /** Normalized down revisions not implied by the other rows (`_unmerge_to_revisions` / merge idents). */
  private notImpliedByOthers(candidates: readonly Node[], exclude: ReadonlySet<string>): string[] {
    const others = [...this.current].filter((r) => !exclude.has(r)).map((r) => this.graph.byId.get(r)!);
    if (others.length === 0) return ids(candidates).sort(compareIds);
    const implied = this.graph.ancestors(others, "normalized");
    return ids(candidates.filter((c) => !implied.has(c))).sort(compareIds);
  }

  revisionStep(node: Node, upgrade: boolean): MigrationStep {
    const down = node.normDown;
    const inRows = down.filter((d) => this.current.has(d.id));
    if (!upgrade && this.current.has(node.id) && (down.length === 0 || this.unmergeTo(node).length === 0)) {
      this.delete(node.id);
    } else if (upgrade && (down.length === 0 || inRows.length === 0)) {
      this.insert(node.id);
    } else if (upgrade && down.length > 1 && inRows.length > 1) {
      const from = this.notImpliedByOthers(down, new Set(ids(down))).filter((id) => this.current.has(id));
      for (const id of from.slice(0, -1)) this.delete(id);
      this.update(from[from.length - 1]!, node.id);
    } else if (!upgrade && this.current.has(node.id) && down.length > 1) {
      const to = this.unmergeTo(node);
      for (const id of to.slice(0, -1)) this.insert(id);
      this.update(node.id, to[to.length - 1]!);
    } else {
      let downId: string;
      if (down.length === 1) downId = down[0]!.id;
      else if (inRows.length === 1) downId = inRows[0]!.id;
      else
        throw new VersionTableStateError(
          `Can't do an UPDATE for ${node.id} because its down revision is ambiguous`,
        );
      if (upgrade) this.update(downId, node.id);
      else this.update(node.id, downId);
    }
    const versioned = ids(node.down);
    return {
      kind: upgrade ? "upgrade" : "downgrade",
      revision: node.id,
      fromIds: upgrade ? versioned : [node.id],
      toIds: upgrade ? [node.id] : versioned,
      versionChanges: this.take(),
    };
  }

  private unmergeTo(node: Node): string[] {
    return this.notImpliedByOthers(node.normDown, new Set([node.id]));
  }

  /** StampStep: `from` are current rows on the destination's line, `to` the destination (empty for base). */
  stampStep(
    from: readonly string[],
    to: readonly string[],
    upgrade: boolean,
    branchMove: boolean,
  ): MigrationStep {
    const present = from.filter((f) => this.current.has(f));
    const toMissing = to.some((t) => !this.current.has(t));
    if (!upgrade && branchMove) {
      this.delete(from[0]!);
    } else if (upgrade && (branchMove || present.length < from.length) && toMissing) {
      this.insert(to[0]!);
    } else if (present.length === 0 && toMissing) {
      this.insert(to[0]!);
    } else if (present.length > 1) {
      for (const id of present.slice(0, -1)) this.delete(id);
      this.update(present[present.length - 1]!, to[0]!);
    } else if (present.length === 1 && toMissing) {
      this.update(present[0]!, to[0]!);
    }
    return {
      kind: "stamp",
      revision: undefined,
      fromIds: [...from],
      toIds: [...to],
      versionChanges: this.take(),
    };
  }
}
