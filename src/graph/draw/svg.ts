// The drawing as SVG, laid out by Retort itself (layout.ts): one row per revision, a dot in its lane coloured
// by branch label, its id, labels and message to the right of all lanes, edges routed along the lanes, and
// dependencies dashed. With the database's position, pending revisions are hollow and current ones ringed.

import type { DrawEdge, DrawNode, GraphDrawing } from "./layout.js";
import { UNLABELLED_COLOR } from "./layout.js";

const ROW = 26;
const LANE = 18;
const PAD = 16;
const HEADER = 34;
const RADIUS = 5;
/** Messages longer than this are cut in the picture; the full text is in the tooltip (and HTML's panel). */
const MAX_MESSAGE = 80;
/** Width of a character of the 12px font, for sizing the picture (the text itself is never measured). */
const CHAR_WIDTH = 7;

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const laneX = (lane: number) => PAD + lane * LANE + LANE / 2;
const rowY = (row: number) => HEADER + row * ROW + ROW / 2;

/** The picture's size in user units. */
export function svgSize(drawing: GraphDrawing): { width: number; height: number } {
  const longest = drawing.nodes.reduce((most, node) => Math.max(most, lineText(node).length), 0);
  const legend = drawing.labels.reduce((sum, { label }) => sum + label.length * CHAR_WIDTH + 30, 260);
  const width = Math.max(textX(drawing) + longest * CHAR_WIDTH + PAD, legend);
  return { width: Math.ceil(width), height: HEADER + drawing.nodes.length * ROW + PAD };
}

function textX(drawing: GraphDrawing): number {
  return PAD + Math.max(drawing.lanes, 1) * LANE + 10;
}

function cut(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}

function lineText(node: DrawNode): string {
  return `${node.id}${tags(node)} ${cut(node.message)}`;
}

function tags(node: DrawNode): string {
  const parts = [
    ...(node.labels.length > 0 ? [`(${node.labels.join(", ")})`] : []),
    ...(node.isHead ? ["(head)"] : []),
    ...(node.current ? ["(current)"] : []),
  ];
  return parts.length === 0 ? "" : ` ${parts.join(" ")}`;
}

function edgePath(edge: DrawEdge, from: DrawNode, to: DrawNode): string {
  const xp = laneX(from.lane);
  const yp = rowY(from.row);
  const xc = laneX(to.lane);
  const yc = rowY(to.row);
  const half = ROW / 2;
  switch (edge.route) {
    case "lane":
      return `M${xp} ${yp}V${yc}`;
    case "branch":
      return `M${xp} ${yp}C${xp} ${yp - half} ${xc} ${yp - half} ${xc} ${yp - ROW}V${yc}`;
    case "merge":
      return `M${xp} ${yp}V${yc + ROW}C${xp} ${yc + half} ${xc} ${yc + half} ${xc} ${yc}`;
    case "direct": {
      const bend = Math.min(2 * ROW, (yp - yc) / 2);
      // Between two dots of one lane a curve would hide in the lane's own line: bow it out to the side.
      const side = xp === xc ? LANE * 0.8 : 0;
      return `M${xp} ${yp}C${xp + side} ${yp - bend} ${xc + side} ${yc + bend} ${xc} ${yc}`;
    }
  }
}

/** The style, edges, nodes and legend: what both the standalone picture and the HTML page draw. */
export function svgContent(drawing: GraphDrawing): string {
  const byId = new Map(drawing.nodes.map((node) => [node.id, node]));
  const parts: string[] = [
    "<style>",
    ".edge{fill:none;stroke-width:2}",
    ".edge.dependency{stroke:#9ca3af;stroke-width:1.5;stroke-dasharray:5 4}",
    ".node text{font:12px ui-sans-serif,system-ui,sans-serif;fill:#111827}",
    ".node .rev{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-weight:600}",
    ".node .tags{fill:#4b5563}",
    ".node.pending circle.dot{fill:#fff}",
    ".node .ring{fill:none;stroke:#111827;stroke-width:2}",
    ".legend text{font:12px ui-sans-serif,system-ui,sans-serif;fill:#374151}",
    "</style>",
  ];
  parts.push('<g class="edges">');
  for (const edge of drawing.edges) {
    const from = byId.get(edge.from)!;
    const to = byId.get(edge.to)!;
    const stroke = edge.kind === "dependency" ? "" : ` stroke="${to.color}"`;
    parts.push(
      `<path class="edge ${edge.kind}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}"${stroke} d="${edgePath(edge, from, to)}"/>`,
    );
  }
  parts.push("</g>", '<g class="nodes">');
  const x = textX(drawing);
  for (const node of drawing.nodes) {
    const cx = laneX(node.lane);
    const cy = rowY(node.row);
    const classes = [
      "node",
      ...(node.current ? ["current"] : []),
      ...(node.applied === false ? ["pending"] : []),
    ];
    const title = [node.id, node.message, node.path].filter((line) => line !== "").join("\n");
    parts.push(
      `<g class="${classes.join(" ")}" data-id="${escapeXml(node.id)}">`,
      `<title>${escapeXml(title)}</title>`,
      `<rect x="0" y="${cy - ROW / 2}" width="100%" height="${ROW}" fill="transparent"/>`,
      node.current ? `<circle class="ring" cx="${cx}" cy="${cy}" r="${RADIUS + 3.5}"/>` : "",
      `<circle class="dot" cx="${cx}" cy="${cy}" r="${RADIUS}" fill="${node.color}" stroke="${node.color}" stroke-width="2"/>`,
      `<text x="${x}" y="${cy + 4}"><tspan class="rev">${escapeXml(node.id)}</tspan><tspan class="tags">${escapeXml(tags(node))}</tspan> ${escapeXml(cut(node.message))}</text>`,
      "</g>",
    );
  }
  parts.push("</g>", legend(drawing));
  return parts.join("");
}

function legend(drawing: GraphDrawing): string {
  const parts = ['<g class="legend">'];
  let x = PAD;
  const y = HEADER / 2;
  const entry = (color: string, label: string) => {
    parts.push(
      `<circle cx="${x + RADIUS}" cy="${y}" r="${RADIUS}" fill="${color}"/>`,
      `<text x="${x + 2 * RADIUS + 5}" y="${y + 4}">${escapeXml(label)}</text>`,
    );
    x += 2 * RADIUS + 5 + label.length * CHAR_WIDTH + 16;
  };
  for (const { label, color } of drawing.labels) entry(color, label);
  entry(UNLABELLED_COLOR, "no label");
  parts.push(
    `<path class="edge dependency" d="M${x} ${y}H${x + 26}"/>`,
    `<text x="${x + 32}" y="${y + 4}">depends on</text>`,
    "</g>",
  );
  return parts.join("");
}

/** A standalone SVG document. */
export function renderSvg(drawing: GraphDrawing): string {
  const { width, height } = svgSize(drawing);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#fff"/>${svgContent(drawing)}</svg>\n`;
}
