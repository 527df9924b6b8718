// Sorts the differences between D and R into those an entry's declared expectations explain (its own history:
// columns added later, an older drizzle-kit's order, migrations that disagree with the schema) and the rest, which
// are failures. An expectation that explains nothing is itself reported, so none can outlive what it excused.

import type { CatalogDifference } from "./catalog.js";
import type { ExpectedDifference } from "./entries.js";

export interface SortedDifferences {
  /** Differences no expectation explains: failures. */
  readonly unexplained: readonly CatalogDifference[];
  /** Each expectation that occurred, with the differences it explains. */
  readonly explained: readonly {
    readonly expected: ExpectedDifference;
    readonly differences: readonly CatalogDifference[];
  }[];
  /** Expectations that explain no difference. */
  readonly unseen: readonly ExpectedDifference[];
}

const sameMembers = (a: string, b: string) =>
  JSON.stringify(a.split(", ").sort()) === JSON.stringify(b.split(", ").sort());

/** SQLite's automatic index of a primary key, `index <table> (<columns>) from pk`: its column list. */
function primaryKeyIndexColumns(key: string, table: string): string | undefined {
  const prefix = `index ${table} (`;
  return key.startsWith(prefix) && key.endsWith(") from pk")
    ? key.slice(prefix.length, -") from pk".length)
    : undefined;
}

const KEY_POSITION = / ?primary key position=\d+/;
const withoutKeyPosition = (fact: string) => fact.replace(KEY_POSITION, "");

/** Whether `expected` explains `difference`; `all` gives the other side of a fact that moved between keys. */
function explains(
  expected: ExpectedDifference,
  difference: CatalogDifference,
  all: readonly CatalogDifference[],
): boolean {
  const { key, expected: d, actual: r } = difference;
  switch (expected.kind) {
    case "column order":
      return (
        key === `column order ${expected.table}` && d !== undefined && r !== undefined && sameMembers(d, r)
      );
    case "primary key order": {
      // A column whose only change is its place in the key, or the key's index under the other column order.
      if (key.startsWith(`column ${expected.table}.`))
        return (
          [d, r].every((fact) => fact !== undefined && KEY_POSITION.test(fact)) &&
          withoutKeyPosition(d as string) === withoutKeyPosition(r as string)
        );
      const columns = primaryKeyIndexColumns(key, expected.table);
      const inD = d !== undefined;
      if (columns === undefined || inD === (r !== undefined)) return false;
      return all.some((other) => {
        const otherColumns = primaryKeyIndexColumns(other.key, expected.table);
        return (
          otherColumns !== undefined &&
          otherColumns !== columns &&
          (other.expected !== undefined) !== inD &&
          (other.actual !== undefined) === inD &&
          sameMembers(otherColumns, columns)
        );
      });
    }
    case "fact":
      return key === expected.key && d === expected.d && r === expected.r;
  }
}

export function sortDifferences(
  all: readonly CatalogDifference[],
  expectations: readonly ExpectedDifference[],
): SortedDifferences {
  const unexplained: CatalogDifference[] = [];
  const byExpectation = new Map<ExpectedDifference, CatalogDifference[]>();
  for (const difference of all) {
    const expected = expectations.find((e) => explains(e, difference, all));
    if (expected === undefined) unexplained.push(difference);
    else byExpectation.set(expected, [...(byExpectation.get(expected) ?? []), difference]);
  }
  return {
    unexplained,
    explained: expectations.flatMap((expected) => {
      const differences = byExpectation.get(expected);
      return differences ? [{ expected, differences }] : [];
    }),
    unseen: expectations.filter((e) => !byExpectation.has(e)),
  };
}

/** How the report names an expectation: `history order: column order of board (…)`. */
export function expectationTitle(expected: ExpectedDifference): string {
  const what =
    expected.kind === "fact"
      ? expected.key
      : `${expected.kind === "column order" ? "column order" : "primary key column order"} of ${expected.table}`;
  return `${expected.reason}: ${what} (${expected.note})`;
}

/**
 * The operations `check` against D reported (its `  - …` lines), split into those the expectations name and the
 * rest, with the named ones that did not appear.
 */
export function sortCheckOperations(
  output: string,
  expectations: readonly ExpectedDifference[],
): { explained: string[]; unexplained: string[]; missing: string[] } {
  const named = new Set(expectations.flatMap((e) => e.check ?? []));
  const reported = output
    .split("\n")
    .map((line) => /^\s+- (.*)$/.exec(line)?.[1])
    .filter((line): line is string => line !== undefined);
  return {
    explained: reported.filter((line) => named.has(line)),
    unexplained: reported.filter((line) => !named.has(line)),
    missing: [...named].filter((line) => !reported.includes(line)),
  };
}
