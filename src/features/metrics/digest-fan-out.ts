/**
 * chat.postMessage for the digest's fan-out: waits exactly Retry-After on a
 * 429 (shared by every post of a team's run), takes the workspace's pace
 * before each call, and marks the ledger's start right before each try.
 */
import { LogLevel, WebClient } from "@slack/web-api";
import { slackClientOptions } from "../../slack/client.ts";
import { describeSlackError } from "../../slack/errors.ts";
import type { SlackPacer } from "../../slack/pacing.ts";

/** Rate-limit answers one channel's post may get before the run gives it back. */
const MAX_RATE_LIMITED_TRIES = 20;

type PostArgs = Parameters<WebClient["chat"]["postMessage"]>[0];

/** The fan-out's client of each team's client (same token), built once rather than each run. */
const rateLimitedClients = new WeakMap<WebClient, WebClient>();

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
export function fanOutClient(base: WebClient, teamId: string, pacer: SlackPacer | undefined) {
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
