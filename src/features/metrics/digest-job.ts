import { LogLevel, WebClient } from "@slack/web-api";
import type { Db } from "../../db/database.ts";
import { servedTeams, type Deps } from "../../deps.ts";
import { dailyDueInstant, dueWeeklyPeriod } from "../../scheduler/due.ts";
import type { Job } from "../../scheduler/job.ts";
import { JobFailure } from "../../scheduler/failure.ts";
import {
  claimMany,
  ledgerKey,
  markSent,
  markStarted,
  release,
  settleFailure,
  settledKeys,
  unstart,
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
import { getTeam, teamSchedules, type TeamSettings } from "../settings/store.ts";
import { loadPlan } from "../webcare/duty.ts";
import { dutySchedule, type DutyDay } from "../webcare/rotation.ts";
import { computeDigest, type WebcareFacts } from "./digest.ts";
import { evaluateGoals } from "./goals.ts";
import { LOGGABLE_IDS, platformLabel } from "./input.ts";
import { CHART_WEEKS, type DigestReport } from "./report.ts";
import {
  ChartShelf,
  postDigestMessage,
  renderDigestMessage,
  type DigestMessage,
} from "./digest-chart.ts";
import type { SlackPacer } from "../../slack/pacing.ts";
import {
  goalsOf,
  metricsBetween,
  allSubscriptions,
  subscriptionsOf,
  workflowFacts,
} from "./store.ts";

export const DIGEST_JOB = "weekly-digest";

/** Gathers a week's inputs from the database: its digest, its goals and the chart's weeks. */
export async function digestFor(
  db: Db,
  team: Pick<TeamSettings, "id" | "timezone">,
  weekStart: LocalDate,
): Promise<DigestReport> {
  const previousWeekStart = addDaysToLocalDate(weekStart, -7);
  const weekEnd = addDaysToLocalDate(weekStart, 6);
  const firstChartWeek = addDaysToLocalDate(weekStart, -7 * (CHART_WEEKS - 1));
  // The week runs from Monday 00:00 to the next Monday 00:00 in the team's timezone.
  const from = dailyDueInstant(weekStart, "00:00", team.timezone);
  const to = dailyDueInstant(addDaysToLocalDate(weekStart, 7), "00:00", team.timezone);
  const [rows, workflow, rotation, goals] = await Promise.all([
    metricsBetween(db, team.id, firstChartWeek, weekStart),
    workflowFacts(db, team.id, from, to),
    loadPlan(db, team.id, weekStart, weekEnd),
    goalsOf(db, team.id),
  ]);
  const webcare = webcareFacts(dutySchedule(weekStart, 7, rotation.plan));
  const model = computeDigest({
    weekStart,
    current: rows.filter((row) => row.weekStart === weekStart),
    previous: rows.filter((row) => row.weekStart === previousWeekStart),
    workflow,
    webcare,
  });
  return { model, goals: evaluateGoals(goals, model, platformLabel, LOGGABLE_IDS), history: rows };
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
 * the tick before (ChartShelf), so the due tick starts posting at once.
 */
export const weeklyDigestJob: Job = {
  name: DIGEST_JOB,
  // No channel subscribes: nothing can be owed (src/scheduler/probe.ts).
  idle: (probe) => !probe.subscriptions,
  async run(deps: Deps, now: Date): Promise<string[]> {
    const sent: string[] = [];
    const failed: string[] = [];
    const work = await digestWork(deps.db, now, deps.tickMemo);
    // Many teams wait on Slack at once; their queries take one of these slots.
    const db = new Slots(TEAM_CONCURRENCY);
    await forEachBounded(servedTeams(deps, work.owed), TEAMS_IN_FLIGHT, async (teamId) => {
      try {
        await digestForTeam(deps, db, teamId, now, sent, failed);
      } catch (error) {
        // Nothing of this team reached Slack past this point; its claims are given back.
        failed.push(`${teamId}: ${error instanceof Error ? error.message : String(error)}`);
        deps.logger.error(`weekly digest for ${teamId} failed: ${String(error)}`);
      }
    });
    // Then the digests due in the next minutes: their charts are drawn and uploaded now.
    await forEachBounded(servedTeams(deps, work.soon), TEAM_CONCURRENCY, async (teamId) => {
      try {
        await prepareChart(deps, teamId, now);
      } catch (error) {
        // The chart is a plus: the due tick draws it if it is not ready.
        deps.logger.warn(`weekly digest chart for ${teamId} not prepared: ${String(error)}`);
      }
    });
    if (failed.length > 0) {
      throw new JobFailure(`weekly digest not posted to ${failed.join(", ")}`, sent);
    }
    return sent;
  },
};

/**
 * Teams at once in one digest run. A team's queries each take one of the
 * run's TEAM_CONCURRENCY database slots (src/scheduler/parallel.ts), never
 * held while Slack answers, so this many teams can wait on Slack (each at
 * its own workspace's pace) without starving the pool.
 */
const TEAMS_IN_FLIGHT = 64;

/**
 * How far ahead a digest's chart is prepared: the scheduler ticks every
 * minute, so the tick before the due minute (and the one before it, should a
 * tick fire late) prepares it. Only teams whose digest is this near load the
 * chart engine: an idle process's memory does not grow.
 */
export const PREPARE_AHEAD_MS = 2 * 60_000;

/** Per app (its database object): each replica and each test app keeps its own charts. */
const shelves = new WeakMap<Db, ChartShelf>();
function shelfOf(db: Db): ChartShelf {
  let shelf = shelves.get(db);
  if (!shelf) {
    shelf = new ChartShelf();
    shelves.set(db, shelf);
  }
  return shelf;
}

/**
 * The installed teams owed a digest at `now`: this week's digest time has
 * passed in the team's timezone and one of its channels (subscribed by then)
 * has no settled row in the ledger; and (`soon`) those whose next digest
 * falls due within PREPARE_AHEAD_MS, whose chart is prepared. Three queries
 * (teams, subscriptions, ledger) however many teams, so an idle tick costs
 * the same for 1 or 1,000; only these teams are read and worked on. A
 * superset is safe: the ledger's claim decides who posts.
 */
export async function digestWork(
  db: Db,
  now: Date,
  memo?: TickMemo,
): Promise<{ owed: string[]; soon: string[] }> {
  const [teams, subscriptions] = await Promise.all([
    memoized(memo, "team-schedules", () => teamSchedules(db)),
    allSubscriptions(db),
  ]);
  if (subscriptions.length === 0) return { owed: [], soon: [] };
  const ahead = new Date(now.getTime() + PREPARE_AHEAD_MS);
  type Due = { weekStart: LocalDate; dueAt: Date } | null;
  const dueWeeks = new Map<string, { due: Due; next: Due }>();
  const candidates: Array<{ teamId: string; channelId: string; weekStart: LocalDate }> = [];
  const upcoming: typeof candidates = [];
  const broken = new Set<string>();
  for (const { teamId, channelId, subscribedAt } of subscriptions) {
    const team = teams.of(teamId);
    if (!team) continue; // uninstalled: nothing is sent to it any more
    let weeks = dueWeeks.get(teamId);
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
      } catch {
        // Its settings cannot be read (a timezone no longer known): the team's
        // own run meets the error and reports it, without stopping the others.
        broken.add(teamId);
        weeks = { due: null, next: null };
      }
      dueWeeks.set(teamId, weeks);
    }
    const { due, next } = weeks;
    // Subscribed after this week's digest time: the first digest is next week's.
    if (due && subscribedAt.getTime() <= due.dueAt.getTime()) {
      candidates.push({ teamId, channelId, weekStart: due.weekStart });
    }
    if (next) upcoming.push({ teamId, channelId, weekStart: next.weekStart });
  }
  const settled = await settledKeys(
    db,
    [DIGEST_JOB],
    [...candidates, ...upcoming].map((c) => c.weekStart),
    now,
  );
  const unsettled = (list: typeof candidates) =>
    list
      .filter(
        (c) =>
          !settled.has(
            ledgerKey({
              job: DIGEST_JOB,
              scope: `${c.teamId}/${c.channelId}`,
              period: c.weekStart,
            }),
          ),
      )
      .map((c) => c.teamId);
  return {
    owed: [...broken, ...new Set(unsettled(candidates))],
    soon: [...new Set(unsettled(upcoming))],
  };
}

/**
 * The tick before a team's digest falls due: its chart is drawn and uploaded
 * (the app's own file, shown nowhere yet) and kept for the due tick, which
 * uses it if the figures are still the same. Nothing is claimed or posted.
 */
async function prepareChart(deps: Deps, teamId: string, now: Date): Promise<void> {
  const team = await getTeam(deps.db, teamId);
  const weekStart = dueWeeklyPeriod(
    new Date(now.getTime() + PREPARE_AHEAD_MS),
    team.digestDay,
    team.digestTime,
    team.timezone,
  );
  if (weekStart === null) return;
  const [report, client] = await Promise.all([
    digestFor(deps.db, team, weekStart),
    deps.slackFor(teamId),
  ]);
  await shelfOf(deps.db).chart(client, teamId, report, deps.logger, team.language);
}

async function digestForTeam(
  deps: Deps,
  db: Slots,
  teamId: string,
  now: Date,
  sent: string[],
  failed: string[],
): Promise<void> {
  const ready = await db.run(async () => {
    const team = await getTeam(deps.db, teamId);
    const weekStart = dueWeeklyPeriod(now, team.digestDay, team.digestTime, team.timezone);
    if (weekStart === null) return null;
    const dueAt = digestInstant(team, weekStart);
    const channels = (await subscriptionsOf(deps.db, teamId)).filter(
      // Subscribed after this week's digest time: the first digest is next week's.
      (subscription) => subscription.subscribedAt.getTime() <= dueAt.getTime(),
    );
    if (channels.length === 0) return null;
    const base = await deps.slackFor(teamId);
    // The week's figures are read while the channels are claimed (one statement).
    const [report, claims] = await Promise.allSettled([
      digestFor(deps.db, team, weekStart),
      claimMany(
        deps.db,
        channels.map((c) => ({
          job: DIGEST_JOB,
          scope: `${teamId}/${c.channelId}`,
          period: weekStart,
        })),
      ),
    ]);
    if (claims.status === "rejected") throw claims.reason;
    if (report.status === "rejected") {
      // Nothing reached Slack: give the week back.
      for (const held of claims.value) await release(deps.db, held);
      throw report.reason;
    }
    return { team, weekStart, base, report: report.value, claims: claims.value };
  });
  if (!ready || ready.claims.length === 0) return;
  const { team, weekStart, base, report, claims } = ready;

  let rendered: DigestMessage;
  try {
    // In the team's language: a channel post, chart included (usually drawn on the tick before).
    const chart = await shelfOf(deps.db).chart(base, teamId, report, deps.logger, team.language);
    rendered = renderDigestMessage(report, chart, team.language);
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
      start: () => db.run(async () => (didStart = await markStarted(deps.db, held))),
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
    await db.run(() => markSent(deps.db, held, ts));
    sent.push(`weekly digest for the week of ${weekStart} posted in ${channelId} (${teamId})`);
  };

  // A few channels at a time: Slack's limits (about one message per second
  // per channel, plus a workspace-wide limit) are what bounds a fan-out to
  // many channels, not one post after the other.
  const queue = [...claims];
  const worker = async () => {
    for (let held = queue.shift(); held; held = queue.shift()) {
      await postOne(held);
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(FAN_OUT_CONCURRENCY, queue.length) }, worker),
  );
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (rejected) throw rejected.reason;
}

/**
 * Channels posted to at once by one digest run: enough calls in flight to
 * keep up with the workspace's pace (src/slack/pacing.ts) at Slack's
 * latency; the pacer, not this number, sets the rate.
 */
const FAN_OUT_CONCURRENCY = 16;
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
