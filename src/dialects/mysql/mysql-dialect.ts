// MySQL and MariaDB: DDL commits implicitly, so each revision's version change is committed right after it;
// a run holds a named GET_LOCK for its database and version table. mysql2 is loaded on first connect; the DDL
// side is mysql-ddl.ts.

import { randomBytes } from "node:crypto";
import { parseServerUrl } from "../../config/url.js";
import { type DialectCore, ScratchDatabaseError, versionTableSql } from "../dialect.js";
import type { MysqlUrl } from "./mysql-driver.js";
import { mysqlNamedLock } from "./mysql-lock.js";
import { mysqlSql } from "./mysql-sql.js";

export const mysqlDialect: DialectCore = {
  name: "mysql",
  displayName: "MySQL/MariaDB",
  capabilities: {
    transactionalDdl: false,
    ddlWithDmlInTransaction: false,
    concurrentIndexes: false,
    comments: true,
    nativeEnums: false,
    schemas: false,
    deferrableForeignKeys: false,
    partialIndexes: false,
    advisoryLocks: false,
    alterTableInPlace: true,
    foreignKeyIndexes: true,
    uniqueConstraintsAsIndexes: true,
    maxIdentifierLength: 64,
  },
  driver: {
    parseUrl: (url, scheme): MysqlUrl => ({
      dialect: "mysql",
      mariadb: scheme.startsWith("mariadb"),
      ...parseServerUrl(url),
    }),
    connect: async (url, display) => (await import("./mysql-driver.js")).openMysql(url as MysqlUrl, display),
    readOnlyReason: async (connection, url) =>
      (await import("./mysql-driver.js")).mysqlReadOnlyReason(connection, url as MysqlUrl),
    databaseExists: () => true,
    async copySchema(source, target) {
      const tables = await source.query<{ name: string }>(
        "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
      );
      // Tables are created in name order, whatever they reference.
      await target.execute("SET FOREIGN_KEY_CHECKS = 0");
      try {
        for (const { name } of tables) {
          const [row] = await source.query<Record<string, string>>(
            `SHOW CREATE TABLE ${mysqlSql.quoteIdentifier(name)}`,
          );
          await target.execute(row?.["Create Table"] ?? "");
        }
      } finally {
        await target.execute("SET FOREIGN_KEY_CHECKS = 1");
      }
    },
    /** A throwaway database on the project's own server, dropped afterwards. */
    async openScratchDatabase(configUrl, open) {
      if (!configUrl) {
        throw new ScratchDatabaseError(
          "A .sql target on MySQL needs the config's url to create a scratch database",
        );
      }
      const scratch = `retort_scratch_${randomBytes(6).toString("hex")}`;
      const admin = await open(configUrl);
      const dispose = async () => {
        try {
          await admin.execute(`DROP DATABASE IF EXISTS ${mysqlSql.quoteIdentifier(scratch)}`);
        } finally {
          await admin.close();
        }
      };
      try {
        await admin.execute(`CREATE DATABASE ${mysqlSql.quoteIdentifier(scratch)}`);
        const url = new URL(configUrl);
        url.pathname = `/${scratch}`;
        const connection = await open(url.toString());
        return {
          connection,
          dispose: async () => {
            try {
              await connection.close();
            } finally {
              await dispose();
            }
          },
        };
      } catch (error) {
        await dispose();
        throw error;
      }
    },
  },
  sql: mysqlSql,
  versionTable: versionTableSql(mysqlSql, async (connection, table) => {
    const rows = await connection.query(
      "SELECT 1 AS present FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?",
      [table.schema ?? null, table.name],
    );
    return rows.length > 0;
  }),
  lock: mysqlNamedLock,
};
