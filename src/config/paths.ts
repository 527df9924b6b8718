// How paths appear in messages: relative to the working directory when inside it, so terminals can link them.

import { isAbsolute, relative } from "node:path";

/** `path` relative to the working directory when it lies inside it, else absolute. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}
