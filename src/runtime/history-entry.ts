// What every history row of a run shares (run id, actor, Retort's version) and the revision file's checksum.

import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";

/** SHA-256 (hex) of a revision file's bytes with CRLF and lone CR turned into LF, so a checkout's line endings do not count. */
export function fileChecksum(path: string): string {
  const bytes = readFileSync(path);
  const hash = createHash("sha256");
  // Scanning bytes keeps the hash independent of the text's encoding; a file without CR is hashed as it is.
  if (!bytes.includes(13)) return hash.update(bytes).digest("hex");
  const normalized = Buffer.from(bytes.toString("latin1").replace(/\r\n?/g, "\n"), "latin1");
  return hash.update(normalized).digest("hex");
}

let version: string | undefined;

/** The running copy's version, from its package.json (two folders above src/runtime and dist/runtime). */
export function retortVersion(): string {
  version ??= String(
    (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string })
      .version ?? "unknown",
  );
  return version;
}

/** Who ran it: RETORT_ACTOR when set (a CI job, a deploy tool), else the OS user at the host. */
export function currentActor(): string {
  const fromEnv = process.env.RETORT_ACTOR;
  if (fromEnv) return fromEnv.slice(0, 255);
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? "unknown";
  }
  return `${user}@${hostname()}`.slice(0, 255);
}

/** The fields every row of one run carries. */
export interface RunIdentity {
  readonly runId: string;
  readonly retortVersion: string;
  readonly actor: string;
}

export function newRunIdentity(): RunIdentity {
  return { runId: randomUUID(), retortVersion: retortVersion(), actor: currentActor() };
}
