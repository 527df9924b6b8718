// SQLite: transactional DDL, no schemas, ALTER TABLE changes through a table rebuild; the run lock is the write
// transaction opened by BEGIN IMMEDIATE. better-sqlite3 is loaded on first connect; the DDL side is sqlite-ddl.ts.

import { existsSync } from "node:fs";
import { absolutePath, InvalidUrlError, pathPart } from "../../config/url.js";
import { type DialectCore, VersionTableConfigError, versionTableSql } from "../dialect.js";
import type { SqliteUrl } from "./sqlite-driver.js";
import { sqliteWriteLock } from "./sqlite-lock.js";
import { sqliteSql } from "./sqlite-sql.js";

function noSchema(table: { readonly schema: string | undefined }): void {
  if (table.schema !== undefined) {
    throw new VersionTableConfigError(
      `SQLite has no schemas, so versionTableSchema "${table.schema}" cannot be used`,
      { hint: "remove versionTableSchema from the config for this database" },
    );
  }
}

const versionTable = versionTableSql(sqliteSql, async (connection, table) => {
  noSchema(table);
  const rows = await connection.query(
    "SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ?",
    [table.name],
  );
  return rows.length > 0;
});

export const sqliteDialect: DialectCore = {
  name: "sqlite",
  displayName: "SQLite",
  capabilities: {
    transactionalDdl: true,
    ddlWithDmlInTransaction: true,
    concurrentIndexes: false,
    comments: false,
    nativeEnums: false,
    schemas: false,
    deferrableForeignKeys: true,
    partialIndexes: true,
    advisoryLocks: false,
    alterTableInPlace: false,
    foreignKeyIndexes: false,
    forwardForeignKeys: true,
    uniqueConstraintsAsIndexes: false,
    maxIdentifierLength: Number.POSITIVE_INFINITY,
  },
  driver: {
    parseUrl(url, scheme, baseDir): SqliteUrl {
      const path = pathPart(url, scheme);
      if (path === "") throw new InvalidUrlError(`SQLite URL ${JSON.stringify(url)} names no file`);
      if (path === ":memory:") return { dialect: "sqlite", filename: ":memory:" };
      return { dialect: "sqlite", filename: absolutePath(path, baseDir) };
    },
    connect: async (url, display) =>
      (await import("./sqlite-driver.js")).openSqlite(url as SqliteUrl, display),
    databaseExists(url) {
      const { filename } = url as SqliteUrl;
      return filename === ":memory:" || existsSync(filename);
    },
    async openScratchDatabase(_configUrl, open) {
      const connection = await open("sqlite::memory:");
      return { connection, dispose: () => connection.close() };
    },
  },
  sql: sqliteSql,
  versionTable: {
    ...versionTable,
    name(table) {
      noSchema(table);
      return versionTable.name(table);
    },
    createSql(table) {
      noSchema(table);
      return versionTable.createSql(table);
    },
  },
  lock: sqliteWriteLock(noSchema),
};
