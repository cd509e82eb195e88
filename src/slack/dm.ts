import type { WebClient } from "@slack/web-api";
import { classifySlackError, slackErrorName } from "./errors.ts";
import type { Reply } from "./reply.ts";

/** A message as Greenlight posts it: a Reply and the chat.postMessage options it uses. */
export type OutgoingMessage = Reply & { unfurl_links?: boolean; unfurl_media?: boolean };

export interface Posted {
  channel: string;
  ts: string;
}

/**
 * The one way Greenlight sends a direct message: open (or find) the DM with
 * the person, then post in it. Returns where it landed, so it can be updated.
 * A failure is thrown as the WebClient threw it; `classifySlackError`
 * (src/slack/errors.ts) says what it means.
 */
export async function sendDirectMessage(
  client: WebClient,
  userId: string,
  message: OutgoingMessage,
): Promise<Posted> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error(`conversations.open gave no channel for ${userId}`);
  return postInChannel(client, channel, message);
}

/** Posts in a channel (or an open DM); returns where it landed. */
export async function postInChannel(
  client: WebClient,
  channel: string,
  message: OutgoingMessage,
): Promise<Posted> {
  const posted = await client.chat.postMessage({ channel, ...message });
  if (!posted.ts) throw new Error(`chat.postMessage in ${channel} returned no ts`);
  return { channel: posted.channel ?? channel, ts: posted.ts };
}

/**
 * Posts in a channel; when the bot is not in it and the channel is public,
 * joins it (`conversations.join`, scope `channels:join`) and posts once more.
 * `not_in_channel` is Slack certainly refusing, so the second try cannot
 * duplicate. When joining fails too, the first refusal is what is thrown (it
 * names what a person must fix: invite the bot).
 */
export async function postJoining(
  client: WebClient,
  channel: string,
  message: OutgoingMessage,
): Promise<Posted> {
  try {
    return await postInChannel(client, channel, message);
  } catch (error) {
    if (slackErrorName(error) !== "not_in_channel") throw error;
    if (!(await joinChannel(client, channel))) throw error;
    return postInChannel(client, channel, message);
  }
}

/** Joins a public channel; false when Slack refuses (private, archived, no scope). */
export async function joinChannel(client: WebClient, channel: string): Promise<boolean> {
  try {
    await client.conversations.join({ channel });
    return true;
  } catch (error) {
    if (classifySlackError(error) === "permanent") return false;
    throw error;
  }
}

/** Whether the bot can post in a channel, once `ensureCanPost` has done what it can. */
export type PostAccess = "member" | "private" | "archived" | "unseen" | { other: string };

/**
 * Makes sure the bot can post in a channel before a feature promises to post
 * there: it joins a public channel itself (`conversations.join`, scope
 * `channels:join`); a private channel it can only be invited to, so there it
 * checks whether someone already did (`conversations.info`). A channel the
 * bot cannot see at all is `unseen` (Slack hides private channels from
 * non-members, so it may be private). Only Slack's own refusals are answers;
 * anything else (a timeout, a rate limit) is thrown.
 */
export async function ensureCanPost(client: WebClient, channelId: string): Promise<PostAccess> {
  try {
    await client.conversations.join({ channel: channelId });
    return "member";
  } catch (error) {
    const code = slackErrorName(error);
    if (classifySlackError(error) !== "permanent") throw error;
    if (code === "is_archived") return "archived";
    if (code === "channel_not_found") return "unseen";
    if (code !== "method_not_supported_for_channel_type") return { other: code ?? String(error) };
  }
  try {
    const info = await client.conversations.info({ channel: channelId });
    const channel = info.channel as { is_member?: boolean; is_archived?: boolean } | undefined;
    if (channel?.is_archived) return "archived";
    return channel?.is_member ? "member" : "private";
  } catch (error) {
    if (classifySlackError(error) !== "permanent") throw error;
    // A private channel the bot is not in does not exist for the bot.
    return "private";
  }
}
