// SQLite's DDL side: its types, its compiler (ALTER TABLE changes through a table rebuild), reflection and the
// normalizer autogenerate compares with. Loaded only when operations compile or schemas are read.

import type { DialectDdl } from "../dialect.js";
import { lazyIntrospector } from "../introspector.js";
import { SqliteCompiler } from "./sqlite-compiler.js";
import { SqliteNormalizer } from "./sqlite-normalizer.js";
import { sqliteSql } from "./sqlite-sql.js";
import { SqliteTypes } from "./sqlite-types.js";

const types = new SqliteTypes();
const compiler = new SqliteCompiler("sqlite", sqliteSql, types);

export const sqliteDdl: DialectDdl = {
  compiler,
  types,
  introspector: lazyIntrospector(async () => (await import("./sqlite-introspector.js")).sqliteIntrospector),
  normalizer: new SqliteNormalizer(compiler),
};
