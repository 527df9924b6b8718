// The public face of the revision graph: a validated map of revisions, the identifier grammar, and plans for
// upgrade, downgrade, stamp and history. Pure: no files, no database.

import { compareIds, Graph, type GraphLinks, type Node } from "./graph-core.js";
import { CurrentUnknownError, MultipleHeadsError, RevisionNotFoundError } from "./graph-errors.js";
import { Planner } from "./planner.js";
import { Resolver, relativeParts } from "./resolver.js";
import { type Replacement, Squashes } from "./squashes.js";
import type { Plan, RevisionInput } from "./types.js";

export interface Revision extends RevisionInput {
  /** For a squash revision, the ids it replaces, oldest first; else empty. */
  readonly replaces: readonly string[];
  /** Ids whose downRevisions include this one, sorted. */
  readonly children: readonly string[];
  /** dependsOn resolved to full ids (a label names the revision that declares it), sorted. */
  readonly dependencies: readonly string[];
  /** Own and inherited branch labels, sorted. */
  readonly labels: readonly string[];
  /** No revision names this one as a downRevision (Alembic `is_head`; includes effective heads). */
  readonly isHead: boolean;
  /** A head nothing depends on either (Alembic `_is_real_head`). */
  readonly isRealHead: boolean;
  readonly isBase: boolean;
  /** Two or more children. */
  readonly isBranchPoint: boolean;
  /** Two or more downRevisions. */
  readonly isMergePoint: boolean;
}

export interface ResolveOptions {
  /** The version-table rows, for `current` and relative `+N` / `-N`. */
  readonly current?: readonly string[];
}

export class RevisionMap {
  private readonly graph: Graph;
  private readonly resolver: Resolver;
  private readonly planner: Planner;
  private readonly squashes: Squashes;
  /** Public revision objects, made on first use. */
  private readonly revisions: (Revision | undefined)[];

  /**
   * Validates the whole set; throws the typed errors of graph-errors.ts. With the `links()` of an earlier map of
   * the same revisions, relinks them without validating the graph again.
   */
  constructor(revisions: Iterable<RevisionInput>, links?: GraphLinks) {
    this.squashes = new Squashes(revisions);
    this.graph = new Graph(this.squashes.inputs, links);
    if (this.squashes.any) {
      for (const node of this.graph.nodes) {
        for (const id of this.squashes.replacesOf(node.id)) this.graph.aliases.set(id, node);
      }
    }
    this.resolver = new Resolver(this.graph);
    this.planner = new Planner(this.graph, this.resolver, this.squashes);
    // Preallocated so that filling it from any end keeps it a plain array rather than a sparse one.
    this.revisions = new Array(this.graph.nodes.length);
  }

  /** The map of `revisions` from links an earlier map of them exported; undefined when the links do not fit. */
  static restore(revisions: Iterable<RevisionInput>, links: GraphLinks): RevisionMap | undefined {
    try {
      return new RevisionMap(revisions, links);
    } catch {
      // LinksMismatchError, or links from another set that trip a check the build would also make: the caller
      // builds afresh, and that build reports any real problem with its file and line.
      return undefined;
    }
  }

  /** What `restore` needs to rebuild this map's graph: plain data, fit for JSON. */
  links(): GraphLinks {
    return this.graph.links();
  }

  private revisionOf(node: Node): Revision {
    // Indexed by the node's position: far cheaper than a Map keyed by objects, on 10,000 lookups.
    let rev = this.revisions[node.index];
    if (rev === undefined) {
      rev = toRevision(node);
      this.revisions[node.index] = rev;
    }
    return rev;
  }

  get size(): number {
    return this.graph.nodes.length;
  }

  /** Exact id only. */
  get(id: string): Revision | undefined {
    const node = this.graph.byId.get(id);
    return node === undefined ? undefined : this.revisionOf(node);
  }

  /** A revision of the graph, or an id a squash revision replaces (its file may be gone): what a row may hold. */
  isKnown(id: string): boolean {
    return this.graph.byId.has(id) || this.squashes.replacement(id) !== undefined;
  }

  /** The squash revision that replaces `id`, and where `id` sits in its run; undefined for any other id. */
  replacement(id: string): Replacement | undefined {
    return this.squashes.replacement(id);
  }

  /** A replaced revision whose file is still there, as the file declares it (not in the graph). */
  original(id: string): RevisionInput | undefined {
    return this.squashes.original(id);
  }

  /** Every revision, sorted by id. */
  all(): readonly Revision[] {
    return this.graph.nodes.map((n) => this.revisionOf(n));
  }

  /** Alembic `heads`: no downRevision children, including effective heads. Sorted. */
  heads(): string[] {
    return this.graph.heads.map((n) => n.id);
  }

  /** Heads nothing depends on (`heads --resolve-dependencies`, and what the `heads` identifier means). Sorted. */
  realHeads(): string[] {
    return this.graph.realHeads.map((n) => n.id);
  }

  /** A head that another revision depends on. */
  isEffectiveHead(id: string): boolean {
    const node = this.graph.byId.get(id);
    return node !== undefined && node.next.length === 0 && node.allNext.length > 0;
  }

  bases(): string[] {
    return this.graph.bases.map((n) => n.id);
  }

  branchPoints(): string[] {
    return this.graph.nodes.filter((n) => n.next.length > 1).map((n) => n.id);
  }

  mergePoints(): string[] {
    return this.graph.nodes.filter((n) => n.down.length > 1).map((n) => n.id);
  }

  /**
   * Every form of the identifier grammar to revision ids (`base` → []): full id, unique prefix, `head`, `heads`,
   * `base`, `current`, `label@head|base|heads|rev|-N|+N`, `label`, `rev@head`, `+N` / `-N` from current,
   * `rev+N` / `rev-N`, `head-N`.
   */
  resolve(ident: string, options: ResolveOptions = {}): string[] {
    if (ident === "current") return this.currentRows(ident, options).map((n) => n.id);
    const rel = relativeParts(ident);
    if (rel !== undefined && rel.symbol === undefined && !(rel.branch !== undefined && rel.steps < 0)) {
      const rows = this.currentRows(ident, options).map((n) => n.id);
      if (rel.steps === 0) return rows;
      if (rel.steps > 0) return unique(this.resolver.parseUpgradeTarget(rows, ident, true));
      const down = this.resolver.parseDowngradeTarget(rows, ident, true).target;
      return down === null ? [] : [down.id];
    }
    if (rel !== undefined && rel.symbol !== undefined) {
      if (rel.steps === 0) {
        return unique(
          this.resolver.getRevisions(rel.branch === undefined ? rel.symbol : `${rel.branch}@${rel.symbol}`),
        );
      }
      return unique(this.resolver.parseUpgradeTarget([], ident, true));
    }
    return unique(this.resolver.getRevisions(ident));
  }

  /** At most one revision (undefined = base); several is a MultipleHeadsError naming them. */
  resolveOne(ident: string, options: ResolveOptions = {}): string | undefined {
    const found = this.resolve(ident, options);
    if (found.length > 1) throw new MultipleHeadsError(ident, found);
    return found[0];
  }

  /** The steps from the rows `current` up to `target`, and how the rows move. */
  planUpgrade(current: readonly string[], target: string): Plan {
    return this.planner.upgrade(current, target);
  }

  /** The steps from the rows `current` down to `target`, and how the rows move. */
  planDowngrade(current: readonly string[], target: string): Plan {
    return this.planner.downgrade(current, target);
  }

  /** Version-table moves that make the rows say `targets` without running anything. */
  planStamp(current: readonly string[], targets: readonly string[], options: { purge?: boolean } = {}): Plan {
    return this.planner.stamp(current, targets, options.purge ?? false);
  }

  /** Newest first, both ends inclusive; start defaults to base, end to heads; either may be `current`. */
  history(range: { start?: string; end?: string } = {}, options: ResolveOptions = {}): Revision[] {
    if (range.start === "current" || range.end === "current") this.currentRows("current", options);
    return this.planner.history(range.start, range.end, options.current).map((n) => this.revisionOf(n));
  }

  /**
   * What `current` shows for these version-table rows: the rows plus every revision they imply, reduced to
   * the tip of each branch (Alembic `_get_all_current`), sorted.
   */
  currentDisplay(rows: readonly string[]): { id: string; effectiveHead: boolean }[] {
    const nodes = this.squashes.graphRows(rows).flatMap((r) => this.resolver.getRevisions(r));
    return this.resolver
      .allCurrent(nodes)
      .map((n) => ({ id: n.id, effectiveHead: this.isEffectiveHead(n.id) }));
  }

  private currentRows(ident: string, options: ResolveOptions): Node[] {
    if (options.current === undefined) throw new CurrentUnknownError(ident);
    const nodes = this.squashes.graphRows(options.current).map((row) => {
      const node = this.graph.byId.get(row);
      if (node === undefined) throw new RevisionNotFoundError(row);
      return node;
    });
    return [...new Set(nodes)].sort((a, b) => a.index - b.index);
  }
}

function unique(nodes: readonly Node[]): string[] {
  return [...new Set(nodes.map((n) => n.id))];
}

const NONE: readonly string[] = Object.freeze([]);

function toRevision(node: Node): Revision {
  const { input } = node;
  return {
    id: node.id,
    downRevisions: input.downRevisions,
    dependsOn: input.dependsOn,
    branchLabels: input.branchLabels,
    replaces: input.replaces ?? NONE,
    children: node.next.length === 0 ? NONE : node.next.map((n) => n.id),
    dependencies: node.deps.length === 0 ? NONE : node.deps.map((n) => n.id).sort(compareIds),
    labels: node.labels.size === 0 ? NONE : [...node.labels].sort(compareIds),
    isHead: node.next.length === 0,
    isRealHead: node.allNext.length === 0,
    isBase: node.down.length === 0,
    isBranchPoint: node.next.length > 1,
    isMergePoint: node.down.length > 1,
  };
}
