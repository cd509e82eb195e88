import type { Logger } from "@slack/bolt";
import type { View } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { catalog } from "../i18n/catalog.ts";
import type { Lang } from "../i18n/lang.ts";
import { describeSlackError } from "./errors.ts";
import { en } from "./open-modal.messages.en.ts";
import { fr } from "./open-modal.messages.fr.ts";

export type { OpenModalMessages } from "./open-modal.messages.en.ts";
export const openModalText = catalog({ en, fr });

/** A trigger older than Slack's 3 seconds, used twice, or not Slack's: the person must act again. */
const TRIGGER_ERRORS = new Set([
  "expired_trigger_id",
  "exchanged_trigger_id",
  "invalid_trigger_id",
]);

/**
 * What to tell a person whose modal did not open, from the one classification
 * of Slack errors (src/slack/errors.ts): an expired trigger and a transient
 * failure ask them to try again (now, or in a moment); an ambiguous one (the
 * modal may be open) says so; any other refusal names Slack's error so that
 * whoever looks after the app can act on it.
 */
export function whyNotOpened(error: unknown, lang: Lang, again: string): string {
  const t = openModalText(lang);
  const failure = describeSlackError(error);
  if (TRIGGER_ERRORS.has(failure.code)) return t.expired(again);
  // A timeout on views.open is retry-safe for the classification, but the modal may be open.
  if (failure.class === "ambiguous" || failure.code === "timeout") return t.unknown(again);
  if (failure.class === "transient") return t.unavailable(again);
  return t.refused(again, failure.code);
}

export interface OpenModalOrTell {
  client: WebClient;
  triggerId: string;
  view: View;
  /** The person's language, for the answer when the modal does not open. */
  lang: Lang;
  /**
   * What to do once more, in `lang`, to follow "Please …" / "Veuillez …":
   * "run `/metrics log` again" / "relancer `/metrics log`".
   */
  again: string;
  /** Answers the person privately (the command's or click's response_url, usually). */
  tell: (text: string) => Promise<unknown>;
  logger: Pick<Logger, "warn">;
  /** Names the modal in the log line: "/metrics log". */
  what: string;
}

/**
 * `views.open`, or a private answer in the person's language saying why the
 * form did not open and what to do: a command or click is never left without
 * a visible result. True when the modal opened. Telling the person is itself
 * best effort (a response_url can expire too); that failure is logged.
 */
export async function openModalOrTell(input: OpenModalOrTell): Promise<boolean> {
  try {
    await input.client.views.open({ trigger_id: input.triggerId, view: input.view });
    return true;
  } catch (error) {
    const failure = describeSlackError(error);
    input.logger.warn(`${input.what}: views.open failed (${failure.class} ${failure.code})`);
    try {
      await input.tell(whyNotOpened(error, input.lang, input.again));
    } catch (tellError) {
      input.logger.warn(`${input.what}: could not tell the person either: ${String(tellError)}`);
    }
    return false;
  }
}
