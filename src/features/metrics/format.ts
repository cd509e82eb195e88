import { TZDate } from "@date-fns/tz";
import type { Locale } from "date-fns";
import { format as formatDate } from "date-fns/format";
import { enGB } from "date-fns/locale/en-GB";
import { fr } from "date-fns/locale/fr";
import { numberFormat } from "../../i18n/format.ts";
import { intlLocale, type Lang } from "../../i18n/lang.ts";
import type { LocalDate } from "../../shared/local-date.ts";
import type { Change, RateChange } from "./digest.ts";
import { GOAL_FIGURES, type GoalFigure } from "./goals.ts";
import { metricsText, type MetricsMessages } from "./messages.ts";

/**
 * The metrics feature's figures as each language writes them: numbers and
 * percentages from `Intl` (French `12 345`, `3,5 %` with CLDR's narrow
 * no-break spaces), months from date-fns' locales, units from the catalog.
 * A negative number always carries a real minus sign (U+2212), never a hyphen
 * and never "+−". Every figure that is missing reads the catalog's "no data":
 * nothing here can print NaN or Infinity.
 */

export const MINUS = "\u2212";
const UP = "▲";
const DOWN = "▼";

export interface MetricsFormat {
  readonly lang: Lang;
  readonly t: MetricsMessages;
  /** 12345 → "12,345" / "12 345"; −120 → "−120"; null → "no data". One decimal at most. */
  count(value: number | null): string;
  /** A ratio with one decimal: 0.0425 → "4.3%" / "4,3 %"; null → "no data". */
  percent(rate: number | null): string;
  /** "+12.5%", "−3.0%", "+1.5 pp" (rates), "new", "=", "no data". */
  change(change: Change | RateChange): string;
  /** "▲ 20.0%", "▼ 1.5 pp", "new", "=", "" for no data. */
  arrowChange(change: Change | RateChange): string;
  /** A whole percentage with its sign, for the headline: "+30%", "−7 %". */
  signedWholePercent(kind: "up" | "down", percent: number): string;
  /** "45 min", "2 h 05 min", "1 d 3 h"; null → "no data". */
  duration(minutes: number | null): string;
  /** "4.5 / 5" */
  score(value: number): string;
  /** "16–22 Nov 2026", "30 Nov – 6 Dec 2026", "28 Dec 2026 – 3 Jan 2027" (French: "16–22 nov. 2026"). */
  weekRange(start: LocalDate, end: LocalDate): string;
  /** A week by its Monday, for the chart: "16 Nov" / "16 nov.". */
  weekLabel(week: LocalDate): string;
  /** The weekday of a calendar day: "Saturday" / "samedi". */
  weekday(date: LocalDate): string;
  /** A goal's target or actual as the digest shows it: "5,000", "3.5%", "30 min", "4.5 / 5". */
  goalValue(figure: GoalFigure, value: number | null, as?: "target" | "actual"): string;
  /** "at least 3.5%", "at most 30 min". */
  goalTarget(figure: GoalFigure, target: number): string;
}

/**
 * Intl writes a hyphen-minus for negatives in English and French alike: the
 * real sign reads better. French spaces (before %, between thousands) are
 * made the narrow no-break space whatever the ICU version of this Node
 * (some write U+00A0 before %), so a message reads the same on Node 20 to 24.
 */
const withMinus = (text: string) => text.replace(/-/g, MINUS).replace(/[\u00a0\u202f]/g, "\u202f");

const LOCALES: Record<Lang, Locale> = { en: enGB, fr };
/** A calendar day at noon UTC: no zone can move it to another day. */
const noon = (date: LocalDate) => new TZDate(new Date(`${date}T12:00:00Z`).getTime(), "UTC");

const weekdayFormats = new Map<Lang, Intl.DateTimeFormat>();

export function metricsFormat(lang: Lang): MetricsFormat {
  const t = metricsText(lang);
  const v = t.values;
  const locale = LOCALES[lang];
  const oneDecimal = numberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const upToOne = numberFormat(lang, { maximumFractionDigits: 1 });
  const percentOne = numberFormat(lang, {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const percentWhole = numberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
  const percentTarget = numberFormat(lang, { style: "percent", maximumFractionDigits: 2 });
  const known = (value: number | null): value is number => value !== null && Number.isFinite(value);

  const count = (value: number | null) =>
    known(value) ? withMinus(upToOne.format(value)) : v.noData;
  const percent = (rate: number | null) =>
    known(rate) ? withMinus(percentOne.format(rate)) : v.noData;
  const magnitude = (change: { percent: number } | { points: number }) =>
    "percent" in change
      ? withMinus(percentOne.format(change.percent / 100))
      : v.points(withMinus(oneDecimal.format(change.points)));
  const duration = (minutes: number | null) => {
    if (!known(minutes)) return v.noData;
    const total = Math.max(0, Math.round(minutes));
    if (total < 60) return v.minutes(String(total));
    if (total < 24 * 60) {
      const hours = Math.floor(total / 60);
      const rest = total % 60;
      return rest === 0
        ? v.hours(String(hours))
        : `${v.hours(String(hours))} ${v.minutes(String(rest).padStart(2, "0"))}`;
    }
    // From a day on, minutes no longer matter.
    const days = Math.floor(total / (24 * 60));
    const hours = Math.floor((total % (24 * 60)) / 60);
    return hours === 0 ? v.days(String(days)) : `${v.days(String(days))} ${v.hours(String(hours))}`;
  };
  const score = (value: number) => v.score(withMinus(upToOne.format(Math.round(value * 10) / 10)));
  const month = (date: LocalDate) => formatDate(noon(date), "MMM", { locale });
  const parts = (date: LocalDate) => ({
    year: date.slice(0, 4),
    month: month(date),
    day: String(Number(date.slice(8, 10))),
  });
  const goalValue = (
    figure: GoalFigure,
    value: number | null,
    as: "target" | "actual" = "target",
  ): string => {
    if (!known(value)) return v.noData;
    switch (GOAL_FIGURES[figure].kind) {
      case "count":
        return count(value);
      case "rate":
        // An actual rate has the digest's one decimal; a target keeps what was typed (3.25 %).
        return as === "actual" ? percent(value) : withMinus(percentTarget.format(value));
      case "minutes":
        return duration(value);
      case "score":
        return score(value);
    }
  };

  return {
    lang,
    t,
    count,
    percent,
    change(change) {
      switch (change.kind) {
        case "no-data":
          return v.noData;
        case "new":
          return v.new;
        case "same":
          return v.same;
        default:
          return `${change.kind === "up" ? "+" : MINUS}${magnitude(change)}`;
      }
    },
    arrowChange(change) {
      if (change.kind === "no-data") return "";
      if (change.kind === "new") return v.new;
      if (change.kind === "same") return v.same;
      return `${change.kind === "up" ? UP : DOWN} ${magnitude(change)}`;
    },
    signedWholePercent: (kind, value) =>
      `${kind === "up" ? "+" : MINUS}${withMinus(percentWhole.format(Math.abs(value) / 100))}`,
    duration,
    score,
    weekRange(start, end) {
      const a = parts(start);
      const b = parts(end);
      if (a.year !== b.year) return `${a.day} ${a.month} ${a.year} – ${b.day} ${b.month} ${b.year}`;
      if (a.month !== b.month) return `${a.day} ${a.month} – ${b.day} ${b.month} ${b.year}`;
      return `${a.day}–${b.day} ${b.month} ${b.year}`;
    },
    weekLabel: (week) => `${Number(week.slice(8, 10))} ${month(week)}`,
    weekday(date) {
      let format = weekdayFormats.get(lang);
      if (!format) {
        format = new Intl.DateTimeFormat(intlLocale(lang), { weekday: "long", timeZone: "UTC" });
        weekdayFormats.set(lang, format);
      }
      return format.format(noon(date));
    },
    goalValue,
    goalTarget: (figure, target) =>
      GOAL_FIGURES[figure].direction === "at-most"
        ? t.atMost(goalValue(figure, target))
        : t.atLeast(goalValue(figure, target)),
  };
}
