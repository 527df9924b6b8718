// Which revisions a database's version-table rows mean are applied: what `verify` checks and what `upgrade` compares
// checksums of. Graph logic only, in its own module so that an upgrade loads none of `verify`'s history code.

import type { RevisionMap } from "../graph/index.js";

/**
 * Every revision the version-table rows mean is applied: the rows and everything below them. A row holding an id a
 * squash replaces means the originals up to it ran (those whose files remain are listed) and what is below the
 * squash; the squash itself has not run there.
 */
export function appliedRevisions(map: RevisionMap, rows: readonly string[]): string[] {
  if (rows.length === 0) return [];
  const graphRows = new Set<string>();
  const notRun = new Set<string>();
  const originals: string[] = [];
  for (const row of rows) {
    const replacement = map.replacement(row);
    if (replacement === undefined) {
      graphRows.add(row);
      continue;
    }
    const ran = map.get(replacement.squash)!.replaces.slice(0, replacement.position + 1);
    originals.push(...ran.filter((id) => map.original(id) !== undefined));
    graphRows.add(replacement.squash);
    notRun.add(replacement.squash);
  }
  const below = map.ancestry([...graphRows]).filter((id) => !notRun.has(id));
  return [...new Set([...originals, ...below])];
}
