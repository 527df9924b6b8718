// Whether a loaded revision function does nothing: its source (as the engine prints it) has a block body holding
// only whitespace and comments. `retort doctor` uses it to find downgrades left as the template wrote them.

/** True for `function (op) {}`, `async (op) => { // nothing }` and the like; false for expression bodies. */
export function hasEmptyBody(fn: (...args: never[]) => unknown): boolean {
  const source = Function.prototype.toString.call(fn);
  const paren = source.indexOf("(");
  const arrow = source.indexOf("=>");
  let at: number;
  if (arrow !== -1 && (paren === -1 || arrow < paren)) at = arrow + 2;
  else if (paren === -1) return false;
  else {
    let depth = 0;
    at = paren;
    do {
      const c = source[at++];
      if (c === "(") depth++;
      else if (c === ")") depth--;
    } while (depth > 0 && at < source.length);
    while (/\s/.test(source[at] ?? "")) at++;
    if (source.startsWith("=>", at)) at += 2;
  }
  while (/\s/.test(source[at] ?? "")) at++;
  if (source[at] !== "{") return false;
  const body = source.slice(at + 1, source.lastIndexOf("}"));
  return (
    body
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/[^\n]*/g, "")
      .trim() === ""
  );
}
