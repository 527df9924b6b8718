// Module customization hooks, run by Node's loader once native-import.ts registers them: the package's own name
// resolves to the running copy, whatever the importing file's folder holds. Everything else resolves as usual.

import type { InitializeHook, ResolveHook } from "node:module";

export interface PackageAliasData {
  /** The bare specifier to redirect: "retort-migrate". */
  readonly specifier: string;
  /** The file: URL of the running copy's entry point. */
  readonly url: string;
}

let alias: PackageAliasData | undefined;

export const initialize: InitializeHook<PackageAliasData> = (data) => {
  alias = data;
};

export const resolve: ResolveHook = (specifier, context, nextResolve) =>
  alias !== undefined && specifier === alias.specifier
    ? { url: alias.url, shortCircuit: true }
    : nextResolve(specifier, context);
