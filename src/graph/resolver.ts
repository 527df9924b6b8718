// The identifier grammar: turns `head`, `heads`, `base`, prefixes, `label@…`, and relative forms into revisions,
// following Alembic 1.8's RevisionMap (get_revisions, get_revision, _walk, _parse_upgrade/downgrade_target).

import { compareIds, type Graph, type Node } from "./graph-core.js";
import {
  AmbiguousRevisionError,
  BranchNotFoundError,
  MultipleHeadsError,
  NotOnBranchError,
  RelativeStepError,
  RevisionNotFoundError,
} from "./graph-errors.js";

/** `[label@][symbol]±N`, matched whole. */
export const RELATIVE = /^(?:(.+?)@)?(\w+)?([+-]\d+)$/;

/** A walk position: a revision, `"base"` (walked below a base), or `null` (no revision at all). */
export type Position = Node | "base" | null;

interface Parsed {
  readonly branch: string | undefined;
  /** Set when the symbol was a keyword (`head`, `heads`, `base`). */
  readonly nodes?: readonly Node[];
  readonly symbol?: string;
}

export function relativeParts(
  ident: string,
): { branch: string | undefined; symbol: string | undefined; steps: number; text: string } | undefined {
  const m = RELATIVE.exec(ident);
  if (m === null) return undefined;
  return { branch: m[1], symbol: m[2], steps: Number.parseInt(m[3]!, 10), text: m[3]! };
}

export class Resolver {
  constructor(private readonly graph: Graph) {}

  /** Alembic `_resolve_revision_number`: split off a label and expand the keywords. */
  private parse(ident: string): Parsed {
    const at = ident.indexOf("@");
    const branch = at >= 0 ? ident.slice(0, at) : undefined;
    const id = at >= 0 ? ident.slice(at + 1) : ident;
    if (id === "heads") {
      return {
        branch,
        nodes: branch !== undefined ? this.filterForLineage(this.graph.heads, branch) : this.graph.realHeads,
      };
    }
    if (id === "head") {
      const head = this.currentHead(branch);
      return { branch, nodes: head === null ? [] : [head] };
    }
    if (id === "base") return { branch, nodes: [] };
    return { branch, symbol: id };
  }

  /** Alembic `get_current_head`: the one versioned head (of a branch), or an error naming them. */
  currentHead(branch?: string): Node | null {
    let heads = this.graph.heads;
    if (branch !== undefined) heads = this.filterForLineage(heads, branch);
    if (heads.length > 1) {
      throw new MultipleHeadsError(
        branch !== undefined ? `${branch}@head` : "head",
        heads.map((h) => h.id),
      );
    }
    return heads[0] ?? null;
  }

  /** Alembic `get_revisions` for one identifier; `base` gives nothing. */
  getRevisions(ident: string): Node[] {
    const parsed = this.parse(ident);
    if (parsed.nodes !== undefined) return [...parsed.nodes];
    const symbol = parsed.symbol!;
    if (/^[+-]?\d+$/.test(symbol)) {
      const steps = Number.parseInt(symbol, 10);
      if (steps < 0) {
        // label@-N: walk down from each head carrying the label.
        const heads = this.graph.realHeads.filter(
          (h) => parsed.branch === undefined || h.labels.has(parsed.branch),
        );
        const out: Node[] = [];
        for (const head of heads) {
          const pos = this.walk(ident, head, steps, undefined, true);
          if (pos === null) throw new RelativeStepError(ident, "Walked too far");
          if (pos !== "base") out.push(pos);
        }
        return out;
      }
    }
    return [this.revisionForIdent(symbol, parsed.branch)];
  }

  /** Alembic `get_revision`: at most one revision (null for base); several is a MultipleHeadsError. */
  getRevision(ident: string): Node | null {
    const parsed = this.parse(ident);
    if (parsed.nodes !== undefined) {
      if (parsed.nodes.length > 1) {
        throw new MultipleHeadsError(
          ident,
          parsed.nodes.map((n) => n.id),
        );
      }
      if (parsed.branch !== undefined) {
        const branchRev = this.resolveBranch(parsed.branch);
        const node = parsed.nodes[0];
        if (node !== undefined && !this.graph.sharesLineage(node, [branchRev], false)) {
          throw new NotOnBranchError(node.id, parsed.branch);
        }
      }
      return parsed.nodes[0] ?? null;
    }
    return this.revisionForIdent(parsed.symbol!, parsed.branch);
  }

  /** Alembic `_resolve_branch`: a label, or a revision used as one. */
  resolveBranch(label: string): Node {
    const direct = this.graph.labelOwner.get(label) ?? this.graph.byId.get(label);
    if (direct !== undefined) return direct;
    try {
      return this.revisionForIdent(label);
    } catch (err) {
      if (err instanceof RevisionNotFoundError || err instanceof AmbiguousRevisionError) {
        throw new BranchNotFoundError(label);
      }
      throw err;
    }
  }

  /** Alembic `_revision_for_ident`: exact id or label, else a unique id prefix; checked against a branch. */
  revisionForIdent(symbol: string, branch?: string): Node {
    const branchRev = branch !== undefined ? this.resolveBranch(branch) : undefined;
    let node =
      this.graph.byId.get(symbol) ?? this.graph.labelOwner.get(symbol) ?? this.graph.aliases.get(symbol);
    if (node === undefined) {
      let candidates =
        symbol === "" ? [] : this.graph.idsWithPrefix(symbol).map((id) => this.graph.byId.get(id)!);
      if (branchRev !== undefined)
        candidates = candidates.filter((c) => this.graph.sharesLineage(c, [branchRev], false));
      if (candidates.length === 0) throw new RevisionNotFoundError(symbol);
      if (candidates.length > 1) {
        throw new AmbiguousRevisionError(
          symbol,
          candidates.map((c) => c.id),
        );
      }
      node = candidates[0]!;
    }
    if (
      branch !== undefined &&
      branchRev !== undefined &&
      !this.graph.sharesLineage(node, [branchRev], false)
    ) {
      throw new NotOnBranchError(node.id, branch);
    }
    return node;
  }

  /** Alembic `filter_for_lineage`: keep the targets on the same line as whatever `against` names. */
  filterForLineage(targets: readonly Node[], against: string, withDependencies = false): Node[] {
    const parsed = this.parse(against);
    const shares: Node[] = [];
    if (parsed.branch !== undefined) shares.push(this.revisionForIdent(parsed.branch));
    if (parsed.nodes !== undefined) shares.push(...parsed.nodes);
    else shares.push(this.revisionForIdent(parsed.symbol!));
    return targets.filter((t) => this.graph.sharesLineage(t, shares, withDependencies));
  }

  /** Alembic `_get_all_current`: the rows plus all they imply, reduced to the tips of each branch. */
  allCurrent(rows: readonly Node[]): Node[] {
    const implied = this.graph.ancestors(rows, "normalized");
    return [...implied].filter((n) => !n.next.some((c) => implied.has(c))).sort((a, b) => a.index - b.index);
  }

  /**
   * Alembic `_walk`: `steps` up (along downRevision children, optionally only on `branch`) or down. Returns
   * null when the walk leaves the graph and `noOverwalk` is set.
   */
  walk(
    ident: string,
    start: Position,
    steps: number,
    branch: string | undefined,
    noOverwalk: boolean,
  ): Position {
    let pos = start;
    for (let i = 0; i < Math.abs(steps); i++) {
      let children: readonly (Node | "base")[];
      if (steps > 0) {
        const up = pos === null || pos === "base" ? this.graph.bases : pos.next;
        children = branch !== undefined ? this.filterForLineage(up, branch) : up;
      } else if (pos === "base") {
        children = [];
      } else {
        const down = pos === null ? this.graph.heads : pos.down;
        children = down.length > 0 ? down : ["base"];
      }
      if (children.length === 0) return noOverwalk ? null : pos;
      if (children.length > 1) throw new RelativeStepError(ident, "Ambiguous walk");
      pos = children[0]!;
    }
    return pos;
  }

  /** Alembic `_parse_upgrade_target`: what an upgrade (or a history end) aims at, relative forms included. */
  parseUpgradeTarget(current: readonly string[], target: string, assertLength: boolean): Node[] {
    const rel = relativeParts(target);
    if (rel === undefined) return this.getRevisions(target);
    const { branch, symbol, steps, text } = rel;
    if (steps > 0) {
      let pos: Position;
      if (symbol === undefined) {
        let starts: readonly Position[] =
          current.length > 0 ? current.flatMap((c) => this.getRevisions(c)) : [null];
        if (current.length > 0 && starts.length === 0) starts = [null];
        if (branch !== undefined) {
          const currentNodes = current.flatMap((c) => this.getRevisions(c));
          let onBranch: readonly Position[] = this.filterForLineage(currentNodes, branch);
          if (onBranch.length === 0) {
            // The branch has no current row: start from the tips of what is applied on it, or from its base.
            const active = this.filterForLineage(
              [...this.graph.ancestors(currentNodes, "normalized")],
              branch,
            );
            const below = new Set(active.flatMap((n) => n.normDown));
            onBranch = active.filter((n) => !below.has(n));
            if (onBranch.length === 0) onBranch = [null];
          }
          starts = onBranch;
        }
        if (starts.length > 1)
          throw new RelativeStepError(target, "Ambiguous upgrade from multiple current revisions");
        pos = this.walk(target, starts[0] ?? null, steps, branch, assertLength);
        if (pos === null) {
          throw new RelativeStepError(
            target,
            `Relative revision ${text} didn't produce ${Math.abs(steps)} migrations`,
          );
        }
      } else {
        pos = this.walk(target, this.getRevision(symbol), steps, branch, assertLength);
        if (pos === null) throw new RelativeStepError(target, "Walked too far");
      }
      return pos === "base" ? [] : [pos];
    }
    if (symbol === undefined) {
      throw new RelativeStepError(
        target,
        `Relative revision ${steps} didn't produce ${Math.abs(steps)} migrations`,
      );
    }
    const start = this.getRevision(branch === undefined ? symbol : `${branch}@${symbol}`);
    const pos = this.walk(target, start, steps, undefined, assertLength);
    if (pos === null) throw new RelativeStepError(target, "Walked too far");
    return pos === "base" ? [] : [pos];
  }

  /**
   * Alembic `_parse_downgrade_target`: the branch a downgrade is limited to and the revision it goes down to
   * (null = base). Retort refuses `-N` from several current rows instead of picking the first row.
   */
  parseDowngradeTarget(
    current: readonly string[],
    target: string,
    assertLength: boolean,
  ): { branch: string | undefined; target: Node | null } {
    const rel = relativeParts(target);
    if (rel === undefined) {
      const at = target.lastIndexOf("@");
      return { branch: at > 0 ? target.slice(0, at) : undefined, target: this.getRevision(target) };
    }
    let { branch, symbol } = rel;
    const { steps, text } = rel;
    const didntProduce = () =>
      new RelativeStepError(target, `Relative revision ${text} didn't produce ${Math.abs(steps)} migrations`);
    if (steps >= 0) {
      if (symbol === undefined) throw didntProduce();
      const pos = this.walk(target, this.getRevision(symbol), steps, branch, assertLength);
      if (pos === null) throw new RelativeStepError(target, "Walked too far");
      return { branch, target: pos === "base" ? null : pos };
    }
    const relativeToCurrent = symbol === undefined;
    if (symbol === undefined) {
      const currentNodes = current.flatMap((c) => this.getRevisions(c));
      if (branch !== undefined) {
        let onBranch = this.filterForLineage(currentNodes, branch);
        if (onBranch.length === 0) onBranch = this.filterForLineage(this.allCurrent(currentNodes), branch);
        if (onBranch.length !== 1) {
          throw new RelativeStepError(
            target,
            onBranch.length === 0
              ? `Relative revision ${text} didn't produce ${Math.abs(steps)} migrations`
              : `Ambiguous downgrade from multiple current revisions on branch '${branch}': ${onBranch.map((n) => n.id).join(", ")}`,
          );
        }
        symbol = onBranch[0]!.id;
      } else {
        const unique = [...new Set(currentNodes)];
        if (unique.length === 0) throw didntProduce();
        if (unique.length > 1) {
          throw new RelativeStepError(
            target,
            `Ambiguous downgrade from multiple current revisions: ${unique
              .map((n) => n.id)
              .sort(compareIds)
              .join(", ")}; use <branchname>@${text} or <revision>${text}`,
          );
        }
        symbol = unique[0]!.id;
        branch = symbol;
      }
    }
    const start = this.getRevision(branch === undefined ? symbol : `${branch}@${symbol}`);
    const pos = this.walk(target, start, steps, undefined, assertLength);
    if (pos === null)
      throw relativeToCurrent ? didntProduce() : new RelativeStepError(target, "Walked too far");
    return { branch, target: pos === "base" ? null : pos };
  }
}
