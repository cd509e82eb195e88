/**
 * Escapes user text for mrkdwn and plain text alike. Slack gives meaning to
 * `&`, `<` and `>` only; escaping exactly those stops `<!channel>`, `<@U…>`
 * mentions and forged `<https://…|links>` in anything a user typed.
 */
export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A mention Slack renders as the person's current name. */
export function mention(userId: string): string {
  return `<@${userId}>`;
}

export function channelLink(channelId: string): string {
  return `<#${channelId}>`;
}

/** Shortens text to `max` characters (code points), marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Slack's date formatting: shown in each reader's own timezone, with a fallback. */
export function slackDate(at: Date, format: string, fallback: string): string {
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${escapeText(fallback)}>`;
}
