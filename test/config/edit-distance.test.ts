import { describe, expect, it } from "vitest";
import { closestMatch, editDistance } from "../../src/config/edit-distance.js";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("", "url")).toBe(3);
    expect(editDistance("url", "")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("target", "targets")).toBe(1);
    expect(editDistance("include", "exclude")).toBe(2);
  });

  it("counts a swap of neighbouring letters as one edit", () => {
    expect(editDistance("versionTabel", "versionTable")).toBe(1);
    expect(editDistance("ulr", "url")).toBe(1);
    expect(editDistance("ab", "ba")).toBe(1);
    // Optimal string alignment: a swapped pair is not edited again.
    expect(editDistance("ca", "abc")).toBe(3);
  });
});

describe("closestMatch", () => {
  const keys = [
    "url",
    "scriptLocation",
    "versionLocations",
    "versionTable",
    "versionTableSchema",
    "include",
    "exclude",
  ];

  it("picks the nearest candidate, ignoring case", () => {
    expect(closestMatch("versionTabel", keys)).toBe("versionTable");
    expect(closestMatch("VERSIONTABLE", keys)).toBe("versionTable");
    expect(closestMatch("versionSchema", keys)).toBe("versionTableSchema");
    expect(closestMatch("exclde", keys)).toBe("exclude");
  });

  it("suggests nothing that is not a likely misspelling", () => {
    expect(closestMatch("dialect", keys)).toBeUndefined();
    expect(closestMatch("u", keys)).toBeUndefined();
    expect(closestMatch("schema", keys)).toBeUndefined();
    expect(closestMatch("tableVersion", keys)).toBeUndefined();
  });

  it("gives a tie to the earlier candidate", () => {
    expect(closestMatch("ab", ["ax", "xb"])).toBe("ax");
  });
});
