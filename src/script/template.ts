// Templates for new files: where they are found (the project's script folder, else the copy shipped in the
// package) and how `${name}` placeholders are filled in.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The `templates/` folder shipped in the package (next to `src/` and `dist/`). */
export const PACKAGED_TEMPLATES = fileURLToPath(new URL("../../templates/", import.meta.url));

/** Revision templates looked for in the script folder, in order; the name says the revision files' extension. */
const TEMPLATE_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"] as const;

export interface RevisionTemplate {
  readonly path: string;
  /** Extension of the files made from it: `script.mjs.tmpl` makes `.mjs` revisions. */
  readonly extension: string;
}

/** `script.{ts,mts,js,mjs}.tmpl` in the script folder, else the packaged `script.ts.tmpl`. */
export function findRevisionTemplate(scriptLocation: string): RevisionTemplate {
  for (const extension of TEMPLATE_EXTENSIONS) {
    const path = join(scriptLocation, `script${extension}.tmpl`);
    if (existsSync(path)) return { path, extension };
  }
  return { path: join(PACKAGED_TEMPLATES, "script.ts.tmpl"), extension: ".ts" };
}

/**
 * Replaces each `${name}` whose name is in `values`; anything else (a template literal in the code, say) is
 * left alone. A multi-line value repeats the text before the placeholder on each of its lines when that
 * text is only indentation or a comment margin (` * `), so bodies stay indented and messages stay inside
 * the doc block. A line holding nothing but a placeholder whose value is empty is dropped.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const lines = template.split(/\r?\n/);
  const out: string[] = [];
  for (const line of lines) {
    const only = /^([ \t]*)\$\{(\w+)\}[ \t]*$/.exec(line);
    if (only && Object.hasOwn(values, only[2]!) && values[only[2]!] === "") continue;
    out.push(
      line.replace(/\$\{(\w+)\}/g, (match, name: string, offset: number) => {
        if (!Object.hasOwn(values, name)) return match;
        const valueLines = values[name]!.split(/\r?\n/);
        if (valueLines.length === 1) return valueLines[0]!;
        const before = line.slice(0, offset);
        const margin = /^[ \t]*\*?[ \t]*$/.test(before) ? before : "";
        return valueLines
          .map((valueLine, index) =>
            index === 0 ? valueLine : valueLine === "" ? margin.trimEnd() : margin + valueLine,
          )
          .join("\n");
      }),
    );
  }
  return out.join("\n");
}
