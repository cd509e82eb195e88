/**
 * Parsing of slash-command arguments. With `should_escape: true` Slack sends
 * mentions as `<@U123|name>` and channels as `<#C123|name>`; older clients and
 * hand-typed text may give `<@U123>` / `<#C123>`. Both are accepted.
 */
const USER_MENTION = /^<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>$/;
const CHANNEL_MENTION = /^<#([CGD][A-Z0-9_]+)(?:\|[^>]*)?>$/;

export function parseUserMention(token: string | undefined): string | null {
  return token ? (USER_MENTION.exec(token)?.[1] ?? null) : null;
}

export function parseChannelMention(token: string | undefined): string | null {
  return token ? (CHANNEL_MENTION.exec(token)?.[1] ?? null) : null;
}

/** Splits command text on white space; a mention's `|name` part never holds spaces that matter. */
export function tokenize(text: string | undefined): string[] {
  const trimmed = (text ?? "").trim();
  if (trimmed === "") return [];
  // Keep `<@U1|Jane Doe>` together even when the display name has a space.
  return trimmed.match(/<[^>]*>|\S+/g) ?? [];
}
