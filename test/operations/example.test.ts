import { afterAll, beforeAll, expect, it } from "vitest";
import type { Op } from "../../src/operations/op.js";
import { describeEachDialect } from "../support/databases.js";
import { type OpenDatabase, onlineSink, openTestDatabase, runWithOp, snapshot } from "./support.js";

// Loaded by path so the type checker does not follow it: revision files import their types from "retort-migrate".
const revisionPath = "../../examples/operations/migrations/versions/0a1b2c3d4e5f_library_schema.ts";
const library = (await import(revisionPath)) as {
  upgrade(op: Op): Promise<void>;
  downgrade(op: Op): Promise<void>;
};

describeEachDialect("the operations example revision", (dialect) => {
  let db: OpenDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(dialect);
  }, 60_000);
  afterAll(async () => db?.close());

  it("upgrades, downgrades to an identical schema, and upgrades again", async () => {
    const sink = onlineSink(db.connection);
    const empty = await snapshot(db.connection);
    await runWithOp(sink, library.upgrade);
    const upgraded = await snapshot(db.connection);
    const [book] = await db.connection.query<Record<string, unknown>>(
      dialect === "mysql" ? "SELECT title, pages FROM books" : 'SELECT "title", "pages" FROM "books"',
    );
    expect(book).toEqual({ title: "The Third Policeman", pages: 0 });
    await runWithOp(sink, library.downgrade);
    const downgraded = await snapshot(db.connection);
    if (dialect === "sqlite") {
      // AUTOINCREMENT leaves SQLite's own bookkeeping table behind.
      downgraded.objects = downgraded.objects!.filter((o) => !o.includes("sqlite_sequence"));
    }
    expect(downgraded).toEqual(empty);
    await runWithOp(sink, library.upgrade);
    expect(await snapshot(db.connection)).toEqual(upgraded);
  });
});
