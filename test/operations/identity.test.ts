// Identity changes on existing columns as alterColumn: added, changed in kind and sequence options, dropped. Run
// online and printed with --sql (run by psql, or by PGlite's own exec) they leave the same catalog, which reads
// back as the identity asked for; each change reverses to the identity the column had. MySQL adds and drops
// AUTO_INCREMENT, SQLite rebuilds the table with AUTOINCREMENT, and MySQL refuses what it cannot hold.

import { describe, expect, it } from "vitest";
import { describeOperation } from "../../src/autogenerate/describe.js";
import { renderStatements } from "../../src/autogenerate/render.js";
import { modelFromReflected } from "../../src/autogenerate/schema-model.js";
import type { Connection } from "../../src/dialects/connection.js";
import { allDialects, getDialect } from "../../src/dialects/index.js";
import { build } from "../../src/operations/build.js";
import { runOperation } from "../../src/operations/compile.js";
import type { Op } from "../../src/operations/op.js";
import type { AlterColumnOperation, Operation } from "../../src/operations/operation.js";
import { reverseOperation } from "../../src/operations/reverse.js";
import { column } from "../../src/schema/index.js";
import { describeEachDialect } from "../support/databases.js";
import {
  applyScript,
  offlineSink,
  onlineAndOffline,
  onlineSink,
  printedScript,
  type RecordingSink,
  runWithOp,
} from "./support.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

/** Each change as autogenerate writes it: the identity wanted, and the one the column has. */
const CHANGES: readonly AlterColumnOperation[] = [
  // A plain NOT NULL column becomes an identity; its default goes first.
  build.alterColumn("tickets", "plain", {
    default: null,
    identity: { always: true, start: 100, increment: 10 },
    existingDefault: 7,
    existingIdentity: null,
  }),
  // BY DEFAULT to ALWAYS, and options changed, reset and added in one statement.
  build.alterColumn("tickets", "counted", {
    identity: { always: true, increment: 3, maxValue: 5000, cycle: true },
    existingIdentity: { start: 50, cache: 20 },
  }),
  // Options back to the defaults: the start that followed MINVALUE follows it back to 1.
  build.alterColumn("tickets", "stepped", {
    identity: {},
    existingIdentity: { increment: 2, minValue: 5 },
  }),
  // Dropped, and the column takes a default in its place.
  build.alterColumn("tickets", "dropped", {
    identity: null,
    nullable: true,
    default: 0,
    existingIdentity: { always: true, minValue: 5 },
    existingNullable: false,
    existingDefault: null,
  }),
];

async function createTickets(op: Op): Promise<void> {
  await op.createTable("tickets", {
    id: op.column.integer().primaryKey(),
    plain: op.column.integer().notNull().default(7),
    counted: op.column.bigint().identity({ start: 50, cache: 20 }),
    stepped: op.column.integer().identity({ increment: 2, minValue: 5 }),
    dropped: op.column.smallint().identity({ always: true, minValue: 5 }),
  });
}

async function applyAll(sink: RecordingSink, operations: readonly Operation[]): Promise<void> {
  for (const operation of operations) await runOperation(sink, operation);
}

/** The tickets table's columns as autogenerate reads them back: each one's identity, nullability and default. */
async function readBack(connection: Connection) {
  const dialect = getDialect(connection.dialect);
  const model = modelFromReflected(await dialect.introspector.reflect(connection));
  const table = model.tables.find((t) => t.name === "tickets")!;
  return Object.fromEntries(
    table.columns.map((c) => [
      c.name,
      { identity: c.identity ?? null, nullable: c.nullable, default: c.default },
    ]),
  );
}

const SEQUENCES = `
SELECT a.attname, a.attidentity, s.seqstart::text, s.seqincrement::text, s.seqmin::text, s.seqmax::text,
       s.seqcache::text, s.seqcycle
  FROM pg_attribute a LEFT JOIN pg_sequence s ON s.seqrelid = pg_get_serial_sequence('tickets', a.attname)::regclass
 WHERE a.attrelid = 'tickets'::regclass AND a.attnum > 0 ORDER BY a.attnum`;

describeEachDialect(
  "identity changes",
  (dialect) => {
    const databases = onlineAndOffline(dialect);

    it("apply online and from --sql alike, read back as asked, and reverse", {
      timeout: 60_000,
    }, async () => {
      const { online, offline } = databases;
      await runWithOp(onlineSink(online.connection), createTickets);
      await runWithOp(onlineSink(offline.connection), createTickets);
      const before = await online.connection.query(SEQUENCES);
      const readBefore = await readBack(online.connection);

      const sink = onlineSink(online.connection);
      await applyAll(sink, CHANGES);
      const printed = offlineSink(dialect);
      await applyAll(printed, CHANGES);
      expect(printed.statements).toEqual(sink.statements);
      expect(printed.statements).toEqual([
        'ALTER TABLE "tickets" ALTER COLUMN "plain" DROP DEFAULT',
        'ALTER TABLE "tickets" ALTER COLUMN "plain" ADD GENERATED ALWAYS AS IDENTITY (INCREMENT BY 10 START WITH 100)',
        'ALTER TABLE "tickets" ALTER COLUMN "counted" SET GENERATED ALWAYS SET INCREMENT BY 3 SET MAXVALUE 5000 SET START WITH 1 SET CACHE 1 SET CYCLE',
        'ALTER TABLE "tickets" ALTER COLUMN "stepped" SET INCREMENT BY 1 SET NO MINVALUE SET START WITH 1',
        'ALTER TABLE "tickets" ALTER COLUMN "dropped" DROP IDENTITY IF EXISTS',
        'ALTER TABLE "tickets" ALTER COLUMN "dropped" DROP NOT NULL',
        'ALTER TABLE "tickets" ALTER COLUMN "dropped" SET DEFAULT 0',
      ]);
      await applyScript(dialect, offline, printedScript(printed));
      expect(await offline.connection.query(SEQUENCES)).toEqual(await online.connection.query(SEQUENCES));

      const after = await readBack(online.connection);
      expect(after).toMatchObject({
        plain: { identity: { always: true, sequence: { start: 100, increment: 10 } }, nullable: false },
        counted: {
          identity: { always: true, sequence: { increment: 3, maxValue: 5000, cycle: true } },
        },
        stepped: { identity: { always: false } },
        dropped: { identity: null, nullable: true, default: { kind: "literal", value: 0 } },
      });
      expect(after.plain?.default).toBeUndefined();
      expect(after.stepped?.identity).toEqual({ always: false });
      expect(after.counted?.identity).toEqual(CHANGES[1]!.identity);

      const undo = [...CHANGES].reverse().map((change) => reverseOperation(change)!);
      await applyAll(onlineSink(online.connection), undo);
      expect(await online.connection.query(SEQUENCES)).toEqual(before);
      expect(await readBack(online.connection)).toEqual(readBefore);
    });

    it("read the identity a column has online when the operation does not say", async () => {
      const { online } = databases;
      await online.connection.execute(
        "CREATE TABLE guessed (n integer GENERATED BY DEFAULT AS IDENTITY (START 9))",
      );
      const sink = onlineSink(online.connection);
      await runWithOp(sink, async (op) => {
        await op.alterColumn("guessed", "n", { identity: { always: true, start: 9, cache: 5 } });
      });
      expect(sink.statements).toEqual([
        'ALTER TABLE "guessed" ALTER COLUMN "n" SET GENERATED ALWAYS SET NO MAXVALUE SET CACHE 5',
      ]);
      const model = modelFromReflected(await getDialect(dialect).introspector.reflect(online.connection));
      const n = model.tables.find((t) => t.name === "guessed")?.columns[0];
      expect(n?.identity).toEqual({ always: true, sequence: { start: 9, cache: 5 } });
    });
  },
  ["pglite", "postgres"],
);

describeEachDialect(
  "identity added and dropped as autoincrement",
  (dialect) => {
    const databases = onlineAndOffline(dialect);

    it("gives a key column AUTOINCREMENT and takes it away again", { timeout: 60_000 }, async () => {
      const { connection } = databases.online;
      await runWithOp(onlineSink(connection), async (op) => {
        await op.createTable("keyed", { id: op.column.integer().primaryKey(), label: op.column.text() });
      });
      const identityOf = async () => {
        const model = modelFromReflected(await getDialect(dialect).introspector.reflect(connection));
        return model.tables.find((t) => t.name === "keyed")?.columns.find((c) => c.name === "id")?.identity;
      };
      const add = build.alterColumn("keyed", "id", { identity: {}, existingIdentity: null });
      await runOperation(onlineSink(connection), add);
      expect(await identityOf()).toEqual({ always: false });
      await connection.execute("INSERT INTO keyed (label) VALUES ('generated')");
      expect(await connection.query("SELECT id, label FROM keyed")).toEqual([{ id: 1, label: "generated" }]);
      await runOperation(onlineSink(connection), reverseOperation(add)!);
      expect(await identityOf()).toBeUndefined();
    });
  },
  ["mysql", "sqlite"],
);

describe("identity change objects", () => {
  const add = build.alterColumn("t", "n", { identity: { start: 10 }, existingIdentity: null });

  it("reverse to the identity the column had, and cannot without it", () => {
    expect(reverseOperation(add)).toEqual(
      build.alterColumn("t", "n", { identity: null, existingIdentity: { start: 10 } }),
    );
    const change = build.alterColumn("t", "n", {
      identity: { always: true },
      existingIdentity: { increment: 2 },
    });
    expect(reverseOperation(reverseOperation(change)!)).toEqual(change);
    expect(reverseOperation(build.alterColumn("t", "n", { identity: null }))).toBeUndefined();
  });

  it("render as revision code that builds the same operation, and describe in one line", () => {
    const change = build.alterColumn("t", "n", {
      identity: { always: true, start: 5 },
      existingIdentity: true,
    });
    const drop = build.alterColumn("t", "n", { identity: null, existingIdentity: { always: true } });
    expect(renderStatements({ operations: [add] })).toBe(
      'await op.alterColumn("t", "n", { identity: { start: 10 }, existingIdentity: null });',
    );
    expect(renderStatements({ operations: [change] })).toBe(
      'await op.alterColumn("t", "n", { identity: { always: true, start: 5 }, existingIdentity: true });',
    );
    expect(renderStatements({ operations: [drop] })).toBe(
      'await op.alterColumn("t", "n", { identity: null, existingIdentity: { always: true } });',
    );
    expect(describeOperation(add)).toBe("alter column t.n: add identity GENERATED BY DEFAULT (start 10)");
    expect(describeOperation(change)).toBe(
      "alter column t.n: identity GENERATED BY DEFAULT -> GENERATED ALWAYS (start 5)",
    );
    expect(describeOperation(drop)).toBe("alter column t.n: drop identity");
  });

  it("offline, need the identity the column has", async () => {
    await expect(
      getDialect("postgres").compiler.compile(build.alterColumn("t", "n", { identity: { always: true } })),
    ).rejects.toThrow(/offline needs the identity it has now/);
  });

  it("are AUTO_INCREMENT on MySQL, which refuses ALWAYS and sequence options", async () => {
    const compiler = getDialect("mysql").compiler;
    const known = { existingType: column.integer(), existingNullable: false, existingDefault: null };
    const added = await compiler.compile(
      build.alterColumn("t", "n", { ...known, existingComment: null, identity: {}, existingIdentity: null }),
    );
    expect(added).toEqual([{ sql: "ALTER TABLE `t` MODIFY COLUMN `n` INT NOT NULL AUTO_INCREMENT" }]);
    const dropped = await compiler.compile(
      build.alterColumn("t", "n", {
        ...known,
        existingComment: null,
        identity: null,
        existingIdentity: true,
      }),
    );
    expect(dropped).toEqual([{ sql: "ALTER TABLE `t` MODIFY COLUMN `n` INT NOT NULL" }]);
    await expect(
      compiler.compile(build.alterColumn("t", "n", { identity: { always: true }, existingIdentity: null })),
    ).rejects.toThrow(/AUTO_INCREMENT has no GENERATED ALWAYS/);
  });
});
