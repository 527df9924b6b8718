// `--interactive`: asks on the terminal whether a dropped and an added object are one object renamed.

import { createInterface } from "node:readline/promises";
import type { RenameCandidate } from "./compare.js";

function describe(candidate: RenameCandidate): string {
  const where = candidate.schema === undefined ? "" : `${candidate.schema}.`;
  return candidate.kind === "table"
    ? `table ${where}${candidate.from} -> ${where}${candidate.to}`
    : `column ${where}${candidate.table}.${candidate.from} -> ${candidate.to}`;
}

/** A rename question asked on stdin/stdout; anything but y/yes keeps drop + add. */
export function promptRename(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): (candidate: RenameCandidate) => Promise<boolean> {
  return async (candidate) => {
    const rl = createInterface({ input, output });
    try {
      const answer = await rl.question(`Is this a rename? ${describe(candidate)} [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}
