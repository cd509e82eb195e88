import { defineConfig } from "vitest/config";

// The fault suite (issue 7): replicas as real processes, kill -9, Slack
// failures, forged requests, hostile input. It runs on PostgreSQL, the
// database that several replicas share in production.
// Run it with `npm run test:faults`.
export default defineConfig({
  test: {
    name: "faults",
    include: ["tests/faults/**/*.test.ts"],
    env: { GREENLIGHT_TEST_DB: "postgres" },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
