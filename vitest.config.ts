import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A bound against hangs, not a measure of speed: each PGlite instance (one per .sql target step) can take
    // seconds to start on a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
