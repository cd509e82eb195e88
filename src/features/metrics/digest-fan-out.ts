/**
 * chat.postMessage for the digest's fan-out: waits exactly Retry-After on a
 * 429 (shared by every post of a team's run), takes the workspace's pace
 * before each call, and marks the ledger's start right before each try.
 */
import { LogLevel, WebClient } from "@slack/web-api";
import { slackClientOptions } from "../../slack/client.ts";
import { describeSlackError } from "../../slack/errors.ts";
import type { SlackCredentials } from "../../install/clients.ts";
import type { SlackPacer } from "../../slack/pacing.ts";

/** Rate-limit answers one channel's post may get before the run gives it back. */
const MAX_RATE_LIMITED_TRIES = 20;

type PostArgs = Parameters<WebClient["chat"]["postMessage"]>[0];

/**
 * The fan-out's one client per Slack API URL, for every team: each post
 * carries its team's token. A client per team (500 at a due tick over 500
 * workspaces) cost 35 ms of CPU to build at the due minute, for nothing.
 */
const fanOutClients = new Map<string, WebClient>();

function fanOutClientFor(slackApiUrl: string): WebClient {
  let client = fanOutClients.get(slackApiUrl);
  if (!client) {
    client = new WebClient(undefined, {
      // The app's options (no repeat of a post whose outcome is unknown), but 429s come back here.
      ...slackClientOptions(slackApiUrl),
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
      // Its queue would hold every team's posts behind 100 (the default) in
      // flight; what bounds them is the run's teams and channels at once and
      // each workspace's pace (digest-job.ts, src/slack/pacing.ts).
      maxRequestConcurrency: Number.POSITIVE_INFINITY,
    });
    fanOutClients.set(slackApiUrl, client);
  }
  return client;
}

export interface PostAttempt {
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
export function fanOutClient(
  credentials: SlackCredentials,
  teamId: string,
  pacer: SlackPacer | undefined,
) {
  const posts = fanOutClientFor(credentials.slackApiUrl);
  const { token } = credentials;
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
          return await posts.chat.postMessage({ ...args, token });
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
