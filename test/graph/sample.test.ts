import { describe, expect, it } from "vitest";
import { sample } from "./fixtures.js";

describe("sample project (alembic-behaviour.md §3)", () => {
  it("history order matches Alembic's captured output", () => {
    expect(
      sample()
        .history()
        .map((x) => x.id),
    ).toEqual([
      "4a5b6c7d8e9f",
      "53fffde5ad5c",
      "3cac04ae8714",
      "6c4b2e3d0f1a",
      "5b3a1d2c9e0f",
      "ae1027a6acf1",
      "27c6a30d7c24",
      "1975ea83b712",
    ]);
  });
  it("networking@base:networking@head pulls in the dependency", () => {
    expect(
      sample()
        .history({ start: "networking@base", end: "networking@head" })
        .map((x) => x.id),
    ).toEqual(["6c4b2e3d0f1a", "5b3a1d2c9e0f", "27c6a30d7c24", "1975ea83b712"]);
  });
});
