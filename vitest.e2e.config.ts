import { defineConfig } from "vitest/config";

// End-to-end tests in a real headless Chromium (/usr/bin/chromium), apart
// from `npm test`: `npm run test:e2e`.
export default defineConfig({
  test: {
    name: "e2e",
    include: ["tests/e2e/**/*.e2e.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
