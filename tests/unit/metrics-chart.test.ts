import { describe, expect, it } from "vitest";
import {
  chartAltText,
  chartData,
  chartPoints,
  chartSpec,
  weekLabel,
} from "../../src/features/metrics/chart.ts";
import { renderChartPng, renderChartSvg } from "../../src/features/metrics/chart-render.ts";
import type { MetricsWeek } from "../../src/features/metrics/digest.ts";
import { LOGGABLE_IDS, platformLabel } from "../../src/features/metrics/input.ts";
import { PLATFORMS } from "../../src/features/proposals/validation.ts";
import { isPng } from "../../src/sandbox/fake-slack.ts";

const LAST = "2026-11-16";
const data = (history: MetricsWeek[]) => chartData(history, LAST, 8, platformLabel, LOGGABLE_IDS);

describe("chartData", () => {
  it("eight weeks ending with the digest's, per platform; gaps and missing denominators are null", () => {
    const chart = data([
      { platform: "x", weekStart: "2026-11-16", reach: 500, impressions: 1000, engagements: 30 },
      { platform: "x", weekStart: "2026-09-28", reach: 100, impressions: 0, engagements: 3 },
      { platform: "linkedin", weekStart: "2026-11-09", reach: 800 },
      // Before the chart's first week, and webcare: not drawn.
      { platform: "tiktok", weekStart: "2026-09-21", reach: 1 },
      { platform: "webcare", weekStart: "2026-11-16", responseMinutes: 30 },
    ]);
    expect(chart?.weeks).toEqual([
      "2026-09-28",
      "2026-10-05",
      "2026-10-12",
      "2026-10-19",
      "2026-10-26",
      "2026-11-02",
      "2026-11-09",
      "2026-11-16",
    ]);
    expect(chart?.series.map((s) => s.label)).toEqual(["X", "LinkedIn"]);
    expect(chart?.series[0]?.engagementRate).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      0.03,
    ]);
    expect(chart?.series[0]?.reach).toEqual([100, null, null, null, null, null, null, 500]);
    expect(chart?.series[1]?.reach).toEqual([null, null, null, null, null, null, 800, null]);
  });

  it("nothing to draw: no chart", () => {
    expect(data([])).toBeNull();
    expect(data([{ platform: "webcare", weekStart: LAST, satisfaction: 4 }])).toBeNull();
  });
});

describe("chartAltText", () => {
  it("lists every figure of the chart, no data included", () => {
    const chart = data([
      { platform: "x", weekStart: "2026-11-16", reach: 1500, impressions: 1000, engagements: 35 },
    ]);
    if (!chart) throw new Error("no chart");
    expect(chartAltText(chart)).toBe(
      "Engagement rate, weeks of 28 Sep to 16 Nov: X no data, no data, no data, no data, no data, no data, no data, 3.5%. " +
        "Reach, weeks of 28 Sep to 16 Nov: X no data, no data, no data, no data, no data, no data, no data, 1,500.",
    );
  });

  it("stays within Slack's 2,000 characters with nine platforms and many unknown ones", () => {
    const weeks = ["2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19"];
    weeks.push("2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16");
    const platforms = [
      ...PLATFORMS.map((p) => p.id),
      ...Array.from({ length: 30 }, (_, i) => `other${i}`),
    ];
    const history: MetricsWeek[] = platforms.flatMap((platform) =>
      weeks.map((weekStart) => ({
        platform,
        weekStart,
        reach: 123456,
        impressions: 1000,
        engagements: 33,
      })),
    );
    const chart = data(history);
    if (!chart) throw new Error("no chart");
    expect([...chartAltText(chart)].length).toBeLessThanOrEqual(2000);
  });
});

describe("weekLabel", () => {
  it("names a week by its Monday", () => {
    expect(weekLabel("2026-11-16")).toBe("16 Nov");
    expect(weekLabel("2027-01-04")).toBe("4 Jan");
  });
});

describe("renderChartPng", () => {
  it("draws a real PNG in-process, with the shipped font", async () => {
    const chart = data(
      PLATFORMS.map((p, i) => ({
        platform: p.id,
        weekStart: LAST,
        reach: 1000 * (i + 1),
        impressions: 5000,
        engagements: 100 + i * 10,
      })),
    );
    if (!chart) throw new Error("no chart");
    const png = await renderChartPng(chartSpec(), chartPoints(chart));
    expect(isPng(png)).toBe(true);
    // Width and height from the IHDR chunk: two panels side by side, at 1.5×.
    expect(png.readUInt32BE(16)).toBeGreaterThan(900);
    expect(png.readUInt32BE(20)).toBeGreaterThan(300);
  });
});

describe("the chart's axis labels", () => {
  const chart = data([
    {
      platform: "linkedin",
      weekStart: "2026-11-09",
      reach: 12_000,
      impressions: 40_000,
      engagements: 1_400,
    },
    {
      platform: "linkedin",
      weekStart: LAST,
      reach: 20_000,
      impressions: 50_000,
      engagements: 1_750,
    },
  ]);
  /** The texts of the SVG's <text> elements. */
  const labels = (svg: string) =>
    [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1] ?? "");

  it("French: grouped whole numbers and 3,5 % on the axes, no SI shorthand", async () => {
    if (!chart) throw new Error("no chart");
    const svg = labels(await renderChartSvg(chartSpec("fr"), chartPoints(chart, "fr")));
    expect(svg).toContain("20\u202f000");
    expect(svg.some((text) => /^\d+k$/.test(text))).toBe(false);
    expect(svg.some((text) => /^\d,\d\u202f%$/.test(text))).toBe(true);
  });

  it("English: SI shorthand (20k) and 3.5%", async () => {
    if (!chart) throw new Error("no chart");
    const svg = labels(await renderChartSvg(chartSpec("en"), chartPoints(chart, "en")));
    expect(svg).toContain("20k");
    expect(svg.some((text) => /^\d\.\d%$/.test(text))).toBe(true);
  });
});
