// The copy of Retort that is running. Every file Retort loads (config, target schema, revision) gets this copy for
// `import … from "retort-migrate"`, whether or not the project installed the package: one module instance, so
// that the `column`, `sql` or error class a file imports is the very one the runtime checks against.

import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

export const PACKAGE_NAME = "retort-migrate";

export type PackageExports = Readonly<Record<string, unknown>>;

let entry: { readonly path: string | undefined } | undefined;

/** The running copy's entry file: dist/index.js when built, src/index.ts when run from source (the tests). */
export function runningEntry(): string | undefined {
  entry ??= {
    path: ["../index.js", "../index.ts"]
      .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
      .find((path) => existsSync(path)),
  };
  return entry.path;
}

let exportsLoaded: Promise<PackageExports | undefined> | undefined;

/** The running copy's module, imported once; the same instance the hook in native-import.ts resolves to. */
export function runningExports(): Promise<PackageExports | undefined> {
  exportsLoaded ??= (async () => {
    const path = runningEntry();
    return path === undefined ? undefined : ((await import(pathToFileURL(path).href)) as PackageExports);
  })();
  return exportsLoaded;
}
