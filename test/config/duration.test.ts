import { describe, expect, it } from "vitest";
import { InvalidDurationError, parseDuration } from "../../src/config/duration.js";
import { resolveConfig } from "../../src/config/load-config.js";

describe("durations", () => {
  it("read ms, s, m and h, and a bare number as milliseconds", () => {
    expect(parseDuration("500ms", "x")).toBe(500);
    expect(parseDuration("30s", "x")).toBe(30_000);
    expect(parseDuration("2m", "x")).toBe(120_000);
    expect(parseDuration("1.5h", "x")).toBe(5_400_000);
    expect(parseDuration("250", "x")).toBe(250);
    expect(parseDuration(1200, "x")).toBe(1200);
  });

  it("refuse anything else, naming what was being read", () => {
    expect(() => parseDuration("soon", "--lock-timeout")).toThrow(InvalidDurationError);
    expect(() => parseDuration("-1s", "--lock-timeout")).toThrow('Invalid --lock-timeout "-1s"');
  });

  it("resolve lockTimeout in a config, and refuse a wrong one by key", () => {
    expect(resolveConfig({ lockTimeout: "30s" }, { rootDir: "/tmp" }).lockTimeoutMs).toBe(30_000);
    expect(resolveConfig({}, { rootDir: "/tmp" }).lockTimeoutMs).toBeUndefined();
    expect(() => resolveConfig({ lockTimeout: "half a minute" }, { rootDir: "/tmp" })).toThrow(
      /Config key lockTimeout must be a duration such as "30s", "500ms" or "2m", or a number of milliseconds; got the string "half a minute"/,
    );
  });
});
