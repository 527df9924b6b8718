// Sequences as operations: createSequence / alterSequence / dropSequence and identity options, run online and
// printed with --sql (run by psql, or by PGlite's own exec), which must leave the same catalog; each reverses;
// databases without sequences refuse them with a message that says what to use.

import { describe, expect, it } from "vitest";
import { allDialects, getDialect } from "../../src/dialects/index.js";
import { build } from "../../src/operations/build.js";
import type { Op } from "../../src/operations/op.js";
import type { Operation } from "../../src/operations/operation.js";
import { reverseOperation } from "../../src/operations/reverse.js";
import { describeEachDialect } from "../support/databases.js";
import { applyScript, onlineAndOffline, runOnlineAndPrint } from "./support.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

async function revision(op: Op): Promise<void> {
  await op.createSequence("invoice numbers", { as: "integer", start: 500, increment: 5, maxValue: 100000 });
  await op.createSequence("countdown", { increment: -1, cache: 10, cycle: true });
  await op.createTable("invoices", {
    id: op.column.bigint().identity({ always: true, start: 1000, increment: 2 }).primaryKey(),
    number: op.column.integer().notNull().default(op.sql`nextval('"invoice numbers"')`),
    line: op.column.native("serial"),
  });
  await op.alterSequence("invoice numbers", {
    changes: { ownedBy: { table: "invoices", column: "number" }, cycle: true, minValue: 100 },
    existing: { ownedBy: null, cycle: false, minValue: null },
  });
  await op.alterSequence("countdown", {
    changes: { cycle: null, cache: null },
    existing: { cycle: true, cache: 10 },
  });
  await op.createSequence("scratch");
  await op.dropSequence("scratch");
}

const FACTS = `
SELECT s.sequencename, s.data_type::text, s.start_value::text, s.min_value::text, s.max_value::text,
       s.increment_by::text, s.cycle, s.cache_size::text,
       (SELECT a.attname FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
         WHERE d.objid = (quote_ident(s.sequencename))::regclass AND d.deptype IN ('a', 'i')) AS owner
  FROM pg_sequences s WHERE s.schemaname = current_schema() ORDER BY 1`;

describeEachDialect(
  "sequence operations",
  (dialect) => {
    const databases = onlineAndOffline(dialect);

    it("leave the same sequences online and from --sql", { timeout: 60_000 }, async () => {
      const script = await runOnlineAndPrint(databases.online, dialect, revision);
      expect(script).toContain(
        'CREATE SEQUENCE "invoice numbers" AS integer INCREMENT BY 5 MAXVALUE 100000 START WITH 500',
      );
      expect(script).toContain('"id" BIGINT GENERATED ALWAYS AS IDENTITY (INCREMENT BY 2 START WITH 1000)');
      expect(script).toContain(
        'ALTER SEQUENCE "invoice numbers" MINVALUE 100 CYCLE OWNED BY "invoices"."number"',
      );
      expect(script).toContain('ALTER SEQUENCE "countdown" CACHE 1 NO CYCLE');
      await applyScript(dialect, databases.offline, script);
      const facts = await databases.online.connection.query(FACTS);
      expect(facts).toEqual(await databases.offline.connection.query(FACTS));
      expect(facts).toEqual([
        {
          sequencename: "countdown",
          data_type: "bigint",
          start_value: "-1",
          min_value: "-9223372036854775808",
          max_value: "-1",
          increment_by: "-1",
          cycle: false,
          cache_size: "1",
          owner: null,
        },
        {
          sequencename: "invoice numbers",
          data_type: "integer",
          start_value: "500",
          min_value: "100",
          max_value: "100000",
          increment_by: "5",
          cycle: true,
          cache_size: "1",
          owner: "number",
        },
        {
          sequencename: "invoices_id_seq",
          data_type: "bigint",
          start_value: "1000",
          min_value: "1",
          max_value: "9223372036854775807",
          increment_by: "2",
          cycle: false,
          cache_size: "1",
          owner: "id",
        },
        {
          sequencename: "invoices_line_seq",
          data_type: "integer",
          start_value: "1",
          min_value: "1",
          max_value: "2147483647",
          increment_by: "1",
          cycle: false,
          cache_size: "1",
          owner: "line",
        },
      ]);
    });
  },
  ["pglite", "postgres"],
);

describe("sequence operation objects", () => {
  it("reverse to each other", () => {
    const create = build.createSequence("numbers", {
      schema: "app",
      start: 10,
      ownedBy: { table: "t", column: "n" },
    });
    const drop = reverseOperation(create) as Operation;
    expect(drop).toMatchObject({
      kind: "dropSequence",
      name: "numbers",
      schema: "app",
      existing: create.sequence,
    });
    expect(reverseOperation(drop)).toEqual(create);
    const alter = build.alterSequence("numbers", { changes: { cycle: true }, existing: { cycle: null } });
    expect(reverseOperation(alter)).toEqual(
      build.alterSequence("numbers", { changes: { cycle: null }, existing: { cycle: true } }),
    );
    // Without the value each changed option had, the change cannot be undone.
    expect(reverseOperation(build.alterSequence("numbers", { changes: { cycle: true } }))).toBeUndefined();
  });

  it("are refused where the database has none, pointing at identity columns", async () => {
    for (const name of ["sqlite", "mysql"] as const) {
      await expect(getDialect(name).compiler.compile(build.createSequence("numbers"))).rejects.toThrow(
        /has no sequences \(createSequence numbers\)/,
      );
    }
  });
});
