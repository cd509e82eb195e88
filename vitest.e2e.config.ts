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
    // A reply goes through the app, the fake Slack and the page's own polling
    // in a real browser: on 2 shared cores the first command's reply took
    // more than vitest's default 1 s now and then (4 failures in 8 runs).
    expect: { poll: { timeout: 10_000 } },
  },
});
