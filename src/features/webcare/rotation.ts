import { assertLocalDate, type LocalDate } from "../../shared/local-date.ts";

/**
 * Who is on webcare duty on which day — pure rules, no Slack, no database.
 *
 * A team has two rotation series, each kept as history (every change saves a
 * new version that applies from its start date until the next version's, so
 * past days keep the order that was in force then):
 *
 * - the main rotation, one person per day: every day (`daily`) or Monday to
 *   Friday only (`weekdays`). It counts only the days it serves: a `weekdays`
 *   rotation skips weekends, and a `daily` one skips the weekend days that a
 *   weekend rotation takes, so nobody loses their turn to the weekend layer;
 * - the weekend rotation, one person per Saturday–Sunday, counting weekends
 *   from its start (a weekend rotation set on a Saturday or a Sunday starts
 *   with that weekend, otherwise with the next one). A version with no members
 *   is `/webcare weekend off`.
 *
 * A day that no rotation serves is `closed`. On a served day, the rotation's
 * person may be away: the duty then goes to the next member in the rotation's
 * order who is not away, and when every member is away the day is a `gap`.
 * A cover (`userId` takes `date`) wins over all of this, on any day.
 *
 * Dates are local calendar days (`YYYY-MM-DD`) in the team's timezone. Inside,
 * they become whole day numbers so that a 60-day schedule over years of
 * history is arithmetic, not date parsing; a day is a day whether it lasts
 * 23, 24 or 25 hours, so daylight saving cannot move anyone.
 */

export type RotationKind = "daily" | "weekdays";

/** One saved main rotation: Slack user ids in duty order, in force from `startDate`. */
export interface RotationVersion {
  startDate: LocalDate;
  members: readonly string[];
  /** Every day (the default) or Monday to Friday only. */
  kind?: RotationKind;
}

/** One saved weekend rotation: one member per weekend; no members means "off". */
export interface WeekendVersion {
  startDate: LocalDate;
  members: readonly string[];
}

/** `userId` is away from `from` to `to`, both included. */
export interface Absence {
  userId: string;
  from: LocalDate;
  to: LocalDate;
}

/** `userId` takes the duty on `date` instead of whoever the rotations say. */
export interface Cover {
  date: LocalDate;
  userId: string;
}

/** Everything the rule reads. Absences and covers outside the asked days are ignored. */
export interface DutyPlan {
  rotations: readonly RotationVersion[];
  weekends?: readonly WeekendVersion[];
  absences?: readonly Absence[];
  covers?: readonly Cover[];
}

export type DutyStatus = "duty" | "closed" | "gap";

export interface DutyDay {
  date: LocalDate;
  /** `duty`: someone is on duty; `closed`: no rotation serves the day; `gap`: everyone is away. */
  status: DutyStatus;
  /** Who is on duty; null on a closed day or a gap. */
  onDuty: string | null;
  /** The rotation's own person that day (absences and covers aside); null when closed. */
  scheduled: string | null;
  /** Which rotation serves the day; null when closed (a cover on a closed day included). */
  rotation: "main" | "weekend" | null;
  /** True when a cover, not a rotation, decided `onDuty`. */
  coveredBy: boolean;
  /** True when `onDuty` stands in for the rotation's person, who is away. */
  standIn: boolean;
  /**
   * Who had the duty last: the previous day's person, looking back over closed
   * days (a Monday after a closed weekend is handed over by Friday's person);
   * null after a gap, or when nobody had it before (the first rotation's first day).
   */
  handedOverBy: string | null;
  /** Who has the duty next, looking ahead over closed days in the same way. */
  next: string | null;
  /** The day of `next`, when there is one. */
  nextDate: LocalDate | null;
}

/** How far "handed over by" and "next" look over closed days: a week covers any weekend or holiday. */
const LOOK_AROUND_DAYS = 7;

// ---------------------------------------------------------------- day numbers

const MS_PER_DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 (a Thursday). The date is checked first. */
function dayNumber(date: LocalDate): number {
  assertLocalDate(date);
  const match = DATE.exec(date) as RegExpExecArray;
  return Math.round(
    Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY,
  );
}

function dateOf(day: number): LocalDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. Day 0 was a Thursday. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

const isWeekend = (day: number) => isoWeekday(day) >= 6;

/** Weekend days (Saturdays and Sundays) in [from, to). */
function weekendDaysIn(from: number, to: number): number {
  if (to <= from) return 0;
  // Count whole weeks, then the remainder day by day (at most six).
  const weeks = Math.floor((to - from) / 7);
  let count = weeks * 2;
  for (let day = from + weeks * 7; day < to; day += 1) if (isWeekend(day)) count += 1;
  return count;
}

/** The Saturday of the weekend `day` belongs to (for a Saturday or a Sunday). */
function saturdayOf(day: number): number {
  return day - (isoWeekday(day) - 6);
}

// ---------------------------------------------------------------- the plan, prepared

interface Segment {
  start: number;
  /** Exclusive: the next version's start, or Infinity. */
  end: number;
  members: readonly string[];
}

interface MainSegment extends Segment {
  kind: RotationKind;
}

interface Prepared {
  main: MainSegment[];
  weekend: Segment[];
  /** Per person, their absences as [from, to] day numbers. */
  away: Map<string, Array<[number, number]>>;
  covers: Map<number, string>;
}

/**
 * Versions in the order they apply, as segments. A stable sort keeps the
 * caller's order for versions with the same start date: the later one in the
 * list (the later save) wins, as setting a rotation twice in one day does.
 */
function segments<T extends { startDate: LocalDate; members: readonly string[] }>(
  versions: readonly T[],
): Array<Segment & { version: T }> {
  const starts = versions.map((version) => ({ version, start: dayNumber(version.startDate) }));
  starts.sort((a, b) => a.start - b.start);
  const unique = starts.filter((entry, i) => starts[i + 1]?.start !== entry.start);
  return unique.map((entry, i) => ({
    start: entry.start,
    end: unique[i + 1]?.start ?? Infinity,
    members: entry.version.members,
    version: entry.version,
  }));
}

function prepare(plan: DutyPlan): Prepared {
  const main = segments(plan.rotations).map(({ start, end, members, version }) => ({
    start,
    end,
    members,
    kind: version.kind ?? "daily",
  }));
  const weekend = segments(plan.weekends ?? []).map(({ start, end, members }) => ({
    start,
    end,
    members,
  }));
  const away = new Map<string, Array<[number, number]>>();
  for (const absence of plan.absences ?? []) {
    const range: [number, number] = [dayNumber(absence.from), dayNumber(absence.to)];
    away.set(absence.userId, [...(away.get(absence.userId) ?? []), range]);
  }
  // At most one cover per date; if the caller passes two, the later one wins.
  const covers = new Map<number, string>();
  for (const cover of plan.covers ?? []) covers.set(dayNumber(cover.date), cover.userId);
  return { main, weekend, away, covers };
}

function segmentOn<S extends Segment>(day: number, list: readonly S[]): S | null {
  let found: S | null = null;
  for (const segment of list) {
    if (segment.start > day) break;
    found = segment;
  }
  return found;
}

function isAway(prepared: Prepared, userId: string, day: number): boolean {
  return (prepared.away.get(userId) ?? []).some(([from, to]) => day >= from && day <= to);
}

/** Weekend days in [from, to) that a weekend rotation with members serves. */
function weekendServedIn(prepared: Prepared, from: number, to: number): number {
  let count = 0;
  for (const segment of prepared.weekend) {
    if (segment.members.length === 0) continue;
    count += weekendDaysIn(Math.max(from, segment.start), Math.min(to, segment.end));
  }
  return count;
}

// ---------------------------------------------------------------- one day

interface Slot {
  rotation: "main" | "weekend";
  members: readonly string[];
  /** Position of the day's person in `members` (before wrapping). */
  index: number;
}

/** Which rotation serves `day` and whose turn it is; null when the day is closed. */
function slotOn(prepared: Prepared, day: number): Slot | null {
  if (isWeekend(day)) {
    const weekend = segmentOn(day, prepared.weekend);
    if (weekend && weekend.members.length > 0) {
      const firstSaturday = isWeekend(weekend.start)
        ? saturdayOf(weekend.start)
        : weekend.start + (6 - isoWeekday(weekend.start));
      return {
        rotation: "weekend",
        members: weekend.members,
        index: (saturdayOf(day) - firstSaturday) / 7,
      };
    }
  }
  const main = segmentOn(day, prepared.main);
  if (!main || main.members.length === 0) return null;
  if (main.kind === "weekdays") {
    if (isWeekend(day)) return null;
    return {
      rotation: "main",
      members: main.members,
      index: day - main.start - weekendDaysIn(main.start, day),
    };
  }
  // Every day, except the weekend days a weekend rotation has taken.
  return {
    rotation: "main",
    members: main.members,
    index: day - main.start - weekendServedIn(prepared, main.start, day),
  };
}

type Resolved = Omit<DutyDay, "handedOverBy" | "next" | "nextDate">;

function resolve(prepared: Prepared, day: number): Resolved {
  const date = dateOf(day);
  const slot = slotOn(prepared, day);
  const scheduled = slot ? (slot.members[slot.index % slot.members.length] ?? null) : null;
  const base = { date, scheduled, rotation: slot?.rotation ?? null };
  const cover = prepared.covers.get(day);
  if (cover !== undefined) {
    return { ...base, status: "duty", onDuty: cover, coveredBy: true, standIn: false };
  }
  if (!slot) return { ...base, status: "closed", onDuty: null, coveredBy: false, standIn: false };
  // The rotation's person, or the next one in order who is not away.
  for (let step = 0; step < slot.members.length; step += 1) {
    const userId = slot.members[(slot.index + step) % slot.members.length] as string;
    if (!isAway(prepared, userId, day)) {
      return { ...base, status: "duty", onDuty: userId, coveredBy: false, standIn: step > 0 };
    }
  }
  return { ...base, status: "gap", onDuty: null, coveredBy: false, standIn: false };
}

// ---------------------------------------------------------------- public

/** Who is on duty on `date` (null when closed or a gap). */
export function dutyOn(date: LocalDate, plan: DutyPlan): string | null {
  return resolve(prepare(plan), dayNumber(date)).onDuty;
}

/** The duty on `date` with who handed over and who is next. */
export function dutyDay(date: LocalDate, plan: DutyPlan): DutyDay {
  const [day] = dutySchedule(date, 1, plan);
  // dutySchedule returns exactly `days` entries; one was asked for.
  return day as DutyDay;
}

/** `days` consecutive duty days starting on `fromDate` (0 days gives an empty list). */
export function dutySchedule(fromDate: LocalDate, days: number, plan: DutyPlan): DutyDay[] {
  const first = dayNumber(fromDate);
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`Not a day count: ${days}`);
  if (days === 0) return [];
  const prepared = prepare(plan);
  // Resolve a week on each side once, so each day's hand-over and next come
  // from the same computation as its neighbours' duty.
  const offset = LOOK_AROUND_DAYS;
  const resolved = Array.from({ length: days + 2 * offset }, (_, i) =>
    resolve(prepared, first - offset + i),
  );
  const schedule: DutyDay[] = [];
  for (let i = offset; i < offset + days; i += 1) {
    const today = resolved[i] as Resolved;
    let before: Resolved | undefined;
    for (let j = i - 1; j >= i - offset; j -= 1) {
      before = resolved[j];
      if (before?.status !== "closed") break;
    }
    let after: Resolved | undefined;
    for (let j = i + 1; j <= i + offset; j += 1) {
      after = resolved[j];
      if (after?.status !== "closed") break;
    }
    schedule.push({
      ...today,
      handedOverBy: before?.onDuty ?? null,
      next: after?.onDuty ?? null,
      nextDate: after?.onDuty ? after.date : null,
    });
  }
  return schedule;
}

/** The main rotation version in force on `date`, or null. */
export function versionOn<T extends { startDate: LocalDate }>(
  date: LocalDate,
  versions: readonly T[],
): T | null {
  let found: T | null = null;
  for (const version of versions) if (version.startDate <= date) found = version;
  return found;
}

/** Every member of the rotations in force on `date` (main first, then weekend), once each. */
export function membersOn(date: LocalDate, plan: DutyPlan): string[] {
  const main = versionOn(date, sortedByStart(plan.rotations));
  const weekend = versionOn(date, sortedByStart(plan.weekends ?? []));
  return [...new Set([...(main?.members ?? []), ...(weekend?.members ?? [])])];
}

function sortedByStart<T extends { startDate: LocalDate }>(versions: readonly T[]): T[] {
  return [...versions].sort((a, b) =>
    a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0,
  );
}
