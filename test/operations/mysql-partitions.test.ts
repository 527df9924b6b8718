// MySQL/MariaDB partitioning as a table option: created with the table, repartitioned and removed in place by
// op.partitionTable and op.removePartitioning, run online and printed with --sql (run by the mysql client), which
// must leave the same catalog; each form reflects back to text that compiles to the same partitions again.

import { describe, expect, it } from "vitest";
import { modelFromReflected } from "../../src/autogenerate/schema-model.js";
import type { Connection } from "../../src/dialects/connection.js";
import { getDialect } from "../../src/dialects/index.js";
import { build } from "../../src/operations/build.js";
import type { Op } from "../../src/operations/op.js";
import type { Operation } from "../../src/operations/operation.js";
import { reverseOperation } from "../../src/operations/reverse.js";
import { column } from "../../src/schema/column.js";
import { describeEachDialect } from "../support/databases.js";
import {
  applyScript,
  offlineSink,
  onlineAndOffline,
  onlineSink,
  printedScript,
  runWithOp,
} from "./support.js";

const mysql = getDialect("mysql");

const SALARIES =
  "RANGE COLUMNS(from_date) (PARTITION p01 VALUES LESS THAN ('1986-01-01'), PARTITION p02 VALUES LESS THAN MAXVALUE)";

async function revision(op: Op): Promise<void> {
  await op.createTable(
    "salaries",
    { emp_no: op.column.integer().notNull(), from_date: op.column.date().notNull() },
    { primaryKey: ["emp_no", "from_date"], partitioning: SALARIES },
  );
  await op.createTable(
    "events",
    { id: op.column.integer().notNull() },
    { partitioning: "HASH (id) PARTITIONS 3" },
  );
  await op.createTable("regions", { code: op.column.integer().notNull() });
  await op.partitionTable(
    "salaries",
    "RANGE COLUMNS(from_date) (PARTITION p01 VALUES LESS THAN ('1986-01-01'), PARTITION p02 VALUES LESS THAN ('1990-01-01'), PARTITION p03 VALUES LESS THAN MAXVALUE)",
    { existing: SALARIES },
  );
  await op.removePartitioning("events", { existing: "HASH (id) PARTITIONS 3" });
  await op.partitionTable(
    "regions",
    "LIST (code) (PARTITION north VALUES IN (1, 2, NULL), PARTITION zero VALUES IN (0), PARTITION rest DEFAULT)",
  );
}

/** Each table's partitioning as reflection states it. */
async function partitioning(connection: Connection): Promise<Record<string, string | undefined>> {
  const schema = await mysql.introspector.reflect(connection);
  return Object.fromEntries(schema.tables.map((t) => [t.name, t.partitioning]));
}

describeEachDialect(
  "MySQL partitioning operations",
  (dialect) => {
    const databases = onlineAndOffline(dialect);

    it("leave the same partitions online and from --sql", { timeout: 60_000 }, async () => {
      await runWithOp(onlineSink(databases.online.connection), revision);
      const printed = offlineSink(dialect);
      await runWithOp(printed, revision);
      const script = printedScript(printed);
      expect(script).toContain(
        ")\nPARTITION BY RANGE COLUMNS(from_date) (PARTITION p01 VALUES LESS THAN ('1986-01-01'), PARTITION p02 VALUES LESS THAN MAXVALUE);",
      );
      expect(script).toContain(
        "ALTER TABLE `salaries` PARTITION BY RANGE COLUMNS(from_date) (PARTITION p01 VALUES LESS THAN ('1986-01-01'), PARTITION p02",
      );
      expect(script).toContain("ALTER TABLE `events` REMOVE PARTITIONING;");
      await applyScript(dialect, databases.offline, script);
      const found = await partitioning(databases.online.connection);
      expect(found).toEqual(await partitioning(databases.offline.connection));
      expect(found).toEqual({
        events: undefined,
        regions:
          "LIST (`code`) (PARTITION `north` VALUES IN (NULL,1,2), PARTITION `zero` VALUES IN (0), PARTITION `rest` DEFAULT)",
        salaries:
          "RANGE COLUMNS(`from_date`) (PARTITION `p01` VALUES LESS THAN ('1986-01-01'), PARTITION `p02` VALUES LESS THAN ('1990-01-01'), PARTITION `p03` VALUES LESS THAN (MAXVALUE))",
      });
      const schema = await mysql.introspector.reflect(databases.online.connection);
      expect(schema.unmanaged ?? []).toEqual([]);
    });

    it("reflect each form as text that creates the same partitions and compares equal to what was written", {
      timeout: 60_000,
    }, async () => {
      const forms: Record<string, string> = {
        f_range:
          "RANGE (YEAR(d)) (PARTITION old VALUES LESS THAN (1990), PARTITION new VALUES LESS THAN MAXVALUE)",
        f_range_columns:
          "RANGE COLUMNS(id, code) (PARTITION a VALUES LESS THAN (10, 'm'), PARTITION b VALUES LESS THAN (MAXVALUE, MAXVALUE))",
        f_list_columns: "LIST COLUMNS(code) (PARTITION x VALUES IN ('a', 'b'), PARTITION other DEFAULT)",
        f_hash: "HASH (id) PARTITIONS 4",
        f_linear_hash: "LINEAR HASH (id + 1) PARTITIONS 2",
        f_key: "KEY (id) (PARTITION k1, PARTITION k2)",
        f_sub_counted:
          "RANGE (id) SUBPARTITION BY HASH (TO_DAYS(d)) SUBPARTITIONS 2 (PARTITION a VALUES LESS THAN (100), PARTITION b VALUES LESS THAN MAXVALUE)",
        f_sub_named:
          "RANGE (id) SUBPARTITION BY KEY (d) (PARTITION a VALUES LESS THAN (100) (SUBPARTITION s1, SUBPARTITION s2), PARTITION b VALUES LESS THAN MAXVALUE (SUBPARTITION s3, SUBPARTITION s4))",
      };
      const { connection } = databases.online;
      for (const [name, text] of Object.entries(forms)) {
        const op = build.createTable(
          name,
          { id: column.integer().notNull(), code: column.varchar(5).notNull(), d: column.date().notNull() },
          { partitioning: text },
        );
        for (const step of await mysql.compiler.compile(op))
          if ("sql" in step) await connection.execute(step.sql);
      }
      const first = await mysql.introspector.reflect(connection);
      const reflected = first.tables.filter((t) => t.name in forms);
      expect(reflected.map((t) => t.name).sort()).toEqual(Object.keys(forms).sort());
      for (const t of reflected) {
        expect(mysql.normalizer.partitioning(t.partitioning), t.name).toBe(
          mysql.normalizer.partitioning(forms[t.name]),
        );
      }
      // The reflected text creates the same partitions again.
      for (const t of modelFromReflected({ ...first, tables: reflected }).tables) {
        const copy = { ...t, name: `${t.name}_copy` };
        for (const step of await mysql.compiler.compile(build.createTable(copy)))
          if ("sql" in step) await connection.execute(step.sql);
      }
      const second = await partitioning(connection);
      for (const t of reflected) expect(second[`${t.name}_copy`], t.name).toBe(t.partitioning);
    });
  },
  ["mysql"],
);

describe("MySQL partitioning operation objects", () => {
  it("reverse to each other", () => {
    const partition = build.partitionTable("t", "HASH (id) PARTITIONS 2");
    const removal = reverseOperation(partition) as Operation;
    expect(removal).toEqual(build.removePartitioning("t", { existing: "HASH (id) PARTITIONS 2" }));
    expect(reverseOperation(removal)).toEqual(partition);
    const repartition = build.partitionTable("t", "KEY (id) PARTITIONS 4", {
      existing: "HASH (id) PARTITIONS 2",
    });
    expect(reverseOperation(repartition)).toEqual(
      build.partitionTable("t", "HASH (id) PARTITIONS 2", { existing: "KEY (id) PARTITIONS 4" }),
    );
    expect(reverseOperation(build.removePartitioning("t"))).toBeUndefined();
  });

  it("refuse text that is not a partitioning clause, and PostgreSQL's partitions", async () => {
    await expect(mysql.compiler.compile(build.partitionTable("t", "PARTITION BY HASH (id)"))).rejects.toThrow(
      /table t: partitioning is what follows PARTITION BY/,
    );
    await expect(
      mysql.compiler.compile(build.partitionTable("t", "HASH (id); DROP TABLE t")),
    ).rejects.toThrow(/partitioning is what follows PARTITION BY/);
    await expect(
      mysql.compiler.compile(build.createTable("t", { id: column.integer() }, { partitionBy: "HASH (id)" })),
    ).rejects.toThrow(/partitionBy and partitionOf are PostgreSQL's/);
  });

  it("are refused where the database has none", async () => {
    for (const name of ["sqlite", "postgres"] as const) {
      const compiler = getDialect(name).compiler;
      await expect(compiler.compile(build.removePartitioning("t"))).rejects.toThrow(
        /cannot removePartitioning t: that is MySQL's/,
      );
      await expect(
        compiler.compile(build.createTable("t", { id: column.integer() }, { partitioning: "HASH (id)" })),
      ).rejects.toThrow(/partitioning is MySQL's partition clause/);
    }
  });
});
