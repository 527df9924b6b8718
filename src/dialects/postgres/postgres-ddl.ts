// PostgreSQL's DDL side (PGlite's too): its types, its compiler, reflection from the catalog and the normalizer
// autogenerate compares with. Loaded only when operations compile or schemas are read.

import type { DialectDdl } from "../dialect.js";
import { lazyIntrospector } from "../introspector.js";
import { PostgresCompiler } from "./postgres-compiler.js";
import { PostgresNormalizer } from "./postgres-normalizer.js";
import { postgresSql } from "./postgres-sql.js";
import { PostgresTypes } from "./postgres-types.js";

const types = new PostgresTypes(postgresSql);
const compiler = new PostgresCompiler("postgres", postgresSql, types);

export const postgresDdl: DialectDdl = {
  compiler,
  types,
  introspector: lazyIntrospector(
    async () => (await import("./postgres-introspector.js")).postgresIntrospector,
  ),
  normalizer: new PostgresNormalizer(compiler),
};
