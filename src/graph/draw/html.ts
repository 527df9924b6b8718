// The drawing as one self-contained HTML page: the SVG inline, its style and script inline, and a content
// security policy that forbids every fetch, so the page works from a file, offline, and leaks nothing. Wheel or
// buttons zoom, dragging pans, hovering a revision shows its doc and file, clicking pins it, and the search box
// finds a revision by id prefix.

import type { GraphDrawing } from "./layout.js";
import { escapeXml, svgContent, svgSize } from "./svg.js";

/** JSON that is safe inside a <script> element: no `</script>` or `<!--` can be spelled by the data. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const STYLE = `
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:14px ui-sans-serif,system-ui,sans-serif;color:#111827;background:#f9fafb}
body{display:flex;flex-direction:column}
header{display:flex;gap:8px;align-items:center;padding:8px 12px;border-bottom:1px solid #e5e7eb;background:#fff}
header .count{color:#6b7280;margin-right:auto}
button,input{font:inherit;padding:3px 9px;border:1px solid #d1d5db;border-radius:6px;background:#fff}
button{cursor:pointer}
main{flex:1;display:flex;min-height:0}
#canvas{flex:1;display:block;background:#fff;cursor:grab;touch-action:none;user-select:none}
#canvas.panning{cursor:grabbing}
.node{cursor:pointer}
.node:hover text,.node.selected text{font-weight:600}
.node.selected .dot{stroke:#111827}
aside{width:min(420px,40vw);overflow:auto;padding:12px 16px;border-left:1px solid #e5e7eb;background:#fff}
aside h2{font:600 15px ui-monospace,SFMono-Regular,Menlo,monospace;margin:0 0 6px}
aside .message{font-weight:600;margin:0 0 10px}
aside dl{margin:0 0 10px;display:grid;grid-template-columns:max-content 1fr;gap:3px 10px}
aside dt{color:#6b7280}
aside dd{margin:0;word-break:break-all}
aside pre{white-space:pre-wrap;font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f3f4f6;padding:8px;border-radius:6px}
aside .hint{color:#6b7280}
`;

/** Runs in the page. Plain ES2017, no imports: the page must work from a file with no network. */
const SCRIPT = `
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("revisions").textContent);
  var svg = document.getElementById("canvas");
  var viewport = document.getElementById("viewport");
  var panel = document.getElementById("details");
  var view = { k: 1, x: 0, y: 0 };
  var pinned = null;
  var selected = null;

  function apply() {
    viewport.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")");
  }
  function zoomAt(factor, px, py) {
    var k = Math.min(8, Math.max(0.05, view.k * factor));
    view.x = px - (px - view.x) * (k / view.k);
    view.y = py - (py - view.y) * (k / view.k);
    view.k = k;
    apply();
  }
  function fit() {
    view.k = Math.min(1, svg.clientWidth / data.width);
    view.x = 0;
    view.y = 0;
    apply();
  }
  function centre() {
    return [svg.clientWidth / 2, svg.clientHeight / 2];
  }

  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var box = svg.getBoundingClientRect();
    zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - box.left, event.clientY - box.top);
  }, { passive: false });

  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, moved: false };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var dx = event.clientX - drag.x;
    var dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) {
      drag.moved = true;
      svg.classList.add("panning");
    }
    view.x = drag.vx + dx;
    view.y = drag.vy + dy;
    apply();
  });
  svg.addEventListener("pointerup", function (event) {
    var wasDrag = drag && drag.moved;
    drag = null;
    svg.classList.remove("panning");
    svg.releasePointerCapture(event.pointerId);
    if (wasDrag) return;
    var node = nodeAt(event);
    pinned = node ? node.getAttribute("data-id") : null;
    show(pinned, node);
  });

  function nodeAt(event) {
    var target = document.elementFromPoint(event.clientX, event.clientY);
    return target && target.closest ? target.closest(".node") : null;
  }

  svg.addEventListener("mouseover", function (event) {
    if (pinned !== null) return;
    var node = event.target.closest && event.target.closest(".node");
    if (node) show(node.getAttribute("data-id"), node);
  });

  function row(list, term, value) {
    var dt = document.createElement("dt");
    dt.textContent = term;
    var dd = document.createElement("dd");
    dd.textContent = value;
    list.appendChild(dt);
    list.appendChild(dd);
  }

  function show(id, node) {
    if (selected) selected.classList.remove("selected");
    selected = node || null;
    if (selected) selected.classList.add("selected");
    panel.textContent = "";
    var revision = id === null ? undefined : data.revisions[id];
    if (!revision) {
      var hint = document.createElement("p");
      hint.className = "hint";
      hint.textContent = "Hover over a revision to see its doc and file; click to keep it here. Drag to pan, wheel to zoom.";
      panel.appendChild(hint);
      return;
    }
    var title = document.createElement("h2");
    title.textContent = id;
    var message = document.createElement("p");
    message.className = "message";
    message.textContent = revision.message;
    var list = document.createElement("dl");
    row(list, "File", revision.path);
    row(list, "Revises", revision.down.length ? revision.down.join(", ") : "(base)");
    if (revision.deps.length) row(list, "Depends on", revision.deps.join(", "));
    if (revision.labels.length) row(list, "Branch", revision.labels.join(", "));
    if (revision.applied !== null) row(list, "Database", revision.current ? "current" : revision.applied ? "applied" : "pending");
    var doc = document.createElement("pre");
    doc.textContent = revision.doc;
    panel.appendChild(title);
    panel.appendChild(message);
    panel.appendChild(list);
    panel.appendChild(doc);
  }

  function find(prefix) {
    if (!prefix) return;
    var ids = Object.keys(data.revisions).filter(function (id) { return id.indexOf(prefix) === 0; });
    if (ids.length === 0) return;
    var node = viewport.querySelector('.node[data-id="' + ids[0] + '"]');
    var dot = node.querySelector(".dot");
    var c = centre();
    view.x = c[0] - Number(dot.getAttribute("cx")) * view.k;
    view.y = c[1] - Number(dot.getAttribute("cy")) * view.k;
    apply();
    pinned = ids[0];
    show(pinned, node);
  }

  document.getElementById("zoom-in").addEventListener("click", function () { var c = centre(); zoomAt(1.25, c[0], c[1]); });
  document.getElementById("zoom-out").addEventListener("click", function () { var c = centre(); zoomAt(0.8, c[0], c[1]); });
  document.getElementById("fit").addEventListener("click", fit);
  document.getElementById("find").addEventListener("keydown", function (event) {
    if (event.key === "Enter") find(event.target.value.trim());
  });
  document.addEventListener("keydown", function (event) {
    if (event.target.tagName === "INPUT") return;
    var c = centre();
    if (event.key === "+" || event.key === "=") zoomAt(1.25, c[0], c[1]);
    else if (event.key === "-") zoomAt(0.8, c[0], c[1]);
    else if (event.key === "0") fit();
  });

  fit();
  show(null, null);
  // Two frames: the second callback runs once the first frame, with the graph in it, has been painted.
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      window.retortGraph = { nodes: viewport.querySelectorAll(".node").length, readyMs: performance.now() };
      document.documentElement.setAttribute("data-ready", "true");
    });
  });
})();
`;

export function renderHtml(drawing: GraphDrawing, title = "Revision graph"): string {
  const { width, height } = svgSize(drawing);
  const revisions: Record<string, unknown> = {};
  for (const node of drawing.nodes) {
    revisions[node.id] = {
      message: node.message,
      doc: node.doc,
      path: node.path,
      labels: node.labels,
      down: node.downRevisions,
      deps: node.dependencies,
      current: node.current,
      applied: node.applied ?? null,
    };
  }
  const count = drawing.nodes.length;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><strong>${escapeXml(title)}</strong><span class="count">${count} revision${count === 1 ? "" : "s"}</span><input id="find" placeholder="Find revision id" aria-label="Find revision id"><button id="zoom-out" title="Zoom out (-)">−</button><button id="zoom-in" title="Zoom in (+)">+</button><button id="fit" title="Fit width (0)">Fit</button></header>
<main>
<svg id="canvas" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}"><g id="viewport" data-width="${width}" data-height="${height}">${svgContent(drawing)}</g></svg>
<aside id="details" aria-live="polite"></aside>
</main>
<script type="application/json" id="revisions">${scriptJson({ width, height, revisions })}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
