/**
 * Escapes user text for mrkdwn and plain text alike. Slack gives meaning to
 * `&`, `<` and `>` only; escaping exactly those stops `<!channel>`, `<@U…>`
 * mentions and forged `<https://…|links>` in anything a user typed.
 */
export function escapeText(text: string): string {
  // Most text has nothing to escape: one scan instead of three replaces (a
  // month's calendar escapes hundreds of excerpts).
  if (!/[&<>]/.test(text)) return text;
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
  // A string has no more code points than UTF-16 units: most need no count.
  if (text.length <= max) return text;
  if (max < 1) {
    const chars = [...text];
    return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
  }
  // Walks code points without building an array of them (hundreds of
  // excerpts in a month's calendar): `cut` is where the (max)th one starts.
  let index = 0;
  let points = 0;
  let cut = 0;
  while (index < text.length) {
    if (points === max - 1) cut = index;
    index += (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
    points += 1;
    if (points > max) return `${text.slice(0, cut)}…`;
  }
  return text;
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
