// Formats generated function bodies with the project's own Prettier, when the project has one: Prettier is
// resolved from the project folder and imported lazily; without it the hand-indented code is kept as is.

import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

interface Prettier {
  format(source: string, options: Record<string, unknown>): Promise<string> | string;
  resolveConfig?(file: string): Promise<Record<string, unknown> | null>;
}

async function loadPrettier(rootDir: string): Promise<Prettier | undefined> {
  try {
    const resolved = createRequire(join(rootDir, "package.json")).resolve("prettier");
    const loaded = (await import(pathToFileURL(resolved).href)) as Prettier & { default?: Prettier };
    return typeof loaded.format === "function" ? loaded : loaded.default;
  } catch {
    return undefined;
  }
}

const OPEN = "async function __retort__(op: any) {";

/**
 * The bodies formatted as Prettier would format them inside a function, using the project's Prettier config;
 * returned unchanged when the project has no Prettier or it rejects the code.
 */
export async function formatBodies(bodies: readonly string[], rootDir: string): Promise<string[]> {
  const prettier = await loadPrettier(rootDir);
  if (!prettier) return [...bodies];
  const config = (await prettier.resolveConfig?.(join(rootDir, "revision.ts"))) ?? {};
  return Promise.all(
    bodies.map(async (body) => {
      if (body.trim() === "") return body;
      try {
        const formatted = await prettier.format(`${OPEN}\n${body}\n}\n`, { ...config, parser: "typescript" });
        const lines = formatted.trimEnd().split("\n");
        const inner = lines.slice(1, -1);
        const indent = Math.min(
          ...inner.filter((l) => l.trim() !== "").map((l) => /^\s*/.exec(l)![0].length),
        );
        return inner.map((l) => l.slice(indent)).join("\n");
      } catch {
        return body;
      }
    }),
  );
}
