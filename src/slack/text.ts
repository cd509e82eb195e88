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
 * The start of `text` on one line: each run of whitespace one space, none
 * at the start (nor at the end when the whole text is returned), and at
 * least `atLeast` code points of it when the text has that many. Enough to
 * `truncate` to `atLeast - 1` as the whole text would be, without
 * collapsing a long post whole (a month's calendar has hundreds of excerpts
 * of posts up to 3,000 characters). Past `atLeast` code points the last one
 * may differ from the whole text's (a cut pair, a run's space), which
 * truncating to fewer never shows.
 */
export function oneLine(text: string, atLeast: number): string {
  // A code point is one or two UTF-16 units, and a run of whitespace only
  // shrinks: a prefix of 2 × atLeast units holds atLeast code points unless
  // it was mostly whitespace; then one twice as long is tried.
  for (let end = 2 * atLeast + 8; end < text.length; end *= 2) {
    const start = text.slice(0, end);
    if (oneLineHolds(start, atLeast)) return start.replace(/\s+/g, " ").trimStart();
  }
  return text.replace(/\s+/g, " ").trim();
}

/**
 * True when `start`, the beginning of a longer text, is enough for that
 * text's `oneLine(text, atLeast)`: on one line (whitespace runs collapsed,
 * none at either end) it holds atLeast + 1 code points. Then those are the
 * start of the whole text's line too, since each run in them is followed by
 * something that is not whitespace. Counted without building the line:
 * `/calendar` asks it of hundreds of posts, then collapses them again for
 * their excerpts.
 */
export function oneLineHolds(start: string, atLeast: number): boolean {
  let points = 0;
  let space = false;
  for (let index = 0; index < start.length;) {
    const code = start.codePointAt(index) ?? 0;
    index += code > 0xffff ? 2 : 1;
    if (isSpace(code)) {
      // A run counts as one space only once something follows it.
      space = points > 0;
      continue;
    }
    points += space ? 2 : 1;
    space = false;
    if (points > atLeast) return true;
  }
  return false;
}

/** What `\s` matches (all of it in the Basic Multilingual Plane), as `oneLine` collapses it. */
function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
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
