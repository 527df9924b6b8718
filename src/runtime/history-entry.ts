// What every history row of a run shares: run id, actor, Retort's version.

import { randomUUID } from "node:crypto";
import { hostname, userInfo } from "node:os";
import { retortVersion } from "../version.js";

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
