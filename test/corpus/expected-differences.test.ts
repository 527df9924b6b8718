// An entry's expected differences explain only differences of their own shape; anything else stays a failure, and
// an expectation that explains nothing is reported.

import { describe, expect, it } from "vitest";
import type { CatalogDifference } from "./catalog.js";
import type { ExpectedDifference } from "./entries.js";
import { sortCheckOperations, sortDifferences } from "./expected-differences.js";

const COLUMN_ORDER: ExpectedDifference = {
  kind: "column order",
  table: "board",
  reason: "history order",
  note: "icon_color was added later",
};
const KEY_ORDER: ExpectedDifference = {
  kind: "primary key order",
  table: "item",
  reason: "older drizzle-kit",
  note: "sorted",
  check: ["remove primary key pk_item on item", "add primary key pk_item on item (b, a)"],
};
const FACT: ExpectedDifference = {
  kind: "fact",
  key: "foreign key item (app_id) -> app",
  d: "ON DELETE NO ACTION",
  r: "ON DELETE SET NULL",
  reason: "migration disagrees with schema",
  note: "bare REFERENCES",
};

/** The differences a primary key (a, b) in D and (b, a) in R give in SQLite's catalog. */
const KEY_MOVED: CatalogDifference[] = [
  {
    key: "column item.a",
    expected: "not null primary key position=1",
    actual: "not null primary key position=2",
  },
  {
    key: "column item.b",
    expected: "not null primary key position=2",
    actual: "not null primary key position=1",
  },
  { key: "index item (a, b) from pk", expected: "unique (a, b)", actual: undefined },
  { key: "index item (b, a) from pk", expected: undefined, actual: "unique (b, a)" },
];

describe("expected differences", () => {
  it("explain a column order that has the same columns", () => {
    const moved = {
      key: "column order board",
      expected: "id, icon_color, name",
      actual: "id, name, icon_color",
    };
    const sorted = sortDifferences([moved], [COLUMN_ORDER]);
    expect(sorted.unexplained).toEqual([]);
    expect(sorted.explained).toEqual([{ expected: COLUMN_ORDER, differences: [moved] }]);
  });

  it("leave a column order with a column more or less unexplained, and report the expectation unseen", () => {
    const lost = { key: "column order board", expected: "id, icon_color, name", actual: "id, name" };
    const sorted = sortDifferences([lost], [COLUMN_ORDER]);
    expect(sorted.unexplained).toEqual([lost]);
    expect(sorted.unseen).toEqual([COLUMN_ORDER]);
  });

  it("explain a primary key whose columns moved, its columns' positions and its index", () => {
    const sorted = sortDifferences(KEY_MOVED, [KEY_ORDER]);
    expect(sorted.unexplained).toEqual([]);
    expect(sorted.explained[0]?.differences).toHaveLength(4);
  });

  it("leave any other change to a key column, or a key on other columns, unexplained", () => {
    const retyped = {
      key: "column item.a",
      expected: 'declared type="TEXT" primary key position=1',
      actual: 'declared type="INTEGER" primary key position=2',
    };
    const notInKey = {
      key: "column item.c",
      expected: "not null primary key position=3",
      actual: "not null",
    };
    const otherIndex = { key: "index item (a, c) from pk", expected: undefined, actual: "unique (a, c)" };
    const sorted = sortDifferences(
      [retyped, notInKey, KEY_MOVED[2] as CatalogDifference, otherIndex],
      [KEY_ORDER],
    );
    expect(sorted.unexplained).toEqual([retyped, notInKey, KEY_MOVED[2], otherIndex]);
  });

  it("explain a fact only with exactly the stated values", () => {
    const stated = { key: FACT.key, expected: "ON DELETE NO ACTION", actual: "ON DELETE SET NULL" };
    const other = { key: FACT.key, expected: "ON DELETE CASCADE", actual: "ON DELETE SET NULL" };
    expect(sortDifferences([stated], [FACT]).unexplained).toEqual([]);
    expect(sortDifferences([other], [FACT]).unexplained).toEqual([other]);
  });

  it("sort check's operations into the declared ones, the others, and the declared ones missing", () => {
    const output = [
      "New upgrade operations detected (2):",
      "  - remove primary key pk_item on item",
      "  - add column note on item",
      "",
      "Error: New upgrade operations detected: 2",
    ].join("\n");
    expect(sortCheckOperations(output, [KEY_ORDER])).toEqual({
      explained: ["remove primary key pk_item on item"],
      unexplained: ["add column note on item"],
      missing: ["add primary key pk_item on item (b, a)"],
    });
  });
});
