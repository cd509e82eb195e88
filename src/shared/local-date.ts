import { TZDate, tz } from "@date-fns/tz";
// Subpath imports: the date-fns root index loads the whole library (~145 ms, ~10 MB at start).
import { addDays } from "date-fns/addDays";
import { differenceInCalendarDays } from "date-fns/differenceInCalendarDays";
import { format } from "date-fns/format";
import { getISODay } from "date-fns/getISODay";
import { isValid } from "date-fns/isValid";
import { startOfISOWeek } from "date-fns/startOfISOWeek";

/**
 * A calendar day in a team's timezone, written `YYYY-MM-DD`.
 *
 * Local dates carry no time and no zone: "2026-03-29" is the same day for a
 * Paris team whether it lasts 23, 24 or 25 hours. All arithmetic here is
 * calendar arithmetic on year-month-day, done by date-fns in the UTC context
 * (a zone without daylight saving), so adding a day is never "adding 24 hours".
 */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FORMAT = "yyyy-MM-dd";
/** UTC has no daylight saving, so calendar maths in it cannot skip or repeat a day. */
const CALENDAR = tz("UTC");

/**
 * True for a real calendar day in `YYYY-MM-DD` form: rejects 2026-02-30,
 * 2025-02-29, 2026-13-01, "2026-3-1" and anything with extra characters.
 */
export function isValidLocalDate(value: string): boolean {
  return toCalendarDate(value) !== null;
}

/** Throws a RangeError naming the bad value; rules call this on their inputs. */
export function assertLocalDate(value: string): LocalDate {
  if (!isValidLocalDate(value)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${value}`);
  return value;
}

/** `date` moved by `days` calendar days (negative moves back). */
export function addDaysToLocalDate(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return format(addDays(calendarDate(date), days, { in: CALENDAR }), FORMAT, { in: CALENDAR });
}

/** Calendar days from `from` to `to`: positive when `to` is later, 0 on the same day. */
export function daysBetweenLocalDates(from: LocalDate, to: LocalDate): number {
  return differenceInCalendarDays(calendarDate(to), calendarDate(from), { in: CALENDAR });
}

/** -1, 0 or 1. `YYYY-MM-DD` strings with four-digit years sort like the days they name. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  assertLocalDate(a);
  assertLocalDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(date: LocalDate): number {
  return getISODay(calendarDate(date), { in: CALENDAR });
}

/** The Monday that starts the ISO week containing `date`. */
export function weekStartOf(date: LocalDate): LocalDate {
  return format(startOfISOWeek(calendarDate(date), { in: CALENDAR }), FORMAT, { in: CALENDAR });
}

/**
 * The calendar date in `timeZone` at the instant `now`: what a wall calendar
 * in that zone shows. `timeZone` is an IANA name (e.g. "Europe/Paris").
 */
export function localDateAt(now: Date, timeZone: string): LocalDate {
  if (!isValid(now)) throw new RangeError("Invalid instant");
  return format(now, FORMAT, { in: tz(timeZone) });
}

function calendarDate(value: string): Date {
  const date = toCalendarDate(value);
  if (date === null) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${value}`);
  return date;
}

function toCalendarDate(value: string): Date | null {
  const match = LOCAL_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // The Date constructor rolls 2026-02-30 over to March 2nd; reading the
  // fields back is what rejects it. (A regex and a constructor, rather than
  // date-fns' parse, because rotation schedules call this thousands of times.)
  const date = new TZDate(year, month - 1, day, "UTC");
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
    return null;
  }
  return date;
}
