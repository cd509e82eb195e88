import { describe, expect, it } from "vitest";
import { csvCell, exportRows, toCsv, EXPORT_HEADER } from "../../src/features/metrics/csv.ts";
import { platformLabel } from "../../src/features/metrics/input.ts";

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rhere", '"cr\rhere"'],
    ["=1+1", "'=1+1"],
    ["+33 6", "'+33 6"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tTAB", "'\tTAB"],
    ['=HYPERLINK("http://x","y"),z', `"'=HYPERLINK(""http://x"",""y""),z"`],
    ["", ""],
    ["Éé ✓ 日本", "Éé ✓ 日本"],
  ])("%j → %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("numbers stay numbers, negative ones too; missing is an empty cell", () => {
    expect(csvCell(-12)).toBe("-12");
    expect(csvCell(4.5)).toBe("4.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });
});

describe("exportRows and toCsv", () => {
  it("one row per platform and week, oldest first, rates in percent, UTF-8 with a header", () => {
    const rows = exportRows(
      [
        { platform: "x", weekStart: "2026-11-16", reach: 10, impressions: 0, engagements: 0 },
        {
          platform: "linkedin",
          weekStart: "2026-11-09",
          reach: 1000,
          impressions: 2000,
          engagements: 90,
          clicks: 30,
          conversions: 3,
          followersGained: -4,
        },
        { platform: "webcare", weekStart: "2026-11-09", responseMinutes: 45, satisfaction: 4.5 },
      ],
      platformLabel,
    );
    const csv = toCsv(rows);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe(EXPORT_HEADER.join(","));
    expect(lines.slice(1)).toEqual([
      "2026-11-09,LinkedIn,1000,2000,90,30,3,-4,4.5,1.5,10,,",
      "2026-11-09,Webcare,,,,,,,,,,45,4.5",
      // No impressions: the rates are empty, never a division by zero.
      "2026-11-16,X,10,0,0,,,,,,,,",
      "",
    ]);
  });
});
