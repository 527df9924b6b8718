// Errors of the script layer: revision files that cannot be read into a graph, and revision files that cannot
// be written. Messages name files the way compilers do (`path:line: message`) so terminals can link them.

import { RetortError } from "../errors.js";

/** A revision file (or a set of them) that cannot be loaded: bad header, duplicate id, broken graph. */
export class ScriptLoadError extends RetortError {}

/** A `revision`, `merge`, `edit` or `init` request that cannot be carried out; nothing was written. */
export class ScriptWriteError extends RetortError {}
