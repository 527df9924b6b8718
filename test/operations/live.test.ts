import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "../../src/dialects/connection.js";
import { build } from "../../src/operations/build.js";
import type { Op } from "../../src/operations/op.js";
import type { Operation } from "../../src/operations/operation.js";
import { reverseOperation } from "../../src/operations/reverse.js";
import { column } from "../../src/schema/column.js";
import { sql } from "../../src/schema/sql.js";
import { table } from "../../src/schema/table.js";
import { types } from "../../src/schema/types.js";
import { type DialectName, describeEachDialect } from "../support/databases.js";
import {
  columnsOf,
  constraintsOf,
  indexesOf,
  type OpenDatabase,
  onlineSink,
  openTestDatabase,
  type RecordingSink,
  runWithOp,
  snapshot,
} from "./support.js";

const isPg = (d: DialectName) => d === "postgres" || d === "pglite";

describeEachDialect("operations against the database", (dialect) => {
  let db: OpenDatabase;
  let connection: Connection;
  let sink: RecordingSink;
  const withOp = (fn: (op: Op) => Promise<void>) => runWithOp(sink, fn);
  const run = (operation: Operation) => withOp((op) => op.run(operation));
  /** Runs the operation, checks, runs its reverse, and checks the tables are as before. */
  const roundTrip = async (operation: Operation, tables: string[], check: () => Promise<void>) => {
    const before = await snapshot(connection, tables);
    await run(operation);
    await check();
    const reverse = reverseOperation(operation);
    expect(reverse).toBeDefined();
    await run(reverse!);
    expect(await snapshot(connection, tables)).toEqual(before);
  };
  const count = async (tableName: string) =>
    Number(
      Object.values(
        (await connection.query<Record<string, unknown>>(`SELECT COUNT(*) AS n FROM ${q(tableName)}`))[0] ??
          {},
      )[0],
    );
  const q = (name: string) => (dialect === "mysql" ? `\`${name}\`` : `"${name}"`);

  beforeAll(async () => {
    db = await openTestDatabase(dialect);
    connection = db.connection;
    sink = onlineSink(connection);
    await withOp(async (op) => {
      await op.createTable("parent", { id: op.column.integer().primaryKey(), name: op.column.varchar(40) });
      await op.bulkInsert("parent", [
        { id: 1, name: "one" },
        { id: 2, name: "two" },
      ]);
    });
  }, 60_000);
  afterAll(async () => db?.close());

  it("createTable writes every portable type, keys, uniques, foreign keys, checks, indexes and comments; its reverse drops it", async () => {
    const definition = table(
      "Every Type",
      {
        id: column.bigint().identity().primaryKey(),
        small: column.smallint().notNull().default(3),
        flag: column.boolean().notNull().default(true),
        body: column.text(),
        name: column.varchar(80).notNull().default("it's"),
        code: column.char(3),
        price: column.numeric(10, 2),
        ratio: column.real(),
        precise: column.double(),
        day: column.date(),
        at: column.time(),
        created: column.timestamp({ withTimeZone: true }).default(sql`CURRENT_TIMESTAMP`),
        local: column.timestamp(),
        ...(dialect === "mysql" ? {} : { span: column.interval() }),
        doc: column.json(),
        docb: column.jsonb(),
        uid: column.uuid(),
        data: column.bytes(),
        mood:
          dialect === "mysql" || dialect === "sqlite" ? column.enum("mood", ["happy", "sad"]) : column.text(),
        raw: column.native(dialect === "mysql" ? "MEDIUMTEXT" : "TEXT"),
        parent_id: column.integer().references("parent", "id", { onDelete: "CASCADE" }).comment("the parent"),
        select: column.integer().unique(),
      },
      {
        checks: [{ name: "ck small", condition: sql`${sql.id("small")} > 0` }],
        indexes: [{ name: "ix every name", columns: ["name", "code"] }],
        comment: "all the types",
      },
    );
    await roundTrip(build.createTable(definition), ["Every Type"], async () => {
      const columns = await columnsOf(connection, "Every Type");
      expect(Object.keys(columns)).toEqual(definition.columns.map((c) => c.name));
      expect(columns.name?.nullable).toBe(false);
      expect(columns.body?.nullable).toBe(true);
      expect(Object.keys(await indexesOf(connection, "Every Type"))).toContain("ix every name");
      expect(await constraintsOf(connection, "Every Type")).toContain("check:ck small");
      if (dialect !== "sqlite") expect(columns.parent_id?.comment).toBe("the parent");
      await connection.execute(
        `INSERT INTO ${q("Every Type")} (${q("small")}, ${q("parent_id")}) VALUES (5, 1)`,
      );
      const [row] = await connection.query<Record<string, unknown>>(`SELECT * FROM ${q("Every Type")}`);
      expect(row?.name).toBe("it's");
      expect(Number(row?.id)).toBe(1);
      await expect(
        connection.execute(`INSERT INTO ${q("Every Type")} (${q("small")}) VALUES (-1)`),
      ).rejects.toThrow();
    });
  });

  it("dropTable with the existing definition is reversible", async () => {
    const definition = table("drop me", { id: column.integer().primaryKey(), "Mixed Case": column.text() });
    await run(build.createTable(definition));
    await roundTrip(build.dropTable("drop me", { existing: definition }), ["drop me"], async () => {
      expect(Object.keys(await columnsOf(connection, "drop me"))).toEqual([]);
    });
    await run(build.dropTable("drop me", { ifExists: true }));
    await run(build.dropTable("drop me", { ifExists: true }));
  });

  it("renameTable renames and back", async () => {
    await withOp((op) => op.createTable("old name", { id: op.column.integer().primaryKey() }));
    await roundTrip(build.renameTable("old name", 'new "name"'), ["old name", 'new "name"'], async () => {
      expect(Object.keys(await columnsOf(connection, 'new "name"'))).toEqual(["id"]);
    });
  });

  it("createTableComment and dropTableComment", async () => {
    await withOp((op) => op.createTable("commented", { id: op.column.integer() }));
    await roundTrip(build.createTableComment("commented", "what's this"), ["commented"], async () => {
      const rows = await snapshot(connection, ["commented"]);
      if (dialect !== "sqlite")
        expect(JSON.stringify(rows.tableComments)).toContain("what''s this".replace("''", "'"));
    });
  });

  it("addColumn adds a column with an escaped default and inline foreign key; dropColumn is its reverse", async () => {
    await withOp(async (op) => {
      await op.createTable("add col", { id: op.column.integer().primaryKey() });
      await op.bulkInsert("add col", [{ id: 1 }]);
    });
    const added = build.addColumn("add col", "note", column.varchar(20).notNull().default("a 'b' \\ c"));
    await roundTrip(added, ["add col"], async () => {
      const [row] = await connection.query<{ note: string }>(
        `SELECT ${q("note")} AS note FROM ${q("add col")}`,
      );
      expect(row?.note).toBe("a 'b' \\ c");
    });
    const referencing = build.addColumn("add col", "parent_id", column.integer().references("parent", "id"));
    await roundTrip(referencing, ["add col"], async () => {
      await expect(
        connection.execute(`INSERT INTO ${q("add col")} (${q("id")}, ${q("parent_id")}) VALUES (9, 99)`),
      ).rejects.toThrow();
    });
    const keyed = build.addColumn("add col", "serial no", column.integer().unique());
    await roundTrip(keyed, ["add col"], async () => {
      expect(Object.keys(await columnsOf(connection, "add col"))).toContain("serial no");
      expect(await count("add col")).toBe(1);
    });
  });

  it("alterColumn changes type, nullability, default, comment and name, and its reverse restores them", async () => {
    await withOp(async (op) => {
      await op.createTable("alter me", {
        id: op.column.integer().identity().primaryKey(),
        amount: op.column.varchar(10).notNull().default("1").comment("before"),
      });
      await op.bulkInsert("alter me", [{ amount: "42" }]);
    });
    const change = build.alterColumn("alter me", "amount", {
      type: types.integer(),
      ...(isPg(dialect) ? { using: sql`${sql.id("amount")}::integer` } : {}),
      nullable: true,
      default: 7,
      comment: "after",
      newName: "Total",
      existingType: types.varchar(10),
      existingNullable: false,
      existingDefault: "1",
      existingComment: "before",
    });
    await roundTrip(change, ["alter me"], async () => {
      const columns = await columnsOf(connection, "alter me");
      expect(columns.amount).toBeUndefined();
      expect(columns.Total?.nullable).toBe(true);
      expect(columns.Total?.type.toLowerCase()).toMatch(/^int/);
      if (dialect !== "sqlite") expect(columns.Total?.comment).toBe("after");
      const [row] = await connection.query<{ v: unknown }>(`SELECT ${q("Total")} AS v FROM ${q("alter me")}`);
      expect(Number(row?.v)).toBe(42);
    });
    if (dialect === "mysql") {
      // Online MySQL reads what the call does not say from the catalog and keeps AUTO_INCREMENT and the comment.
      await withOp((op) => op.alterColumn("alter me", "id", { type: op.column.bigint() }));
      const [idColumn] = await connection.query<{ EXTRA: string }>(
        "SELECT EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'alter me' AND COLUMN_NAME = 'id'",
      );
      expect(idColumn?.EXTRA).toMatch(/auto_increment/i);
      await withOp((op) => op.alterColumn("alter me", "amount", { nullable: true }));
      expect((await columnsOf(connection, "alter me")).amount).toMatchObject({
        comment: "before",
        default: "'1'",
      });
    }
  });

  it("createIndex (unique, partial, expression) and dropIndex", async () => {
    await withOp((op) =>
      op.createTable("indexed", {
        id: op.column.integer().primaryKey(),
        email: op.column.varchar(100),
        active: op.column.boolean(),
      }),
    );
    await roundTrip(
      build.createIndex("ix email", "indexed", ["email"], { unique: true }),
      ["indexed"],
      async () => {
        expect(await indexesOf(connection, "indexed")).toEqual({ "ix email": { unique: true } });
      },
    );
    if (dialect !== "mysql") {
      const partial = build.createIndex("ix active", "indexed", [sql`lower(${sql.id("email")})`], {
        where: sql`${sql.id("active")} = ${true}`,
      });
      await roundTrip(partial, ["indexed"], async () => {
        expect(await indexesOf(connection, "indexed")).toEqual({ "ix active": { unique: false } });
      });
    }
  });

  it.runIf(dialect === "postgres" || dialect === "pglite")(
    "createIndex concurrently runs outside the transaction and says why",
    async () => {
      await withOp((op) => op.createTable("concurrent", { id: op.column.integer() }));
      sink.outside.length = 0;
      await roundTrip(
        build.createIndex("ix concurrent", "concurrent", ["id"], { concurrently: true }),
        ["concurrent"],
        async () => {
          expect(Object.keys(await indexesOf(connection, "concurrent"))).toEqual(["ix concurrent"]);
        },
      );
      expect(sink.outside).toEqual([
        "CREATE INDEX CONCURRENTLY cannot run inside a transaction",
        "DROP INDEX CONCURRENTLY cannot run inside a transaction",
      ]);
    },
  );

  it("createPrimaryKey, createUniqueConstraint, createForeignKey, createCheckConstraint and dropConstraint", async () => {
    await withOp(async (op) => {
      await op.createTable("keyed", {
        id: op.column.integer().notNull(),
        code: op.column.varchar(10).notNull(),
        parent_id: op.column.integer(),
        qty: op.column.integer(),
      });
      await op.bulkInsert("keyed", [{ id: 1, code: "a", parent_id: 1, qty: 1 }]);
    });
    const check = async (expected: string) => {
      expect(await constraintsOf(connection, "keyed")).toContain(expected);
      expect(await count("keyed")).toBe(1);
    };
    await roundTrip(build.createPrimaryKey("pk keyed", "keyed", ["id"]), ["keyed"], () =>
      check(dialect === "mysql" ? "primary:PRIMARY" : "primary:pk keyed"),
    );
    await roundTrip(build.createUniqueConstraint("uq code", "keyed", ["code"]), ["keyed"], () =>
      check("unique:uq code"),
    );
    const fk = build.createForeignKey("fk parent", "keyed", ["parent_id"], "parent", ["id"], {
      onDelete: "SET NULL",
      onUpdate: "CASCADE",
      ...(dialect === "mysql" ? {} : { deferrable: true, initially: "DEFERRED" as const }),
    });
    await run(fk);
    await check("foreign:fk parent");
    await run(reverseOperation(fk)!);
    expect(await constraintsOf(connection, "keyed")).not.toContain("foreign:fk parent");
    await roundTrip(
      build.createCheckConstraint("ck qty", "keyed", sql`${sql.id("qty")} >= ${0}`),
      ["keyed"],
      () => check("check:ck qty"),
    );
    if (dialect === "mysql") {
      // Online, MySQL looks up the kind of constraint it is asked to drop.
      await run(build.createUniqueConstraint("uq untyped", "keyed", ["qty"]));
      await run(build.dropConstraint("uq untyped", "keyed"));
      expect(await constraintsOf(connection, "keyed")).not.toContain("unique:uq untyped");
    }
  });

  it("enums: PostgreSQL types with added values; inline elsewhere", async () => {
    if (isPg(dialect)) {
      await roundTrip(build.createEnum("Mood", ["happy", "sad"]), [], async () => {
        expect((await snapshot(connection, [])).enums).toEqual([
          JSON.stringify({ nspname: "public", typname: "Mood", labels: "happy,sad" }),
        ]);
      });
      await withOp(async (op) => {
        await op.createEnum("Mood", ["happy", "sad"]);
        await op.addEnumValue("Mood", "it's ok", { after: "happy" });
        await op.createTable("moods", { m: op.column.enum("Mood", ["happy", "it's ok", "sad"]) });
        await op.bulkInsert("moods", [{ m: "it's ok" }]);
      });
      expect((await snapshot(connection, [])).enums).toEqual([
        JSON.stringify({ nspname: "public", typname: "Mood", labels: "happy,it's ok,sad" }),
      ]);
    } else {
      await withOp(async (op) => {
        await op.createEnum("Mood", ["happy", "sad"]);
        await op.createTable("moods", { m: op.column.enum("Mood", ["happy", "sad"]) });
        await op.bulkInsert("moods", [{ m: "sad" }]);
      });
      if (dialect === "sqlite") {
        await expect(connection.execute(`INSERT INTO "moods" VALUES ('angry')`)).rejects.toThrow(/CHECK/);
      }
      await expect(withOp((op) => op.addEnumValue("Mood", "x"))).rejects.toThrow(/no enum types/);
    }
  });

  it.runIf(dialect !== "sqlite")("createSchema and dropSchema, with schema-qualified tables", async () => {
    const schema = `${dialect === "mysql" ? db.database.name : "s"}_extra`;
    await roundTrip(build.createSchema(schema), [], async () => {
      await withOp(async (op) => {
        await op.createTable(
          "inside",
          { id: op.column.integer().primaryKey(), v: op.column.text() },
          { schema },
        );
        await op.createIndex("ix inside", "inside", ["id"], { schema });
        await op.addColumn("inside", "w", op.column.integer(), { schema });
        await op.bulkInsert("inside", [{ id: 1, v: "x", w: 2 }], { schema });
        await op.dropIndex("ix inside", { schema, table: "inside" });
        await op.dropTable("inside", { schema });
      });
    });
  });

  it.runIf(dialect === "sqlite")("createSchema is refused on SQLite", async () => {
    await expect(withOp((op) => op.createSchema("x"))).rejects.toThrow(/no schemas/);
  });

  it("execute, query and bulkInsert bind values online and never splice them", async () => {
    const evil = 'x\'); DROP TABLE "parent"; --';
    await withOp(async (op) => {
      await op.createTable("data", {
        id: op.column.integer().primaryKey(),
        s: op.column.text(),
        b: op.column.boolean(),
        j: op.column.json(),
        bin: op.column.bytes(),
      });
      await op.bulkInsert("data", [
        { id: 1, s: evil, b: true, j: { a: "b'c" }, bin: new Uint8Array([0, 255]) },
        { id: 2, s: null, b: false, j: null, bin: null },
        { id: 3, s: "\\n" },
      ]);
      await op.execute(
        sql`UPDATE ${sql.id("data")} SET ${sql.id("s")} = ${"y'z"} WHERE ${sql.id("id")} = ${2}`,
      );
      await op.execute({
        sql: `UPDATE ${q("data")} SET ${q("b")} = ${isPg(dialect) ? "$1" : "?"} WHERE ${q("id")} = 3`,
        params: [true],
      });
      const rows = await op.query<{ id: number; s: string }>(
        sql`SELECT ${sql.id("id")}, ${sql.id("s")} FROM ${sql.id("data")} WHERE ${sql.id("id")} <= ${3} ORDER BY 1`,
      );
      expect(rows.map((r) => r.s)).toEqual([evil, "y'z", "\\n"]);
    });
    expect(await count("parent")).toBe(2);
  });

  it("batchAlterTable changes a referenced table in place, keeping rows, indexes and foreign keys", async () => {
    await withOp(async (op) => {
      await op.createTable(
        "batched",
        { id: op.column.integer().primaryKey(), name: op.column.varchar(20), size: op.column.varchar(10) },
        { indexes: [{ name: "ix batched name", columns: ["name"] }] },
      );
      await op.createTable("child", {
        id: op.column.integer().primaryKey(),
        batched_id: op.column.integer().references("batched", "id", { onDelete: "CASCADE" }),
      });
      await op.bulkInsert("batched", [
        { id: 1, name: "a", size: "10" },
        { id: 2, name: "b", size: "20" },
      ]);
      await op.bulkInsert("child", [{ id: 1, batched_id: 1 }]);
      await op.batchAlterTable("batched", (batch) => {
        batch.addColumn("extra", column.integer().notNull().default(0));
        batch.alterColumn("name", {
          nullable: false,
          existingType: types.varchar(20),
          existingNullable: true,
          existingDefault: null,
          existingComment: null,
        });
        batch.alterColumn("size", {
          type: types.integer(),
          ...(isPg(dialect) ? { using: sql`${sql.id("size")}::integer` } : {}),
          existingNullable: true,
          existingDefault: null,
          existingComment: null,
        });
        batch.createUniqueConstraint("uq batched name", ["name"]);
        batch.createCheckConstraint("ck size", sql`${sql.id("size")} > 0`);
        batch.createIndex("ix batched size", ["size"]);
      });
    });
    expect(await count("batched")).toBe(2);
    expect(await count("child")).toBe(1);
    expect(Object.keys(await indexesOf(connection, "batched"))).toEqual(
      expect.arrayContaining(["ix batched name", "ix batched size"]),
    );
    expect(await constraintsOf(connection, "batched")).toEqual(
      expect.arrayContaining(["unique:uq batched name", "check:ck size"]),
    );
    const columns = await columnsOf(connection, "batched");
    expect(columns.name?.nullable).toBe(false);
    expect(columns.size?.type.toLowerCase()).toMatch(/^int/);
    await expect(connection.execute(`INSERT INTO ${q("child")} VALUES (2, 99)`)).rejects.toThrow();
    await connection.execute(`DELETE FROM ${q("batched")} WHERE ${q("id")} = 1`);
    expect(await count("child")).toBe(0);
    if (dialect === "sqlite") expect(sink.outside.at(-1)).toMatch(/switch foreign keys off/);
  });

  it("batchAlterTable drops a column that an index uses, and renames one", async () => {
    await withOp(async (op) => {
      await op.createTable("batch drop", {
        id: op.column.integer().primaryKey(),
        gone: op.column.text(),
        kept: op.column.text(),
      });
      await op.createIndex("ix gone", "batch drop", ["gone"]);
      await op.bulkInsert("batch drop", [{ id: 1, gone: "g", kept: "k" }]);
      await op.batchAlterTable("batch drop", (batch) => {
        batch.dropIndex("ix gone");
        batch.dropColumn("gone");
        batch.alterColumn("kept", { newName: "renamed" });
      });
    });
    expect(Object.keys(await columnsOf(connection, "batch drop"))).toEqual(["id", "renamed"]);
    const [row] = await connection.query<{ v: string }>(
      `SELECT ${q("renamed")} AS v FROM ${q("batch drop")}`,
    );
    expect(row?.v).toBe("k");
  });

  it.runIf(dialect === "sqlite")(
    "batchAlterTable drops unnamed constraints: the primary key by type, others by their columns",
    async () => {
      await connection.execute('CREATE TABLE "anon parent" (id INTEGER PRIMARY KEY)');
      await connection.execute(
        'CREATE TABLE "anon" (a INTEGER NOT NULL, b INTEGER NOT NULL, p INTEGER REFERENCES "anon parent" (id), PRIMARY KEY (a), UNIQUE (b))',
      );
      await connection.execute('INSERT INTO "anon parent" (id) VALUES (1)');
      await connection.execute('INSERT INTO "anon" (a, b, p) VALUES (1, 2, 1)');
      await withOp(async (op) => {
        await op.batchAlterTable("anon", (batch) => {
          batch.dropConstraint("pk_anon", { type: "primaryKey" });
          batch.dropConstraint("uq_anon_b", {
            type: "unique",
            existing: { type: "unique", constraint: { name: "uq_anon_b", columns: ["b"] } },
          });
          batch.dropConstraint("fk_anon_p", {
            type: "foreignKey",
            existing: {
              type: "foreignKey",
              constraint: {
                name: "fk_anon_p",
                columns: ["p"],
                referencedTable: "anon parent",
                referencedColumns: ["id"],
              },
            },
          });
        });
      });
      const [table] = await connection.query<{ sql: string }>(
        "SELECT sql FROM sqlite_master WHERE name = 'anon'",
      );
      expect(table?.sql).not.toMatch(/PRIMARY KEY|UNIQUE|REFERENCES/i);
      expect(await connection.query('SELECT a, b, p FROM "anon"')).toEqual([{ a: 1, b: 2, p: 1 }]);
      // Duplicates are allowed now that the unique constraint is gone.
      await connection.execute('INSERT INTO "anon" (a, b, p) VALUES (1, 2, 99)');
    },
  );

  it("quotes names with spaces, quotes, backticks, mixed case and reserved words", async () => {
    const names = ["select", 'dq"uote', "back`tick", "Mixed Case", "sp ace"];
    await withOp(async (op) => {
      await op.createTable("order", Object.fromEntries(names.map((n) => [n, op.column.integer()])), {
        indexes: [{ name: 'ix "odd"', columns: names }],
        uniques: [{ name: "uq`odd", columns: ["select"] }],
      });
      await op.bulkInsert("order", [Object.fromEntries(names.map((n, i) => [n, i]))]);
    });
    expect(Object.keys(await columnsOf(connection, "order"))).toEqual(names);
    expect(Object.keys(await indexesOf(connection, "order"))).toContain('ix "odd"');
    expect(await constraintsOf(connection, "order")).toContain("unique:uq`odd");
  });
});

describe("operation objects", () => {
  it("are frozen all the way down", () => {
    const op = build.createTable("t", { id: column.integer().primaryKey() }, { checks: [sql`id > ${1}`] });
    expect(Object.isFrozen(op)).toBe(true);
    expect(Object.isFrozen(op.definition.columns[0])).toBe(true);
    expect(Object.isFrozen(op.definition.checks[0]?.condition.fragments)).toBe(true);
  });
});
