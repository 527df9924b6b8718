// PGlite is PostgreSQL compiled to WebAssembly, in this process: PostgreSQL's SQL, compiler, catalog,
// transactions and advisory locks, with its own driver and URLs (a data folder, or memory). Its DDL side is
// PostgreSQL's (postgres/postgres-ddl.ts).

import { existsSync } from "node:fs";
import { absolutePath, pathPart } from "../../config/url.js";
import type { DialectCore } from "../dialect.js";
import { postgresDialect } from "../postgres/postgres-dialect.js";
import type { PgliteUrl } from "./pglite-driver.js";

const IN_MEMORY = new Set(["memory:", ":memory:", "memory://", ""]);

export const pgliteDialect: DialectCore = {
  ...postgresDialect,
  name: "pglite",
  displayName: "PGlite",
  driver: {
    ...postgresDialect.driver,
    parseUrl(url, scheme, baseDir): PgliteUrl {
      const path = pathPart(url, scheme);
      if (IN_MEMORY.has(path)) return { dialect: "pglite", dataDir: undefined };
      return { dialect: "pglite", dataDir: absolutePath(path, baseDir) };
    },
    connect: async (url, display) =>
      (await import("./pglite-driver.js")).openPglite(url as PgliteUrl, display),
    // A data folder this process opened is never a standby.
    readOnlyReason: undefined,
    databaseExists(url) {
      const { dataDir } = url as PgliteUrl;
      return dataDir === undefined || existsSync(dataDir);
    },
  },
};
