// PostgreSQL partitioned tables as operations: createTable with a partition key, a partition that lists no columns
// made PARTITION OF its parent, one that lists them created and attached as pg_dump writes it, attachPartition and
// detachPartition, run online and printed with --sql (run by psql, or by PGlite's own exec), which must leave the
// same catalog; each reverses; databases without partitions refuse. Autogenerate reproduces pg_dump's partitions
// exactly, and reads their bounds alike whatever the session's time zone.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compareSchemas } from "../../src/autogenerate/compare.js";
import { nameFilter } from "../../src/autogenerate/name-filter.js";
import { autogenerateRevisionBody } from "../../src/commands/autogenerate.js";
import { check } from "../../src/commands/check.js";
import { init } from "../../src/commands/init.js";
import { revision as writeRevision } from "../../src/commands/revision.js";
import { upgrade } from "../../src/commands/upgrade.js";
import { resolveConfig } from "../../src/config/load-config.js";
import type { Connection } from "../../src/dialects/connection.js";
import { allDialects, connect, getDialect } from "../../src/dialects/index.js";
import { build } from "../../src/operations/build.js";
import type { Op } from "../../src/operations/op.js";
import type { Operation } from "../../src/operations/operation.js";
import { reverseOperation } from "../../src/operations/reverse.js";
import { column } from "../../src/schema/column.js";
import { table } from "../../src/schema/table.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import {
  applyScript,
  onlineAndOffline,
  onlineSink,
  openTestDatabase,
  runOnlineAndPrint,
  runWithOp,
} from "./support.js";

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
  // Lists its parent's columns, giving note its own default: created as a table, then attached.
  await op.createTable(
    "payments_2024",
    {
      id: op.column.integer().notNull(),
      paid_on: op.column.date().notNull(),
      note: op.column.text().default("old"),
    },
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
      const script = await runOnlineAndPrint(databases.online, dialect, revision);
      expect(script).toContain(")\nPARTITION BY RANGE (paid_on);");
      expect(script).toContain(
        `CREATE TABLE "payments_2024" (\n    "id" INTEGER NOT NULL,\n    "paid_on" DATE NOT NULL,\n    "note" TEXT DEFAULT 'old'\n);\nALTER TABLE "payments" ATTACH PARTITION "payments_2024" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
      );
      expect(script).toContain('CREATE TABLE "payments_rest" PARTITION OF "payments" DEFAULT;');
      expect(script).toContain('ALTER TABLE "payments" DETACH PARTITION "payments_rest";');
      expect(script).toContain(
        `ALTER TABLE "payments" ATTACH PARTITION "payments_2025" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
      );
      await applyScript(dialect, databases.offline, script);
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

// Where a partition's columns come from: each column's attislocal and attinhcount, its NOT NULL and default, and
// (PostgreSQL 18, PGlite) the NOT NULL constraints with their names, conislocal and coninhcount.
const INHERITANCE = `
SELECT c.relname, a.attnum::int AS attnum, a.attname, a.attislocal, a.attinhcount::int AS attinhcount,
       a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS "default", pg_get_expr(c.relpartbound, c.oid) AS bound
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
 WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname LIKE 'pay%'
 ORDER BY 1, 2`;
const NOT_NULLS = `
SELECT c.relname, con.conname, con.conislocal, con.coninhcount::int AS coninhcount
  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
 WHERE c.relnamespace = current_schema()::regnamespace AND con.contype = 'n' AND c.relname LIKE 'pay%'
 ORDER BY 1, 2`;

/** A range-partitioned table on a timestamptz key, and one partition of each kind, as pg_dump and psql write them. */
const PAYMENT_DDL = `
CREATE TABLE payment (
    payment_id integer NOT NULL,
    amount numeric(5,2) DEFAULT 0 NOT NULL,
    paid_at timestamp with time zone NOT NULL,
    PRIMARY KEY (paid_at, payment_id)
) PARTITION BY RANGE (paid_at);
CREATE TABLE payment_p2022_01 (
    payment_id integer NOT NULL,
    amount numeric(5,2) DEFAULT 0 NOT NULL,
    paid_at timestamp with time zone NOT NULL
);
ALTER TABLE ONLY payment ATTACH PARTITION payment_p2022_01 FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00');`;
const PAYMENT_REST_DDL = "CREATE TABLE payment_rest PARTITION OF payment DEFAULT;";

const payment = table(
  "payment",
  {
    payment_id: column.integer().notNull(),
    amount: column.numeric(5, 2).default(0).notNull(),
    paid_at: column.timestamp({ withTimeZone: true }).notNull(),
  },
  { primaryKey: ["paid_at", "payment_id"], partitionBy: "RANGE (paid_at)" },
);
const paymentRest = table("payment_rest", {}, { partitionOf: { table: "payment", bound: "DEFAULT" } });

async function catalogFacts(connection: Connection) {
  return {
    columns: await connection.query(INHERITANCE),
    notNulls: await connection.query(NOT_NULLS),
  };
}

describeEachDialect(
  "partitions as the catalog holds them",
  (dialect) => {
    const state = {} as { dir: string; database: TestDatabase; direct: TestDatabase };
    beforeEach(async () => {
      state.database = await createTestDatabase(dialect);
      state.direct = await createTestDatabase(dialect);
      state.dir = mkdtempSync(join(tmpdir(), "retort-partitions-"));
      await init({ directory: state.dir, template: "generic" });
    });
    afterEach(async () => {
      rmSync(state.dir, { recursive: true, force: true });
      await state.database.drop();
      await state.direct.drop();
    });
    const directFacts = async (ddl: string) => {
      const connection = await connect(state.direct.url);
      try {
        await connection.execute(ddl);
        return await catalogFacts(connection);
      } finally {
        await connection.close();
      }
    };

    it("are what pg_dump's form and PARTITION OF make: a partition that lists its columns is attached, one that lists none is PARTITION OF", {
      timeout: 60_000,
    }, async () => {
      const { connection, close } = await openTestDatabase(dialect);
      try {
        await runWithOp(onlineSink(connection), async (op) => {
          await op.createTable(
            "payment",
            {
              payment_id: op.column.integer().notNull(),
              amount: op.column.numeric(5, 2).default(0).notNull(),
              paid_at: op.column.timestamp({ withTimeZone: true }).notNull(),
            },
            { primaryKey: ["paid_at", "payment_id"], partitionBy: "RANGE (paid_at)" },
          );
          await op.createTable(
            "payment_p2022_01",
            {
              payment_id: op.column.integer().notNull(),
              amount: op.column.numeric(5, 2).default(0).notNull(),
              paid_at: op.column.timestamp({ withTimeZone: true }).notNull(),
            },
            {
              partitionOf: {
                table: "payment",
                bound: "FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00')",
              },
            },
          );
          await op.createTable("payment_rest", {}, { partitionOf: { table: "payment", bound: "DEFAULT" } });
        });
        const facts = await catalogFacts(connection);
        expect(facts).toEqual(await directFacts(`${PAYMENT_DDL}\n${PAYMENT_REST_DDL}`));
        // Every partition column is inherited, never local, whichever way it was made.
        expect(
          facts.columns.filter((c) => c.relname !== "payment").map((c) => [c.attislocal, c.attinhcount]),
        ).toEqual(Array(6).fill([false, 1]));
        // PostgreSQL 18 names an attached table's NOT NULL constraints after it, and gives PARTITION OF its parent's.
        expect(facts.notNulls.filter((n) => n.relname !== "payment")).toEqual(
          dialect === "pglite"
            ? [
                ...["amount", "paid_at", "payment_id"].map((c) => ({
                  relname: "payment_p2022_01",
                  conname: `payment_p2022_01_${c}_not_null`,
                  conislocal: false,
                  coninhcount: 1,
                })),
                ...["amount", "paid_at", "payment_id"].map((c) => ({
                  relname: "payment_rest",
                  conname: `payment_${c}_not_null`,
                  conislocal: false,
                  coninhcount: 1,
                })),
              ]
            : [],
        );
        // Reflection tells PARTITION OF's partition (columns and, on PostgreSQL 18, NOT NULL names from its
        // parent) from an attached table; before 18 the catalog holds no difference between the two.
        const reflected = await getDialect(dialect).introspector.reflect(connection);
        const fromParent = (name: string) =>
          reflected.tables.find((t) => t.name === name)?.partitionOf?.columnsFromParent ?? false;
        expect([fromParent("payment_p2022_01"), fromParent("payment_rest")]).toEqual([
          dialect !== "pglite",
          true,
        ]);
        // A model partition that lists no columns compares as having its parent's: nothing to do.
        const partition = table(
          "payment_p2022_01",
          {},
          {
            partitionOf: {
              table: "payment",
              bound: "FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00')",
            },
          },
        );
        const comparison = await compareSchemas(
          { tables: [payment, partition, paymentRest], enums: [] },
          reflected,
          {
            dialect: getDialect(dialect),
            include: nameFilter({ include: [], exclude: [], versionTable: "retort_version" }),
          },
        );
        expect(comparison.operations).toEqual([]);
      } finally {
        await close();
      }
    });

    it("are reproduced by autogenerate from pg_dump's form, and read alike in any time zone", {
      timeout: 120_000,
    }, async () => {
      writeFileSync(join(state.dir, "schema.sql"), `${PAYMENT_DDL}\n${PAYMENT_REST_DDL}`);
      const config = resolveConfig(
        { url: state.database.url, target: "./schema.sql" },
        { rootDir: state.dir },
      );
      const { body, result } = await autogenerateRevisionBody(config);
      // pg_dump's attached table lists its columns (on PostgreSQL 18, where its NOT NULL names are its own);
      // PARTITION OF's partition lists none.
      expect(result.upgradeCode).toContain(
        'await op.createTable("payment_rest", {}, {\n  partitionOf: { table: "payment", bound: "DEFAULT" },\n});',
      );
      await writeRevision(config, { message: "init", body });
      await upgrade(config, "head");
      expect((await check(config)).differences).toEqual([]);
      const connection = await connect(state.database.url);
      try {
        expect(await catalogFacts(connection)).toEqual(
          await directFacts(`${PAYMENT_DDL}\n${PAYMENT_REST_DDL}`),
        );
        // The database's new sessions print the bound in +05:30; the target's scratch database's still in its own.
        // PGlite (an instance of its own) reads postgresql.auto.conf at start but no database's settings; the
        // shared server is given a setting of this database only.
        const [database] = await connection.query<{ name: string }>("SELECT current_database() AS name");
        await connection.execute(
          dialect === "pglite"
            ? "ALTER SYSTEM SET TimeZone = 'Asia/Kolkata'"
            : `ALTER DATABASE "${database?.name}" SET TimeZone = 'Asia/Kolkata'`,
        );
      } finally {
        await connection.close();
      }
      const later = await connect(state.database.url);
      try {
        expect(
          await later.query(
            "SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE relname = 'payment_p2022_01'",
          ),
        ).toEqual([
          { bound: "FOR VALUES FROM ('2022-01-01 05:30:00+05:30') TO ('2022-02-01 05:30:00+05:30')" },
        ]);
        const reflected = await getDialect(dialect).introspector.reflect(later);
        expect(reflected.tables.find((t) => t.name === "payment_p2022_01")?.partitionOf?.bound).toBe(
          "FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00')",
        );
        // Reflection put the session's zone back.
        expect(await later.query("SELECT current_setting('TimeZone') AS zone")).toEqual([
          { zone: "Asia/Kolkata" },
        ]);
      } finally {
        await later.close();
      }
      expect((await check(config)).differences).toEqual([]);
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
