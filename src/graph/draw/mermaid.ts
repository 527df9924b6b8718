// The drawing as a Mermaid flowchart, for Markdown files and pull requests: newest at the top, one class
// (colour) per branch label, dependencies dashed, and with the database's position, current revisions
// outlined and pending ones dashed.

import { type GraphDrawing, textColorOn } from "./layout.js";

/** Mermaid's entity codes: a label is quoted, so quotes, markup and `#` must not appear raw. */
function text(value: string): string {
  return value.replace(/[#"<>&]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** Node ids are prefixed: a bare `end` (or an id starting with `o` or `x` after `--`) confuses Mermaid. */
const nodeId = (id: string) => `r_${id}`;

export function renderMermaid(drawing: GraphDrawing): string {
  const lines = ["flowchart BT"];
  const classOf = new Map<string | null, string>([[null, "unlabelled"]]);
  drawing.labels.forEach(({ label }, index) => {
    classOf.set(label, `label${index}`);
  });
  for (const node of drawing.nodes) {
    const marker = node.current ? " (current)" : "";
    lines.push(
      `  ${nodeId(node.id)}["${text(node.id)}${marker}<br/>${text(node.message)}"]:::${classOf.get(node.branch)}`,
    );
  }
  for (const edge of drawing.edges) {
    const arrow = edge.kind === "dependency" ? "-.->" : "-->";
    lines.push(`  ${nodeId(edge.from)} ${arrow} ${nodeId(edge.to)}`);
  }
  lines.push("  classDef unlabelled fill:#6b7280,stroke:#374151,color:#fff");
  drawing.labels.forEach(({ label, color }, index) => {
    lines.push(`  %% label${index}: ${label}`);
    lines.push(`  classDef label${index} fill:${color},stroke:#374151,color:${textColorOn(color)}`);
  });
  if (drawing.showsCurrent) {
    for (const node of drawing.nodes) {
      if (node.current) lines.push(`  style ${nodeId(node.id)} stroke:#111827,stroke-width:4px`);
      else if (node.applied === false)
        lines.push(`  style ${nodeId(node.id)} stroke-dasharray:5 5,opacity:0.6`);
    }
  }
  return `${lines.join("\n")}\n`;
}
