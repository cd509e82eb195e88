import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import { z } from "zod";
import type { LocalDate } from "../../shared/local-date.ts";
import { inputBlock, modal, option, staticSelect } from "../../slack/blocks.ts";
import { context, section } from "../../slack/reply.ts";
import { escapeText, mention } from "../../slack/text.ts";
import {
  LOGGABLE,
  SOCIAL_FIELDS,
  WEBCARE_FIELDS,
  type FormField,
  type MetricField,
} from "./input.ts";
import type { Lang } from "../../i18n/lang.ts";
import { metricsText, type MetricsMessages } from "./messages.ts";

export const LOG_CALLBACK = "metrics_log";

/** Block ids of the modal; each input's action id is its block id. */
export const LOG_BLOCKS: Record<FormField, string> = {
  platform: "metrics_platform",
  week: "metrics_week",
  reach: "metrics_reach",
  impressions: "metrics_impressions",
  engagements: "metrics_engagements",
  clicks: "metrics_clicks",
  conversions: "metrics_conversions",
  followersGained: "metrics_followers",
  responseMinutes: "metrics_response",
  satisfaction: "metrics_satisfaction",
};

/**
 * The block (and action) id of a field in the modal's `round`-th form: after
 * each save the modal is updated with new ids, so Slack shows the next
 * platform's inputs empty instead of keeping what was typed.
 */
export function logBlockId(field: FormField, round: number): string {
  return round === 0 ? LOG_BLOCKS[field] : `${LOG_BLOCKS[field]}.${round}`;
}

/** The modal's private_metadata: its round, and its reader's language (read by langOfMetadata). */
const LogMetadata = z.object({ round: z.number().int().min(0).max(1000) });

/** The round a submitted modal was in (0 for a modal from before rounds existed, or a bad one). */
export function logRoundOf(privateMetadata: string | undefined): number {
  try {
    const parsed = LogMetadata.safeParse(JSON.parse(privateMetadata ?? ""));
    return parsed.success ? parsed.data.round : 0;
  } catch {
    return 0;
  }
}

/** What the modal shows after a save: the week being logged and what is in it already. */
export interface LogProgress {
  round: number;
  /** The platform just saved, as people read it. */
  saved: string;
  /** "16–22 Nov 2026" */
  weekRange: string;
  /** Platforms of that week already logged (the one just saved included), and by whom. */
  logged: Array<{ label: string; loggedBy: string }>;
  /** Preselected: the first platform of the week not logged yet. */
  nextPlatform: string | null;
}

/** What a field's placeholder shows: how its kind of number is written. */
function placeholderOf(t: MetricsMessages, field: MetricField): string {
  if (field === "followersGained") return t.placeholders.followers;
  if (field === "responseMinutes") return t.placeholders.minutes;
  if (field === "satisfaction") return t.placeholders.score;
  return t.placeholders.count;
}

/**
 * A figure's field. A text input, not Slack's number_input: that one refuses
 * `3,5` and `12 345` in the person's own client before Greenlight sees them.
 * The text is read by src/i18n/input.ts, and anything it cannot read is
 * answered next to the field in the modal's language.
 */
function numberInput(t: MetricsMessages, field: MetricField, round: number): InputBlock {
  return inputBlock(
    logBlockId(field, round),
    t.fieldLabels[field],
    {
      type: "plain_text_input",
      max_length: 20,
      placeholder: { type: "plain_text", text: placeholderOf(t, field) },
    },
    { optional: true },
  );
}

/**
 * One modal for every platform: all figures optional, the ones that do not
 * fit the chosen platform refused on submission. No views.update round trip,
 * so nothing can be lost between choosing a platform and typing figures.
 */
export function logModal(initialDate: LocalDate, lang: Lang, progress?: LogProgress): ModalView {
  const t = metricsText(lang);
  const round = progress?.round ?? 0;
  const platforms = LOGGABLE.map((platform) =>
    option(platform.id === "webcare" ? t.webcareOption : platform.label, platform.id),
  );
  const next = platforms.find((choice) => choice.value === progress?.nextPlatform);
  const top: KnownBlock[] = progress
    ? [
        section(t.savedInModal(escapeText(progress.saved), progress.weekRange)),
        context(
          t.alreadyLogged(
            progress.weekRange,
            progress.logged.map(
              (entry) => `${escapeText(entry.label)} (${mention(entry.loggedBy)})`,
            ),
          ),
        ),
      ]
    : [section(t.intro)];
  return modal({
    callbackId: LOG_CALLBACK,
    metadata: JSON.stringify({ round, lang }),
    title: t.modalTitle,
    submit: progress ? t.submitNext : t.submit,
    close: progress ? t.done : t.close,
    blocks: [
      ...top,
      inputBlock(
        logBlockId("platform", round),
        t.platformLabel,
        staticSelect(platforms, { placeholder: t.platformPlaceholder, initial: next }),
      ),
      inputBlock(
        logBlockId("week", round),
        t.weekLabel,
        { type: "datepicker", initial_date: initialDate },
        { hint: t.weekHint },
      ),
      section(t.socialHeader),
      ...SOCIAL_FIELDS.map((field) => numberInput(t, field, round)),
      section(t.webcareHeader),
      ...WEBCARE_FIELDS.map((field) => numberInput(t, field, round)),
    ],
  });
}
