import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests spawn real servers and CLI processes; two cores only.
    pool: "forks",
    maxWorkers: 2,
  },
});
