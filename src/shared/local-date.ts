import { tz } from "@date-fns/tz";
// Subpath imports: the date-fns root index loads the whole library (~145 ms, ~10 MB at start).
import { format } from "date-fns/format";
import { isValid } from "date-fns/isValid";

/**
 * A calendar day in a team's timezone, written `YYYY-MM-DD`.
 *
 * Local dates carry no time and no zone: "2026-03-29" is the same day for a
 * Paris team whether it lasts 23, 24 or 25 hours. All arithmetic here is
 * calendar arithmetic on year-month-day, done on the number of days since
 * 1970-01-01 (UTC has no daylight saving), so adding a day is never "adding
 * 24 hours".
 */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FORMAT = "yyyy-MM-dd";

/**
 * True for a real calendar day in `YYYY-MM-DD` form: rejects 2026-02-30,
 * 2025-02-29, 2026-13-01, "2026-3-1" and anything with extra characters.
 */
export function isValidLocalDate(value: string): boolean {
  return toDayNumber(value) !== null;
}

/** Throws a RangeError naming the bad value; rules call this on their inputs. */
export function assertLocalDate(value: string): LocalDate {
  if (!isValidLocalDate(value)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${value}`);
  return value;
}

/** `date` moved by `days` calendar days (negative moves back). */
export function addDaysToLocalDate(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromDayNumber(dayNumber(date) + days);
}

/** Calendar days from `from` to `to`: positive when `to` is later, 0 on the same day. */
export function daysBetweenLocalDates(from: LocalDate, to: LocalDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** -1, 0 or 1. `YYYY-MM-DD` strings with four-digit years sort like the days they name. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  assertLocalDate(a);
  assertLocalDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(date: LocalDate): number {
  // Day 0 (1970-01-01) was a Thursday.
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** The Monday that starts the ISO week containing `date`. */
export function weekStartOf(date: LocalDate): LocalDate {
  const day = dayNumber(date);
  return fromDayNumber(day - (isoWeekdayOf(date) - 1));
}

/**
 * The calendar date in `timeZone` at the instant `now`: what a wall calendar
 * in that zone shows. `timeZone` is an IANA name (e.g. "Europe/Paris").
 */
export function localDateAt(now: Date, timeZone: string): LocalDate {
  if (!isValid(now)) throw new RangeError("Invalid instant");
  return format(now, FORMAT, { in: tz(timeZone) });
}

const DAY_MS = 86_400_000;

/**
 * Days since 1970-01-01 of a calendar date: calendar arithmetic is integer
 * arithmetic on this number (a scheduled digest does it thousands of times
 * a tick; date-fns in a zone context cost a time-zone lookup each time).
 */
function dayNumber(value: string): number {
  const day = toDayNumber(value);
  if (day === null) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${value}`);
  return day;
}

function toDayNumber(value: string): number | null {
  const match = LOCAL_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date rolls 2026-02-30 over to March 2nd; reading the fields back is what
  // rejects it. setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return null;
  }
  return Math.round(date.getTime() / DAY_MS);
}

function fromDayNumber(day: number): LocalDate {
  const date = new Date(day * DAY_MS);
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  return `${year}-${month}-${String(date.getUTCDate()).padStart(2, "0")}`;
}
