// MySQL/MariaDB partitioning as a table option: created with the table, repartitioned and removed in place by
// op.partitionTable and op.removePartitioning, run online and printed with --sql (run by the mysql client), which
// must leave the same catalog; each form reflects back to text that compiles to the same partitions again.

import { describe, expect, it } from "vitest";
import { modelFromReflected } from "../../src/autogenerate/schema-model.js";
import type { Connection } from "../../src/dialects/connection.js";
import { allDialects, getDialect } from "../../src/dialects/index.js";
import { partitionReorganization } from "../../src/dialects/mysql/mysql-partitioning.js";
import { build } from "../../src/operations/build.js";
import type { Op } from "../../src/operations/op.js";
import type { Operation } from "../../src/operations/operation.js";
import { reverseOperation } from "../../src/operations/reverse.js";
import { column } from "../../src/schema/column.js";
import { describeEachDialect } from "../support/databases.js";
import { applyScript, onlineAndOffline, onlineSink, runOnlineAndPrint, runWithOp } from "./support.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

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
  await op.reorganizePartitions(
    "regions",
    ["PARTITION north VALUES IN (1, 2, NULL)"],
    ["PARTITION north VALUES IN (1, NULL)", "PARTITION two VALUES IN (2)"],
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
      const script = await runOnlineAndPrint(databases.online, dialect, revision);
      expect(script).toContain(
        ")\nPARTITION BY RANGE COLUMNS(from_date) (PARTITION p01 VALUES LESS THAN ('1986-01-01'), PARTITION p02 VALUES LESS THAN MAXVALUE);",
      );
      expect(script).toContain(
        "ALTER TABLE `salaries` PARTITION BY RANGE COLUMNS(from_date) (PARTITION p01 VALUES LESS THAN ('1986-01-01'), PARTITION p02",
      );
      expect(script).toContain("ALTER TABLE `events` REMOVE PARTITIONING;");
      expect(script).toContain(
        "ALTER TABLE `regions` REORGANIZE PARTITION `north` INTO (PARTITION north VALUES IN (1, NULL), PARTITION two VALUES IN (2));",
      );
      await applyScript(dialect, databases.offline, script);
      const found = await partitioning(databases.online.connection);
      expect(found).toEqual(await partitioning(databases.offline.connection));
      expect(found).toEqual({
        events: undefined,
        regions:
          "LIST (`code`) (PARTITION `north` VALUES IN (NULL,1), PARTITION `two` VALUES IN (2), PARTITION `zero` VALUES IN (0), PARTITION `rest` DEFAULT)",
        salaries:
          "RANGE COLUMNS(`from_date`) (PARTITION `p01` VALUES LESS THAN ('1986-01-01'), PARTITION `p02` VALUES LESS THAN ('1990-01-01'), PARTITION `p03` VALUES LESS THAN (MAXVALUE))",
      });
      const schema = await mysql.introspector.reflect(databases.online.connection);
      expect(schema.unmanaged ?? []).toEqual([]);
    });

    it("reorganize only the partitions that change, keeping their rows, and refuse to lose any", {
      timeout: 60_000,
    }, async () => {
      const { connection } = databases.online;
      const sink = onlineSink(connection);
      await runWithOp(sink, async (op) => {
        await op.createTable(
          "years",
          { y: op.column.integer().notNull() },
          {
            partitioning:
              "RANGE (y) (PARTITION p2000 VALUES LESS THAN (2000), PARTITION pmax VALUES LESS THAN MAXVALUE)",
          },
        );
        await op.createTable(
          "codes",
          { c: op.column.integer().notNull() },
          {
            partitioning: "LIST (c) (PARTITION odd VALUES IN (1, 3))",
          },
        );
      });
      await connection.execute("INSERT INTO years VALUES (1999), (2005), (2015)");
      const split = build.reorganizePartitions(
        "years",
        ["PARTITION pmax VALUES LESS THAN MAXVALUE"],
        ["PARTITION p2010 VALUES LESS THAN (2010)", "PARTITION pmax VALUES LESS THAN MAXVALUE"],
      );
      const append = build.reorganizePartitions(
        "codes",
        ["PARTITION odd VALUES IN (1,3)"],
        ["PARTITION odd VALUES IN (1,3)", "PARTITION even VALUES IN (2, 4)"],
      );
      const statements: string[] = [];
      for (const operation of [split, append])
        for (const step of await mysql.compiler.compile(operation)) {
          if (!("sql" in step)) continue;
          statements.push(step.sql);
          await connection.execute(step.sql);
        }
      expect(statements).toEqual([
        "ALTER TABLE `years` REORGANIZE PARTITION `pmax` INTO (PARTITION p2010 VALUES LESS THAN (2010), PARTITION pmax VALUES LESS THAN MAXVALUE)",
        "ALTER TABLE `codes` ADD PARTITION (PARTITION even VALUES IN (2, 4))",
      ]);
      const rows = () =>
        connection.query(
          "SELECT TABLE_NAME AS t, PARTITION_NAME AS p, TABLE_ROWS AS n FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('years', 'codes') ORDER BY 1, PARTITION_ORDINAL_POSITION",
        );
      await connection.execute("ANALYZE TABLE years");
      expect(await connection.query("SELECT y FROM years PARTITION (p2010)")).toEqual([{ y: 2005 }]);
      expect((await rows()).map((r) => `${r.t}.${r.p}`)).toEqual([
        "codes.odd",
        "codes.even",
        "years.p2000",
        "years.p2010",
        "years.pmax",
      ]);
      // Undoing the append would delete `even`'s rows (MariaDB's REORGANIZE does, without a word): refused.
      await connection.execute("INSERT INTO codes VALUES (4)");
      await expect(mysql.compiler.compile(reverseOperation(append) as Operation)).rejects.toThrow(
        /reorganizePartitions codes: the new partitions hold none of 2, 4, and MySQL would delete the rows holding them/,
      );
      expect(await connection.query("SELECT c FROM codes")).toEqual([{ c: 4 }]);
      for (const step of await mysql.compiler.compile(reverseOperation(split) as Operation))
        if ("sql" in step) await connection.execute(step.sql);
      expect(await connection.query("SELECT y FROM years ORDER BY y")).toEqual([
        { y: 1999 },
        { y: 2005 },
        { y: 2015 },
      ]);
      expect((await partitioning(connection)).years).toBe(
        "RANGE (`y`) (PARTITION `p2000` VALUES LESS THAN (2000), PARTITION `pmax` VALUES LESS THAN MAXVALUE)",
      );
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

describe("MySQL partition reorganization", () => {
  const range = (...items: string[]) => `RANGE COLUMNS(d) (${items.join(", ")})`;
  const p = (name: string, bound: string) => `PARTITION ${name} VALUES LESS THAN (${bound})`;

  it("takes the run that differs, with a neighbour where partitions are only added or removed", () => {
    const found = range(p("a", "1"), p("b", "2"), p("max", "MAXVALUE"));
    // Split the last: only it is reorganized.
    expect(
      partitionReorganization(found, range(p("a", "1"), p("b", "2"), p("c", "3"), p("max", "MAXVALUE"))),
    ).toEqual({
      from: [p("max", "MAXVALUE")],
      into: [p("c", "3"), p("max", "MAXVALUE")],
    });
    // One removed from the middle: its rows go to the partition after it.
    expect(partitionReorganization(found, range(p("a", "1"), p("max", "MAXVALUE")))).toEqual({
      from: [p("b", "2"), p("max", "MAXVALUE")],
      into: [p("max", "MAXVALUE")],
    });
    // Appended at the end: the last partition comes along (compiled as ADD PARTITION).
    expect(partitionReorganization(range(p("a", "1")), range(p("a", "1"), p("b", "2")))).toEqual({
      from: [p("a", "1")],
      into: [p("a", "1"), p("b", "2")],
    });
    // Spelled differently, the same partition: `a` and quoting, spacing, case do not count.
    expect(
      partitionReorganization(
        "RANGE COLUMNS(`d`) (PARTITION `a` VALUES LESS THAN (1))",
        range(p("a", "1"), p("b", "2")),
      ),
    ).toEqual({ from: ["PARTITION `a` VALUES LESS THAN (1)"], into: [p("a", "1"), p("b", "2")] });
  });

  it("leaves a changed key, HASH and KEY, subpartitions, and LIST values left without a partition to a whole repartition", () => {
    const list = (...items: string[]) => `LIST (c) (${items.join(", ")})`;
    expect(
      partitionReorganization(list("PARTITION a VALUES IN (1, 3)"), list("PARTITION a VALUES IN (1)")),
    ).toBeUndefined();
    expect(
      partitionReorganization(
        list("PARTITION a VALUES IN (1)", "PARTITION r DEFAULT"),
        list("PARTITION a VALUES IN (1)", "PARTITION b VALUES IN (2)"),
      ),
    ).toBeUndefined();
    // MariaDB will not reorganize into DEFAULT alone, which the reverse of splitting DEFAULT would.
    expect(
      partitionReorganization(
        list("PARTITION a VALUES IN (1)", "PARTITION r DEFAULT"),
        list("PARTITION a VALUES IN (1)", "PARTITION b VALUES IN (2)", "PARTITION r DEFAULT"),
      ),
    ).toBeUndefined();
    expect(
      partitionReorganization(
        list("PARTITION a VALUES IN (1, NULL)"),
        list("PARTITION a VALUES IN (1)", "PARTITION b VALUES IN (null)"),
      ),
    ).toEqual({
      from: ["PARTITION a VALUES IN (1, NULL)"],
      into: ["PARTITION a VALUES IN (1)", "PARTITION b VALUES IN (null)"],
    });
    expect(partitionReorganization(range(p("a", "1")), `RANGE COLUMNS(e) (${p("a", "1")})`)).toBeUndefined();
    expect(partitionReorganization("HASH (id) PARTITIONS 2", "HASH (id) PARTITIONS 4")).toBeUndefined();
    expect(
      partitionReorganization(
        "RANGE (id) SUBPARTITION BY HASH (id) SUBPARTITIONS 2 (PARTITION a VALUES LESS THAN (1))",
        "RANGE (id) SUBPARTITION BY HASH (id) SUBPARTITIONS 2 (PARTITION a VALUES LESS THAN (2))",
      ),
    ).toBeUndefined();
  });
});

describe("MySQL partitioning comparison", () => {
  it("sees one partitioning in each spelling of it, and a change as a change", () => {
    const key = (text: string) => mysql.normalizer.partitioning(text);
    expect(key("HASH (id) (PARTITION p0, PARTITION p1)")).toBe(key("HASH (`id`) PARTITIONS 2"));
    expect(key("KEY (id) PARTITIONS 1")).toBe(key("KEY (`id`)"));
    expect(key("LIST (c) (PARTITION a VALUES IN (2, NULL, 1) ENGINE = InnoDB)")).toBe(
      key("LIST (`c`) (PARTITION `a` VALUES IN (NULL,1,2))"),
    );
    expect(key("range columns (d) (partition a values less than maxvalue)")).toBe(
      key("RANGE COLUMNS(`d`) (PARTITION `a` VALUES LESS THAN (MAXVALUE))"),
    );
    expect(key("HASH (id) (PARTITION p0, PARTITION x1)")).not.toBe(key("HASH (id) PARTITIONS 2"));
    expect(key("HASH (id + engine) PARTITIONS 2")).not.toBe(key("HASH (id) PARTITIONS 2"));
    expect(key("KEY (engine) PARTITIONS 2")).not.toBe(key("KEY () PARTITIONS 2"));
    expect(key("LIST (c) (PARTITION a VALUES IN ('A'))")).not.toBe(
      key("LIST (c) (PARTITION a VALUES IN ('a'))"),
    );
    expect(key("RANGE (n) (PARTITION a VALUES LESS THAN (10))")).not.toBe(
      key("RANGE (n) (PARTITION a VALUES LESS THAN (11))"),
    );
  });
});

describe("MySQL partition bounds", () => {
  it("are compared as text only where each is a value", () => {
    const uncomparable = (text: string) => mysql.normalizer.uncomparablePartitioning(text, "HASH (`n`)");
    expect(
      uncomparable(
        "RANGE COLUMNS(d, n) (PARTITION a VALUES LESS THAN ('2020-01-01', -1), PARTITION b VALUES LESS THAN (MAXVALUE, MAXVALUE))",
      ),
    ).toBeUndefined();
    expect(
      uncomparable("LIST COLUMNS(c, n) (PARTITION a VALUES IN (('x(1)', 1), (NULL, 2)))"),
    ).toBeUndefined();
    expect(uncomparable("HASH (YEAR(d)) PARTITIONS 4")).toBeUndefined();
    expect(uncomparable("RANGE (n) (PARTITION a VALUES LESS THAN (100 + 1))")).toMatch(
      /bound 100 \+ 1 is an expression/,
    );
    expect(uncomparable("RANGE (TO_DAYS(d)) (PARTITION a VALUES LESS THAN (to_days('2020-01-01')))")).toMatch(
      /bound to_days\('2020-01-01'\) is an expression/,
    );
  });
});

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
