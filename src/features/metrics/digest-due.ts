/**
 * Which teams owe a weekly digest at a given minute, and which will within
 * PREPARE_AHEAD_MS: from the teams' digest day, time and timezone, the
 * channels' subscriptions and the ledger. Reads only; the job
 * (digest-job.ts) claims and posts.
 */
import type { Db } from "../../db/database.ts";
import { dueWeeklyPeriod } from "../../scheduler/due.ts";
import { ledgerKey, settledKeys } from "../../scheduler/ledger.ts";
import { memoized, type TickMemo } from "../../scheduler/tick-memo.ts";
import type { LocalDate } from "../../shared/local-date.ts";
import { teamSchedules, type TeamSettings } from "../settings/store.ts";
import { digestInstant } from "./digest-week.ts";
import { allSubscriptions } from "./store.ts";

export const DIGEST_JOB = "weekly-digest";

/**
 * How far ahead a digest's chart is prepared. One chart costs 50–100 ms of
 * CPU to draw, so many teams due at the same minute (500: 30–90 s of one
 * core) cannot all be drawn on the tick before; they are drawn over the
 * ticks of this window, soonest due first, each tick spending at most
 * PREPARE_BUDGET_MS on it. Only teams whose digest is this near load the
 * chart engine: an idle process's memory does not grow.
 */
export const PREPARE_AHEAD_MS = 15 * 60_000;

/** A team's digest owed now: its week and the channels still owed it, in subscription order. */
export interface DueDigest {
  teamId: string;
  timezone: string;
  weekStart: LocalDate;
  channels: string[];
}

/**
 * The installed teams owed a digest at `now` (`due`): this week's digest
 * time has passed in the team's timezone and these of its channels
 * (subscribed by then) have no settled row in the ledger; those whose
 * settings cannot be read (`broken`); and (`soon`) those whose next digest
 * falls due within PREPARE_AHEAD_MS, whose chart is prepared. Three queries
 * (teams, subscriptions, ledger) however many teams, so an idle tick costs
 * the same for 1 or 1,000; only these teams are read and worked on. A
 * superset is safe: the ledger's claim decides who posts.
 */
export async function digestWork(
  db: Db,
  now: Date,
  memo?: TickMemo,
): Promise<{
  due: DueDigest[];
  broken: Array<{ teamId: string; error: Error }>;
  soon: Array<{ teamId: string; timezone: string; weekStart: LocalDate; dueAt: Date }>;
}> {
  const [teams, subscriptions] = await Promise.all([
    memoized(memo, "team-schedules", () => teamSchedules(db)),
    allSubscriptions(db),
  ]);
  if (subscriptions.length === 0) return { due: [], broken: [], soon: [] };
  const ahead = new Date(now.getTime() + PREPARE_AHEAD_MS);
  type Due = { weekStart: LocalDate; dueAt: Date } | null;
  type Weeks = { due: Due; next: Due } | Error;
  // Teams with the same settings share one time-zone computation.
  const weeksOfSettings = new Map<string, Weeks>();
  const weeksOf = (team: Pick<TeamSettings, "timezone" | "digestDay" | "digestTime">): Weeks => {
    const key = `${team.timezone}|${team.digestDay}|${team.digestTime}`;
    let weeks = weeksOfSettings.get(key);
    if (!weeks) {
      try {
        const dueAt = (at: Date): Due => {
          const weekStart = dueWeeklyPeriod(at, team.digestDay, team.digestTime, team.timezone);
          return weekStart === null ? null : { weekStart, dueAt: digestInstant(team, weekStart) };
        };
        const due = dueAt(now);
        const next = dueAt(ahead);
        // Due within PREPARE_AHEAD_MS, not yet due now.
        weeks = { due, next: next && next.dueAt.getTime() > now.getTime() ? next : null };
      } catch (error) {
        // Its settings cannot be read (a timezone no longer known): reported
        // as the team's own failure, without stopping the others.
        weeks = error instanceof Error ? error : new Error(String(error));
      }
      weeksOfSettings.set(key, weeks);
    }
    return weeks;
  };
  const candidates = new Map<string, DueDigest>();
  const upcoming = new Map<
    string,
    { teamId: string; timezone: string; weekStart: LocalDate; dueAt: Date }
  >();
  const broken = new Map<string, Error>();
  for (const { teamId, channelId, subscribedAt } of subscriptions) {
    const team = teams.of(teamId);
    if (!team) continue; // uninstalled: nothing is sent to it any more
    const weeks = weeksOf(team);
    if (weeks instanceof Error) {
      broken.set(teamId, weeks);
      continue;
    }
    const { due, next } = weeks;
    // Subscribed after this week's digest time: the first digest is next week's.
    if (due && subscribedAt.getTime() <= due.dueAt.getTime()) {
      const owed = candidates.get(teamId) ?? {
        teamId,
        timezone: team.timezone,
        weekStart: due.weekStart,
        channels: [],
      };
      owed.channels.push(channelId);
      candidates.set(teamId, owed);
    }
    if (next) upcoming.set(teamId, { teamId, timezone: team.timezone, ...next });
  }
  const settled = await settledKeys(
    db,
    [DIGEST_JOB],
    [...candidates.values(), ...upcoming.values()].map((c) => c.weekStart),
    now,
  );
  const isSettled = (teamId: string, channelId: string, weekStart: LocalDate) =>
    settled.has(ledgerKey({ job: DIGEST_JOB, scope: `${teamId}/${channelId}`, period: weekStart }));
  const due = [...candidates.values()]
    .map((owed) => ({
      ...owed,
      channels: owed.channels.filter(
        (channelId) => !isSettled(owed.teamId, channelId, owed.weekStart),
      ),
    }))
    .filter((owed) => owed.channels.length > 0);
  const soonTeams = new Set(
    subscriptions
      .filter(({ teamId, channelId }) => {
        const next = upcoming.get(teamId);
        return next !== undefined && !isSettled(teamId, channelId, next.weekStart);
      })
      .map((subscription) => subscription.teamId),
  );
  return {
    due,
    broken: [...broken].map(([teamId, error]) => ({ teamId, error })),
    soon: [...upcoming.values()]
      .filter((next) => soonTeams.has(next.teamId))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()),
  };
}
