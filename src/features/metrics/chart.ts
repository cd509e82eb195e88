import { addDaysToLocalDate, type LocalDate } from "../../shared/local-date.ts";
import type { Lang } from "../../i18n/lang.ts";
import { WEBCARE_PLATFORM, computeRates, type MetricsWeek } from "./digest.ts";
import { metricsFormat } from "./format.ts";

/**
 * The digest's chart as data: the last weeks of engagement rate and reach per
 * platform, the Vega-Lite spec that draws them, and the alt text that says
 * the same in words. Pure; drawing it is chart-render.ts's job.
 */

export interface ChartSeries {
  platform: string;
  label: string;
  /** One value per week of `weeks`; null where nothing was logged (or no impressions). */
  engagementRate: Array<number | null>;
  reach: Array<number | null>;
}

export interface ChartData {
  /** Mondays, oldest first; the digest's week last. */
  weeks: LocalDate[];
  series: ChartSeries[];
}

/**
 * The chart's data for the `count` weeks ending with `lastWeek`. Platforms
 * with nothing at all in those weeks are left out, in `order`'s order
 * (unknown ids last). Null when no platform has a figure to draw.
 */
export function chartData(
  history: readonly MetricsWeek[],
  lastWeek: LocalDate,
  count: number,
  labelOf: (platform: string) => string,
  order: readonly string[],
): ChartData | null {
  const weeks = Array.from({ length: count }, (_, i) =>
    addDaysToLocalDate(lastWeek, -7 * (count - 1 - i)),
  );
  const byKey = new Map(history.map((row) => [`${row.platform}/${row.weekStart}`, row]));
  const platforms = [...new Set(history.map((row) => row.platform))]
    .filter((id) => id !== WEBCARE_PLATFORM)
    .sort((a, b) => {
      const ia = order.indexOf(a);
      const ib = order.indexOf(b);
      if (ia !== ib) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
      return a < b ? -1 : a > b ? 1 : 0;
    });
  const series = platforms
    .map((platform): ChartSeries => {
      const rows = weeks.map((week) => byKey.get(`${platform}/${week}`));
      return {
        platform,
        label: labelOf(platform),
        engagementRate: rows.map((row) => computeRates(row).engagementRate),
        reach: rows.map((row) => finite(row?.reach)),
      };
    })
    .filter((s) => [...s.engagementRate, ...s.reach].some((value) => value !== null));
  return series.length === 0 ? null : { weeks, series };
}

function finite(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** "16 Nov" / "16 nov.": the x axis and the alt text name weeks by their Monday. */
export function weekLabel(week: LocalDate, lang: Lang = "en"): string {
  return metricsFormat(lang).weekLabel(week);
}

/** Slack's limit for an image's alt text. */
const MAX_ALT_TEXT = 2000;

/**
 * Every figure of the chart in words, for screen readers and for anyone whose
 * client does not show images: "Engagement rate, weeks of 28 Sep to 16 Nov:
 * LinkedIn 3.1%, 3.4%, no data, …". Cut at Slack's 2,000 characters.
 */
export function chartAltText(data: ChartData, lang: Lang = "en"): string {
  const f = metricsFormat(lang);
  const c = f.t.chart;
  const range = c.weeksRange(
    weekLabel(data.weeks[0] ?? "", lang),
    weekLabel(data.weeks.at(-1) ?? "", lang),
  );
  const rate = data.series.map(
    (s) => `${s.label} ${s.engagementRate.map((value) => f.percent(value)).join(", ")}`,
  );
  const reach = data.series.map(
    (s) => `${s.label} ${s.reach.map((value) => f.count(value)).join(", ")}`,
  );
  const text = `${c.altPanel(c.engagementRate, range, rate)} ${c.altPanel(c.reach, range, reach)}`;
  return [...text].length <= MAX_ALT_TEXT
    ? text
    : `${[...text].slice(0, MAX_ALT_TEXT - 1).join("")}…`;
}

/** Colours that stay apart for nine lines and for the common colour-vision deficiencies (Tableau 10). */
const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

/**
 * d3-format's number locales (what Vega formats axis labels with), from the
 * same CLDR conventions `Intl` uses: French groups with a narrow no-break
 * space and writes a narrow no-break space before %.
 */
const NUMBER_LOCALES: Record<Lang, Record<string, unknown>> = {
  en: { decimal: ".", thousands: ",", grouping: [3], currency: ["£", ""], minus: "\u2212" },
  fr: {
    decimal: ",",
    thousands: "\u202f",
    grouping: [3],
    currency: ["", "\u00a0€"],
    percent: "\u202f%",
    minus: "\u2212",
  },
};

export interface ChartPoint {
  week: string;
  order: number;
  platform: string;
  rate: number | null;
  reach: number | null;
}

/** One row per platform and week: what the spec's "points" data set receives. */
export function chartPoints(data: ChartData, lang: Lang = "en"): ChartPoint[] {
  return data.series.flatMap((s) =>
    data.weeks.map((week, i) => ({
      week: weekLabel(week, lang),
      order: i,
      platform: s.label,
      rate: s.engagementRate[i] ?? null,
      reach: s.reach[i] ?? null,
    })),
  );
}

/**
 * The Vega-Lite spec: two line charts side by side, sharing colours and one
 * legend. Data comes in the named set "points", so the compiled chart can be
 * kept and reused with every team's figures. Fonts: the one shipped in
 * assets/fonts (machines without fonts draw the same picture).
 */
export function chartSpec(lang: Lang = "en"): Record<string, unknown> {
  const c = metricsFormat(lang).t.chart;
  const x = {
    field: "week",
    type: "ordinal",
    sort: { field: "order" },
    title: null,
    axis: { labelAngle: 0, labelFontSize: 11 },
  };
  const color = {
    field: "platform",
    type: "nominal",
    title: null,
    scale: { range: PALETTE },
    legend: { orient: "bottom", direction: "horizontal", labelFontSize: 12, symbolStrokeWidth: 3 },
  };
  const panel = (field: "rate" | "reach", title: string, format: string) => ({
    title: { text: title, anchor: "start", fontSize: 14, fontWeight: "normal" },
    width: 360,
    height: 200,
    transform: [{ filter: `datum.${field} !== null` }],
    mark: { type: "line", point: { size: 30 }, strokeWidth: 2 },
    encoding: {
      x,
      y: {
        field,
        type: "quantitative",
        title: null,
        axis: { format, labelFontSize: 11, tickCount: 5 },
      },
      color,
    },
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { name: "points" },
    background: "white",
    padding: 16,
    config: {
      // Axis numbers as the language writes them: d3-format's locale (French 3,5 %).
      locale: { number: NUMBER_LOCALES[lang] },
      font: "Inter",
      view: { stroke: null },
      axis: {
        labelColor: "#1d1c1d",
        domainColor: "#868686",
        gridColor: "#ebebeb",
        tickColor: "#868686",
      },
      legend: { labelColor: "#1d1c1d" },
      title: { color: "#1d1c1d" },
    },
    hconcat: [
      panel("rate", c.engagementRate, ".1%"),
      // English reads "20k"; French writes no SI shorthand glued to the number
      // (« 20 k » at best, « Md » not « G »): whole numbers, grouped, instead.
      panel("reach", c.reach, lang === "fr" ? ",d" : "~s"),
    ],
    resolve: { scale: { color: "shared" } },
  };
}
