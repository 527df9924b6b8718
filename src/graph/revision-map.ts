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

/**
 * What a map exports so that a later map of the same revisions needs no validation (`links`), and can answer
 * `heads` before it even relinks its graph (`heads`): plain data, fit for JSON.
 */
export interface MapSnapshot {
  readonly links: GraphLinks;
  /** The public facts of every head, in id order. */
  readonly heads: readonly Revision[];
  /**
   * No revision depends on another or replaces any: then no id names a squash, and rows that are all heads are
   * exactly what `current` shows (see currentDisplay).
   */
  readonly plain: boolean;
}

/** Everything a map answers from, made when the map is built or, for a restored map, when first needed. */
interface MapParts {
  readonly graph: Graph;
  readonly resolver: Resolver;
  readonly planner: Planner;
  readonly squashes: Squashes;
  /** Public revision objects, made on first use. */
  readonly revisions: (Revision | undefined)[];
}

/** A restored map's graph before it is relinked: how to relink it, and what is known without it. */
export class PendingGraph {
  readonly heads: ReadonlyMap<string, Revision>;

  constructor(
    readonly relink: () => MapParts,
    heads: readonly Revision[],
    readonly size: number,
    readonly plain: boolean,
  ) {
    this.heads = new Map(heads.map((revision) => [revision.id, revision]));
  }
}

export class RevisionMap {
  private parts: MapParts | undefined;
  /** Set on a restored map until something asks what only the graph knows. */
  private pending: PendingGraph | undefined;

  /**
   * Validates the whole set; throws the typed errors of graph-errors.ts. With the `links` of an earlier map of
   * the same revisions, relinks them without validating the graph again.
   */
  constructor(revisions: Iterable<RevisionInput> | PendingGraph, links?: GraphLinks) {
    if (revisions instanceof PendingGraph) this.pending = revisions;
    else this.parts = buildParts(revisions, links);
  }

  /**
   * The map of `revisions` from the snapshot an earlier map of them exported. The graph is relinked only when a
   * question needs it, not for the heads and their facts; then links that do not fit the revisions (or trip a
   * check the build would also make) hand over to `rebuild`, whose build reports any real problem. Undefined
   * when the snapshot's heads are out of shape.
   */
  static restore(
    revisions: () => Iterable<RevisionInput>,
    saved: MapSnapshot,
    rebuild: () => RevisionMap,
  ): RevisionMap | undefined {
    const { links, heads, plain } = saved;
    if (!Array.isArray(heads) || !heads.every(isRevision) || !Array.isArray(links?.gen)) return undefined;
    if (typeof plain !== "boolean") return undefined;
    const relink = (): MapParts => {
      try {
        return buildParts(revisions(), links);
      } catch {
        return rebuild().built();
      }
    };
    return new RevisionMap(new PendingGraph(relink, heads, links.gen.length, plain));
  }

  /** What `restore` needs to answer as this map does: see MapSnapshot. */
  snapshot(): MapSnapshot {
    const { graph, squashes } = this.built();
    return {
      links: graph.links(),
      heads: graph.heads.map((n) => this.revisionOf(n)),
      plain: !squashes.any && graph.nodes.every((n) => n.deps.length === 0),
    };
  }

  private built(): MapParts {
    if (this.parts === undefined) {
      this.parts = this.pending!.relink();
      this.pending = undefined;
    }
    return this.parts;
  }

  private get graph(): Graph {
    return this.built().graph;
  }

  private get resolver(): Resolver {
    return this.built().resolver;
  }

  private get planner(): Planner {
    return this.built().planner;
  }

  private get squashes(): Squashes {
    return this.built().squashes;
  }

  private revisionOf(node: Node): Revision {
    // Indexed by the node's position: far cheaper than a Map keyed by objects, on 10,000 lookups.
    const revisions = this.built().revisions;
    let rev = revisions[node.index];
    if (rev === undefined) {
      rev = toRevision(node);
      revisions[node.index] = rev;
    }
    return rev;
  }

  get size(): number {
    return this.pending?.size ?? this.graph.nodes.length;
  }

  /** Exact id only. */
  get(id: string): Revision | undefined {
    const head = this.pending?.heads.get(id);
    if (head !== undefined) return head;
    const node = this.graph.byId.get(id);
    return node === undefined ? undefined : this.revisionOf(node);
  }

  /** A revision of the graph, or an id a squash revision replaces (its file may be gone): what a row may hold. */
  isKnown(id: string): boolean {
    if (this.pending?.heads.has(id)) return true;
    return this.graph.byId.has(id) || this.squashes.replacement(id) !== undefined;
  }

  /** The squash revision that replaces `id`, and where `id` sits in its run; undefined for any other id. */
  replacement(id: string): Replacement | undefined {
    if (this.pending?.plain) return undefined;
    return this.squashes.replacement(id);
  }

  /** A replaced revision whose file is still there, as the file declares it (not in the graph). */
  original(id: string): RevisionInput | undefined {
    if (this.pending?.plain) return undefined;
    return this.squashes.original(id);
  }

  /** Every revision, sorted by id. */
  all(): readonly Revision[] {
    return this.graph.nodes.map((n) => this.revisionOf(n));
  }

  /** Alembic `heads`: no downRevision children, including effective heads. Sorted. */
  heads(): string[] {
    if (this.pending !== undefined) return [...this.pending.heads.keys()];
    return this.graph.heads.map((n) => n.id);
  }

  /** Heads nothing depends on (`heads --resolve-dependencies`, and what the `heads` identifier means). Sorted. */
  realHeads(): string[] {
    // A real head is a head: its wider list of children is empty, so its narrower one is too.
    if (this.pending !== undefined)
      return [...this.pending.heads.values()].filter((r) => r.isRealHead).map((r) => r.id);
    return this.graph.realHeads.map((n) => n.id);
  }

  /** A head that another revision depends on. */
  isEffectiveHead(id: string): boolean {
    // Only a head can be one: a restored map knows every head's facts.
    if (this.pending !== undefined) return this.pending.heads.get(id)?.isRealHead === false;
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

  /**
   * The revisions `ids` name and every one below them, along down revisions and dependencies: what a database
   * whose rows say `ids` has run. Newest first (an ancestor always after its descendants), ties by id. Ids that
   * are not revisions of the graph are left out.
   */
  ancestry(ids: readonly string[]): string[] {
    const nodes = ids.flatMap((id) => this.graph.byId.get(id) ?? []);
    return [...this.graph.ancestors(nodes)]
      .sort((a, b) => b.gen - a.gen || compareIds(a.id, b.id))
      .map((n) => n.id);
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
    // No rows imply nothing: a database at base is answered without the graph, which a restored map need not relink.
    if (rows.length === 0) return [];
    // Without dependencies, every ancestor of a row has a child among the implied, so only the rows are tips: a
    // database at its heads is answered from the heads' facts too. (An all-digit id reads as a relative step.)
    const pending = this.pending;
    if (pending?.plain && rows.every((row) => pending.heads.has(row) && !ALL_DIGITS.test(row))) {
      return [...pending.heads.keys()]
        .filter((id) => rows.includes(id))
        .map((id) => ({ id, effectiveHead: this.isEffectiveHead(id) }));
    }
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

function buildParts(inputs: Iterable<RevisionInput>, links: GraphLinks | undefined): MapParts {
  const squashes = new Squashes(inputs);
  const graph = new Graph(squashes.inputs, links);
  if (squashes.any) {
    for (const node of graph.nodes) {
      for (const id of squashes.replacesOf(node.id)) graph.aliases.set(id, node);
    }
  }
  const resolver = new Resolver(graph);
  // Preallocated so that filling it from any end keeps it a plain array rather than a sparse one.
  const revisions = new Array<Revision | undefined>(graph.nodes.length);
  return { graph, resolver, planner: new Planner(graph, resolver, squashes), squashes, revisions };
}

const ALL_DIGITS = /^[+-]?\d+$/;

const LIST_FIELDS = [
  "downRevisions",
  "dependsOn",
  "branchLabels",
  "replaces",
  "children",
  "dependencies",
  "labels",
] as const;
const FLAG_FIELDS = ["isHead", "isRealHead", "isBase", "isBranchPoint", "isMergePoint"] as const;

/** A Revision as JSON keeps it: what a snapshot's heads must look like. */
function isRevision(value: unknown): value is Revision {
  if (typeof value !== "object" || value === null) return false;
  const fields = value as Record<string, unknown>;
  return (
    typeof fields.id === "string" &&
    LIST_FIELDS.every((name) => {
      const list = fields[name];
      return Array.isArray(list) && list.every((item) => typeof item === "string");
    }) &&
    FLAG_FIELDS.every((name) => typeof fields[name] === "boolean")
  );
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
