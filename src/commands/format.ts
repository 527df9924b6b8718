// Alembic 1.8's text forms of a revision, line for line: the one-line form used by heads, history and
// branches, and the verbose block used by show and every `-v`. Order is deterministic where Alembic's is not.

import type { RevisionMap } from "../graph/index.js";
import type { RevisionScript } from "../script/script-directory.js";

export interface LineOptions {
  /** Append ` (label, …)`. */
  readonly branches?: boolean;
  /** Append `, <message>`. */
  readonly doc?: boolean;
  /** Prefix `<down> (<deps>) -> `. */
  readonly parents?: boolean;
  /** ` (branchpoint)` / ` (mergepoint)`. */
  readonly treeIndicators?: boolean;
  /** ` (current)` after the head markers. */
  readonly current?: boolean;
}

const comma = (items: readonly string[]): string => items.join(", ");

function downRevisionText(script: RevisionScript): string {
  return script.downRevisions.length === 0 ? "<base>" : comma(script.downRevisions);
}

/** The one-line form: `<down> (<deps>) -> id (labels) (head) (current) (branchpoint), message`. */
export function formatLine(map: RevisionMap, script: RevisionScript, options: LineOptions = {}): string {
  const revision = map.get(script.id);
  if (!revision) throw new Error(`revision ${script.id} is not in the map`);
  let text = script.id;
  if (options.parents) {
    const deps = script.dependsOn.length > 0 ? ` (${comma(script.dependsOn)})` : "";
    text = `${downRevisionText(script)}${deps} -> ${text}`;
  }
  if (options.branches && revision.labels.length > 0) text += ` (${comma(revision.labels)})`;
  if (revision.isHead) text += map.isEffectiveHead(script.id) ? " (effective head)" : " (head)";
  if (options.current) text += " (current)";
  if (options.treeIndicators !== false) {
    if (revision.isBranchPoint) text += " (branchpoint)";
    if (revision.isMergePoint) text += " (mergepoint)";
  }
  if (revision.replaces.length > 0) text += ` (replaces ${comma(revision.replaces)})`;
  if (options.doc) text += `, ${script.doc}`;
  return text;
}

/** The verbose block (`show`, `-v`), ending with a newline; callers print a blank line after it. */
export function formatEntry(
  map: RevisionMap,
  script: RevisionScript,
  options: { current?: boolean } = {},
): string {
  const revision = map.get(script.id);
  if (!revision) throw new Error(`revision ${script.id} is not in the map`);
  const markers =
    (revision.isHead ? " (head)" : "") +
    (revision.isBranchPoint ? " (branchpoint)" : "") +
    (revision.isMergePoint ? " (mergepoint)" : "") +
    (options.current ? " (current)" : "");
  const lines = [`Rev: ${script.id}${markers}`];
  lines.push(`${revision.isMergePoint ? "Merges" : "Parent"}: ${downRevisionText(script)}`);
  if (script.dependsOn.length > 0) lines.push(`Also depends on: ${comma(script.dependsOn)}`);
  if (revision.isBranchPoint) lines.push(`Branches into: ${comma(revision.children)}`);
  if (revision.labels.length > 0) lines.push(`Branch names: ${comma(revision.labels)}`);
  if (revision.replaces.length > 0) lines.push(`Replaces: ${comma(revision.replaces)}`);
  lines.push(`Path: ${script.path}`);
  lines.push("");
  for (const docLine of script.longDoc.split("\n")) lines.push(`    ${docLine}`);
  return `${lines.join("\n")}\n`;
}

/** The facts behind both text forms, for `--json`. */
export interface RevisionJson {
  readonly id: string;
  readonly downRevisions: readonly string[];
  readonly dependsOn: readonly string[];
  readonly branchLabels: readonly string[];
  readonly children: readonly string[];
  readonly message: string;
  readonly path: string;
  readonly isHead: boolean;
  readonly isEffectiveHead: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  /** Only for a squash revision: the ids it replaces. */
  readonly replaces?: readonly string[];
  readonly current?: boolean;
}

export function revisionJson(map: RevisionMap, script: RevisionScript, current?: boolean): RevisionJson {
  const revision = map.get(script.id);
  if (!revision) throw new Error(`revision ${script.id} is not in the map`);
  return {
    id: script.id,
    downRevisions: script.downRevisions,
    dependsOn: script.dependsOn,
    branchLabels: revision.labels,
    children: revision.children,
    message: script.doc,
    path: script.path,
    isHead: revision.isHead,
    isEffectiveHead: revision.isHead && map.isEffectiveHead(script.id),
    isBranchPoint: revision.isBranchPoint,
    isMergePoint: revision.isMergePoint,
    ...(revision.replaces.length === 0 ? {} : { replaces: revision.replaces }),
    ...(current === undefined ? {} : { current }),
  };
}
