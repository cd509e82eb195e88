import { LogLevel, WebClient } from "@slack/web-api";
import type { Db } from "../../db/database.ts";
import { servedTeams, type Deps } from "../../deps.ts";
import { dailyDueInstant, dueWeeklyPeriod } from "../../scheduler/due.ts";
import type { Job } from "../../scheduler/job.ts";
import { JobFailure } from "../../scheduler/failure.ts";
import {
  claim,
  markFailed,
  markSent,
  markStarted,
  markUnknown,
  ledgerKey,
  release,
  settledKeys,
  unstart,
} from "../../scheduler/ledger.ts";
import { forEachBounded, TEAM_CONCURRENCY } from "../../scheduler/parallel.ts";
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
import { digestMessage, postDigestMessage, type DigestMessage } from "./digest-chart.ts";
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
 * (src/scheduler/ledger.ts): the (job, team/channel, week) row is claimed,
 * `started` is recorded right before each try of the post (and taken back
 * when Slack answers 429, so a process killed while waiting leaves a claim
 * any replica takes again after its lease), and the outcome follows the one
 * classification (src/slack/errors.ts):
 * - transient (rate limited beyond the run's patience, no connection): the
 *   week is given back, the next tick tries again;
 * - permanent (`channel_not_found`, `not_in_channel` after trying to join,
 *   `is_archived`…): not retried; each manager is told once what to fix;
 * - ambiguous (a timeout or 5xx after the post was sent, `internal_error`):
 *   recorded as maybe posted, never re-posted.
 * Each team is handled on its own: one team's failure (not installed, its
 * figures unreadable) never stops the teams after it. Any failure makes the
 * run throw once every team has been tried, so the CLI exits non-zero.
 */
export const weeklyDigestJob: Job = {
  name: DIGEST_JOB,
  // No channel subscribes: nothing can be owed (src/scheduler/probe.ts).
  idle: (probe) => !probe.subscriptions,
  async run(deps: Deps, now: Date): Promise<string[]> {
    const sent: string[] = [];
    const failed: string[] = [];
    const owed = servedTeams(deps, await teamsOwedADigest(deps.db, now, deps.tickMemo));
    await forEachBounded(owed, DIGEST_TEAM_CONCURRENCY, async (teamId) => {
      try {
        await digestForTeam(deps, teamId, now, sent, failed);
      } catch (error) {
        // Nothing of this team reached Slack past this point; its claims are given back.
        failed.push(`${teamId}: ${error instanceof Error ? error.message : String(error)}`);
        deps.logger.error(`weekly digest for ${teamId} failed: ${String(error)}`);
      }
    });
    if (failed.length > 0) {
      throw new JobFailure(`weekly digest not posted to ${failed.join(", ")}`, sent);
    }
    return sent;
  },
};

/**
 * Teams at once in one digest run: half the scheduler's bound, as a team may
 * post to several channels at once (most have one or two). Each post holds a
 * database connection only for its short ledger writes, never while Slack
 * answers, so the pool (src/scheduler/parallel.ts) is not starved.
 */
const DIGEST_TEAM_CONCURRENCY = Math.max(1, Math.floor(TEAM_CONCURRENCY / 2));

/**
 * The installed teams owed a digest at `now`: this week's digest time has
 * passed in the team's timezone and one of its channels (subscribed by then)
 * has no settled row in the ledger. Three queries (teams, subscriptions,
 * ledger) however many teams, so an idle tick costs the same for 1 or 1,000;
 * only these teams are read and worked on. A superset is safe: the ledger's
 * claim decides who posts.
 */
export async function teamsOwedADigest(db: Db, now: Date, memo?: TickMemo): Promise<string[]> {
  const [teams, subscriptions] = await Promise.all([
    memoized(memo, "team-schedules", () => teamSchedules(db)),
    allSubscriptions(db),
  ]);
  if (subscriptions.length === 0) return [];
  const dueWeek = new Map<string, { weekStart: LocalDate; dueAt: Date } | null>();
  const candidates: Array<{ teamId: string; channelId: string; weekStart: LocalDate }> = [];
  const broken = new Set<string>();
  for (const { teamId, channelId, subscribedAt } of subscriptions) {
    const team = teams.of(teamId);
    if (!team) continue; // uninstalled: nothing is sent to it any more
    if (!dueWeek.has(teamId)) {
      try {
        const weekStart = dueWeeklyPeriod(now, team.digestDay, team.digestTime, team.timezone);
        dueWeek.set(
          teamId,
          weekStart === null ? null : { weekStart, dueAt: digestInstant(team, weekStart) },
        );
      } catch {
        // Its settings cannot be read (a timezone no longer known): the team's
        // own run meets the error and reports it, without stopping the others.
        broken.add(teamId);
        dueWeek.set(teamId, null);
      }
    }
    const due = dueWeek.get(teamId);
    // Subscribed after this week's digest time: the first digest is next week's.
    if (!due || subscribedAt.getTime() > due.dueAt.getTime()) continue;
    candidates.push({ teamId, channelId, weekStart: due.weekStart });
  }
  const settled = await settledKeys(
    db,
    [DIGEST_JOB],
    candidates.map((c) => c.weekStart),
    now,
  );
  const owed = candidates.filter(
    (c) =>
      !settled.has(
        ledgerKey({ job: DIGEST_JOB, scope: `${c.teamId}/${c.channelId}`, period: c.weekStart }),
      ),
  );
  return [...broken, ...new Set(owed.map((c) => c.teamId))];
}

async function digestForTeam(
  deps: Deps,
  teamId: string,
  now: Date,
  sent: string[],
  failed: string[],
): Promise<void> {
  const team = await getTeam(deps.db, teamId);
  const weekStart = dueWeeklyPeriod(now, team.digestDay, team.digestTime, team.timezone);
  if (weekStart === null) return;
  const dueAt = digestInstant(team, weekStart);
  const channels = (await subscriptionsOf(deps.db, teamId)).filter(
    // Subscribed after this week's digest time: the first digest is next week's.
    (subscription) => subscription.subscribedAt.getTime() <= dueAt.getTime(),
  );
  if (channels.length === 0) return;
  const base = await deps.slackFor(teamId);
  const slack = fanOutClient(base, teamId, deps.pacer);
  let message: Promise<DigestMessage> | null = null;

  const postOne = async (channelId: string): Promise<void> => {
    const held = await claim(deps.db, {
      job: DIGEST_JOB,
      scope: `${teamId}/${channelId}`,
      period: weekStart,
    });
    if (!held) return;
    let rendered: DigestMessage;
    try {
      // Drawn and uploaded once for every channel of the team.
      // In the team's language: a channel post, chart included.
      message ??= digestFor(deps.db, team, weekStart).then((report) =>
        digestMessage(base, report, deps.logger, team.language),
      );
      rendered = await message;
    } catch (error) {
      // Nothing reached Slack: give the week back.
      await release(deps.db, held);
      throw error;
    }
    const attempt = {
      start: () => markStarted(deps.db, held),
      refused: () => unstart(deps.db, held),
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
      const failure = describeSlackError(error);
      const where = `${teamId}/${channelId}`;
      if (failure.class === "transient") {
        await release(deps.db, held);
        failed.push(`${where}: ${failure.code} (will be retried)`);
      } else if (failure.class === "permanent") {
        await markFailed(deps.db, held, failure.code);
        failed.push(`${where}: ${failure.code} (not retried; the managers are told what to fix)`);
        await tellManagersOnce(deps, { teamId, kind: "post", target: channelId }, failure);
      } else {
        await markUnknown(deps.db, held, failure.code);
        failed.push(`${where}: ${failure.code} (may have been posted; not posted again)`);
      }
      deps.logger.error(`weekly digest for ${where} not posted: ${failure.code}`);
      return;
    }
    if (ts === undefined) return; // the claim was taken over while waiting: theirs to post
    await markSent(deps.db, held, ts);
    sent.push(`weekly digest for the week of ${weekStart} posted in ${channelId} (${teamId})`);
  };

  // A few channels at a time: Slack's limits (about one message per second
  // per channel, plus a workspace-wide limit) are what bounds a fan-out to
  // many channels, not one post after the other.
  const queue = channels.map((subscription) => subscription.channelId);
  const worker = async () => {
    for (let channelId = queue.shift(); channelId; channelId = queue.shift()) {
      await postOne(channelId);
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
  const client = new WebClient(base.token, {
    // The app's options (no repeat of a post whose outcome is unknown), but 429s come back here.
    ...slackClientOptions(base.slackApiUrl),
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
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
          return await client.chat.postMessage(args);
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
