/**
 * A team's digest of one week: what it shows, read from the database (one
 * team, or many teams of the same week at once) and computed by the pure
 * rules of digest.ts and goals.ts. No Slack, no ledger: the job
 * (digest-job.ts) and `/metrics digest` (commands.ts) both show this.
 */
import type { Db } from "../../db/database.ts";
import { dailyDueInstant } from "../../scheduler/due.ts";
import {
  addDaysToLocalDate,
  localDateAt,
  weekStartOf,
  type LocalDate,
} from "../../shared/local-date.ts";
import type { TeamSettings } from "../settings/store.ts";
import { loadPlan, loadPlans, planOf } from "../webcare/duty.ts";
import { dutySchedule, type DutyDay, type DutyPlan } from "../webcare/rotation.ts";
import {
  computeDigest,
  type MetricsWeek,
  type WebcareFacts,
  type WorkflowFacts,
} from "./digest.ts";
import { evaluateGoals, type Goal } from "./goals.ts";
import { LOGGABLE_IDS, platformLabel } from "./input.ts";
import { CHART_WEEKS, type DigestReport } from "./report.ts";
import {
  goalsOf,
  goalsOfTeams,
  metricsBetween,
  metricsOfTeamsBetween,
  workflowFacts,
  workflowFactsOfTeams,
} from "./store.ts";

/** Gathers a week's inputs from the database: its digest, its goals and the chart's weeks. */
export async function digestFor(
  db: Db,
  team: Pick<TeamSettings, "id" | "timezone">,
  weekStart: LocalDate,
): Promise<DigestReport> {
  const { firstChartWeek, weekEnd } = weekSpan(weekStart);
  const { from, to } = weekInstants(weekStart, team.timezone);
  const [rows, workflow, rotation, goals] = await Promise.all([
    metricsBetween(db, team.id, firstChartWeek, weekStart),
    workflowFacts(db, team.id, from, to),
    loadPlan(db, team.id, weekStart, weekEnd),
    goalsOf(db, team.id),
  ]);
  return reportOf({ weekStart, rows, workflow, plan: rotation.plan, goals });
}

/**
 * digestFor() for many teams' digests of the same week, in one query per
 * table however many teams (teams whose weeks end at different instants,
 * in timezones apart, share all but the workflow's three). Each team's
 * report is the one digestFor gives, or the error that stopped it (its
 * timezone no longer known): one team's problem is its own.
 */
export async function digestsFor(
  db: Db,
  teams: ReadonlyArray<Pick<TeamSettings, "id" | "timezone">>,
  weekStart: LocalDate,
): Promise<Map<string, DigestReport | Error>> {
  const reports = new Map<string, DigestReport | Error>();
  if (teams.length === 0) return reports;
  const { firstChartWeek, weekEnd } = weekSpan(weekStart);
  // The week's instants per timezone, and the teams whose weeks are the same instants.
  const windows = new Map<string, { from: Date; to: Date; teamIds: string[] }>();
  const instants = new Map<string, { from: Date; to: Date } | Error>();
  for (const team of teams) {
    let span = instants.get(team.timezone);
    if (!span) {
      try {
        span = weekInstants(weekStart, team.timezone);
      } catch (error) {
        span = error instanceof Error ? error : new Error(String(error));
      }
      instants.set(team.timezone, span);
    }
    if (span instanceof Error) {
      reports.set(team.id, span);
      continue;
    }
    const key = `${span.from.toISOString()}/${span.to.toISOString()}`;
    const window = windows.get(key) ?? { ...span, teamIds: [] };
    window.teamIds.push(team.id);
    windows.set(key, window);
  }
  const teamIds = [...windows.values()].flatMap((window) => window.teamIds);
  if (teamIds.length === 0) return reports;
  const [rows, workflows, plans, goals] = await Promise.all([
    metricsOfTeamsBetween(db, teamIds, firstChartWeek, weekStart),
    Promise.all(
      [...windows.values()].map((w) => workflowFactsOfTeams(db, w.teamIds, w.from, w.to)),
    ).then((maps) => new Map(maps.flatMap((map) => [...map]))),
    loadPlans(db, teamIds, weekStart, weekEnd),
    goalsOfTeams(db, teamIds),
  ]);
  for (const teamId of teamIds) {
    try {
      reports.set(
        teamId,
        reportOf({
          weekStart,
          rows: rows.get(teamId) ?? [],
          workflow: workflowOrThrow(workflows.get(teamId)),
          plan: plans.get(teamId)?.plan ?? planOf([]),
          goals: goals.get(teamId) ?? [],
        }),
      );
    } catch (error) {
      reports.set(teamId, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return reports;
}

function workflowOrThrow<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("the week's workflow was not read");
  return value;
}

/** The chart's first week and the week's last day. */
function weekSpan(weekStart: LocalDate): { firstChartWeek: LocalDate; weekEnd: LocalDate } {
  return {
    firstChartWeek: addDaysToLocalDate(weekStart, -7 * (CHART_WEEKS - 1)),
    weekEnd: addDaysToLocalDate(weekStart, 6),
  };
}

/** The week runs from Monday 00:00 to the next Monday 00:00 in the team's timezone. */
function weekInstants(weekStart: LocalDate, timeZone: string): { from: Date; to: Date } {
  return {
    from: dailyDueInstant(weekStart, "00:00", timeZone),
    to: dailyDueInstant(addDaysToLocalDate(weekStart, 7), "00:00", timeZone),
  };
}

/** A week's digest from what was read: pure. */
function reportOf(input: {
  weekStart: LocalDate;
  rows: MetricsWeek[];
  workflow: WorkflowFacts;
  plan: DutyPlan;
  goals: Goal[];
}): DigestReport {
  const { weekStart, rows } = input;
  const previousWeekStart = addDaysToLocalDate(weekStart, -7);
  const webcare = webcareFacts(dutySchedule(weekStart, 7, input.plan));
  const model = computeDigest({
    weekStart,
    current: rows.filter((row) => row.weekStart === weekStart),
    previous: rows.filter((row) => row.weekStart === previousWeekStart),
    workflow: input.workflow,
    webcare,
  });
  return {
    model,
    goals: evaluateGoals(input.goals, model, platformLabel, LOGGABLE_IDS),
    history: rows,
  };
}

/**
 * The webcare figure of a week from its duty days, by the rotation's own
 * rules: a closed day (no rotation serves it: a weekend of a weekdays-only
 * rotation) is neither covered nor uncovered; only a served day on which
 * nobody can be on duty (everyone away) is uncovered.
 */
export function webcareFacts(days: readonly DutyDay[]): WebcareFacts {
  const on = (status: DutyDay["status"]) =>
    days.filter((day) => day.status === status).map((day) => day.date);
  const uncoveredDays = on("gap");
  return {
    daysCovered: on("duty").length,
    daysUncovered: uncoveredDays.length,
    uncoveredDays,
    closedDays: on("closed"),
  };
}

/** The week `/metrics digest` shows: the last full week (Monday–Sunday) before today. */
export function weekJustEnded(now: Date, timeZone: string): LocalDate {
  return addDaysToLocalDate(weekStartOf(localDateAt(now, timeZone)), -7);
}

/** The instant the digest for `weekStart` became due (the digest day of the week after). */
export function digestInstant(
  team: Pick<TeamSettings, "digestDay" | "digestTime" | "timezone">,
  weekStart: LocalDate,
): Date {
  const digestDay = addDaysToLocalDate(weekStart, 7 + team.digestDay - 1);
  return dailyDueInstant(digestDay, team.digestTime, team.timezone);
}
