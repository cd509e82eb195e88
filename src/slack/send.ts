import type { WebClient } from "@slack/web-api";
import { ErrorCode } from "@slack/web-api";
import { isAmbiguousSlackFailure } from "./client.ts";
import type { Reply } from "./reply.ts";

/** A direct message from the app to one person (opens the DM first). */
export async function sendDirectMessage(
  client: WebClient,
  userId: string,
  reply: Reply,
): Promise<{ channel: string; ts: string }> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error(`conversations.open gave no channel for ${userId}`);
  const posted = await client.chat.postMessage({ channel, ...reply });
  return { channel, ts: String(posted.ts ?? "") };
}

/** Posts in a channel. */
export async function postInChannel(
  client: WebClient,
  channel: string,
  reply: Reply,
): Promise<{ channel: string; ts: string }> {
  const posted = await client.chat.postMessage({ channel, ...reply });
  return { channel, ts: String(posted.ts ?? "") };
}

/**
 * True when a failed call certainly did not post anything: the connection
 * failed or Slack refused to take the request (rate limit, HTTP error), so
 * trying again later cannot duplicate a message. A timeout is not such a
 * case (Slack may have posted and the answer been lost), nor is an error
 * Slack answered with (`not_in_channel`…), which a retry would only repeat.
 */
export function retryableSlackFailure(error: unknown): boolean {
  // A post timed out or answered 5xx after it was sent: it may be in the channel.
  if (isAmbiguousSlackFailure(error)) return false;
  const e = error as { code?: unknown; original?: { code?: unknown } } | null;
  if (e?.code === ErrorCode.RateLimitedError || e?.code === ErrorCode.HTTPError) return true;
  if (e?.code !== ErrorCode.RequestError) return false;
  const cause = e.original?.code;
  return cause !== "ECONNABORTED" && cause !== "ETIMEDOUT";
}

/** The `error` of a call Slack answered with `ok: false`, else undefined. */
export function slackPlatformError(error: unknown): string | undefined {
  const e = error as { code?: unknown; data?: { error?: unknown } } | null;
  return e?.code === ErrorCode.PlatformError && typeof e.data?.error === "string"
    ? e.data.error
    : undefined;
}
