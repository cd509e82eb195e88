import { TZDate } from "@date-fns/tz";
import type { Locale } from "date-fns";
import { format as formatDate } from "date-fns/format";
import { enGB } from "date-fns/locale/en-GB";
import { fr } from "date-fns/locale/fr";
import { intlLocale, type Lang } from "./lang.ts";

/**
 * Dates, times, numbers, percentages and plurals as each language writes them,
 * from the runtime's CLDR data (`Intl`): French gets `lundi 7 décembre à 09:00`,
 * `3,5 %` and `12 345` with the non-breaking spaces CLDR prescribes. Instants
 * are always shown in the zone given (the team's); `LocalDate`s are calendar
 * days and need none. No words live here: only the conventions.
 */
export interface Format {
  readonly lang: Lang;
  readonly timeZone: string;
  /** `lundi 7 décembre à 09:00` · `Monday 7 December at 09:00` */
  dateTime(at: Date): string;
  /** `lun. 7 déc. 2026 à 09:00` · `Mon 7 Dec 2026, 09:00` */
  dateTimeShort(at: Date): string;
  /** `lundi 7 décembre` · `Monday 7 December` */
  date(at: Date): string;
  /** `09:00` */
  time(at: Date): string;
  /** A calendar day `YYYY-MM-DD`: `lun. 7 déc. 2026` · `Mon 7 Dec 2026` */
  day(date: string): string;
  /** A calendar day `YYYY-MM-DD`: `lundi 7 décembre` · `Monday 7 December` */
  dayLong(date: string): string;
  /** An ISO weekday (1 = Monday … 7 = Sunday): `lundi` · `Monday` */
  weekday(isoDay: number): string;
  /** `12 345` · `12,345` */
  number(value: number): string;
  /** At most `digits` decimals: `3,5` · `3.5` */
  decimal(value: number, digits?: number): string;
  /** A ratio (0.035) as a percentage: `3,5 %` · `3.5%` */
  percent(ratio: number, digits?: number): string;
  /** `a, b et c` · `a, b and c` */
  list(items: readonly string[]): string;
  /** The CLDR plural form of `count` (French "one" covers 0 and 1). */
  plural<T>(count: number, forms: { one: T; other: T }): T;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${lang}|${JSON.stringify(options)}`;
  let found = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!found) {
    found = new Intl.DateTimeFormat(intlLocale(lang), options);
    cache.set(key, found);
  }
  return found;
}

/** One Intl.NumberFormat per language and options, made once: building one costs far more than using it. */
export function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${lang}|${JSON.stringify(options)}`;
  let found = cache.get(key) as Intl.NumberFormat | undefined;
  if (!found) {
    found = new Intl.NumberFormat(intlLocale(lang), options);
    cache.set(key, found);
  }
  return found;
}

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The CLDR plural form of `count` in `lang`: only "one" and "other" exist in English and French. */
export function plural<T>(lang: Lang, count: number, forms: { one: T; other: T }): T {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(intlLocale(lang));
    pluralRules.set(lang, rules);
  }
  return rules.select(count) === "one" ? forms.one : forms.other;
}

/** A whole number as `lang` writes it (`12 345`, `12,345`); for catalogs, which know their language. */
export function formatNumber(lang: Lang, value: number): string {
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(value);
}

/** `count` and the noun in its plural form: `0 proposition`, `2 propositions`, `1 proposal`. */
export function countOf(lang: Lang, count: number, one: string, other: string): string {
  return `${formatNumber(lang, count)}\u00a0${plural(lang, count, { one, other })}`;
}

/** `a, b et c` · `a, b and c` */
export function formatList(lang: Lang, items: readonly string[]): string {
  return new Intl.ListFormat(intlLocale(lang), { type: "conjunction" }).format(items);
}

/**
 * The compact forms follow date-fns' locales (CLDR's abbreviations), with the
 * house's day-month-year order and no comma after the weekday in English.
 */
const DATE_FNS: Record<Lang, { locale: Locale; day: string; dateTimeShort: string }> = {
  en: { locale: enGB, day: "EEE d MMM yyyy", dateTimeShort: "EEE d MMM yyyy, HH:mm" },
  fr: { locale: fr, day: "EEE d MMM yyyy", dateTimeShort: "EEE d MMM yyyy 'à' HH:mm" },
};

/** A calendar day `YYYY-MM-DD` in `lang`'s compact form (`lun. 7 déc. 2026`); needs no zone. */
export function formatDay(lang: Lang, date: string): string {
  const { locale, day } = DATE_FNS[lang];
  return formatDate(new TZDate(noonUtc(date).getTime(), "UTC"), day, { locale });
}

const HOUR_MINUTE = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
/** A calendar day is formatted at noon UTC, where no zone can move it to another day. */
const noonUtc = (date: string) => new Date(`${date}T12:00:00Z`);

export function formatFor(lang: Lang, timeZone: string): Format {
  const inZone = { timeZone } as const;
  // Looked up once per Format: a list of hundreds of times (`/calendar`) would
  // otherwise build the cache key for each one (and a month's 31 day headings
  // theirs).
  let timeFormat: Intl.DateTimeFormat | undefined;
  let dateOnlyFormat: Intl.DateTimeFormat | undefined;
  return {
    lang,
    timeZone,
    dateTime: (at) =>
      dateFormat(lang, {
        ...inZone,
        weekday: "long",
        day: "numeric",
        month: "long",
        ...HOUR_MINUTE,
      }).format(at),
    dateTimeShort: (at) =>
      formatDate(new TZDate(at.getTime(), timeZone), DATE_FNS[lang].dateTimeShort, {
        locale: DATE_FNS[lang].locale,
      }),
    date: (at) =>
      (dateOnlyFormat ??= dateFormat(lang, {
        ...inZone,
        weekday: "long",
        day: "numeric",
        month: "long",
      })).format(at),
    time: (at) => (timeFormat ??= dateFormat(lang, { ...inZone, ...HOUR_MINUTE })).format(at),
    day: (date) => formatDay(lang, date),
    dayLong: (date) =>
      dateFormat(lang, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" }).format(
        noonUtc(date),
      ),
    // 2024-01-01 was a Monday.
    weekday: (isoDay) =>
      dateFormat(lang, { timeZone: "UTC", weekday: "long" }).format(
        new Date(Date.UTC(2024, 0, isoDay, 12)),
      ),
    number: (value) => formatNumber(lang, value),
    decimal: (value, digits = 1) =>
      numberFormat(lang, { maximumFractionDigits: digits }).format(value),
    percent: (ratio, digits = 1) =>
      numberFormat(lang, { style: "percent", maximumFractionDigits: digits }).format(ratio),
    list: (items) => formatList(lang, items),
    plural: (count, forms) => plural(lang, count, forms),
  };
}
