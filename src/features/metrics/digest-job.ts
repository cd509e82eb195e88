import { ErrorCode, LogLevel, WebClient } from "@slack/web-api";
import type { Db } from "../../db/database.ts";
import { servedTeams, type Deps } from "../../deps.ts";
import { dailyDueInstant, dueWeeklyPeriod } from "../../scheduler/due.ts";
import type { Job } from "../../scheduler/job.ts";
import { claim, markFailed, markSent, release, type Claim } from "../../scheduler/ledger.ts";
import {
  addDaysToLocalDate,
  localDateAt,
  weekStartOf,
  type LocalDate,
} from "../../shared/local-date.ts";
import { slackClientOptions } from "../../slack/client.ts";
import { retryableSlackFailure, slackPlatformError } from "../../slack/send.ts";
import { getTeam, type TeamSettings } from "../settings/store.ts";
import { loadPlan } from "../webcare/duty.ts";
import { dutyOn } from "../webcare/rotation.ts";
import { computeDigest, type WebcareFacts } from "./digest.ts";
import { evaluateGoals } from "./goals.ts";
import { LOGGABLE_IDS, platformLabel } from "./input.ts";
import { CHART_WEEKS, type DigestReport } from "./report.ts";
import { digestMessage, postDigestMessage, type DigestMessage } from "./digest-chart.ts";
import {
  goalsOf,
  metricsBetween,
  subscriptionsOf,
  teamsWithSubscriptions,
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
  const webcare: WebcareFacts = { daysCovered: 0, daysUncovered: 0 };
  for (let day = 0; day < 7; day += 1) {
    const date = addDaysToLocalDate(weekStart, day);
    if (dutyOn(date, rotation.plan) === null) webcare.daysUncovered += 1;
    else webcare.daysCovered += 1;
  }
  const model = computeDigest({
    weekStart,
    current: rows.filter((row) => row.weekStart === weekStart),
    previous: rows.filter((row) => row.weekStart === previousWeekStart),
    workflow,
    webcare,
  });
  return { model, goals: evaluateGoals(goals, model, platformLabel, LOGGABLE_IDS), history: rows };
}

/** The week `/metrics digest` shows: the last full week (Monday–Sunday) before today. */
export function weekJustEnded(now: Date, timeZone: string): LocalDate {
  return addDaysToLocalDate(weekStartOf(localDateAt(now, timeZone)), -7);
}

/** The instant the digest for `weekStart` became due (the digest day of the week after). */
export function digestInstant(team: TeamSettings, weekStart: LocalDate): Date {
  const digestDay = addDaysToLocalDate(weekStart, 7 + team.digestDay - 1);
  return dailyDueInstant(digestDay, team.digestTime, team.timezone);
}

/**
 * Every week at the team's digest day and time, each subscribed channel gets
 * the digest of the week just ended — exactly once: the (job, team/channel,
 * week) row is claimed before posting, and given back when Slack certainly
 * did not post (an error answer, a rate limit, no connection) so that the
 * next tick tries again. Any failure makes the run throw once every channel
 * has been tried, so the CLI exits non-zero.
 */
export const weeklyDigestJob: Job = {
  name: DIGEST_JOB,
  async run(deps: Deps, now: Date): Promise<string[]> {
    const sent: string[] = [];
    const failed: string[] = [];
    for (const teamId of servedTeams(deps, await teamsWithSubscriptions(deps.db))) {
      const team = await getTeam(deps.db, teamId);
      const weekStart = dueWeeklyPeriod(now, team.digestDay, team.digestTime, team.timezone);
      if (weekStart === null) continue;
      let slack: ReturnType<typeof fanOutClient>;
      let teamClient: WebClient;
      try {
        teamClient = await deps.slackFor(teamId);
        slack = fanOutClient(teamClient);
      } catch (error) {
        // This team cannot be reached (not installed): the others still get theirs.
        failed.push(`${teamId}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const dueAt = digestInstant(team, weekStart);
      const channels = (await subscriptionsOf(deps.db, teamId)).filter(
        // Subscribed after this week's digest time: the first digest is next week's.
        (subscription) => subscription.subscribedAt.getTime() <= dueAt.getTime(),
      );
      let message: Promise<DigestMessage> | null = null;
      const postOne = async (channelId: string): Promise<void> => {
        const key: Claim = { job: DIGEST_JOB, scope: `${teamId}/${channelId}`, period: weekStart };
        if (!(await claim(deps.db, key))) return;
        let rendered: DigestMessage;
        try {
          // Drawn and uploaded once for every channel of the team.
          message ??= digestFor(deps.db, team, weekStart).then((report) =>
            digestMessage(teamClient, report, deps.logger),
          );
          rendered = await message;
        } catch (error) {
          // Nothing reached Slack: give the week back and stop this team.
          await release(deps.db, key);
          throw error;
        }
        let ts: string | undefined;
        try {
          const result = await postDigestMessage(
            (reply) =>
              slack.post({
                channel: channelId,
                text: reply.text,
                ...(reply.blocks ? { blocks: reply.blocks } : {}),
                unfurl_links: false,
                unfurl_media: false,
              }),
            rendered,
          );
          ts = result.ts;
        } catch (error) {
          const platformError = slackPlatformError(error);
          const reason = platformError ?? String(error);
          if (platformError !== undefined || retryableSlackFailure(error)) {
            // Slack did not post it: give the week back so the next run retries.
            await release(deps.db, key);
            failed.push(`${teamId}/${channelId}: ${reason} (will be retried)`);
          } else {
            // A timeout: Slack may have posted it. A second post would be a
            // duplicate, so the week is kept as failed rather than retried.
            await markFailed(deps.db, key, reason);
            failed.push(`${teamId}/${channelId}: ${reason} (may have been posted; not retried)`);
          }
          deps.logger.error(`weekly digest for ${teamId}/${channelId} not posted: ${reason}`);
          return;
        }
        await markSent(deps.db, key, ts);
        sent.push(`weekly digest for the week of ${weekStart} posted in ${channelId} (${teamId})`);
      };
      // A few channels at a time: Slack's limits (about one message per
      // second per channel, plus a workspace-wide limit) are what bounds a
      // fan-out to many channels, not one post after the other.
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
    if (failed.length > 0) {
      const done = sent.length > 0 ? ` (posted: ${sent.join("; ")})` : "";
      throw new Error(`weekly digest not posted to ${failed.join(", ")}${done}`);
    }
    return sent;
  },
};

/** Channels posted to at once by one digest run. */
const FAN_OUT_CONCURRENCY = 8;
/** Rate-limit answers one channel's post may get before the run gives it back. */
const MAX_RATE_LIMITED_TRIES = 20;

type PostArgs = Parameters<WebClient["chat"]["postMessage"]>[0];

/**
 * chat.postMessage for a fan-out. A 429 means Slack did not post, so trying
 * again cannot duplicate; this client waits exactly Retry-After (shared by
 * every post of the run, as the limit is shared) and tries again. The
 * WebClient's own 429 handling adds its retry backoff on top of Retry-After
 * and counts each 429 against its retries, which wastes the refilled limit
 * and, with several posts in flight, gives up on some of them.
 */
function fanOutClient(base: WebClient) {
  const client = new WebClient(base.token, {
    // The app's options (no repeat of a post whose outcome is unknown), but 429s come back here.
    ...slackClientOptions(base.slackApiUrl),
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
  let notBefore = 0;
  return {
    async post(args: PostArgs) {
      for (let tries = 1; ; tries += 1) {
        const wait = notBefore - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const sentAt = Date.now();
        try {
          return await client.chat.postMessage(args);
        } catch (error) {
          const retryAfter = (error as { code?: unknown; retryAfter?: unknown }).retryAfter;
          const limited = (error as { code?: unknown }).code === ErrorCode.RateLimitedError;
          if (!limited || typeof retryAfter !== "number" || tries >= MAX_RATE_LIMITED_TRIES)
            throw error;
          // Counted from when the call went out: Slack's wait starts when it refused it.
          notBefore = Math.max(notBefore, sentAt + retryAfter * 1000);
        }
      }
    },
  };
}
