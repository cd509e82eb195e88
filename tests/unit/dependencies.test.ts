import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * `twitter-text@3.1.0` (X's counting rules) required core-js@2: end-of-life,
 * an install script, and polyfills that patch built-ins in our process. The
 * counting now comes from a maintained fork on core-js-pure@3 (README,
 * "Counting for X"); nothing may bring core-js@2 back.
 */
const lock = JSON.parse(
  readFileSync(new URL("../../package-lock.json", import.meta.url), "utf8"),
) as {
  packages: Record<string, { version?: string; dev?: boolean }>;
};

describe("installed dependencies", () => {
  it("hold no end-of-life core-js 2", () => {
    const coreJs = Object.entries(lock.packages)
      .filter(([path]) => /(^|\/)node_modules\/core-js$/.test(path))
      .map(([path, entry]) => `${path}@${entry.version}`);
    expect(coreJs.filter((entry) => /@2\./.test(entry))).toEqual([]);
  });

  it("count X posts with the maintained fork, as X does", async () => {
    const { default: twitterText } = await import("@ambassify/twitter-text");
    const url = `https://example.com/${"a".repeat(80)}`;
    expect(twitterText.parseTweet(`${"a".repeat(250)} ${url}`).weightedLength).toBe(274);
    expect(twitterText.parseTweet("日本語 😀 👨‍👩‍👧").weightedLength).toBe(6 + 1 + 2 + 1 + 2);
  });
});
