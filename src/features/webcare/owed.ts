import type { Db } from "../../db/database.ts";
import { servedTeams, type Deps } from "../../deps.ts";
import { dailyDueInstant } from "../../scheduler/due.ts";
import { ledgerKey, ledgerStates, type Claim } from "../../scheduler/ledger.ts";
import { memoized, type TickMemo } from "../../scheduler/tick-memo.ts";
import { addDaysToLocalDate, localDateAt, type LocalDate } from "../../shared/local-date.ts";
import { teamSchedules } from "../settings/store.ts";
import { planOf, settingsOn, type HandoverSettings } from "./duty.ts";
import { dutySchedule, type DutyDay } from "./rotation.ts";
import { allRotations, groupLinksByTeam, plansAround, type StoredRotation } from "./store.ts";

/**
 * What the webcare jobs owe at `now`, for every team at once: a fixed number
 * of queries (teams, rotations, covers and absences around today, the
 * ledger), never one per team, so a tick with nothing owed costs the same for
 * 1 team or 1,000. The duty rule (rotation.ts) and the due-time rule
 * (scheduler/due.ts) stay pure; this only feeds them every team's rows.
 *
 * The answer may be a superset (the ledger's claim still decides who sends),
 * never a subset: a team left out here would get nothing that day.
 */

/** How many days the gap alert looks ahead (today included). */
export const GAP_DAYS = 7;
/** Around the asked days, as loadPlan does (for "handed over by" and "next"). */
const MARGIN_DAYS = 8;

/** A team whose hand-over time has passed today, with its duty from today on. */
export interface WebcareTeamDay {
  teamId: string;
  /** Today in the team's timezone (the hand-over has passed). */
  period: LocalDate;
  settings: HandoverSettings;
  /** GAP_DAYS + 1 duty days from `period`: [0] today, [1] tomorrow. */
  days: DutyDay[];
}

/**
 * What the look found: the teams owed something, and the teams whose rules
 * could not be applied (a timezone no longer known…), for the job to report
 * without stopping the others.
 */
export interface Owed {
  owed: WebcareTeamDay[];
  unreadable: Array<{ teamId: string; reason: string }>;
  /** Some key looked at is held by a claim that may yet be given back or taken over. */
  inFlight?: boolean;
}

/** What the look at today found, and when the next team's hand-over comes. */
interface DueToday extends Owed {
  /**
   * The earliest instant after `now` at which a team's hand-over falls due
   * (today's when it has not passed yet, else tomorrow's), by the team's
   * timezone and rotation; null when no installed team has a rotation.
   */
  nextDueAt: Date | null;
}

/** The memo topic of both webcare jobs (src/scheduler/quiet.ts). */
const QUIET_TOPIC = "webcare";

/**
 * True when an earlier tick of this scheduler found nothing owed by either
 * webcare job and nothing they read has changed since (the tick's stamp),
 * nor has the next hand-over come: then the tick skips their reads.
 */
export function webcareQuiet(deps: Pick<Deps, "quiet" | "tickProbe">, now: Date): boolean {
  return deps.quiet?.holds(QUIET_TOPIC, deps.tickProbe?.stamp, now) ?? false;
}

/**
 * After a tick's webcare work: when neither job owes anything (every key
 * settled for good, no team unreadable), the scheduler may skip both until
 * the next hand-over or the next change. Reads nothing the tick has not read.
 */
export async function noteWebcareQuiet(deps: Deps, now: Date): Promise<void> {
  const { quiet, tickProbe, tickMemo } = deps;
  if (!quiet || !tickProbe || !tickMemo) return;
  const [today, handover, notices] = await Promise.all([
    readDueTodayMemo(deps.db, now, tickMemo),
    teamsOwedAHandover(deps.db, now, tickMemo),
    teamsOwedNotices(deps.db, now, tickMemo),
  ]);
  const owesNothing = [handover, notices].every(
    (look) => look.owed.length === 0 && look.unreadable.length === 0 && !look.inFlight,
  );
  if (owesNothing && today.unreadable.length === 0) {
    quiet.note(QUIET_TOPIC, tickProbe.stamp, now, today.nextDueAt);
  } else quiet.forget(QUIET_TOPIC);
}

/**
 * The owed teams this process serves (all, or the sandbox's one); the
 * unreadable ones it serves are added to `failures` for the job to report.
 */
export function servedOwed(
  deps: Pick<Deps, "onlyTeamId">,
  { owed, unreadable }: Owed,
  failures: string[],
): WebcareTeamDay[] {
  const served = new Set(
    servedTeams(
      deps,
      [...owed, ...unreadable].map((team) => team.teamId),
    ),
  );
  for (const { teamId, reason } of unreadable) {
    if (served.has(teamId)) failures.push(`${teamId} reading the rotation: ${reason}`);
  }
  return owed.filter((team) => served.has(team.teamId));
}

/** Every installed team with a rotation whose hand-over time has passed today. */
export function webcareDueToday(db: Db, now: Date, memo?: TickMemo): Promise<Owed> {
  return readDueTodayMemo(db, now, memo);
}

function readDueTodayMemo(db: Db, now: Date, memo?: TickMemo): Promise<DueToday> {
  return memoized(memo, "webcare-due-today", () => readDueToday(db, now, memo));
}

async function readDueToday(db: Db, now: Date, memo?: TickMemo): Promise<DueToday> {
  const [teams, rotations] = await Promise.all([
    memoized(memo, "team-schedules", () => teamSchedules(db)),
    allRotations(db),
  ]);
  const today = new Map<string, LocalDate>();
  // A hand-over instant per timezone, date and time: most teams share a few.
  const instants = new Map<string, Date>();
  const instant = (date: LocalDate, time: string, timeZone: string): Date => {
    const key = `${timeZone}|${date}|${time}`;
    let at = instants.get(key);
    if (at === undefined) {
      at = dailyDueInstant(date, time, timeZone);
      instants.set(key, at);
    }
    return at;
  };
  const due: Array<Omit<WebcareTeamDay, "days"> & { list: StoredRotation[] }> = [];
  const unreadable: Owed["unreadable"] = [];
  let nextDueAt: Date | null = null;
  const dueNext = (at: Date) => {
    if (nextDueAt === null || at.getTime() < nextDueAt.getTime()) nextDueAt = at;
  };
  for (const [teamId, list] of rotations) {
    const team = teams.of(teamId);
    if (!team) continue; // uninstalled: nothing is sent to it any more
    try {
      let date = today.get(team.timezone);
      if (date === undefined) {
        date = localDateAt(now, team.timezone);
        today.set(team.timezone, date);
      }
      const settings = settingsOn(date, list);
      // dueDailyPeriod's rule (scheduler/due.ts): due from today's instant
      // until the local day ends.
      const todayAt = instant(date, settings.handoverTime, team.timezone);
      if (now.getTime() >= todayAt.getTime()) {
        // Next: tomorrow's hand-over, by tomorrow's rotation (its time may change).
        const tomorrow = addDaysToLocalDate(date, 1);
        const tomorrowAt = instant(
          tomorrow,
          settingsOn(tomorrow, list).handoverTime,
          team.timezone,
        );
        due.push({ teamId, period: date, settings, list });
        dueNext(tomorrowAt);
      } else dueNext(todayAt);
    } catch (error) {
      unreadable.push({ teamId, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  if (due.length === 0) return { owed: [], unreadable, nextDueAt };
  const periods = due.map((team) => team.period).sort();
  const { covers, absences } = await plansAround(
    db,
    addDaysToLocalDate(periods[0] as LocalDate, -MARGIN_DAYS),
    addDaysToLocalDate(periods.at(-1) as LocalDate, GAP_DAYS + MARGIN_DAYS),
  );
  const owed = due.map(({ list, ...team }) => ({
    ...team,
    days: dutySchedule(
      team.period,
      GAP_DAYS + 1,
      planOf(list, {
        covers: covers.get(team.teamId) ?? [],
        absences: absences.get(team.teamId) ?? [],
      }),
    ),
  }));
  return { owed, unreadable, nextDueAt };
}

/**
 * The teams owed some part of today's hand-over (the DM to the person on
 * duty, the channel line, the user group), with what was computed for them.
 * A closed day owes nothing.
 */
export function teamsOwedAHandover(db: Db, now: Date, memo?: TickMemo): Promise<Owed> {
  return memoized(memo, "webcare-owed-handover", () => readOwedAHandover(db, now, memo));
}

async function readOwedAHandover(db: Db, now: Date, memo?: TickMemo): Promise<Owed> {
  const [{ owed: due, unreadable }, groups] = await Promise.all([
    webcareDueToday(db, now, memo),
    groupLinksByTeam(db),
  ]);
  const owed = due.map((team) => {
    const day = team.days[0] as DutyDay;
    const keys: Claim[] = [];
    if (day.status === "closed") return { team, keys };
    const { teamId, period } = team;
    if (day.onDuty) keys.push({ job: "webcare-reminder", scope: teamId, period });
    if (team.settings.channelId) {
      const scope = `${teamId}/${team.settings.channelId}`;
      keys.push({ job: "webcare-announcement", scope, period });
    }
    const group = groups.get(teamId);
    if (group && day.onDuty)
      keys.push({ job: "webcare-group", scope: `${teamId}/${group}`, period });
    return { team, keys };
  });
  return { ...(await unsettled(db, now, owed)), unreadable };
}

/**
 * The teams owed a notice ahead of duty: tomorrow's person not told yet, or
 * a gap day in the coming GAP_DAYS not told yet (and today's gap alert not
 * sent: a day's alert is claimed as a whole).
 */
export function teamsOwedNotices(db: Db, now: Date, memo?: TickMemo): Promise<Owed> {
  return memoized(memo, "webcare-owed-notices", () => readOwedNotices(db, now, memo));
}

async function readOwedNotices(db: Db, now: Date, memo?: TickMemo): Promise<Owed> {
  const { owed: due, unreadable } = await webcareDueToday(db, now, memo);
  const owed = due.map((team) => {
    const { teamId, period } = team;
    const keys: Claim[] = [];
    const tomorrow = team.days[1];
    if (tomorrow?.status === "duty" && tomorrow.onDuty) {
      keys.push({
        job: "webcare-tomorrow",
        scope: `${teamId}/${tomorrow.onDuty}`,
        period: tomorrow.date,
      });
    }
    const gaps = team.days.slice(0, GAP_DAYS).filter((day) => day.status === "gap");
    if (gaps.length > 0) {
      keys.push({ job: "webcare-gap-alert", scope: teamId, period });
      // Owed only while one of the days is untold too.
      keys.push(...gaps.map((day) => ({ job: "webcare-gap", scope: teamId, period: day.date })));
    }
    return { team, keys };
  });
  const { settled, inFlight } = await settledFor(
    db,
    now,
    owed.flatMap((o) => o.keys),
  );
  const open = owed
    .filter(({ keys }) => {
      const open = (key: Claim) => !settled.has(ledgerKey(key));
      const tomorrow = keys.find((key) => key.job === "webcare-tomorrow");
      const alert = keys.find((key) => key.job === "webcare-gap-alert");
      const gapDays = keys.filter((key) => key.job === "webcare-gap");
      return (tomorrow && open(tomorrow)) || (alert && open(alert) && gapDays.some(open));
    })
    .map(({ team }) => team);
  return { owed: open, unreadable, inFlight };
}

function settledFor(
  db: Db,
  now: Date,
  keys: readonly Claim[],
): Promise<{ settled: Set<string>; inFlight: boolean }> {
  return ledgerStates(
    db,
    [...new Set(keys.map((key) => key.job))],
    keys.map((key) => key.period),
    now,
  );
}

/** The teams with at least one key not settled in the ledger (one query). */
async function unsettled(
  db: Db,
  now: Date,
  owed: ReadonlyArray<{ team: WebcareTeamDay; keys: Claim[] }>,
): Promise<{ owed: WebcareTeamDay[]; inFlight: boolean }> {
  const { settled, inFlight } = await settledFor(
    db,
    now,
    owed.flatMap((o) => o.keys),
  );
  return {
    owed: owed
      .filter(({ keys }) => keys.some((key) => !settled.has(ledgerKey(key))))
      .map(({ team }) => team),
    inFlight,
  };
}
