import { formatNumber } from "../../i18n/format.ts";
import { escapeText } from "../../slack/text.ts";

const usage =
  "Usage: `/suggest &lt;url&gt; [why]` — suggest a link worth posting about; creators and managers find it in Greenlight's Home tab.";

/** Every word of /suggest in English; messages.fr.ts has the same keys. */
export const en = {
  usage,
  badUrl: (given: string) =>
    `${usage}\n“${escapeText(given)}” is not an address Greenlight can suggest: write a full public address starting with https://, e.g. \`/suggest https://example.com/article Great for Friday\`.`,
  whyTooLong: (max: number, length: number) =>
    `${usage}\nThe reason holds at most ${formatNumber("en", max)} characters (yours has ${formatNumber("en", length)}).`,
  saved: (id: number, url: string) =>
    `Thanks! Suggestion #${id} is saved: ${escapeText(url)}\nCreators and managers see it in Greenlight's Home tab, with a button to propose it.`,
  /** A field error in the propose form (plain text: no mentions). */
  closedMeanwhile: (id: number, proposed: boolean) =>
    `Suggestion #${id} was ${proposed ? "proposed by someone else" : "dismissed"} while this form was open, so nothing was saved. Close the form; /propose starts a post of your own.`,
};

export type SuggestionsMessages = typeof en;
