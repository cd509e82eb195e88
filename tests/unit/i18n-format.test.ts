import { describe, expect, it } from "vitest";
import { countOf, formatFor, plural } from "../../src/i18n/format.ts";
import { foldWord, parseNumberInput, parseWholeNumberInput } from "../../src/i18n/input.ts";
import { langFromLocale } from "../../src/i18n/lang.ts";
import { parseRoleCommand } from "../../src/features/roles/roles.ts";

const NNBSP = "\u202f";

describe("formats follow the language, in the team's zone", () => {
  const monday9Paris = new Date("2026-12-07T08:00:00Z");

  it("writes dates and times the French and the English way", () => {
    expect(formatFor("fr", "Europe/Paris").dateTime(monday9Paris)).toBe("lundi 7 décembre à 09:00");
    expect(formatFor("en", "Europe/Paris").dateTime(monday9Paris)).toBe(
      "Monday 7 December at 09:00",
    );
    expect(formatFor("fr", "Europe/Paris").time(monday9Paris)).toBe("09:00");
    expect(formatFor("fr", "Europe/Paris").dateTimeShort(monday9Paris)).toBe(
      "lun. 7 déc. 2026 à 09:00",
    );
    expect(formatFor("en", "Europe/Paris").dateTimeShort(monday9Paris)).toBe(
      "Mon 7 Dec 2026, 09:00",
    );
  });

  it("always in the zone given, daylight saving included", () => {
    // 08:00 UTC is 09:00 in Paris in winter, 10:00 in summer, 03:00 in New York.
    expect(formatFor("fr", "Europe/Paris").time(new Date("2026-07-06T08:00:00Z"))).toBe("10:00");
    expect(formatFor("en", "America/New_York").dateTime(monday9Paris)).toBe(
      "Monday 7 December at 03:00",
    );
    // Late evening in Los Angeles is already the next day in UTC.
    expect(formatFor("fr", "America/Los_Angeles").date(new Date("2026-12-08T06:30:00Z"))).toBe(
      "lundi 7 décembre",
    );
  });

  it("writes calendar days without moving them, and weekday names", () => {
    expect(formatFor("fr", "Pacific/Kiritimati").day("2026-11-23")).toBe("lun. 23 nov. 2026");
    expect(formatFor("en", "Pacific/Pago_Pago").day("2026-11-23")).toBe("Mon 23 Nov 2026");
    expect(formatFor("fr", "UTC").dayLong("2026-11-23")).toBe("lundi 23 novembre");
    expect([1, 7].map((day) => formatFor("fr", "UTC").weekday(day))).toEqual(["lundi", "dimanche"]);
    expect(formatFor("en", "UTC").weekday(3)).toBe("Wednesday");
  });

  it("writes numbers and percentages with each language's separators", () => {
    const fr = formatFor("fr", "UTC");
    const en = formatFor("en", "UTC");
    // CLDR asks for a narrow no-break space (ICU versions differ on which of the two).
    expect(fr.number(12345)).toMatch(/^12[\u00a0\u202f]345$/);
    expect(en.number(12345)).toBe("12,345");
    expect(fr.percent(0.035)).toMatch(/^3,5[\u00a0\u202f]%$/);
    expect(en.percent(0.035)).toBe("3.5%");
    expect(fr.decimal(4.25, 2)).toBe("4,25");
    expect(fr.list(["A", "B", "C"])).toBe("A, B et C");
    expect(en.list(["A", "B", "C"])).toBe("A, B and C");
  });

  it("uses CLDR plurals: in French, 0 and 1 are singular", () => {
    const forms = { one: "one", other: "other" };
    expect([0, 1, 1.5, 2].map((n) => plural("fr", n, forms))).toEqual([
      "one",
      "one",
      "one",
      "other",
    ]);
    expect([0, 1, 1.5, 2].map((n) => plural("en", n, forms))).toEqual([
      "other",
      "one",
      "other",
      "other",
    ]);
    expect(countOf("fr", 0, "proposition", "propositions")).toBe("0\u00a0proposition");
    expect(countOf("en", 0, "proposal", "proposals")).toBe("0\u00a0proposals");
  });
});

describe("the language of a Slack locale", () => {
  it("is French for fr-…, English for anything else", () => {
    expect(["fr-FR", "fr-CA", "fr", "FR-be"].map(langFromLocale)).toEqual(["fr", "fr", "fr", "fr"]);
    expect(["en-US", "de-DE", "fry-NL", "", null, undefined].map(langFromLocale)).toEqual([
      "en",
      "en",
      "en",
      "en",
      "en",
      "en",
    ]);
  });
});

describe("what people type, in either language", () => {
  it("reads French and English decimals and grouped thousands", () => {
    expect(parseNumberInput("3,5")).toBe(3.5);
    expect(parseNumberInput(" 3.5 ")).toBe(3.5);
    expect(parseNumberInput("12 345")).toBe(12345);
    expect(parseNumberInput(`12${NNBSP}345,5`)).toBe(12345.5);
    expect(parseNumberInput("-2")).toBe(-2);
    for (const bad of ["", "abc", "1,234.5", "3,5,1", "3,", ",5", "1e3", "Infinity"])
      expect(parseNumberInput(bad), bad).toBeNull();
  });

  it("reads the real minus sign Greenlight writes", () => {
    expect(parseNumberInput("\u22123,5")).toBe(-3.5);
  });

  it("whole numbers: thousands grouped by spaces, commas or points; negatives; nothing else", () => {
    expect(parseWholeNumberInput("12 345")).toBe(12345);
    expect(parseWholeNumberInput(`12${NNBSP}345`)).toBe(12345);
    expect(parseWholeNumberInput("12,345")).toBe(12345);
    expect(parseWholeNumberInput("1.234.567")).toBe(1234567);
    expect(parseWholeNumberInput("-120")).toBe(-120);
    expect(parseWholeNumberInput("\u2212120")).toBe(-120);
    expect(parseWholeNumberInput("-120,000")).toBe(-120000);
    expect(Object.is(parseWholeNumberInput("-0"), 0)).toBe(true);
    for (const bad of [
      "3,5",
      "12,34",
      "1,234.5",
      "1,2345",
      "abc",
      "",
      "1e3",
      "99999999999999999999",
    ])
      expect(parseWholeNumberInput(bad), bad).toBeNull();
  });

  it("folds case and accents", () => {
    expect(foldWord("Créateur")).toBe("createur");
    expect(foldWord("APPROBATEUR")).toBe("approbateur");
  });

  it("accepts role names in both languages, accents optional", () => {
    const roleOf = (word: string) => {
      const parsed = parseRoleCommand(`assign <@U_BOB> ${word}`);
      return parsed.kind === "assign" ? parsed.role : null;
    };
    expect(
      ["responsable", "créateur", "createur", "Approbateur", "curateur", "analyste", "webcare"].map(
        roleOf,
      ),
    ).toEqual(["manager", "creator", "creator", "approver", "curator", "analyst", "webcare"]);
    expect(["manager", "designer", "approver", "ANALYST"].map(roleOf)).toEqual([
      "manager",
      "designer",
      "approver",
      "analyst",
    ]);
    expect(roleOf("chef")).toBeNull();
  });
});
