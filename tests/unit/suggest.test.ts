import { describe, expect, it } from "vitest";
import { parseSuggest } from "../../src/features/suggestions/suggest.ts";

describe("parseSuggest", () => {
  it("reads the link as Slack sends it, with or without a label, and the rest as why", () => {
    expect(parseSuggest("<https://example.com/a?b=1&amp;c=2|example.com/a> Nice &lt;3")).toEqual({
      ok: true,
      value: { url: "https://example.com/a?b=1&c=2", why: "Nice <3" },
    });
    expect(parseSuggest("https://example.com")).toEqual({
      ok: true,
      value: { url: "https://example.com", why: null },
    });
  });

  it("refuses what is not a public http(s) address, and an empty or too long call", () => {
    expect(parseSuggest("")).toEqual({ ok: false, problem: "usage" });
    expect(parseSuggest("   ")).toEqual({ ok: false, problem: "usage" });
    for (const bad of [
      "ftp://example.com",
      "<http://localhost/x>",
      "example",
      "<https://u:p@example.com>",
    ]) {
      expect(parseSuggest(bad)).toMatchObject({ ok: false, problem: "url" });
    }
    expect(parseSuggest(`https://example.com ${"x".repeat(501)}`)).toEqual({
      ok: false,
      problem: "why",
      length: 501,
    });
  });
});
