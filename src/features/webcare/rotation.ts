import {
  addDaysToLocalDate,
  assertLocalDate,
  daysBetweenLocalDates,
  type LocalDate,
} from "../../shared/local-date.ts";

/**
 * Who is on webcare duty on which day — pure rules, no Slack, no database.
 *
 * A team's rotation is kept as history: every `/webcare rotation …` saves a
 * new version that applies from its start date until the next version's. Past
 * days therefore keep the order that was in force then, and "who handed over"
 * on the day a rotation changes is still the person from the old order.
 */

/** One saved rotation: Slack user ids in duty order, in force from `startDate`. */
export interface RotationVersion {
  startDate: LocalDate;
  members: readonly string[];
}

/** `userId` takes the duty on `date` instead of whoever the rotation says. */
export interface Cover {
  date: LocalDate;
  userId: string;
}

export interface DutyDay {
  date: LocalDate;
  /** Who is on duty; null before the first rotation or with an empty one. */
  onDuty: string | null;
  /** Yesterday's duty, covers included; null when nobody had it (e.g. the first rotation's first day). */
  handedOverBy: string | null;
  /** Tomorrow's duty, covers included. */
  next: string | null;
  /** True when a cover, not the rotation, decided `onDuty`. */
  coveredBy: boolean;
}

/**
 * Versions in the order they apply. Callers pass them sorted by start date and
 * unique per date, but a stable sort keeps us right if they don't: of two
 * versions with the same start date, the later one in the list (the later
 * save) wins, as PRODUCT.md says of setting the rotation twice in one day.
 */
function inForceOrder(versions: readonly RotationVersion[]): RotationVersion[] {
  for (const version of versions) assertLocalDate(version.startDate);
  return [...versions].sort((a, b) =>
    a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0,
  );
}

/** The version in force on `date`: the last one that started on or before it. */
function versionOn(date: LocalDate, ordered: readonly RotationVersion[]): RotationVersion | null {
  let found: RotationVersion | null = null;
  for (const version of ordered) {
    if (version.startDate > date) break;
    found = version;
  }
  return found;
}

/** At most one cover per date; if the caller passes two, the later one wins. */
function coverIndex(covers: readonly Cover[]): Map<LocalDate, string> {
  const index = new Map<LocalDate, string>();
  for (const cover of covers) index.set(assertLocalDate(cover.date), cover.userId);
  return index;
}

function rotationDuty(date: LocalDate, ordered: readonly RotationVersion[]): string | null {
  const version = versionOn(date, ordered);
  if (!version || version.members.length === 0) return null;
  // The start date is day 0, i.e. the first member's day.
  const day = daysBetweenLocalDates(version.startDate, date);
  return version.members[day % version.members.length] ?? null;
}

function dutyWith(
  date: LocalDate,
  ordered: readonly RotationVersion[],
  covers: ReadonlyMap<LocalDate, string>,
): { userId: string | null; covered: boolean } {
  const cover = covers.get(date);
  if (cover !== undefined) return { userId: cover, covered: true };
  return { userId: rotationDuty(date, ordered), covered: false };
}

/** Who is on duty on `date`: a cover wins, else the rotation in force that day. */
export function dutyOn(
  date: LocalDate,
  versions: readonly RotationVersion[],
  covers: readonly Cover[],
): string | null {
  assertLocalDate(date);
  return dutyWith(date, inForceOrder(versions), coverIndex(covers)).userId;
}

/** The duty on `date` with who handed over (yesterday's duty) and who is next (tomorrow's). */
export function dutyDay(
  date: LocalDate,
  versions: readonly RotationVersion[],
  covers: readonly Cover[],
): DutyDay {
  const [day] = dutySchedule(date, 1, versions, covers);
  // dutySchedule returns exactly `days` entries; one was asked for.
  return day as DutyDay;
}

/** `days` consecutive duty days starting on `fromDate` (0 days gives an empty list). */
export function dutySchedule(
  fromDate: LocalDate,
  days: number,
  versions: readonly RotationVersion[],
  covers: readonly Cover[],
): DutyDay[] {
  assertLocalDate(fromDate);
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`Not a day count: ${days}`);
  if (days === 0) return [];
  const ordered = inForceOrder(versions);
  const index = coverIndex(covers);
  // Resolve the day before and the day after the range once, so each day's
  // hand-over and next come from the same computation as its neighbours' duty.
  const resolved = Array.from({ length: days + 2 }, (_, i) => {
    const date = addDaysToLocalDate(fromDate, i - 1);
    return { date, ...dutyWith(date, ordered, index) };
  });
  const schedule: DutyDay[] = [];
  for (let i = 1; i <= days; i += 1) {
    const today = resolved[i];
    if (!today) continue;
    schedule.push({
      date: today.date,
      onDuty: today.userId,
      handedOverBy: resolved[i - 1]?.userId ?? null,
      next: resolved[i + 1]?.userId ?? null,
      coveredBy: today.covered,
    });
  }
  return schedule;
}
