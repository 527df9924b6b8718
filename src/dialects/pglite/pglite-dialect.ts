// PGlite is PostgreSQL in process: the same SQL, transactions and advisory locks as the server dialect.

import type { Dialect } from "../dialect.js";
import { postgresFamilyDialect } from "../postgres/postgres-dialect.js";

export const pgliteDialect: Dialect = postgresFamilyDialect("pglite");
