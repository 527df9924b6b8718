// PostgreSQL partitioned tables as operations: createTable with a partition key, a partition made PARTITION OF its
// parent with its bound, attachPartition and detachPartition, run online and printed with --sql (run by psql, or by
// PGlite's own exec), which must leave the same catalog; each reverses; databases without partitions refuse.

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allDialects, getDialect } from "../../src/dialects/index.js";
import { build } from "../../src/operations/build.js";
import type { Op } from "../../src/operations/op.js";
import type { Operation } from "../../src/operations/operation.js";
import { reverseOperation } from "../../src/operations/reverse.js";
import { column } from "../../src/schema/column.js";
import { describeEachDialect } from "../support/databases.js";
import { offlineSink, onlineAndOffline, onlineSink, runWithOp } from "./support.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

async function revision(op: Op): Promise<void> {
  await op.createTable(
    "payments",
    {
      id: op.column.integer().notNull(),
      paid_on: op.column.date().notNull(),
      note: op.column.text().default("none"),
    },
    { primaryKey: ["paid_on", "id"], partitionBy: "RANGE (paid_on)" },
  );
  await op.createIndex("payments_note", "payments", ["note"]);
  // Takes the parent's columns and default; gives note its own default.
  await op.createTable(
    "payments_2024",
    { note: op.column.text().default("old") },
    { partitionOf: { table: "payments", bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" } },
  );
  await op.createTable("payments_rest", {}, { partitionOf: { table: "payments", bound: "DEFAULT" } });
  await op.detachPartition("payments", "payments_rest", { existingBound: "DEFAULT" });
  await op.createTable("payments_2025", {
    id: op.column.integer().notNull(),
    paid_on: op.column.date().notNull(),
    note: op.column.text(),
  });
  await op.attachPartition("payments", "payments_2025", "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
}

const FACTS = `
SELECT c.relname, c.relkind::text, pg_get_partkeydef(c.oid) AS key, pg_get_expr(c.relpartbound, c.oid) AS bound,
       (SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = c.oid) AS parent,
       ARRAY(SELECT a.attname || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-') || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
             FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = c.oid AND a.attnum > 0 ORDER BY a.attnum)::text AS columns,
       ARRAY(SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid
             ORDER BY 1)::text AS indexes
  FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1`;

describeEachDialect(
  "partition operations",
  (dialect) => {
    const databases = onlineAndOffline(dialect);

    it("leave the same partitions online and from --sql", { timeout: 60_000 }, async () => {
      await runWithOp(onlineSink(databases.online.connection), revision);
      const printed = offlineSink(dialect);
      await runWithOp(printed, revision);
      const script = `${printed.statements.map((s) => `${s};`).join("\n")}\n`;
      expect(script).toContain(")\nPARTITION BY RANGE (paid_on);");
      expect(script).toContain(
        `CREATE TABLE "payments_2024" PARTITION OF "payments" (\n    "note" WITH OPTIONS DEFAULT 'old'\n) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
      );
      expect(script).toContain('CREATE TABLE "payments_rest" PARTITION OF "payments" DEFAULT;');
      expect(script).toContain('ALTER TABLE "payments" DETACH PARTITION "payments_rest";');
      expect(script).toContain(
        `ALTER TABLE "payments" ATTACH PARTITION "payments_2025" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
      );
      if (dialect === "pglite") {
        await databases.offline.connection.execute(script);
      } else {
        const file = join(mkdtempSync(join(tmpdir(), "retort-partitions-")), "upgrade.sql");
        writeFileSync(file, script);
        execFileSync("psql", [
          "-X",
          "-q",
          "-v",
          "ON_ERROR_STOP=1",
          "-1",
          "-f",
          file,
          databases.offline.database.url,
        ]);
      }
      const facts = await databases.online.connection.query(FACTS);
      expect(facts).toEqual(await databases.offline.connection.query(FACTS));
      expect(facts).toEqual([
        {
          relname: "payments",
          relkind: "p",
          key: "RANGE (paid_on)",
          bound: null,
          parent: null,
          columns: `{"id - not null","paid_on - not null","note 'none'::text"}`,
          indexes: "{payments_note,payments_pkey}",
        },
        {
          relname: "payments_2024",
          relkind: "r",
          key: null,
          bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
          parent: "payments",
          columns: `{"id - not null","paid_on - not null","note 'old'::text"}`,
          indexes: "{payments_2024_note_idx,payments_2024_pkey}",
        },
        {
          relname: "payments_2025",
          relkind: "r",
          key: null,
          bound: "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
          parent: "payments",
          columns: `{"id - not null","paid_on - not null","note -"}`,
          indexes: "{payments_2025_note_idx,payments_2025_pkey}",
        },
        {
          relname: "payments_rest",
          relkind: "r",
          key: null,
          bound: null,
          parent: null,
          columns: `{"id - not null","paid_on - not null","note 'none'::text"}`,
          indexes: "{payments_rest_note_idx,payments_rest_pkey}",
        },
      ]);
    });
  },
  ["pglite", "postgres"],
);

describe("partition operation objects", () => {
  it("reverse to each other", () => {
    const attach = build.attachPartition("payments", "payments_2024", "FOR VALUES IN (2024)", {
      partitionSchema: "archive",
    });
    const detach = reverseOperation(attach) as Operation;
    expect(detach).toEqual(
      build.detachPartition("payments", "payments_2024", {
        partitionSchema: "archive",
        existingBound: "FOR VALUES IN (2024)",
      }),
    );
    expect(reverseOperation(detach)).toEqual(attach);
    expect(reverseOperation(build.detachPartition("payments", "payments_2024"))).toBeUndefined();
    const partition = build.createTable("p1", {}, { partitionOf: { table: "payments", bound: "DEFAULT" } });
    expect(reverseOperation(partition)).toMatchObject({
      kind: "dropTable",
      table: "p1",
      existing: partition.definition,
    });
  });

  it("refuse a bound or key that is not PostgreSQL's form", () => {
    expect(() => build.attachPartition("payments", "p1", "VALUES (1)")).toThrow(
      /bound is DEFAULT or FOR VALUES …, not "VALUES \(1\)"/,
    );
    expect(() => build.createTable("t", { id: column.integer() }, { partitionBy: "payment_date" })).toThrow(
      /partitionBy is RANGE \(…\), LIST \(…\) or HASH \(…\)/,
    );
  });

  it("are refused where the database has none", async () => {
    for (const name of ["sqlite", "mysql"] as const) {
      await expect(
        getDialect(name).compiler.compile(build.attachPartition("payments", "p1", "DEFAULT")),
      ).rejects.toThrow(/has no partitions to attach or detach \(attachPartition p1\)/);
    }
  });
});
