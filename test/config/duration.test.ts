import { describe, expect, it } from "vitest";
import {
  InvalidDurationError,
  InvalidDurationOptionError,
  parseDuration,
} from "../../src/config/duration.js";
import { resolveConfig } from "../../src/config/load-config.js";

describe("durations", () => {
  it("read ms, s, m and h, and a bare number as milliseconds", () => {
    expect(parseDuration("500ms", { key: "x" })).toBe(500);
    expect(parseDuration("30s", { key: "x" })).toBe(30_000);
    expect(parseDuration("2m", { key: "x" })).toBe(120_000);
    expect(parseDuration("1.5h", { key: "x" })).toBe(5_400_000);
    expect(parseDuration("250", { key: "x" })).toBe(250);
    expect(parseDuration(1200, { key: "x" })).toBe(1200);
  });

  it("refuse anything else, naming what was being read", () => {
    expect(() => parseDuration("-1s", { flag: "--lock-timeout" })).toThrow('Invalid --lock-timeout "-1s"');
    expect(() => parseDuration("soon", { key: "lockTimeout" })).toThrow('Invalid lockTimeout "soon"');
  });

  it("make a malformed flag bad usage (exit 2) and a malformed config value a config error (exit 1)", () => {
    const thrown = (source: { key: string } | { flag: string }) => {
      try {
        parseDuration("soon", source);
      } catch (error) {
        return error;
      }
      throw new Error("parseDuration accepted soon");
    };
    const flag = thrown({ flag: "--lock-timeout" });
    expect(flag).toBeInstanceOf(InvalidDurationOptionError);
    expect((flag as InvalidDurationOptionError).exitCode).toBe(2);
    const key = thrown({ key: "lockTimeout" });
    expect(key).toBeInstanceOf(InvalidDurationError);
    expect((key as InvalidDurationError).exitCode).toBe(1);
  });

  it("resolve lockTimeout in a config, and refuse a wrong one by key", () => {
    expect(resolveConfig({ lockTimeout: "30s" }, { rootDir: "/tmp" }).lockTimeoutMs).toBe(30_000);
    expect(resolveConfig({}, { rootDir: "/tmp" }).lockTimeoutMs).toBeUndefined();
    expect(() => resolveConfig({ lockTimeout: "half a minute" }, { rootDir: "/tmp" })).toThrow(
      /Config key lockTimeout must be a duration such as "30s", "500ms" or "2m", or a number of milliseconds; got the string "half a minute"/,
    );
  });
});
