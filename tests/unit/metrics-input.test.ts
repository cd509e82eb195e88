import { describe, expect, it } from "vitest";
import {
  parseMetricsCommand,
  validateMetricsForm,
  type RawMetricsForm,
} from "../../src/features/metrics/input.ts";
import { metricsText as catalogs } from "../../src/features/metrics/messages.ts";

const metricsText = catalogs("en");

const TODAY = "2026-11-23"; // a Monday

function form(platform: string, values: RawMetricsForm["values"], date = "2026-11-18") {
  return validateMetricsForm({ platform, date, values }, TODAY);
}

describe("/metrics arguments", () => {
  it.each([
    ["log", { kind: "log" }],
    ["LOG", { kind: "log" }],
    ["digest", { kind: "digest" }],
    ["subscribe <#C123|digest>", { kind: "subscribe", channelId: "C123" }],
    ["unsubscribe <#C123>", { kind: "unsubscribe", channelId: "C123" }],
  ])("%s", (text, expected) => {
    expect(parseMetricsCommand(text)).toEqual(expected);
  });

  it.each(["", "log now", "digests", "subscribe", "subscribe #general", "subscribe <#C1> <#C2>"])(
    "%j is answered with a usage line",
    (text) => {
      const parsed = parseMetricsCommand(text);
      expect(parsed.kind).toBe("usage");
      if (parsed.kind === "usage") expect(parsed.line).toMatch(/^Usage: \/metrics/);
    },
  );
});

describe("the log form", () => {
  it("normalises any day to the Monday of its week and keeps empty fields empty", () => {
    const result = form("instagram", { reach: "1200", impressions: " 3000 ", clicks: "" });
    expect(result).toEqual({
      ok: true,
      value: {
        platform: "instagram",
        weekStart: "2026-11-16",
        figures: {
          reach: 1200,
          impressions: 3000,
          engagements: null,
          clicks: null,
          conversions: null,
          followersGained: null,
          responseMinutes: null,
          satisfaction: null,
        },
      },
    });
  });

  it("a Sunday belongs to the week that started six days before", () => {
    const result = form("x", { reach: "1" }, "2026-11-22");
    expect(result.ok && result.value.weekStart).toBe("2026-11-16");
  });

  it.each([
    [{ reach: "-5" }, "reach", metricsText.wholeNumber],
    [{ reach: "1.5" }, "reach", metricsText.wholeNumber],
    [{ impressions: "1,5" }, "impressions", metricsText.wholeNumber],
    [{ followersGained: "-1,5" }, "followersGained", metricsText.signedWholeNumber],
    [{ reach: "9999999999" }, "reach", metricsText.tooLarge],
    [{ impressions: "10", clicks: "11" }, "clicks", metricsText.clicksOverImpressions],
    [{ clicks: "10", conversions: "11" }, "conversions", metricsText.conversionsOverClicks],
    [{ responseMinutes: "30" }, "responseMinutes", metricsText.onlyForWebcare],
    [{ satisfaction: "4" }, "satisfaction", metricsText.onlyForWebcare],
    [{}, "reach", metricsText.nothingEntered],
  ])("social %j: %s is refused", (values, fieldName, message) => {
    expect(form("linkedin", values)).toEqual({ ok: false, errors: { [fieldName]: message } });
  });

  it.each([
    [{ satisfaction: "0" }, "satisfaction", metricsText.satisfactionRange],
    [{ satisfaction: "5.5" }, "satisfaction", metricsText.satisfactionRange],
    [{ responseMinutes: "-1" }, "responseMinutes", metricsText.wholeNumber],
    [{ responseMinutes: "10", reach: "5" }, "reach", metricsText.notForWebcare],
    [{}, "responseMinutes", metricsText.nothingEntered],
  ])("webcare %j: %s is refused", (values, fieldName, message) => {
    expect(form("webcare", values)).toEqual({ ok: false, errors: { [fieldName]: message } });
  });

  it("webcare takes a response time and a satisfaction score with decimals", () => {
    const result = form("webcare", { responseMinutes: "42", satisfaction: "4.3" });
    expect(result.ok && result.value.figures).toMatchObject({
      responseMinutes: 42,
      satisfaction: 4.3,
      reach: null,
    });
  });

  it("refuses an unknown platform, a missing date and a week that has not started", () => {
    expect(form("myspace", { reach: "1" })).toEqual({
      ok: false,
      errors: { platform: metricsText.pickPlatform },
    });
    expect(
      validateMetricsForm({ platform: "x", date: null, values: { reach: "1" } }, TODAY),
    ).toEqual({ ok: false, errors: { week: metricsText.pickWeek } });
    expect(form("x", { reach: "1" }, "2026-11-30")).toEqual({
      ok: false,
      errors: { week: metricsText.futureWeek },
    });
    // The current week may be logged while it runs.
    expect(form("x", { reach: "1" }, "2026-11-29").ok).toBe(true);
  });
});

describe("numbers as people type them, in French or English", () => {
  it("French decimals and thousands separators, and a drop in followers", () => {
    const social = form("linkedin", {
      reach: "12 345",
      impressions: "20\u202f000",
      engagements: "1,200",
      clicks: "1.000",
      followersGained: "-120",
    });
    expect(social.ok && social.value.figures).toMatchObject({
      reach: 12345,
      impressions: 20000,
      engagements: 1200,
      clicks: 1000,
      followersGained: -120,
    });
    // The real minus sign Greenlight itself writes is read too.
    const copied = form("x", { followersGained: "\u22124\u202f500" });
    expect(copied.ok && copied.value.figures.followersGained).toBe(-4500);
    const webcare = form("webcare", { satisfaction: "3,5", responseMinutes: "1 200" });
    expect(webcare.ok && webcare.value.figures).toMatchObject({
      satisfaction: 3.5,
      responseMinutes: 1200,
    });
  });

  it("bad values are answered next to their field in the modal's language; nothing is kept", () => {
    const fr = catalogs("fr");
    const result = validateMetricsForm(
      {
        platform: "x",
        date: "2026-11-18",
        values: { reach: "3,5", followersGained: "beaucoup", impressions: "-3" },
      },
      TODAY,
      "fr",
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        reach: fr.wholeNumber,
        impressions: fr.wholeNumber,
        followersGained: fr.signedWholeNumber,
      },
    });
    expect(fr.wholeNumber).toBe("Un nombre entier, 0 ou plus (ex. 12345 ou 12\u202f345).");
    expect(
      validateMetricsForm(
        { platform: "webcare", date: "2026-11-18", values: { satisfaction: "5,5" } },
        TODAY,
        "fr",
      ),
    ).toEqual({ ok: false, errors: { satisfaction: "Une note de 1 à 5 (ex. 4,5)." } });
    expect(form("x", { followersGained: "-3000000000" })).toEqual({
      ok: false,
      errors: { followersGained: metricsText.tooLarge },
    });
  });

  it("usage lines come in the caller's language", () => {
    const parsed = parseMetricsCommand("dance", "fr");
    expect(parsed.kind === "usage" && parsed.line).toMatch(/^Utilisation\u00a0: \/metrics log/);
  });
});
