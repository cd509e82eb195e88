import { LogLevel, WebClient } from "@slack/web-api";
import type { Db } from "../../db/database.ts";
import { servedTeams, type Deps } from "../../deps.ts";
import { dailyDueInstant, dueWeeklyPeriod } from "../../scheduler/due.ts";
import type { Job } from "../../scheduler/job.ts";
import { JobFailure } from "../../scheduler/failure.ts";
import {
  claimMany,
  ledgerKey,
  LedgerMarks,
  release,
  settleFailure,
  settledKeys,
  unstart,
  type Claim,
  type Held,
} from "../../scheduler/ledger.ts";
import { forEachBounded, Slots, TEAM_CONCURRENCY } from "../../scheduler/parallel.ts";
import { memoized, type TickMemo } from "../../scheduler/tick-memo.ts";
import {
  addDaysToLocalDate,
  localDateAt,
  weekStartOf,
  type LocalDate,
} from "../../shared/local-date.ts";
import { slackClientOptions } from "../../slack/client.ts";
import { joinChannel } from "../../slack/dm.ts";
import { describeSlackError, slackErrorName } from "../../slack/errors.ts";
import { tellManagersOnce } from "../../slack/outbox/index.ts";
import { teamLanguages, teamSchedules, type TeamSettings } from "../settings/store.ts";
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
  ChartShelf,
  postDigestMessage,
  PreparedMessages,
  type DigestMessage,
} from "./digest-chart.ts";
import type { SlackPacer } from "../../slack/pacing.ts";
import type { Lang } from "../../i18n/lang.ts";
import {
  goalsOf,
  goalsOfTeams,
  metricsBetween,
  metricsOfTeamsBetween,
  allSubscriptions,
  workflowFacts,
  workflowFactsOfTeams,
} from "./store.ts";

export const DIGEST_JOB = "weekly-digest";

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

/**
 * Every week at the team's digest day and time, each subscribed channel gets
 * the digest of the week just ended — exactly once, through the ledger
 * (src/scheduler/ledger.ts): the team's (job, team/channel, week) rows are
 * claimed together, `started` is recorded right before each try of a post
 * (and taken back when Slack answers 429, so a process killed while waiting
 * leaves a claim any replica takes again after its lease), and a failure is
 * settled by the one policy (`settleFailure`, on the one classification of
 * src/slack/errors.ts):
 * - transient (rate limited beyond the run's patience, no connection), or
 *   any failure before the post started: the week is given back, the next
 *   tick tries again;
 * - permanent (`channel_not_found`, `not_in_channel` after trying to join,
 *   `is_archived`…): not retried; each manager is told once what to fix;
 * - ambiguous once the post started (a timeout or 5xx, `internal_error`):
 *   recorded as maybe posted, never re-posted.
 * Each team is handled on its own: one team's failure (not installed, its
 * figures unreadable) never stops the teams after it. Any failure makes the
 * run throw once every team has been tried, so the CLI exits non-zero.
 *
 * The chart of a digest due within PREPARE_AHEAD_MS is drawn and uploaded on
 * the ticks before (ChartShelf), so the due tick starts posting at once.
 */
export const weeklyDigestJob: Job = {
  name: DIGEST_JOB,
  // No channel subscribes: nothing can be owed (src/scheduler/probe.ts).
  idle: (probe) => !probe.subscriptions,
  async run(deps: Deps, now: Date): Promise<string[]> {
    const sent: string[] = [];
    const failed: string[] = [];
    const work = await digestWork(deps.db, now, deps.tickMemo);
    const served = new Set(
      servedTeams(deps, [
        ...work.due.map((due) => due.teamId),
        ...work.broken.map((broken) => broken.teamId),
        ...work.soon.map((soon) => soon.teamId),
      ]),
    );
    for (const { teamId, error } of work.broken) {
      if (!served.has(teamId)) continue;
      failed.push(`${teamId}: ${error.message}`);
      deps.logger.error(`weekly digest for ${teamId} failed: ${String(error)}`);
    }
    // Many teams wait on Slack at once; their queries take one of these slots.
    const db = new Slots(TEAM_CONCURRENCY);
    await deliverDigests(
      deps,
      db,
      work.due.filter((due) => served.has(due.teamId)),
      sent,
      failed,
    );
    // Then the digests due in the next minutes: their charts are drawn and uploaded now.
    await prepareCharts(
      deps,
      db,
      work.soon.filter((soon) => served.has(soon.teamId)),
    );
    if (failed.length > 0) {
      throw new JobFailure(`weekly digest not posted to ${failed.join(", ")}`, sent);
    }
    return sent;
  },
};

/**
 * Teams at once in one digest run. A team's queries each take one of the
 * run's TEAM_CONCURRENCY database slots (src/scheduler/parallel.ts), never
 * held while Slack answers, and its marks share statements with the other
 * teams' (LedgerMarks), so this many teams can wait on Slack at once (each
 * at its own workspace's pace) without starving the pool: with one channel
 * each, every team's post is in flight at once.
 */
const TEAMS_IN_FLIGHT = 512;

/**
 * How far ahead a digest's chart is prepared. One chart costs 50–100 ms of
 * CPU to draw, so many teams due at the same minute (500: 30–90 s of one
 * core) cannot all be drawn on the tick before; they are drawn over the
 * ticks of this window, soonest due first, each tick spending at most
 * PREPARE_BUDGET_MS on it. Only teams whose digest is this near load the
 * chart engine: an idle process's memory does not grow.
 */
export const PREPARE_AHEAD_MS = 15 * 60_000;

/**
 * The time one tick gives to drawing charts ahead: well inside the minute,
 * so the scheduler's next tick (which may be a team's due minute) is never
 * held up by charts for later digests.
 */
const PREPARE_BUDGET_MS = 20_000;

/** Per app (its database object): each replica and each test app keeps its own charts and messages. */
const shelves = new WeakMap<Db, { charts: ChartShelf; messages: PreparedMessages }>();
function shelfOf(db: Db): ChartShelf {
  return preparedOf(db).charts;
}
function preparedOf(db: Db): { charts: ChartShelf; messages: PreparedMessages } {
  let shelf = shelves.get(db);
  if (!shelf) {
    shelf = { charts: new ChartShelf(), messages: new PreparedMessages() };
    shelves.set(db, shelf);
  }
  return shelf;
}

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

/**
 * Reads the reports of many teams' digests, one query per table for each
 * week among them (usually one), through one of the run's slots.
 */
async function reportsOf(
  db: Db,
  slots: Slots,
  teams: ReadonlyArray<{ teamId: string; timezone: string; weekStart: LocalDate }>,
): Promise<Map<string, DigestReport | Error>> {
  const byWeek = new Map<LocalDate, Array<{ id: string; timezone: string }>>();
  for (const team of teams) {
    const list = byWeek.get(team.weekStart) ?? [];
    list.push({ id: team.teamId, timezone: team.timezone });
    byWeek.set(team.weekStart, list);
  }
  const maps = await Promise.all(
    [...byWeek].map(([weekStart, list]) => slots.run(() => digestsFor(db, list, weekStart))),
  );
  return new Map(maps.flatMap((map) => [...map]));
}

/** Each team's Slack client, or why there is none (not installed). */
async function clientsOf(
  deps: Deps,
  slots: Slots,
  teamIds: readonly string[],
): Promise<Map<string, WebClient | Error>> {
  const clients = new Map<string, WebClient | Error>();
  const chunks: string[][] = [];
  for (let i = 0; i < teamIds.length; i += CLIENTS_AT_ONCE) {
    chunks.push(teamIds.slice(i, i + CLIENTS_AT_ONCE));
  }
  // A chunk's lookups start in the same turn of the event loop, where Prisma
  // batches findUnique into one query: one slot (one connection) per chunk.
  await Promise.all(
    chunks.map((chunk) =>
      slots.run(() =>
        Promise.all(
          chunk.map((teamId) =>
            deps.slackFor(teamId).then(
              (client) => void clients.set(teamId, client),
              (error: unknown) =>
                void clients.set(teamId, error instanceof Error ? error : new Error(String(error))),
            ),
          ),
        ),
      ),
    ),
  );
  return clients;
}

/** Teams whose Slack clients are looked up together (one installation read, batched by Prisma). */
const CLIENTS_AT_ONCE = 100;

/**
 * The ticks before teams' digests fall due: their charts are drawn and
 * uploaded (the app's own files, shown nowhere yet) and kept for the due
 * tick, which uses each if the figures are still the same. Soonest due
 * first, for at most PREPARE_BUDGET_MS a tick: the next ticks go on where
 * this one stopped (a chart kept with the same figures costs nothing to pass
 * over). Nothing is claimed or posted. The chart is a plus: one not prepared
 * is drawn when due.
 */
async function prepareCharts(
  deps: Deps,
  slots: Slots,
  soon: ReadonlyArray<{ teamId: string; timezone: string; weekStart: LocalDate }>,
): Promise<void> {
  if (soon.length === 0) return;
  const startedAt = performance.now();
  const teamIds = soon.map((team) => team.teamId);
  let reports: Map<string, DigestReport | Error>;
  let languages: Map<string, Lang>;
  try {
    [reports, languages] = await Promise.all([
      reportsOf(deps.db, slots, soon),
      slots.run(() => teamLanguages(deps.db, teamIds)),
    ]);
  } catch (error) {
    deps.logger.warn(`weekly digest charts not prepared: ${String(error)}`);
    return;
  }
  await forEachBounded(teamIds, TEAM_CONCURRENCY, async (teamId) => {
    try {
      const report = reports.get(teamId);
      if (!report) return;
      if (report instanceof Error) throw report;
      const language = languages.get(teamId) ?? "en";
      const shelf = shelfOf(deps.db);
      // Out of this tick's time: the next tick draws the rest.
      if (!shelf.has(teamId, report, language) && performance.now() - startedAt > PREPARE_BUDGET_MS)
        return;
      const client = await slots.run(() => deps.slackFor(teamId));
      const chart = await shelf.chart(client, teamId, report, deps.logger, language);
      // Rendered now too: the due tick posts it as is when nothing changed.
      preparedOf(deps.db).messages.prepare(teamId, report, chart, language);
    } catch (error) {
      deps.logger.warn(`weekly digest chart for ${teamId} not prepared: ${String(error)}`);
    }
  });
}

/** A due team ready to post: everything read, its first channels claimed. */
interface ReadyDigest {
  due: DueDigest;
  client: WebClient;
  report: DigestReport;
  language: Lang;
  claims: Held[];
  unclaimed: Claim[];
}

/**
 * The due tick: every due team's week is read at once (one query per table,
 * digestsFor), the first CLAIM_AHEAD channels of every team are claimed
 * together (one statement per CLAIM_BATCH keys), then each team posts at its
 * own workspace's pace, its start and sent marks written together with the
 * other teams' (LedgerMarks).
 */
async function deliverDigests(
  deps: Deps,
  slots: Slots,
  due: readonly DueDigest[],
  sent: string[],
  failed: string[],
): Promise<void> {
  if (due.length === 0) return;
  const teamIds = due.map((team) => team.teamId);
  const fail = (teamId: string, error: unknown) => {
    // Nothing of this team reached Slack past this point; its claims are given back.
    failed.push(`${teamId}: ${error instanceof Error ? error.message : String(error)}`);
    deps.logger.error(`weekly digest for ${teamId} failed: ${String(error)}`);
  };
  let reports: Map<string, DigestReport | Error>;
  let languages: Map<string, Lang>;
  let clients: Map<string, WebClient | Error>;
  try {
    [reports, languages, clients] = await Promise.all([
      reportsOf(deps.db, slots, due),
      slots.run(() => teamLanguages(deps.db, teamIds)),
      clientsOf(deps, slots, teamIds),
    ]);
  } catch (error) {
    for (const teamId of teamIds) fail(teamId, error);
    return;
  }
  const reading: Array<Omit<ReadyDigest, "claims" | "unclaimed"> & { keys: Claim[] }> = [];
  for (const team of due) {
    const report = reports.get(team.teamId);
    const client = clients.get(team.teamId);
    if (report instanceof Error || report === undefined) {
      fail(team.teamId, report ?? new Error("its week was not read"));
    } else if (client instanceof Error || client === undefined) {
      fail(team.teamId, client ?? new Error("no Slack client"));
    } else {
      const keys = team.channels.map((channelId) => ({
        job: DIGEST_JOB,
        scope: `${team.teamId}/${channelId}`,
        period: team.weekStart,
      }));
      const language = languages.get(team.teamId) ?? "en";
      reading.push({ due: team, client, report, language, keys });
    }
  }
  // The first channels of every team, claimed together.
  let held: Held[];
  try {
    held = await slots.run(() =>
      claimMany(
        deps.db,
        reading.flatMap((team) => team.keys.slice(0, CLAIM_AHEAD)),
      ),
    );
  } catch (error) {
    for (const team of reading) fail(team.due.teamId, error);
    return;
  }
  const heldOf = new Map<string, Held[]>();
  for (const claim of held) {
    const teamId = claim.key.scope.slice(0, claim.key.scope.indexOf("/"));
    heldOf.set(teamId, [...(heldOf.get(teamId) ?? []), claim]);
  }
  const ready: ReadyDigest[] = reading
    .map(({ keys, ...team }) => ({
      ...team,
      claims: heldOf.get(team.due.teamId) ?? [],
      unclaimed: keys.slice(CLAIM_AHEAD),
    }))
    .filter((team) => team.claims.length > 0 || team.unclaimed.length > 0);
  const marks = new LedgerMarks(deps.db, (statement) => slots.run(statement));
  await forEachBounded(ready, TEAMS_IN_FLIGHT, async (team) => {
    try {
      await postTeamDigest(deps, slots, marks, team, sent, failed);
    } catch (error) {
      fail(team.due.teamId, error);
    }
  });
}

async function postTeamDigest(
  deps: Deps,
  db: Slots,
  marks: LedgerMarks,
  ready: ReadyDigest,
  sent: string[],
  failed: string[],
): Promise<void> {
  const { due, client: base, report, language, claims, unclaimed } = ready;
  const { teamId, weekStart } = due;

  let rendered: DigestMessage;
  try {
    // In the team's language: a channel post, chart included (usually drawn on a tick before).
    const chart = await shelfOf(deps.db).chart(base, teamId, report, deps.logger, language);
    rendered = preparedOf(deps.db).messages.take(teamId, report, chart, language);
  } catch (error) {
    await db.run(async () => {
      for (const held of claims) await release(deps.db, held);
    });
    throw error;
  }
  const slack = fanOutClient(base, teamId, deps.pacer);

  const postOne = async (held: Held): Promise<void> => {
    const channelId = held.key.scope.slice(teamId.length + 1);
    let didStart = false;
    const attempt = {
      start: async () => (didStart = await marks.start(held)),
      refused: () =>
        db.run(async () => {
          didStart = false;
          await unstart(deps.db, held);
        }),
    };
    // A refused post (the chart's image, not in the channel) was not posted: trying again is safe.
    const post = () =>
      postDigestMessage(
        async (reply) =>
          (
            await slack.post(
              {
                channel: channelId,
                text: reply.text,
                ...(reply.blocks ? { blocks: reply.blocks } : {}),
                unfurl_links: false,
                unfurl_media: false,
              },
              attempt,
            )
          )?.ts,
        rendered,
      );
    let ts: string | undefined;
    try {
      try {
        ts = await post();
      } catch (error) {
        // Not in a public channel: join it (channels:join) and post once more.
        if (slackErrorName(error) !== "not_in_channel" || !(await joinChannel(base, channelId)))
          throw error;
        ts = await post();
      }
    } catch (error) {
      // The one policy (src/scheduler/ledger.ts): given back, failed for good, or maybe posted.
      const failure = await db.run(() => settleFailure(deps.db, held, error, didStart));
      const where = `${teamId}/${channelId}`;
      if (failure.class === "permanent") {
        failed.push(`${where}: ${failure.code} (not retried; the managers are told what to fix)`);
        await tellManagersOnce(deps, { teamId, kind: "post", target: channelId }, failure);
      } else if (failure.class === "ambiguous" && didStart) {
        failed.push(`${where}: ${failure.code} (may have been posted; not posted again)`);
      } else {
        failed.push(`${where}: ${failure.code} (will be retried)`);
      }
      deps.logger.error(`weekly digest for ${where} not posted: ${failure.code}`);
      return;
    }
    if (ts === undefined) return; // the claim was taken over while waiting: theirs to post
    await marks.sent(held, ts);
    sent.push(`weekly digest for the week of ${weekStart} posted in ${channelId} (${teamId})`);
  };

  // A few channels at a time: Slack's limits (about one message per second
  // per channel, plus a workspace-wide limit) are what bounds a fan-out to
  // many channels, not one post after the other.
  // The channels are claimed CLAIM_AHEAD at a time, the next ones while these
  // are posted: a claim is never held much longer than its post takes to
  // come, so its lease does not run out while this process is still at work.
  const queue = [...claims];
  let claiming: Promise<void> | null = null;
  let claimFailure: unknown = null;
  const claimMore = () =>
    (claiming ??= db
      .run(() => claimMany(deps.db, unclaimed.splice(0, CLAIM_AHEAD)))
      .then((more) => {
        queue.push(...more);
      })
      .finally(() => {
        claiming = null;
      }));
  const nextHeld = async (): Promise<Held | undefined> => {
    for (;;) {
      const held = queue.shift();
      if (queue.length < FAN_OUT_CONCURRENCY && unclaimed.length > 0) {
        // Ahead of need; a failure is reported with the team's (its channels stay owed).
        claimMore().catch((error: unknown) => {
          claimFailure ??= error;
        });
      }
      if (held) return held;
      if (unclaimed.length === 0 && !claiming) return undefined;
      await claimMore();
    }
  };
  const worker = async () => {
    for (let held = await nextHeld(); held; held = await nextHeld()) {
      await postOne(held);
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(FAN_OUT_CONCURRENCY, queue.length + unclaimed.length) }, worker),
  );
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (rejected) throw rejected.reason;
  if (claimFailure) throw claimFailure;
}

/**
 * Channels posted to at once by one digest run: enough calls in flight to
 * keep up with the workspace's pace (src/slack/pacing.ts) at Slack's
 * latency; the pacer, not this number, sets the rate.
 */
const FAN_OUT_CONCURRENCY = 16;
/**
 * Channels claimed at once: a few seconds of posts at the workspace's pace
 * (4 at 50 a second, 40 at the default 5), well inside a claim's 2-minute
 * lease, in one statement each.
 */
const CLAIM_AHEAD = 200;
/** Rate-limit answers one channel's post may get before the run gives it back. */
const MAX_RATE_LIMITED_TRIES = 20;

type PostArgs = Parameters<WebClient["chat"]["postMessage"]>[0];

/** The fan-out's client of each team's client (same token), built once rather than each run. */
const rateLimitedClients = new WeakMap<WebClient, WebClient>();

interface PostAttempt {
  start(): Promise<boolean>;
  refused(): Promise<void>;
}

/**
 * chat.postMessage for a fan-out. A 429 means Slack did not post, so trying
 * again cannot duplicate; this client waits exactly Retry-After (shared by
 * every post of the run, as the limit is shared) and tries again. The
 * WebClient's own 429 handling adds its retry backoff on top of Retry-After
 * and counts each 429 against its retries, which wastes the refilled limit
 * and, with several posts in flight, gives up on some of them.
 */
function fanOutClient(base: WebClient, teamId: string, pacer: SlackPacer | undefined) {
  let client = rateLimitedClients.get(base);
  if (!client) {
    client = new WebClient(base.token, {
      // The app's options (no repeat of a post whose outcome is unknown), but 429s come back here.
      ...slackClientOptions(base.slackApiUrl),
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
    rateLimitedClients.set(base, client);
  }
  const posts = client;
  let notBefore = 0;
  return {
    /**
     * Posts, waiting out 429s. `attempt.start()` runs right before each try
     * (false: the claim is no longer ours, nothing is posted and undefined is
     * returned); `attempt.refused()` after a 429, before waiting.
     */
    async post(args: PostArgs, attempt: PostAttempt) {
      for (let tries = 1; ; tries += 1) {
        const wait = notBefore - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        // The workspace's pace: wait for a turn before the call, not for a 429 after it.
        await pacer?.take(teamId, "chat.postMessage");
        if (!(await attempt.start())) return undefined;
        // Slack counts the call when it arrives: the wire's pace, after the ledger write.
        await pacer?.send(teamId, "chat.postMessage");
        const sentAt = Date.now();
        try {
          return await posts.chat.postMessage(args);
        } catch (error) {
          const failure = describeSlackError(error);
          if (failure.code !== "ratelimited" || failure.retryAfterMs === undefined) throw error;
          await attempt.refused();
          if (tries >= MAX_RATE_LIMITED_TRIES) throw error;
          // Counted from when the call went out: Slack's wait starts when it refused it.
          notBefore = Math.max(notBefore, sentAt + failure.retryAfterMs);
          pacer?.pause(teamId, "chat.postMessage", notBefore - Date.now());
        }
      }
    },
  };
}
