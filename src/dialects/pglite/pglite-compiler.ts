// PGlite is PostgreSQL compiled to WebAssembly: the same DDL under its own dialect name.

import { PostgresCompiler } from "../postgres/postgres-compiler.js";

export class PgliteCompiler extends PostgresCompiler {
  constructor() {
    super("pglite");
  }
}
