// `retort graph [--format mermaid|dot|svg|html] [-o FILE] [--current]`: draws the revision graph. The layout and
// every renderer are pure (src/graph/draw/); this reads the files (and, with --current, the database's rows) and
// writes the result where asked.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { displayPath } from "../config/paths.js";
import type { ResolvedConfig } from "../config/types.js";
import { UsageError } from "../errors.js";
import { renderDot } from "../graph/draw/dot.js";
import { renderHtml } from "../graph/draw/html.js";
import { type GraphDrawing, layoutGraph } from "../graph/draw/layout.js";
import { renderMermaid } from "../graph/draw/mermaid.js";
import { renderSvg } from "../graph/draw/svg.js";
import { checkKnownRows, databaseTarget, readDatabaseHeads } from "../runtime/database-target.js";
import { ScriptDirectory } from "../script/script-directory.js";
import { ScriptWriteError } from "../script/script-errors.js";

export const GRAPH_FORMATS = ["mermaid", "dot", "svg", "html"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

const BY_EXTENSION: Readonly<Record<string, GraphFormat>> = {
  ".mmd": "mermaid",
  ".mermaid": "mermaid",
  ".dot": "dot",
  ".gv": "dot",
  ".svg": "svg",
  ".html": "html",
  ".htm": "html",
};

export interface GraphOptions {
  /** Default: from the output file's extension, else mermaid. */
  readonly format?: GraphFormat;
  /** Write here (folders are created) instead of returning the text only. */
  readonly output?: string;
  /** Mark the database's position: its current revisions, and which revisions it has applied. */
  readonly current?: boolean;
}

export interface GraphResult {
  readonly format: GraphFormat;
  readonly text: string;
  /** Absolute path written, with `output`. */
  readonly path?: string;
  /** The laid-out graph every format is drawn from. */
  readonly drawing: GraphDrawing;
}

export function graphFormatOf(options: Pick<GraphOptions, "format" | "output">): GraphFormat {
  if (options.format !== undefined) {
    if (!GRAPH_FORMATS.includes(options.format)) {
      throw new UsageError(`Unknown graph format '${options.format}'; use ${GRAPH_FORMATS.join(", ")}`);
    }
    return options.format;
  }
  return (options.output && BY_EXTENSION[extname(options.output).toLowerCase()]) || "mermaid";
}

/** Lays the graph out, with the database's position when asked: what `--json` prints. */
export async function drawRevisionGraph(
  config: ResolvedConfig,
  options: Pick<GraphOptions, "current"> = {},
): Promise<GraphDrawing> {
  const directory = ScriptDirectory.load(config);
  let current: string[] | undefined;
  if (options.current) {
    current = await readDatabaseHeads(databaseTarget(config, "graph"));
    checkKnownRows(current, (id) => directory.map.isKnown(id), config.versionTable);
  }
  return layoutGraph(
    directory.map,
    (id) => {
      const script = directory.script(id);
      return { message: script.doc, doc: script.longDoc, path: displayPath(script.path) };
    },
    current === undefined ? {} : { current },
  );
}

export async function graph(config: ResolvedConfig, options: GraphOptions = {}): Promise<GraphResult> {
  const format = graphFormatOf(options);
  const drawing = await drawRevisionGraph(config, options);
  const text =
    format === "mermaid"
      ? renderMermaid(drawing)
      : format === "dot"
        ? renderDot(drawing)
        : format === "svg"
          ? renderSvg(drawing)
          : renderHtml(drawing);
  if (options.output === undefined) return { format, text, drawing };
  const path = resolve(options.output);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new ScriptWriteError(`Cannot write ${displayPath(path)}: ${(error as Error).message}`);
  }
  return { format, text, path, drawing };
}
