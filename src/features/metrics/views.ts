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
import { metricsText } from "./messages.ts";

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

function numberInput(field: MetricField, round: number): InputBlock {
  const decimal = field === "satisfaction";
  return inputBlock(
    logBlockId(field, round),
    metricsText.fieldLabels[field],
    {
      type: "number_input",
      is_decimal_allowed: decimal,
      ...(decimal ? { min_value: "1", max_value: "5" } : {}),
    },
    { optional: true },
  );
}

/**
 * One modal for every platform: all figures optional, the ones that do not
 * fit the chosen platform refused on submission. No views.update round trip,
 * so nothing can be lost between choosing a platform and typing figures.
 */
export function logModal(initialDate: LocalDate, progress?: LogProgress): ModalView {
  const round = progress?.round ?? 0;
  const platforms = LOGGABLE.map((platform) =>
    option(platform.id === "webcare" ? metricsText.webcareOption : platform.label, platform.id),
  );
  const next = platforms.find((choice) => choice.value === progress?.nextPlatform);
  const top: KnownBlock[] = progress
    ? [
        section(metricsText.savedInModal(escapeText(progress.saved), progress.weekRange)),
        context(
          metricsText.alreadyLogged(
            progress.weekRange,
            progress.logged.map(
              (entry) => `${escapeText(entry.label)} (${mention(entry.loggedBy)})`,
            ),
          ),
        ),
      ]
    : [section(metricsText.intro)];
  return modal({
    callbackId: LOG_CALLBACK,
    metadata: JSON.stringify({ round }),
    title: metricsText.modalTitle,
    submit: progress ? metricsText.submitNext : metricsText.submit,
    close: progress ? metricsText.done : metricsText.close,
    blocks: [
      ...top,
      inputBlock(
        logBlockId("platform", round),
        metricsText.platformLabel,
        staticSelect(platforms, { placeholder: metricsText.platformPlaceholder, initial: next }),
      ),
      inputBlock(
        logBlockId("week", round),
        metricsText.weekLabel,
        { type: "datepicker", initial_date: initialDate },
        { hint: metricsText.weekHint },
      ),
      section(metricsText.socialHeader),
      ...SOCIAL_FIELDS.map((field) => numberInput(field, round)),
      section(metricsText.webcareHeader),
      ...WEBCARE_FIELDS.map((field) => numberInput(field, round)),
    ],
  });
}
