// The drawing as Graphviz DOT, for those who lay graphs out with `dot`: newest at the top, filled by branch
// label, dependencies dashed, and with the database's position, current revisions bold and pending ones dashed.

import { type GraphDrawing, textColorOn } from "./layout.js";

function quoted(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}

export function renderDot(drawing: GraphDrawing): string {
  const lines = [
    "digraph revisions {",
    "  rankdir=BT;",
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
    '  edge [color="#6b7280"];',
  ];
  for (const { label, color } of drawing.labels) lines.push(`  // ${quoted(label)}: ${color}`);
  for (const node of drawing.nodes) {
    const attributes = [`label=${quoted(`${node.id}${node.current ? " (current)" : ""}\n${node.message}`)}`];
    attributes.push(`fillcolor=${quoted(node.color)}`, `fontcolor=${quoted(textColorOn(node.color))}`);
    if (node.path !== "") attributes.push(`tooltip=${quoted(node.path)}`);
    if (node.current) attributes.push("penwidth=3");
    else if (node.applied === false) attributes.push('style="rounded,filled,dashed"');
    lines.push(`  ${quoted(node.id)} [${attributes.join(", ")}];`);
  }
  for (const edge of drawing.edges) {
    const style = edge.kind === "dependency" ? ' [style=dashed, label="depends on", fontsize=8]' : "";
    lines.push(`  ${quoted(edge.from)} -> ${quoted(edge.to)}${style};`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
