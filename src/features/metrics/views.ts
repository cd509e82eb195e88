import type { InputBlock, ModalView } from "@slack/types";
import type { LocalDate } from "../../shared/local-date.ts";
import { inputBlock, modal, option, staticSelect } from "../../slack/blocks.ts";
import { section } from "../../slack/reply.ts";
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

function numberInput(field: MetricField): InputBlock {
  const decimal = field === "satisfaction";
  return inputBlock(
    LOG_BLOCKS[field],
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
export function logModal(initialDate: LocalDate): ModalView {
  const platforms = LOGGABLE.map((platform) =>
    option(platform.id === "webcare" ? metricsText.webcareOption : platform.label, platform.id),
  );
  return modal({
    callbackId: LOG_CALLBACK,
    title: metricsText.modalTitle,
    submit: metricsText.submit,
    close: metricsText.close,
    blocks: [
      section(metricsText.intro),
      inputBlock(
        LOG_BLOCKS.platform,
        metricsText.platformLabel,
        staticSelect(platforms, { placeholder: metricsText.platformPlaceholder }),
      ),
      inputBlock(
        LOG_BLOCKS.week,
        metricsText.weekLabel,
        { type: "datepicker", initial_date: initialDate },
        { hint: metricsText.weekHint },
      ),
      section(metricsText.socialHeader),
      ...SOCIAL_FIELDS.map(numberInput),
      section(metricsText.webcareHeader),
      ...WEBCARE_FIELDS.map(numberInput),
    ],
  });
}
