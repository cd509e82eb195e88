/** `/suggest <url> [why]`: reading what was typed — pure. */
import { z } from "zod";
import { linkUrlSchema } from "../proposals/validation.ts";
import { plainFromSlack } from "../../slack/text.ts";

/** What a suggestion's "why" may hold: a short note, not an article. */
export const MAX_WHY_LENGTH = 500;
/** Longer addresses are tracking soup; Slack's own link inputs stop well before. */
export const MAX_URL_LENGTH = 2000;

const SuggestArgs = z.object({
  url: z.string().max(MAX_URL_LENGTH).pipe(linkUrlSchema),
  why: z.string().max(MAX_WHY_LENGTH).nullable(),
});
export type SuggestArgs = z.infer<typeof SuggestArgs>;

export type ParsedSuggest =
  | { ok: true; value: SuggestArgs }
  | { ok: false; problem: "usage" }
  | { ok: false; problem: "url"; given: string }
  | { ok: false; problem: "why"; length: number };

/**
 * The command's text as Slack sends it (`should_escape: true`): a link arrives
 * as `<https://…>` or `<https://…|label>`, the rest escaped. The first word is
 * the address; everything after it, as typed, is why.
 */
export function parseSuggest(text: string | undefined): ParsedSuggest {
  const trimmed = (text ?? "").trim();
  if (trimmed === "") return { ok: false, problem: "usage" };
  const match = /^(<[^>]*>|\S+)\s*([\s\S]*)$/.exec(trimmed);
  const [, first = "", rest = ""] = match ?? [];
  const linked = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(first);
  // Inside Slack's link markup `&` still arrives as `&amp;`.
  const url = plainFromSlack(linked ? (linked[1] ?? "") : first);
  const why = plainFromSlack(rest).trim();
  const parsed = SuggestArgs.safeParse({ url, why: why === "" ? null : why });
  if (parsed.success) return { ok: true, value: parsed.data };
  const onUrl = parsed.error.issues.some((issue) => issue.path[0] === "url");
  return onUrl
    ? { ok: false, problem: "url", given: url }
    : { ok: false, problem: "why", length: [...why].length };
}
