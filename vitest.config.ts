import { defineConfig } from "vitest/config";

// One suite, two databases: feature tests run once against SQLite and once
// against PostgreSQL (each test file gets a fresh database of its own).
// Pure rules (tests/unit) do not touch a database and run once.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["tests/features/**/*.test.ts"],
          env: { GREENLIGHT_TEST_DB: "sqlite" },
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["tests/features/**/*.test.ts"],
          env: { GREENLIGHT_TEST_DB: "postgres" },
        },
      },
      {
        // The local sandbox, as `npm start` runs it: SQLite only (it refuses PostgreSQL).
        extends: true,
        test: { name: "sandbox", include: ["tests/sandbox/**/*.test.ts"] },
      },
      {
        // A database server that hangs or goes down, behind a TCP proxy: PostgreSQL only.
        extends: true,
        test: {
          name: "outage",
          include: ["tests/outage/**/*.test.ts"],
          env: { GREENLIGHT_TEST_DB: "postgres" },
        },
      },
      {
        // Replicas racing on one database: what PostgreSQL is there for.
        extends: true,
        test: {
          name: "replicas",
          include: ["tests/replicas/**/*.test.ts"],
          env: { GREENLIGHT_TEST_DB: "postgres" },
        },
      },
    ],
  },
});
