import type { KnownBlock } from "@slack/types";

/** A message Greenlight sends: blocks always travel with a plain `text` fallback. */
export interface Reply {
  text: string;
  blocks?: KnownBlock[];
}

type Respond = (message: {
  response_type: "ephemeral";
  text: string;
  blocks?: KnownBlock[];
  replace_original?: boolean;
}) => Promise<unknown>;

function asMessage(reply: Reply | string): Reply {
  return typeof reply === "string" ? { text: reply } : reply;
}

type CommandAck = (response: {
  response_type: "ephemeral";
  text: string;
  blocks?: KnownBlock[];
}) => Promise<void>;

/**
 * Answers a command in its acknowledgement, visible to the caller only: for
 * replies known at once (help, usage lines) this saves a second request to
 * response_url and its work after the ack. Slack's 3-second rule still holds,
 * so only for replies that need no slow work.
 */
export async function ackPrivately(ack: CommandAck, reply: Reply | string): Promise<void> {
  await ack({ response_type: "ephemeral", ...asMessage(reply) });
}

/** Answers the person who ran a command or clicked, visible to them only. */
export async function replyPrivately(respond: Respond, reply: Reply | string): Promise<void> {
  await respond({ response_type: "ephemeral", replace_original: false, ...asMessage(reply) });
}

export function section(text: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

export function header(text: string): KnownBlock {
  return { type: "header", text: { type: "plain_text", text, emoji: true } };
}

export function context(text: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text }] };
}

export const divider: KnownBlock = { type: "divider" };
