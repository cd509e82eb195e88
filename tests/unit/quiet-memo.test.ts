import { describe, expect, it } from "vitest";
import { MAX_QUIET_MS, QuietMemo } from "../../src/scheduler/quiet.ts";

const at = (iso: string) => new Date(iso);

describe("QuietMemo", () => {
  it("holds from the noted tick until `until`, with the same stamp only", () => {
    const memo = new QuietMemo();
    memo.note("webcare", 7, at("2026-11-23T09:01:00Z"), at("2026-11-23T09:30:00Z"));
    expect(memo.holds("webcare", 7, at("2026-11-23T09:02:00Z"))).toBe(true);
    expect(memo.holds("webcare", 7, at("2026-11-23T09:29:59Z"))).toBe(true);
    expect(memo.holds("digest", 7, at("2026-11-23T09:02:00Z"))).toBe(false);
    // The instant itself is due.
    expect(memo.holds("webcare", 7, at("2026-11-23T09:30:00Z"))).toBe(false);
  });

  it("forgets at once when the stamp moves, even back to the old value later", () => {
    const memo = new QuietMemo();
    memo.note("webcare", 7, at("2026-11-23T09:01:00Z"), at("2026-11-23T09:30:00Z"));
    expect(memo.holds("webcare", 8, at("2026-11-23T09:02:00Z"))).toBe(false);
    expect(memo.holds("webcare", 7, at("2026-11-23T09:03:00Z"))).toBe(false);
  });

  it("never holds without a stamp, nor for a clock set back before the note", () => {
    const memo = new QuietMemo();
    memo.note("webcare", null, at("2026-11-23T09:01:00Z"), at("2026-11-23T09:30:00Z"));
    expect(memo.holds("webcare", null, at("2026-11-23T09:02:00Z"))).toBe(false);
    memo.note("webcare", 3, at("2026-11-23T09:01:00Z"), at("2026-11-23T09:30:00Z"));
    expect(memo.holds("webcare", undefined, at("2026-11-23T09:02:00Z"))).toBe(false);
    expect(memo.holds("webcare", 3, at("2026-11-23T09:00:00Z"))).toBe(false);
  });

  it("holds an hour at most, also when nothing can fall due at all", () => {
    const memo = new QuietMemo();
    const noted = at("2026-11-23T09:00:00Z");
    memo.note("webcare", 1, noted, null);
    expect(memo.holds("webcare", 1, new Date(noted.getTime() + MAX_QUIET_MS - 1))).toBe(true);
    expect(memo.holds("webcare", 1, new Date(noted.getTime() + MAX_QUIET_MS))).toBe(false);
    memo.note("webcare", 1, noted, at("2026-11-24T09:00:00Z"));
    expect(memo.holds("webcare", 1, new Date(noted.getTime() + MAX_QUIET_MS))).toBe(false);
  });

  it("forget drops what was noted", () => {
    const memo = new QuietMemo();
    memo.note("webcare", 1, at("2026-11-23T09:00:00Z"), at("2026-11-23T10:00:00Z"));
    memo.forget("webcare");
    expect(memo.holds("webcare", 1, at("2026-11-23T09:01:00Z"))).toBe(false);
  });
});
