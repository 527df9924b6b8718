// Domains as operations: createDomain / alterDomain / dropDomain, run online and printed with --sql (run by psql,
// or by PGlite's own exec), which must leave the same catalog; each reverses; databases without domains refuse.

import { describe, expect, it } from "vitest";
import { allDialects, getDialect } from "../../src/dialects/index.js";
import { build } from "../../src/operations/build.js";
import type { Op } from "../../src/operations/op.js";
import type { Operation } from "../../src/operations/operation.js";
import { reverseOperation } from "../../src/operations/reverse.js";
import { sql } from "../../src/schema/sql.js";
import { types } from "../../src/schema/types.js";
import { describeEachDialect } from "../support/databases.js";
import { applyScript, onlineAndOffline, runOnlineAndPrint } from "./support.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

async function revision(op: Op): Promise<void> {
  await op.createDomain("Postal Code", op.column.varchar(10), {
    notNull: true,
    default: "00000",
    collation: "C",
    checks: [{ name: "digits", condition: op.sql`VALUE ~ '^[0-9]+$'` }],
  });
  await op.createDomain("score", op.column.integer());
  await op.createTable("places", {
    id: op.column.integer().primaryKey(),
    code: op.column.domain("Postal Code"),
  });
  await op.alterDomain("score", {
    changes: {
      notNull: true,
      default: 0,
      addChecks: [{ name: "score_range", condition: op.sql`VALUE BETWEEN 0 AND 100` }],
    },
  });
  await op.alterDomain("Postal Code", { changes: { default: null, dropChecks: ["digits"] } });
  await op.createDomain("scratch", op.column.text());
  await op.dropDomain("scratch");
}

const FACTS = `
SELECT t.typname, format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull, t.typdefault,
       (SELECT collname FROM pg_collation WHERE oid = t.typcollation) AS collation,
       ARRAY(SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
              WHERE contypid = t.oid AND contype = 'c' ORDER BY conname)::text AS checks
  FROM pg_type t WHERE t.typtype = 'd' AND t.typnamespace = current_schema()::regnamespace ORDER BY 1`;

describeEachDialect(
  "domain operations",
  (dialect) => {
    const databases = onlineAndOffline(dialect);

    it("leave the same domains online and from --sql", { timeout: 60_000 }, async () => {
      const script = await runOnlineAndPrint(databases.online, dialect, revision);
      expect(script).toContain(
        `CREATE DOMAIN "Postal Code" AS VARCHAR(10) COLLATE "C" DEFAULT '00000' NOT NULL CONSTRAINT "digits" CHECK (VALUE ~ '^[0-9]+$')`,
      );
      expect(script).toContain(
        'ALTER DOMAIN "score" ADD CONSTRAINT "score_range" CHECK (VALUE BETWEEN 0 AND 100)',
      );
      await applyScript(dialect, databases.offline, script);
      const facts = await databases.online.connection.query(FACTS);
      expect(facts).toEqual(await databases.offline.connection.query(FACTS));
      expect(facts).toEqual([
        {
          typname: "Postal Code",
          base: "character varying(10)",
          typnotnull: true,
          typdefault: null,
          collation: "C",
          checks: "{}",
        },
        {
          typname: "score",
          base: "integer",
          typnotnull: true,
          typdefault: "0",
          collation: null,
          checks: '{"score_range CHECK (((VALUE >= 0) AND (VALUE <= 100)))"}',
        },
      ]);
    });
  },
  ["pglite", "postgres"],
);

describe("domain operation objects", () => {
  it("reverse to each other", () => {
    const create = build.createDomain("year", types.integer(), {
      checks: [{ name: "year_range", condition: sql`VALUE > 1900` }],
    });
    const drop = reverseOperation(create) as Operation;
    expect(drop).toMatchObject({ kind: "dropDomain", name: "year", existing: create.domain });
    expect(reverseOperation(drop)).toEqual(create);
    const alter = build.alterDomain("year", { changes: { notNull: true }, existing: { notNull: false } });
    expect(reverseOperation(alter)).toEqual(
      build.alterDomain("year", { changes: { notNull: false }, existing: { notNull: true } }),
    );
    expect(reverseOperation(build.alterDomain("year", { changes: { notNull: true } }))).toBeUndefined();
  });

  it("are refused where the database has none", async () => {
    for (const name of ["sqlite", "mysql"] as const) {
      await expect(
        getDialect(name).compiler.compile(build.createDomain("year", types.integer())),
      ).rejects.toThrow(/has no domains \(createDomain year\)/);
    }
  });
});
