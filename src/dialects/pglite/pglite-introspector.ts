// PGlite is PostgreSQL in WebAssembly: the same catalog, so reflection is PostgreSQL's, labelled pglite.

import type { Introspector } from "../introspector.js";
import { reflectPostgres } from "../postgres/postgres-introspector.js";

export const pgliteIntrospector: Introspector = {
  reflect: (connection, options) => reflectPostgres(connection, "pglite", options),
};
