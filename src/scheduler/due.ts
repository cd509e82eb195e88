import { TZDate, tzOffset } from "@date-fns/tz";
import { addDays } from "date-fns/addDays";
import { addMinutes } from "date-fns/addMinutes";
import { format } from "date-fns/format";
import { isValid } from "date-fns/isValid";
import { min } from "date-fns/min";
import {
  addDaysToLocalDate,
  assertLocalDate,
  localDateAt,
  weekStartOf,
  type LocalDate,
} from "../shared/local-date.ts";

/**
 * When a daily or weekly job is due, in a team's timezone — pure, no clock.
 *
 * These functions only say which period is due by `now`; the ledger
 * (`(job, team, period)` claimed in the database) is what makes a period run
 * exactly once, so answering "due" again after it ran is expected and safe.
 */

export { localDateAt, weekStartOf };

export interface HourMinute {
  hour: number;
  minute: number;
}

const HHMM = /^(\d{1,2}):(\d{2})$/;

/** Strict `HH:MM` (or `H:MM`), 00:00–23:59; anything else is null. */
export function parseHHMM(value: string): HourMinute | null {
  const match = HHMM.exec(value);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

const WALL = "yyyy-MM-dd'T'HH:mm";

/** What a wall clock in `timeZone` shows at `instant`, as a sortable string. */
function wallClock(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), WALL);
}

/**
 * The instant at which the wall clock in `timeZone` shows `hhmm` on `localDate`.
 *
 * Daylight saving makes this a partial, non-injective map, so both edge cases
 * are decided here rather than left to TZDate's constructor, which (as of
 * @date-fns/tz 1.5) shifts a time in the spring-forward gap by the gap's length
 * (02:30 → 03:30 in Paris) and resolves a repeated fall-back time to the later
 * occurrence in some zones and the earlier in others:
 *
 * - a time that does not exist (02:30 on 2026-03-29 in Europe/Paris) gives the
 *   first valid time after the gap, i.e. the moment of the change (03:00);
 * - a time that exists twice (02:30 on 2026-10-25 in Europe/Paris) gives the
 *   first occurrence, so a daily job fires once, at the earlier one.
 *
 * Offsets come from the zone database via `tzOffset`; nothing is assumed
 * about their size (Lord Howe's 30-minute shift, Samoa's skipped day).
 */
export function dailyDueInstant(localDate: LocalDate, hhmm: string, timeZone: string): Date {
  assertLocalDate(localDate);
  const time = parseHHMM(hhmm);
  if (!time) throw new RangeError(`Not a time of day (HH:MM): ${hhmm}`);
  const [year, month, day] = localDate.split("-").map(Number) as [number, number, number];
  const wanted = `${localDate}T${String(time.hour).padStart(2, "0")}:${String(time.minute).padStart(2, "0")}`;

  // TZDate's reading of the wall time is one of the instants `wanted − offset`
  // for an offset in force near that day. Every instant showing `wanted` is
  // that reading moved by the difference between two such offsets.
  const guess = new TZDate(year, month - 1, day, time.hour, time.minute, timeZone);
  if (!isValid(guess)) throw new RangeError(`Unknown timezone: ${timeZone}`);
  const offsets = [
    ...new Set(
      [-1, 0, 1].map((days) => tzOffset(timeZone, addDays(new Date(guess.getTime()), days))),
    ),
  ];
  const candidates = offsets.flatMap((a) =>
    offsets.map((b) => addMinutes(new Date(guess.getTime()), a - b)),
  );
  const matching = candidates.filter((candidate) => wallClock(candidate, timeZone) === wanted);
  if (matching.length > 0) return min(matching);

  // In a gap: the wall clock jumps from before `wanted` to after it. Search,
  // to the minute, for the first instant whose wall clock is past `wanted`;
  // zones change offset on whole minutes, so that instant is the change itself.
  const sorted = [...candidates].sort((a, b) => a.getTime() - b.getTime());
  const before = sorted.findLast((c) => wallClock(c, timeZone) < wanted);
  const after = sorted.find((c) => wallClock(c, timeZone) > wanted);
  if (!before || !after) throw new RangeError(`Cannot place ${wanted} in ${timeZone}`);
  let low: Date = before;
  let high: Date = after;
  while (high.getTime() - low.getTime() > 60_000) {
    const middle: Date = addMinutes(low, Math.floor((high.getTime() - low.getTime()) / 120_000));
    if (wallClock(middle, timeZone) > wanted) high = middle;
    else low = middle;
  }
  return high;
}

/**
 * The local date whose daily job (due at `hhmm`) is due by `now`, or null.
 *
 * Today's job is due from its instant until the end of the local day, so a
 * process that was down at the hand-over time catches up when it comes back
 * the same day. Yesterday's is never returned: a reminder about a day that is
 * over would be noise.
 */
export function dueDailyPeriod(now: Date, hhmm: string, timeZone: string): LocalDate | null {
  const today = localDateAt(now, timeZone);
  return now.getTime() >= dailyDueInstant(today, hhmm, timeZone).getTime() ? today : null;
}

/**
 * The Monday of the week just ended whose digest is due by `now`, or null.
 *
 * The digest for week W is posted in week W+1 on the digest day (`isoDay`,
 * 1 = Monday … 7 = Sunday) at `hhmm`. From that instant until the end of the
 * local week W+1 the answer is W's Monday (the catch-up window); before it,
 * null. A digest missed for a whole week is not caught up in the week after:
 * by then a newer digest is due, and it is the one people want.
 */
export function dueWeeklyPeriod(
  now: Date,
  isoDay: number,
  hhmm: string,
  timeZone: string,
): LocalDate | null {
  if (!Number.isInteger(isoDay) || isoDay < 1 || isoDay > 7) {
    throw new RangeError(`Not an ISO weekday (1-7): ${isoDay}`);
  }
  const thisWeek = weekStartOf(localDateAt(now, timeZone));
  const digestDay = addDaysToLocalDate(thisWeek, isoDay - 1);
  if (now.getTime() < dailyDueInstant(digestDay, hhmm, timeZone).getTime()) return null;
  return addDaysToLocalDate(thisWeek, -7);
}
