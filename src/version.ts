// The running copy's version, which history rows record and caches are keyed by.

import { readFileSync } from "node:fs";

let version: string | undefined;

/** The version in the running copy's package.json (one folder above src/ and dist/). */
export function retortVersion(): string {
  version ??= String(
    (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string })
      .version ?? "unknown",
  );
  return version;
}
