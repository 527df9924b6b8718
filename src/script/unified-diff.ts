// A unified diff of two texts, for the commands that can show what they would write (`rebase --dry-run`). Lines
// are compared after trimming the common start and end, so the cost follows the changed region, not the file.

const CONTEXT = 3;
/** Past this many cells the changed middle is shown as replaced whole rather than matched line by line. */
const MAX_CELLS = 4_000_000;

interface Op {
  readonly kind: " " | "-" | "+";
  readonly line: string;
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The edit script from `a` to `b`: a longest common subsequence over the middle that differs. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = a.slice(0, start).map((line) => ({ kind: " ", line }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_CELLS) {
    for (const line of midA) ops.push({ kind: "-", line });
    for (const line of midB) ops.push({ kind: "+", line });
  } else {
    const width = midB.length + 1;
    const lcs = new Uint32Array((midA.length + 1) * width);
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lcs[i * width + j] =
          midA[i] === midB[j]
            ? lcs[(i + 1) * width + j + 1]! + 1
            : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length || j < midB.length) {
      if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
        ops.push({ kind: " ", line: midA[i++]! });
        j++;
      } else if (
        j === midB.length ||
        (i < midA.length && lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)
      ) {
        ops.push({ kind: "-", line: midA[i++]! });
      } else {
        ops.push({ kind: "+", line: midB[j++]! });
      }
    }
  }
  for (const line of a.slice(endA)) ops.push({ kind: " ", line });
  return ops;
}

/** `--- a` / `+++ b` headers and hunks with three lines of context; empty when the texts are equal. */
export function unifiedDiff(before: string, after: string, fromName: string, toName = fromName): string {
  if (before === after) return "";
  const ops = editScript(splitLines(before), splitLines(after));
  // Line numbers (1-based) each op starts at, in the old and the new text.
  const atA: number[] = [];
  const atB: number[] = [];
  let lineA = 1;
  let lineB = 1;
  for (const op of ops) {
    atA.push(lineA);
    atB.push(lineB);
    if (op.kind !== "+") lineA++;
    if (op.kind !== "-") lineB++;
  }
  const changes = ops.flatMap((op, index) => (op.kind === " " ? [] : [index]));
  const out = [`--- ${fromName}`, `+++ ${toName}`];
  let first = 0;
  while (first < changes.length) {
    let last = first;
    while (last + 1 < changes.length && changes[last + 1]! - changes[last]! <= 2 * CONTEXT + 1) last++;
    const from = Math.max(0, changes[first]! - CONTEXT);
    const to = Math.min(ops.length, changes[last]! + CONTEXT + 1);
    const hunk = ops.slice(from, to);
    const countA = hunk.filter((op) => op.kind !== "+").length;
    const countB = hunk.filter((op) => op.kind !== "-").length;
    // An empty side is numbered by the line before it, as diff(1) does.
    const startA = countA === 0 ? atA[from]! - 1 : atA[from]!;
    const startB = countB === 0 ? atB[from]! - 1 : atB[from]!;
    out.push(`@@ -${startA},${countA} +${startB},${countB} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
    first = last + 1;
  }
  return `${out.join("\n")}\n`;
}
