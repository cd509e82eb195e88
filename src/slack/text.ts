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

/**
 * Slash-command text as the person typed it: Slack sends mentions, channels,
 * special mentions and links in its markup (`<@U1|jane>`, `<!channel>`,
 * `<https://…|label>`) and escapes `&`, `<`, `>`. Used to prefill a plain-text
 * input; whatever comes back from it is escaped again before it is shown.
 */
export function plainFromSlack(text: string): string {
  return text
    .replace(
      /<([@#!])([^|>]*)(?:\|([^>]*))?>/g,
      (_match, sigil: string, id: string, label?: string) => {
        if (label) return sigil === "#" ? `#${label}` : label.startsWith("@") ? label : `@${label}`;
        return sigil === "!" ? `@${id.split("^")[0] ?? id}` : `${sigil}${id}`;
      },
    )
    .replace(/<([^|>]+)(?:\|([^>]*))?>/g, (_match, url: string, label?: string) => label ?? url)
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
