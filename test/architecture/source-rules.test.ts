// Rules about the source tree itself: outside src/dialects/ nothing knows a dialect by name, the shared dialect
// modules import no dialect, and no module imports itself through others (static, dynamic or type imports).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { dialectNames } from "../../src/dialects/index.js";

const SRC = resolve(import.meta.dirname, "../../src");
const DIALECTS = join(SRC, "dialects");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

const FILES = sourceFiles(SRC);

/** Every string literal (template parts included) and identifier of a file, with its line; comments are not read. */
function tokens(path: string): { text: string; literal: boolean; line: number }[] {
  const file = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
  const found: { text: string; literal: boolean; line: number }[] = [];
  const visit = (node: ts.Node) => {
    const literal = ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node);
    if (literal || ts.isIdentifier(node)) {
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      found.push({ text: node.text, literal, line });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Relative imports of a file, resolved to .ts paths: `import`, `export … from`, `import()` and `import type`. */
function importsOf(path: string): string[] {
  const info = ts.preProcessFile(readFileSync(path, "utf8"), true, true);
  return info.importedFiles
    .map((i) => i.fileName)
    .filter((name) => name.startsWith("."))
    .map((name) => resolve(dirname(path), name.replace(/\.js$/, ".ts")));
}

describe("dialect knowledge lives in src/dialects/", () => {
  it("finds no dialect name or URL scheme as a literal or identifier outside src/dialects/", () => {
    const names = new Set(dialectNames().flatMap((d) => [d.name, ...d.schemes]));
    expect(names.size).toBeGreaterThanOrEqual(4);
    // A literal naming a dialect: the name itself, or a URL of it (`name:…`, `name+driver:…`).
    const namesDialect = (text: string, literal: boolean) => {
      if (!literal) return names.has(text);
      const head = /^([a-z][a-z0-9]*)(?:$|[:+])/i.exec(text.trim())?.[1]?.toLowerCase();
      return head !== undefined && names.has(head);
    };
    const offences = FILES.filter((path) => !path.startsWith(`${DIALECTS}/`)).flatMap((path) =>
      tokens(path)
        .filter((t) => namesDialect(t.text, t.literal))
        .map((t) => `${relative(SRC, path)}:${t.line}: ${JSON.stringify(t.text)}`),
    );
    expect(offences).toEqual([]);
  });

  it("sees a dialect name where one is written, so the rule above can fail", () => {
    const inside = sourceFiles(DIALECTS).flatMap((path) =>
      tokens(path).filter((t) => t.literal && dialectNames().some((d) => d.name === t.text)),
    );
    expect(inside.length).toBeGreaterThan(0);
  });

  it("keeps the shared dialect modules free of any one dialect's folder", () => {
    const shared = FILES.filter((path) => dirname(path) === DIALECTS && !path.endsWith("/index.ts"));
    expect(shared.length).toBeGreaterThan(3);
    const offences = shared.flatMap((path) =>
      importsOf(path)
        .filter((target) => dirname(target) !== DIALECTS && target.startsWith(`${DIALECTS}/`))
        .map((target) => `${relative(SRC, path)} imports ${relative(SRC, target)}`),
    );
    expect(offences).toEqual([]);
  });
});

/** Tarjan's strongly connected components: each component of two or more files (or a self-import) is a cycle. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe("the module graph of src/", () => {
  it("finds a cycle where there is one", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(findCycles(graph)).toEqual([["a", "b", "c"]]);
  });

  it("has no import cycle, counting static, dynamic and type-only imports", () => {
    const graph = new Map(FILES.map((path) => [path, importsOf(path).filter((t) => FILES.includes(t))]));
    expect(graph.size).toBeGreaterThan(50);
    expect(findCycles(graph).map((cycle) => cycle.map((path) => relative(SRC, path)))).toEqual([]);
  });
});
