import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds dist/ into a temporary folder once: tests that start the CLI or the hook run that.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests spawn real servers and CLI processes; two cores only.
    pool: "forks",
    maxWorkers: 2,
  },
});
