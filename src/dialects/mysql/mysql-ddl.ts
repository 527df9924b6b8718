// MySQL's and MariaDB's DDL side: their types, the compiler, reflection from information_schema and the
// normalizer autogenerate compares with. Loaded only when operations compile or schemas are read.

import type { DialectDdl } from "../dialect.js";
import { lazyIntrospector } from "../introspector.js";
import { MysqlCompiler } from "./mysql-compiler.js";
import { MysqlNormalizer } from "./mysql-normalizer.js";
import { mysqlSql } from "./mysql-sql.js";
import { MysqlTypes } from "./mysql-types.js";

const types = new MysqlTypes(mysqlSql);
const compiler = new MysqlCompiler("mysql", mysqlSql, types);

export const mysqlDdl: DialectDdl = {
  compiler,
  types,
  introspector: lazyIntrospector(async () => (await import("./mysql-introspector.js")).mysqlIntrospector),
  normalizer: new MysqlNormalizer(compiler),
};
