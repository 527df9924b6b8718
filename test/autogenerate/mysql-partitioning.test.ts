// Autogenerate compares a MySQL/MariaDB table's partitioning as one table option: a table the model partitions is
// partitioned, one it partitions differently repartitioned, one it leaves plain unpartitioned, all in place; a
// clause spelled differently (quotes, case, spacing, engines) is no difference. After the upgrade check is clean,
// and the downgrade gives every table back its partitions.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compareSchemas } from "../../src/autogenerate/compare.js";
import { nameFilter } from "../../src/autogenerate/name-filter.js";
import { check } from "../../src/commands/check.js";
import { downgrade } from "../../src/commands/downgrade.js";
import { allDialects, connect, getDialect } from "../../src/dialects/index.js";
import { column, parseNativeType, table } from "../../src/schema/index.js";
import { describeEachDialect } from "../support/databases.js";
import { autogenerateProject } from "./project.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

const SCHEMA_MODULE = JSON.stringify(fileURLToPath(new URL("../../src/schema/index.ts", import.meta.url)));

const DATABASE_DDL = [
  `CREATE TABLE salaries (emp_no int NOT NULL, from_date date NOT NULL, PRIMARY KEY (emp_no, from_date))
   PARTITION BY RANGE COLUMNS(from_date) (PARTITION p01 VALUES LESS THAN ('1986-01-01'),
   PARTITION p02 VALUES LESS THAN MAXVALUE)`,
  "CREATE TABLE events (id int NOT NULL) PARTITION BY HASH (id) PARTITIONS 3",
  "CREATE TABLE plain (id int NOT NULL PRIMARY KEY)",
  "CREATE TABLE rekeyed (id int NOT NULL) PARTITION BY HASH (id) PARTITIONS 2",
  // Every unique key holds the partitioning columns: the key changes with the partitioning, in the order that allows.
  "CREATE TABLE unkeyed (id int NOT NULL, d date NOT NULL, PRIMARY KEY (id, d)) PARTITION BY KEY (d) PARTITIONS 2",
  "CREATE TABLE rekey (id int NOT NULL, d date NOT NULL, PRIMARY KEY (id))",
  `CREATE TABLE kept (code int NOT NULL) PARTITION BY LIST (code)
   (PARTITION north VALUES IN (1, 2, NULL) ENGINE = InnoDB, PARTITION rest DEFAULT ENGINE = InnoDB)`,
];

const MODEL = `
import { column, table } from ${SCHEMA_MODULE};

export const salaries = table("salaries", {
  emp_no: column.integer().notNull(),
  from_date: column.date().notNull(),
}, {
  primaryKey: ["emp_no", "from_date"],
  partitioning: "RANGE COLUMNS(from_date) (PARTITION p01 VALUES LESS THAN ('1986-01-01'), PARTITION p02 VALUES LESS THAN ('1990-01-01'), PARTITION p03 VALUES LESS THAN MAXVALUE)",
});
export const events = table("events", { id: column.integer().notNull() });
export const rekeyed = table("rekeyed", { id: column.integer().notNull() }, { partitioning: "KEY (id) PARTITIONS 2" });
export const unkeyed = table("unkeyed", { id: column.integer().primaryKey(), d: column.date().notNull() });
export const rekey = table("rekey", { id: column.integer().notNull(), d: column.date().notNull() }, {
  primaryKey: ["id", "d"],
  partitioning: "KEY (d) PARTITIONS 2",
});
export const plain = table("plain", { id: column.integer().primaryKey() }, { partitioning: "KEY () PARTITIONS 2" });
export const kept = table("kept", { code: column.integer().notNull() }, {
  partitioning: "list (\`code\`) (partition north values in (null,1,2), partition rest default)",
});
export const logs = table("logs", { at: column.date().notNull() }, { partitioning: "HASH (YEAR(at)) PARTITIONS 2" });
`;

/** Each table's partitions as the catalog states them. */
async function partitions(url: string): Promise<unknown> {
  const connection = await connect(url);
  try {
    return await connection.query(
      `SELECT TABLE_NAME, PARTITION_NAME, PARTITION_METHOD, PARTITION_EXPRESSION, PARTITION_DESCRIPTION
         FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'retort\\_%'
         ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION`,
    );
  } finally {
    await connection.close();
  }
}

/** The from_date of each row in one partition of salaries. */
async function salaries(url: string, partition: string): Promise<string[]> {
  const connection = await connect(url);
  try {
    const rows = await connection.query<{ d: string }>(
      `SELECT DATE_FORMAT(from_date, '%Y-%m-%d') AS d FROM salaries PARTITION (${partition}) ORDER BY 1`,
    );
    return rows.map((row) => row.d);
  } finally {
    await connection.close();
  }
}

describeEachDialect(
  "autogenerate MySQL partitioning",
  (dialect) => {
    const project = autogenerateProject(dialect, { prefix: "retort-partitioning-" });

    it("partitions, repartitions and unpartitions in place, is clean after the upgrade and restores on downgrade", {
      timeout: 120_000,
    }, async () => {
      const connection = await connect(project.database.url);
      for (const ddl of DATABASE_DDL) await connection.execute(ddl);
      await connection.execute(
        "INSERT INTO salaries VALUES (1, '1985-06-01'), (1, '1987-06-01'), (2, '1995-06-01')",
      );
      await connection.close();
      const before = await partitions(project.database.url);

      const { result, code } = await project.generateAndUpgrade(MODEL, "partitions");
      expect(result.warnings).toEqual([]);
      expect([...result.differences].sort()).toEqual([
        "add primary key pk_rekey on rekey (id, d)",
        "add primary key pk_unkeyed on unkeyed (id)",
        "add table logs",
        "partition table plain (rebuilds the table, copying every row) by KEY () PARTITIONS 2",
        "partition table rekey (rebuilds the table, copying every row) by KEY (d) PARTITIONS 2",
        "remove partitioning from table events (rebuilds the table, copying every row)",
        "remove partitioning from table unkeyed (rebuilds the table, copying every row)",
        "remove primary key pk_rekey on rekey",
        "remove primary key pk_unkeyed on unkeyed",
        "reorganize partitions of table salaries (moves only their rows): PARTITION `p02` VALUES LESS THAN (MAXVALUE) into PARTITION p02 VALUES LESS THAN ('1990-01-01'), PARTITION p03 VALUES LESS THAN MAXVALUE",
        "repartition table rekeyed (rebuilds the table, copying every row) by KEY (id) PARTITIONS 2",
      ]);
      for (const expected of [
        'await op.removePartitioning("events", { existing: "HASH (`id`) PARTITIONS 3" });',
        'await op.partitionTable("plain", "KEY () PARTITIONS 2");',
        `await op.reorganizePartitions("salaries", ["PARTITION \`p02\` VALUES LESS THAN (MAXVALUE)"], ["PARTITION p02 VALUES LESS THAN ('1990-01-01')", "PARTITION p03 VALUES LESS THAN MAXVALUE"]);`,
        'await op.partitionTable("rekeyed", "KEY (id) PARTITIONS 2", { existing: "HASH (`id`) PARTITIONS 2" });',
        'partitioning: "HASH (YEAR(at)) PARTITIONS 2",',
      ]) {
        expect(code).toContain(expected);
      }
      const at = (text: string) => {
        expect(code).toContain(text);
        return code.indexOf(text);
      };
      expect(at('removePartitioning("unkeyed"')).toBeLessThan(at('createPrimaryKey("pk_unkeyed"'));
      expect(at('createPrimaryKey("pk_rekey"')).toBeLessThan(at('partitionTable("rekey"'));

      expect(await check(project.config)).toEqual({ clean: true, differences: [], warnings: [] });
      expect(await salaries(project.database.url, "p02")).toEqual(["1987-06-01"]);
      expect(await salaries(project.database.url, "p03")).toEqual(["1995-06-01"]);
      await downgrade(project.config, "-1");
      expect(await partitions(project.database.url)).toEqual(before);
      expect(await salaries(project.database.url, "p02")).toEqual(["1987-06-01", "1995-06-01"]);
    });

    it("warns, writing nothing, where the target gives a bound as an expression the database stores evaluated", {
      timeout: 60_000,
    }, async () => {
      const byDay =
        "RANGE (TO_DAYS(d)) (PARTITION a VALUES LESS THAN (TO_DAYS('2020-01-01')), PARTITION b VALUES LESS THAN MAXVALUE)";
      const connection = await connect(project.database.url);
      await connection.execute(`CREATE TABLE by_day (d date NOT NULL) PARTITION BY ${byDay}`);
      await connection.close();
      writeFileSync(
        join(project.dir, "schema.ts"),
        `import { column, table } from ${SCHEMA_MODULE};
export const by_day = table("by_day", { d: column.date().notNull() }, { partitioning: ${JSON.stringify(byDay)} });
`,
      );
      const result = await check(project.config);
      expect(result.differences).toEqual([]);
      expect(result.warnings).toEqual([
        "by_day: the target's partitioning is not compared: its partition bound TO_DAYS('2020-01-01') is an expression, which MySQL stores evaluated; the database has RANGE (to_days(`d`)) (PARTITION `a` VALUES LESS THAN (737790), PARTITION `b` VALUES LESS THAN MAXVALUE): write each bound as the value SHOW CREATE TABLE gives",
      ]);
    });
  },
  ["mysql"],
);

describe("MySQL partitioning on a database without it", () => {
  it("is a warning on an existing table, not an operation its compiler would refuse", async () => {
    const dialect = getDialect("postgres");
    const result = await compareSchemas(
      {
        tables: [table("t", { id: column.integer() }, { partitioning: "HASH (id) PARTITIONS 2" })],
        enums: [],
      },
      {
        dialect: "postgres",
        schemas: [],
        enums: [],
        tables: [
          {
            schema: undefined,
            name: "t",
            columns: [
              {
                name: "id",
                type: parseNativeType("integer"),
                nullable: true,
                default: undefined,
                autoincrement: undefined,
                generated: undefined,
                comment: undefined,
                onUpdate: undefined,
              },
            ],
            primaryKey: undefined,
            indexes: [],
            uniques: [],
            foreignKeys: [],
            checks: [],
            comment: undefined,
          },
        ],
      },
      { dialect, include: nameFilter({ include: [], exclude: [], versionTable: "retort_version" }) },
    );
    expect(result.operations).toEqual([]);
    expect(result.warnings).toEqual([
      "t: the target's partitioning is not compared: partitioning is MySQL's partition clause, which this database has not (PostgreSQL: partitionBy and partitionOf)",
    ]);
  });
});
