import { describe, expect, it } from "vitest";
import { escapeText, truncate } from "../../src/slack/text.ts";

/** The definition: at most `max` code points, the last one "…" when cut. */
function truncateByDefinition(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

describe("truncate", () => {
  const texts = [
    "",
    "a",
    "hello world",
    "Seeded post 1334: our new collection, in stores this week. #greenlight",
    "😀".repeat(40),
    `abc${"😀x".repeat(30)}`,
    "é\u0301".repeat(50),
    `${"a".repeat(59)}😀`,
    `${"a".repeat(58)}😀😀`,
  ];
  it("cuts by code points, never inside a surrogate pair, as its definition says", () => {
    for (const text of texts)
      for (const max of [0, 1, 2, 3, 10, 59, 60, 61, 80, 200])
        expect(truncate(text, max), `${JSON.stringify(text)} at ${max}`).toBe(
          truncateByDefinition(text, max),
        );
  });
});

describe("escapeText", () => {
  it("escapes &, < and > and leaves other text as it is", () => {
    expect(escapeText("plain text, nothing to do")).toBe("plain text, nothing to do");
    expect(escapeText("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });
});
