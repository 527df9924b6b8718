// The validated, linked form of a revision set and the walks over it. Everything is iterative (no recursion
// proportional to depth) and works on node objects linked by reference, so 10,000 revisions stay cheap.

import {
  AmbiguousRevisionError,
  CycleError,
  DependencyCycleError,
  DependencyLoopError,
  DuplicateBranchLabelError,
  DuplicateRevisionError,
  InvalidIdentifierError,
  LoopError,
  MissingReferenceError,
  OverlappingRevisionsError,
} from "./graph-errors.js";
import type { RevisionInput } from "./types.js";

/** Words of the identifier grammar; a revision id or branch label may not be one of them. */
export const RESERVED_WORDS: readonly string[] = ["head", "heads", "base", "current"];
const ILLEGAL_ID_CHARS = ["+", "-", ":", "@"];
const ILLEGAL_LABEL_CHARS = [":", "@"];
/** Shared by unlabelled nodes until a label reaches them (propagateLabels copies on write). */
const NO_LABELS: ReadonlySet<string> = new Set();
/** Shared by every node with no edges of a kind; frozen so that a push onto it fails loudly. */
const NO_NODES = Object.freeze([]) as unknown as Node[];

export interface Node {
  readonly id: string;
  readonly input: RevisionInput;
  /** Position in id order: every tie Alembic breaks by load order is broken by this. */
  readonly index: number;
  /** downRevisions, as declared (Alembic `_versioned_down_revisions`). */
  down: Node[];
  /** dependsOn resolved to revisions, declared order, no duplicates (`_resolved_dependencies`). */
  deps: Node[];
  /** deps minus those an ancestor already depends on, sorted (`_normalized_resolved_dependencies`). */
  normDeps: Node[];
  /** down + normDeps (`_normalized_down_revisions`): the edges plans and iteration follow. */
  normDown: Node[];
  /** down + deps (`_all_down_revisions`). */
  allDown: Node[];
  /** Revisions naming this one in downRevisions (`nextrev`), sorted. */
  next: Node[];
  /** Revisions naming this one in downRevisions or dependsOn (`_all_nextrev`), sorted. */
  allNext: Node[];
  labels: ReadonlySet<string>;
  /** Longest normalized path from a base; an ancestor always has a smaller generation. */
  gen: number;
  /** Scratch stamp for walks. */
  mark: number;
}

/**
 * What a validated graph computed, as plain numbers and strings, so that the same inputs relink without the
 * checks and walks (`new Graph(inputs, links)`). Every list is by node position (id order); edge lists are
 * packed, per node a count and then that many node positions.
 */
export interface GraphLinks {
  readonly down: readonly number[];
  readonly deps: readonly number[];
  readonly normDeps: readonly number[];
  readonly gen: readonly number[];
  /** The distinct label sets (own and inherited labels), and each node's set (-1: none). */
  readonly labelSets: readonly (readonly string[])[];
  readonly labelOf: readonly number[];
}

/** Links that do not fit the inputs they are given: the caller builds the graph afresh instead. */
class LinksMismatchError extends Error {
  constructor() {
    super("Graph links do not fit the revisions");
  }
}

function throwMismatch(): never {
  throw new LinksMismatchError();
}

export type DownEdges = "versioned" | "normalized" | "all";
export type UpEdges = "versioned" | "all";

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byIndex(a: Node, b: Node): number {
  return a.index - b.index;
}

function downOf(kind: DownEdges): (n: Node) => readonly Node[] {
  return kind === "versioned" ? (n) => n.down : kind === "normalized" ? (n) => n.normDown : (n) => n.allDown;
}

function upOf(kind: UpEdges): (n: Node) => readonly Node[] {
  return kind === "versioned" ? (n) => n.next : (n) => n.allNext;
}

function dedupe(nodes: readonly Node[]): Node[] {
  const out: Node[] = [];
  for (const n of nodes) if (!out.includes(n)) out.push(n);
  return out;
}

export class Graph {
  readonly nodes: readonly Node[];
  readonly byId = new Map<string, Node>();
  /** Branch label → the revision that declares it. */
  readonly labelOwner = new Map<string, Node>();
  /** Ids that are not revisions of the graph but name one: a replaced id names its squash. */
  readonly aliases = new Map<string, Node>();
  /** Revisions no other names as a downRevision (Alembic `heads`). */
  readonly heads: readonly Node[];
  /** Heads nothing depends on either (Alembic `_real_heads`). */
  readonly realHeads: readonly Node[];
  /** Revisions without downRevisions (Alembic `bases`). */
  readonly bases: readonly Node[];
  private readonly sortedIds: readonly string[];
  private epoch = 0;
  /** Heads first, each revision after everything that names it as a down revision or dependency. */
  private drainOrder: Node[] = [];

  /**
   * Validates and links `inputs`; or, given the `links` an earlier graph of the same inputs exported, relinks
   * them without validating again. Links that do not fit the inputs throw a LinksMismatchError.
   */
  constructor(inputs: Iterable<RevisionInput>, links?: GraphLinks) {
    const list = [...inputs];
    // The file layer already hands revisions over in name order, which is nearly always id order.
    if (!isSortedById(list)) list.sort((a, b) => compareIds(a.id, b.id));
    if (links === undefined) for (const input of list) validateInput(input);
    const nodes: Node[] = list.map((input, index) => ({
      id: input.id,
      input,
      index,
      down: NO_NODES,
      deps: NO_NODES,
      normDeps: NO_NODES,
      normDown: NO_NODES,
      allDown: NO_NODES,
      next: NO_NODES,
      allNext: NO_NODES,
      labels: NO_LABELS,
      gen: 0,
      mark: 0,
    }));
    this.nodes = nodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (this.byId.has(node.id)) throw new DuplicateRevisionError(node.id);
      this.byId.set(node.id, node);
    }
    this.sortedIds = nodes.map((n) => n.id);
    if (links === undefined) this.build();
    else this.restore(links);
    this.heads = nodes.filter((n) => n.next.length === 0);
    this.realHeads = nodes.filter((n) => n.allNext.length === 0);
    this.bases = nodes.filter((n) => n.down.length === 0);
  }

  private build(): void {
    for (const node of this.nodes) {
      if (node.input.downRevisions.includes(node.id)) throw new LoopError(node.id);
      if (node.input.dependsOn.includes(node.id)) throw new DependencyLoopError(node.id);
      if (node.input.branchLabels.length > 0) node.labels = new Set(node.input.branchLabels);
    }
    this.mapLabels();
    this.resolveReferences();
    this.linkUp();
    this.detectCycles();
    this.normalizeDependencies();
    this.computeGenerations();
    this.propagateLabels();
  }

  /** What a later graph of the same inputs needs to relink without validating: see GraphLinks. */
  links(): GraphLinks {
    const labelSets: string[][] = [];
    const setIndex = new Map<ReadonlySet<string>, number>();
    const labelOf = this.nodes.map((n) => {
      if (n.labels.size === 0) return -1;
      let index = setIndex.get(n.labels);
      if (index === undefined) {
        index = labelSets.push([...n.labels]) - 1;
        setIndex.set(n.labels, index);
      }
      return index;
    });
    return {
      down: packEdges(this.nodes, (n) => n.down),
      deps: packEdges(this.nodes, (n) => n.deps),
      normDeps: packEdges(this.nodes, (n) => n.normDeps),
      gen: this.nodes.map((n) => n.gen),
      labelSets,
      labelOf,
    };
  }

  /** The build's results, read back from `links`; each part is checked against the inputs as it is read. */
  private restore(links: GraphLinks): void {
    const nodes = this.nodes;
    const { gen, labelSets, labelOf } = links;
    const fits = (column: unknown) => Array.isArray(column) && column.length === nodes.length;
    if (!fits(gen) || !fits(labelOf) || !Array.isArray(labelSets)) throwMismatch();
    const sets = labelSets.map((labels) => {
      if (!Array.isArray(labels) || labels.some((l) => typeof l !== "string")) throwMismatch();
      return new Set(labels) as ReadonlySet<string>;
    });
    for (let i = 0; i < nodes.length; i++) {
      const g = gen[i];
      const l = labelOf[i];
      if (typeof g !== "number" || typeof l !== "number") throwMismatch();
      nodes[i]!.gen = g;
      if (l !== -1) nodes[i]!.labels = sets[l] ?? throwMismatch();
    }
    this.mapLabels();
    unpackEdges(nodes, links.down, (n, edges) => {
      n.down = edges;
    });
    unpackEdges(nodes, links.deps, (n, edges) => {
      n.deps = edges;
    });
    this.linkUp();
    unpackEdges(nodes, links.normDeps, (n, edges) => {
      n.normDeps = edges;
    });
    for (let i = 0; i < nodes.length; i++) setNormalizedDown(nodes[i]!);
  }

  private mapLabels(): void {
    const nodes = this.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.input.branchLabels.length === 0) continue;
      for (const label of node.input.branchLabels) {
        const owner = this.labelOwner.get(label) ?? this.byId.get(label);
        if (owner !== undefined) throw new DuplicateBranchLabelError(label, [owner.id, node.id]);
        this.labelOwner.set(label, node);
      }
    }
  }

  /** Each node's down revisions and dependencies as nodes; throws on a reference to nothing. */
  private resolveReferences(): void {
    // Most revisions have one down revision and no dependencies: they share arrays instead of copying them.
    for (const node of this.nodes) {
      const refs = node.input.downRevisions;
      if (refs.length > 0) {
        const down: Node[] = [];
        for (const ref of refs) {
          const target = this.byId.get(ref);
          if (target === undefined) throw new MissingReferenceError(node.id, ref, "downRevision");
          down.push(target);
        }
        node.down = refs.length > 1 ? dedupe(down) : down;
      }
      if (node.input.dependsOn.length === 0) continue;
      const deps: Node[] = [];
      for (const ref of node.input.dependsOn) {
        const target = this.resolveDependency(node, ref);
        if (target === node) throw new DependencyLoopError(node.id);
        deps.push(target);
      }
      node.deps = dedupe(deps);
    }
  }

  /** The edges that follow from `down` and `deps`: allDown, and the reverse lists next and allNext. */
  private linkUp(): void {
    // Indexed loops: this runs on every node once per process, before the JIT warms up, when a for-of loop pays
    // for its iterator on each step.
    const nodes = this.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      node.allDown = node.deps.length === 0 ? node.down : dedupe([...node.down, ...node.deps]);
      // Nodes are visited in index order, so `next` lists come out sorted.
      const down = node.down;
      for (let j = 0; j < down.length; j++) {
        const d = down[j]!;
        if (d.next === NO_NODES) d.next = [node];
        else d.next.push(node);
      }
    }
    for (let i = 0; i < nodes.length; i++) nodes[i]!.allNext = nodes[i]!.next;
    const widened = new Set<Node>();
    for (const node of this.nodes) {
      if (node.allDown === node.down) continue;
      for (const d of node.allDown) {
        if (node.down.includes(d)) continue;
        if (!widened.has(d)) {
          widened.add(d);
          d.allNext = [...d.next];
        }
        if (!d.allNext.includes(node)) d.allNext.push(node);
      }
    }
    for (const d of widened) d.allNext.sort(byIndex);
  }

  /** A dependsOn entry: a full id, a branch label (its declaring revision, as Alembic), or a unique prefix. */
  private resolveDependency(node: Node, ref: string): Node {
    const exact = this.byId.get(ref) ?? this.labelOwner.get(ref);
    if (exact !== undefined) return exact;
    const candidates = this.idsWithPrefix(ref);
    if (candidates.length === 1) return this.byId.get(candidates[0]!)!;
    if (candidates.length > 1) throw new AmbiguousRevisionError(ref, candidates);
    throw new MissingReferenceError(node.id, ref, "dependsOn");
  }

  /** Alembic `_detect_cycles`: whatever is not between a head and a base (both ways) is on or above a cycle. */
  private detectCycles(): void {
    if (this.isAcyclic()) return;
    const check = (
      heads: Node[],
      bases: Node[],
      down: (n: Node) => readonly Node[],
      up: (n: Node) => readonly Node[],
      fail: (ids: string[]) => Error,
    ): void => {
      if (heads.length === 0 || bases.length === 0) throw fail(this.nodes.map((n) => n.id));
      const reached = new Uint8Array(this.nodes.length);
      const fromHeads = this.mark(heads, down);
      for (const n of this.nodes) if (n.mark === fromHeads) reached[n.index] = 1;
      const fromBases = this.mark(bases, up);
      const stray = this.nodes.filter((n) => n.mark !== fromBases || !reached[n.index]).map((n) => n.id);
      if (stray.length > 0) throw fail(stray);
    };
    check(
      this.nodes.filter((n) => n.next.length === 0),
      this.nodes.filter((n) => n.down.length === 0),
      (n) => n.down,
      (n) => n.next,
      (ids) => new CycleError(ids),
    );
    check(
      this.nodes.filter((n) => n.allNext.length === 0),
      this.nodes.filter((n) => n.down.length === 0 && n.input.dependsOn.length === 0),
      (n) => n.allDown,
      (n) => n.allNext,
      (ids) => new DependencyCycleError(ids),
    );
  }

  /**
   * One Kahn pass over every edge (down revisions and dependencies): true when all nodes drain, so there is
   * no cycle of either kind. Only a graph that fails it pays for the walks that name the revisions involved.
   */
  private isAcyclic(): boolean {
    const nodes = this.nodes;
    const pending = new Int32Array(nodes.length);
    const ready: Node[] = [];
    for (const node of nodes) {
      pending[node.index] = node.allNext.length;
      if (node.allNext.length === 0) ready.push(node);
    }
    const order: Node[] = [];
    while (ready.length > 0) {
      const node = ready.pop()!;
      order.push(node);
      for (const d of node.allDown) if (--pending[d.index]! === 0) ready.push(d);
    }
    this.drainOrder = order;
    return order.length === nodes.length;
  }

  /** Alembic `_normalize_depends_on`: drop a dependency that a (downRevision) ancestor already declares. */
  private normalizeDependencies(): void {
    const dependents = new Map<Node, number>();
    for (const node of this.nodes) for (const d of node.deps) dependents.set(d, (dependents.get(d) ?? 0) + 1);
    for (const node of this.nodes) {
      let norm = node.deps;
      if (norm.length > 0 && norm.some((d) => (dependents.get(d) ?? 0) > 1)) {
        const inherited = new Set<Node>();
        for (const anc of collect(node.down, (n) => n.down)) for (const d of anc.deps) inherited.add(d);
        norm = norm.filter((d) => !inherited.has(d));
      }
      if (norm.length > 0) node.normDeps = [...norm].sort(byIndex);
      setNormalizedDown(node);
    }
  }

  /**
   * Longest normalized path from a base. Walks the order `isAcyclic` drained in, reversed: every revision
   * comes after all of its down revisions and dependencies, and normalized edges are a subset of those.
   */
  private computeGenerations(): void {
    const order = this.drainOrder;
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i]!;
      let gen = 0;
      for (const d of node.normDown) if (d.gen >= gen) gen = d.gen + 1;
      node.gen = gen;
    }
  }

  /**
   * Alembic `_add_branches`: a label reaches every descendant (downRevision edges) of its revision; when those
   * descendants form a single unbroken line, it also reaches back down through ancestors until a branch point
   * (counting dependents) or a merge point.
   */
  private propagateLabels(): void {
    for (const owner of this.nodes) {
      const own = owner.input.branchLabels;
      if (own.length === 0) continue;
      const above = collect([owner], (n) => n.next);
      for (const n of above) addLabels(n, own);
      let tip = owner;
      while (tip.next.length === 1) tip = tip.next[0]!;
      if (tip.next.length > 1) continue;
      let walker: Node | undefined = tip;
      while (walker !== undefined && walker.allNext.length <= 1 && walker.down.length <= 1) {
        addLabels(walker, own);
        walker = walker.down[0];
      }
    }
  }

  /** Stamps every node reachable from `starts` with a fresh epoch and returns it. */
  private mark(starts: readonly Node[], next: (n: Node) => readonly Node[]): number {
    const stamp = ++this.epoch;
    const stack = [...starts];
    for (const n of stack) n.mark = stamp;
    while (stack.length > 0) {
      for (const m of next(stack.pop()!)) {
        if (m.mark !== stamp) {
          m.mark = stamp;
          stack.push(m);
        }
      }
    }
    return stamp;
  }

  // ---- queries ----

  /** Revision ids (not labels) starting with `prefix`, longer than three characters (as Alembic), sorted. */
  idsWithPrefix(prefix: string): string[] {
    const ids = this.sortedIds;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < ids.length && ids[i]!.startsWith(prefix); i++) {
      if (ids[i]!.length > 3) out.push(ids[i]!);
    }
    return out;
  }

  /** Whether `anc` is `desc` or reachable from it along the given down edges. */
  isAncestor(anc: Node, desc: Node, kind: DownEdges): boolean {
    if (anc === desc) return true;
    if (anc.gen >= desc.gen) return false;
    const down = downOf(kind);
    const stamp = ++this.epoch;
    const stack: Node[] = [desc];
    desc.mark = stamp;
    while (stack.length > 0) {
      const n = stack.pop()!;
      for (const d of down(n)) {
        if (d === anc) return true;
        if (d.mark === stamp || d.gen <= anc.gen) continue;
        d.mark = stamp;
        stack.push(d);
      }
    }
    return false;
  }

  ancestors(targets: readonly Node[], kind: DownEdges = "normalized"): Set<Node> {
    return collect(targets, downOf(kind));
  }

  descendants(targets: readonly Node[], kind: UpEdges = "all"): Set<Node> {
    return collect(targets, upOf(kind));
  }

  /** Like `ancestors`, but refuses targets of which one lies on another's walk (Alembic `check=True`). */
  ancestorsChecked(targets: readonly Node[], kind: DownEdges = "normalized"): Set<Node> {
    return collectChecked(targets, downOf(kind));
  }

  descendantsChecked(targets: readonly Node[], kind: UpEdges = "all"): Set<Node> {
    return collectChecked(targets, upOf(kind));
  }

  /** Alembic `_shares_lineage`: whether any of `against` is an ancestor or a descendant of `target`. */
  sharesLineage(target: Node, against: readonly Node[], withDependencies: boolean): boolean {
    if (against.length === 0) return true;
    const kind: DownEdges = withDependencies ? "normalized" : "versioned";
    return against.some((a) => this.isAncestor(a, target, kind) || this.isAncestor(target, a, kind));
  }

  /**
   * Alembic `_topological_sort`: newest first; follows one branch down until it reaches a revision another
   * pending branch still needs, then finishes that branch, so branches end at their branch point.
   */
  topologicalSort(revisions: ReadonlySet<Node>, heads: readonly Node[]): Node[] {
    const todo = new Set(revisions);
    const output: Node[] = [];
    let current = [...new Set(heads)].filter((h) => todo.has(h)).sort(byIndex);
    while (todo.size > 0) {
      if (current.length === 0) {
        // Alembic asserts here (revisions no head leads to); Retort continues from their own tips.
        const below = new Set([...todo].flatMap((n) => n.normDown));
        current = [...todo].filter((n) => !below.has(n)).sort(byIndex);
      }
      this.drainBranches(current, todo, output);
    }
    return output;
  }

  private drainBranches(current: Node[], todo: Set<Node>, output: Node[]): void {
    let idx = 0;
    while (current.length > 0) {
      const candidate = current[idx]!;
      let other = -1;
      for (let i = 0; i < current.length; i++) {
        if (i !== idx && this.isAncestor(candidate, current[i]!, "normalized")) {
          other = i;
          break;
        }
      }
      if (other >= 0) {
        idx = other;
        continue;
      }
      if (todo.delete(candidate)) output.push(candidate);
      const toAdd = candidate.normDown.filter((r) => todo.has(r) && !current.includes(r));
      if (toAdd.length === 0) {
        current.splice(idx, 1);
        idx = Math.max(idx - 1, 0);
      } else {
        current[idx] = toAdd[0]!;
        for (let i = 1; i < toAdd.length; i++) current.push(toAdd[i]!);
      }
    }
  }
}

function packEdges(nodes: readonly Node[], edges: (n: Node) => readonly Node[]): number[] {
  const packed: number[] = [];
  for (const node of nodes) {
    const list = edges(node);
    packed.push(list.length);
    for (const n of list) packed.push(n.index);
  }
  return packed;
}

/** Hands each node its edge list from a packed array; anything out of range is a LinksMismatchError. */
function unpackEdges(nodes: readonly Node[], packed: unknown, set: (n: Node, edges: Node[]) => void): void {
  if (!Array.isArray(packed)) throwMismatch();
  let at = 0;
  for (let n = 0; n < nodes.length; n++) {
    const count = packed[at++] as unknown;
    if (count === 0) continue;
    if (typeof count !== "number" || !(count > 0) || at + count > packed.length) throwMismatch();
    const edges: Node[] = new Array(count);
    for (let i = 0; i < count; i++) edges[i] = nodes[packed[at++] as number] ?? throwMismatch();
    set(nodes[n]!, edges);
  }
  if (at !== packed.length) throwMismatch();
}

/** down + normDeps (`_normalized_down_revisions`), sharing `down` when there is nothing to add. */
function setNormalizedDown(node: Node): void {
  node.normDown = node.normDeps.length === 0 ? node.down : dedupe([...node.down, ...node.normDeps]);
}

function addLabels(node: Node, labels: readonly string[]): void {
  if (labels.every((l) => node.labels.has(l))) return;
  node.labels = new Set([...node.labels, ...labels]);
}

function isSortedById(list: readonly RevisionInput[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareIds(list[i - 1]!.id, list[i]!.id) > 0) return false;
  return true;
}

/** Characters and words no id or label may hold: one test per input, the detailed checks only on a hit. */
const SUSPECT = /[+\-:@]|^(?:head|heads|base|current)$|^$/;

function validateInput(input: RevisionInput): void {
  const { id } = input;
  if (typeof id === "string" && !SUSPECT.test(id) && input.branchLabels.length === 0) return;
  if (typeof id !== "string" || id.length === 0) {
    throw new InvalidIdentifierError(
      String(id),
      [],
      "revision",
      `Revision identifier ${JSON.stringify(id)} is not a non-empty string`,
    );
  }
  const bad = ILLEGAL_ID_CHARS.filter((c) => id.includes(c));
  if (bad.length > 0) throw new InvalidIdentifierError(id, bad);
  if (RESERVED_WORDS.includes(id)) {
    throw new InvalidIdentifierError(
      id,
      [],
      "revision",
      `Revision identifier '${id}' is a reserved word of the revision grammar`,
    );
  }
  for (const label of input.branchLabels) {
    const badLabel = ILLEGAL_LABEL_CHARS.filter((c) => label.includes(c));
    if (badLabel.length > 0) throw new InvalidIdentifierError(label, badLabel, "branchLabel");
    if (label.length === 0 || RESERVED_WORDS.includes(label)) {
      throw new InvalidIdentifierError(
        label,
        [],
        "branchLabel",
        `Branch label '${label}' of revision ${id} is empty or a reserved word`,
      );
    }
  }
}

function collect(targets: Iterable<Node>, next: (n: Node) => readonly Node[]): Set<Node> {
  const seen = new Set<Node>();
  const stack: Node[] = [...targets];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const m of next(n)) if (!seen.has(m)) stack.push(m);
  }
  return seen;
}

function collectChecked(targets: readonly Node[], next: (n: Node) => readonly Node[]): Set<Node> {
  const seen = new Set<Node>();
  const targetSet = new Set(targets);
  for (const target of targets) {
    const reached = new Set<Node>();
    const stack: Node[] = [target];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (targetSet.has(n)) reached.add(n);
      if (seen.has(n)) continue;
      seen.add(n);
      for (const m of next(n)) stack.push(m);
    }
    reached.delete(target);
    if (reached.size > 0) {
      throw new OverlappingRevisionsError(
        target.id,
        [...reached].sort(byIndex).map((n) => n.id),
      );
    }
  }
  return seen;
}
