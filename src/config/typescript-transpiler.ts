// Turns a TypeScript file (a revision, a config) into CommonJS for the module bundle (module-bundle.ts): sucrase
// removes the types and rewrites import/export into require/exports, keeping every statement on its own line (so
// an error's line in the bundle maps back to the file's line) and lowering nothing, since Node 20 runs all the
// syntax such a file uses. About 0.2 ms a file against jiti's 3–5 ms (bench/transpile-bench.mjs). Loaded on first
// use, only to build a bundle.

import { createRequire } from "node:module";

type Sucrase = typeof import("sucrase");

let sucrase: Sucrase | undefined;

/** `source` of the TypeScript file at `path` as CommonJS, line for line. */
export function transpileTypeScript(source: string, path: string): string {
  sucrase ??= createRequire(import.meta.url)("sucrase") as Sucrase;
  return sucrase.transform(source, {
    transforms: ["typescript", "imports"],
    disableESTransforms: true,
    filePath: path,
  }).code;
}
