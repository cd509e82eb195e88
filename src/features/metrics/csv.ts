import { FIGURE_KEYS, RATE_KEYS, computeRates, type MetricsWeek } from "./digest.ts";

/**
 * `/metrics export`: every logged figure as CSV, one row per platform and
 * week. Pure: rows in, text out.
 *
 * The file is opened in spreadsheets, which run a cell starting with `=`,
 * `+`, `-` or `@` (and tab or carriage return, which some treat the same) as
 * a formula: such a text cell gets a leading apostrophe, the usual
 * neutraliser (OWASP "CSV injection"). Numbers are written as numbers, so a
 * negative follower count stays a number.
 */

export type CsvValue = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: RFC 4180 quoting (`"` doubled; quoted when it holds `,` `"` CR or LF), formulas neutralised. */
export function csvCell(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    return String(value);
  }
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows to CSV text: CRLF line ends (RFC 4180), a byte-order mark so spreadsheets read UTF-8. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

export const EXPORT_HEADER = [
  "week_start",
  "platform",
  "reach",
  "impressions",
  "engagements",
  "clicks",
  "conversions",
  "followers_gained",
  "engagement_rate_percent",
  "ctr_percent",
  "conversion_rate_percent",
  "response_minutes",
  "satisfaction",
] as const;

/** A ratio as a percentage with at most 4 decimals (0.04567891 → 4.5679). */
function percent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1_000_000) / 10_000;
}

/** The export: a header, then one row per platform and week, oldest week first. */
export function exportRows(
  rows: readonly MetricsWeek[],
  labelOf: (platform: string) => string,
): CsvValue[][] {
  const sorted = [...rows].sort((a, b) =>
    a.weekStart !== b.weekStart
      ? a.weekStart < b.weekStart
        ? -1
        : 1
      : a.platform < b.platform
        ? -1
        : a.platform > b.platform
          ? 1
          : 0,
  );
  return [
    [...EXPORT_HEADER],
    ...sorted.map((row) => {
      const rates = computeRates(row);
      return [
        row.weekStart,
        labelOf(row.platform),
        ...FIGURE_KEYS.map((key) => row[key] ?? null),
        ...RATE_KEYS.map((key) => percent(rates[key])),
        row.responseMinutes ?? null,
        row.satisfaction ?? null,
      ];
    }),
  ];
}
