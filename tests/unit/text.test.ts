import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { excerpt, excerptShownBy } from "../../src/features/proposals/messages.en.ts";
import { escapeText, oneLine, oneLineHolds, truncate } from "../../src/slack/text.ts";

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

describe("oneLine", () => {
  /** The definition: the whole text on one line, then cut. */
  const cutByDefinition = (text: string, max: number) =>
    truncateByDefinition(text.replace(/\s+/g, " ").trim(), max);
  // Letters, every kind of whitespace (runs of them, often long), emoji (two
  // UTF-16 units, and a pair of them one glyph): prefixes of every density.
  const piece = fc.oneof(
    fc.constantFrom("a", "é", "Z", "😀", "👍🏽"),
    fc
      .array(fc.constantFrom(" ", "\n", "\t", "\u00a0", "\u2009"), { minLength: 1, maxLength: 12 })
      .map((run) => run.join("")),
  );
  const text = fc.array(piece, { maxLength: 300 }).map((pieces) => pieces.join(""));

  it("cuts as the whole text on one line would, whitespace runs and emoji anywhere", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 90 }), (t, max) => {
        expect(truncate(oneLine(t, max + 1), max)).toBe(cutByDefinition(t, max));
      }),
      { numRuns: 5_000 },
    );
  });

  it("says when a text's start gives its excerpt, as /calendar relies on", () => {
    // /calendar reads the first 200 code points of each post and reads the
    // whole text only when excerptShownBy says that start is not enough.
    // Long texts too (fast-check's default size keeps arrays to a few pieces).
    const long = fc
      .array(piece, { minLength: 20, maxLength: 300, size: "max" })
      .map((pieces) => pieces.join(""));
    let shown = 0;
    fc.assert(
      fc.property(long, fc.integer({ min: 1, max: 400 }), (t, cut) => {
        const start = [...t].slice(0, cut).join("");
        if (start === t || !excerptShownBy(start)) return;
        shown += 1;
        expect(excerpt(start)).toBe(excerpt(t));
      }),
      { numRuns: 5_000 },
    );
    // Not vacuous: about 1,000 of the 5,000 starts are cut and enough.
    expect(shown).toBeGreaterThan(500);
  });

  it("counts as whitespace exactly what \\s matches", () => {
    // Two of a character between letters: one space on one line if it is whitespace.
    for (let code = 0; code <= 0xffff; code += 1) {
      const char = String.fromCharCode(code);
      expect(oneLineHolds(`a${char}${char}b`, 3), code.toString(16)).toBe(!/\s/.test(char));
    }
  });

  it("reads only the start of a long post, unless the start is all whitespace", () => {
    const post = `Launch day!\n\n${"Our new collection is in stores this week. ".repeat(70)}`;
    expect(oneLine(post, 61).length).toBeLessThan(200);
    expect(excerpt(post)).toBe(cutByDefinition(post, 60));
    const spaced = `${" \n".repeat(1_500)}Hello   there`;
    expect(excerpt(spaced)).toBe("Hello there");
  });
});
