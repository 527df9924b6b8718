// Lays the revision graph out for drawing, the way `git log --graph` does: one row per revision in history order
// (newest at the top, each revision above everything it builds on), and lanes (columns) so that a revision
// continues the lane of its first parent, and a branch takes the lowest lane free for its whole run. Every
// renderer (Mermaid, DOT, SVG, HTML) reads the same drawing; only SVG and HTML use the coordinates. Pure.

import type { RevisionMap } from "../revision-map.js";

/** What the drawing shows of a revision besides the graph: from its file. */
export interface RevisionDetails {
  /** The message: the doc block's first line. */
  readonly message: string;
  /** The whole doc block (HTML shows it on hover or click). */
  readonly doc?: string;
  /** The file, as the user should see it. */
  readonly path?: string;
}

export interface DrawNode {
  readonly id: string;
  readonly message: string;
  readonly doc: string;
  readonly path: string;
  readonly downRevisions: readonly string[];
  readonly dependencies: readonly string[];
  /** Own and inherited branch labels. */
  readonly labels: readonly string[];
  /** The label the node is coloured by (the nearest declared one), or null. */
  readonly branch: string | null;
  readonly color: string;
  readonly row: number;
  readonly lane: number;
  readonly isHead: boolean;
  readonly isMergePoint: boolean;
  /** Only with the database's position: one of the revisions `current` lists. */
  readonly current: boolean;
  /** Only with the database's position: whether the database has run it; undefined without a position. */
  readonly applied: boolean | undefined;
}

/**
 * How an edge is routed. `lane`: straight up its lane. `branch`: leaves the parent sideways into the child's
 * lane, then up. `merge`: up the parent's lane, then sideways into the child. `direct`: one curve from end to
 * end (dependencies, and merges whose parent lane is taken).
 */
export type EdgeRoute = "lane" | "branch" | "merge" | "direct";

export interface DrawEdge {
  /** The older revision (the down revision, or the dependency). */
  readonly from: string;
  readonly to: string;
  readonly kind: "down" | "dependency";
  readonly route: EdgeRoute;
}

export interface GraphDrawing {
  /** In row order: newest first. */
  readonly nodes: readonly DrawNode[];
  readonly edges: readonly DrawEdge[];
  /** Every branch label and its colour, sorted by label. */
  readonly labels: readonly { readonly label: string; readonly color: string }[];
  readonly lanes: number;
  /** Whether the database's position is marked. */
  readonly showsCurrent: boolean;
}

export interface DrawOptions {
  /** The database's version-table rows: marks `current` and `applied`. */
  readonly current?: readonly string[];
}

/** Tableau's ten colours: distinguishable on white, and with one another for most colour vision. */
const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];
export const UNLABELLED_COLOR = "#6b7280";

/** Black or white, whichever reads better on a fill colour (`#rrggbb`; anything else gets white). */
export function textColorOn(fill: string): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(fill);
  if (hex === null) return "#ffffff";
  const [r, g, b] = hex.slice(1).map((part) => Number.parseInt(part, 16) / 255) as [number, number, number];
  return 0.299 * r + 0.587 * g + 0.114 * b > 0.6 ? "#111827" : "#ffffff";
}

function labelColor(index: number): string {
  if (index < PALETTE.length) return PALETTE[index]!;
  // Past ten labels, hues a golden angle apart stay apart from each other.
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue}, 55%, 50%)`;
}

export function layoutGraph(
  map: RevisionMap,
  details: (id: string) => RevisionDetails,
  options: DrawOptions = {},
): GraphDrawing {
  const order = map.history().map((revision) => revision.id);
  const rowOf = new Map(order.map((id, row) => [id, row]));
  const allLabels = [...new Set(map.all().flatMap((revision) => revision.labels))].sort();
  const colorOf = new Map(allLabels.map((label, index) => [label, labelColor(index)]));

  const lanes = assignLanes(map, order, rowOf);
  const branchOf = new Map<string, string | null>();
  // Bottom-up, so that a revision's first parent has its colour before the revision itself.
  for (let row = order.length - 1; row >= 0; row--) {
    const revision = map.get(order[row]!)!;
    const own = [...revision.branchLabels].sort()[0];
    const parent = revision.downRevisions[0];
    const inherited = parent === undefined ? null : (branchOf.get(parent) ?? null);
    branchOf.set(
      revision.id,
      own ??
        (inherited !== null && revision.labels.includes(inherited)
          ? inherited
          : (revision.labels[0] ?? null)),
    );
  }

  const current = options.current === undefined ? undefined : currentOf(map, options.current);
  const nodes: DrawNode[] = order.map((id, row) => {
    const revision = map.get(id)!;
    const info = details(id);
    const branch = branchOf.get(id) ?? null;
    return {
      id,
      message: info.message,
      doc: info.doc ?? info.message,
      path: info.path ?? "",
      downRevisions: revision.downRevisions,
      dependencies: revision.dependencies,
      labels: revision.labels,
      branch,
      color: branch === null ? UNLABELLED_COLOR : colorOf.get(branch)!,
      row,
      lane: lanes.laneOf.get(id)!,
      isHead: revision.isHead,
      isMergePoint: revision.isMergePoint,
      current: current?.shown.has(id) ?? false,
      applied: current === undefined ? undefined : current.applied.has(id),
    };
  });

  const edges: DrawEdge[] = [];
  for (const id of order) {
    const revision = map.get(id)!;
    revision.downRevisions.forEach((parent, index) => {
      const sameLane = lanes.laneOf.get(parent) === lanes.laneOf.get(id);
      const route: EdgeRoute =
        index === 0
          ? sameLane
            ? "lane"
            : "branch"
          : lanes.keptFor.get(parent)?.has(id)
            ? "merge"
            : "direct";
      edges.push({ from: parent, to: id, kind: "down", route });
    });
    for (const dependency of revision.dependencies) {
      edges.push({ from: dependency, to: id, kind: "dependency", route: "direct" });
    }
  }

  return {
    nodes,
    edges,
    labels: allLabels.map((label) => ({ label, color: colorOf.get(label)! })),
    lanes: lanes.count,
    showsCurrent: current !== undefined,
  };
}

/**
 * Lanes by first-parent chains, as `git log --graph` keeps them: going down the rows, each revision not yet placed
 * starts a chain that follows first parents down to a revision already placed (or a base). A chain holds its lane
 * from its top revision (or, for a line that ends in merges, from just below the highest merge it feeds:
 * `keptFor`) down to just above the revision it branched from, and takes the lowest lane free over that span.
 * The newest head's chain is therefore lane 0, straight down its first parents.
 */
function assignLanes(
  map: RevisionMap,
  order: readonly string[],
  rowOf: ReadonlyMap<string, number>,
): { laneOf: Map<string, number>; keptFor: Map<string, Set<string>>; count: number } {
  const laneOf = new Map<string, number>();
  const keptFor = new Map<string, Set<string>>();
  /** Per lane, the row spans [top, bottom] its chains hold. */
  const spans: [number, number][][] = [];
  for (const start of order) {
    if (laneOf.has(start)) continue;
    const chain = [start];
    for (;;) {
      const parent = map.get(chain[chain.length - 1]!)!.downRevisions[0];
      if (parent === undefined || laneOf.has(parent) || chain.includes(parent)) break;
      chain.push(parent);
    }
    const lowest = chain[chain.length - 1]!;
    const branchedFrom = map.get(lowest)!.downRevisions[0];
    const bottom = branchedFrom === undefined ? rowOf.get(lowest)! : rowOf.get(branchedFrom)! - 1;
    // A chain's top revision has no child continuing it; the merges it feeds run up its lane.
    const merges = map.get(start)!.children;
    const top =
      merges.length === 0 ? rowOf.get(start)! : Math.min(...merges.map((child) => rowOf.get(child)! + 1));
    if (merges.length > 0) keptFor.set(start, new Set(merges));
    let lane = spans.findIndex((taken) => taken.every(([from, to]) => to < top || from > bottom));
    if (lane === -1) {
      lane = spans.length;
      spans.push([]);
    }
    spans[lane]!.push([top, bottom]);
    for (const id of chain) laneOf.set(id, lane);
  }
  return { laneOf, keptFor, count: spans.length };
}

/** The revisions `current` lists for these rows, and every revision they imply applied. */
function currentOf(
  map: RevisionMap,
  rows: readonly string[],
): { shown: ReadonlySet<string>; applied: ReadonlySet<string> } {
  // A row holding an id a squash replaces is drawn at its squash.
  const known = [...new Set(rows.map((id) => map.replacement(id)?.squash ?? id))].filter(
    (id) => map.get(id) !== undefined,
  );
  const shown = new Set(map.currentDisplay(known).map((entry) => entry.id));
  const applied = new Set<string>();
  const stack = [...known];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (applied.has(id)) continue;
    applied.add(id);
    const revision = map.get(id)!;
    stack.push(...revision.downRevisions, ...revision.dependencies);
  }
  return { shown, applied };
}
