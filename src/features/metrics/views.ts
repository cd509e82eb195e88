import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import type { LocalDate } from "../../shared/local-date.ts";
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

function option(id: string, label: string): PlainTextOption {
  return { text: { type: "plain_text", text: label }, value: id };
}

function numberInput(field: MetricField): InputBlock {
  const decimal = field === "satisfaction";
  return {
    type: "input",
    block_id: LOG_BLOCKS[field],
    optional: true,
    label: { type: "plain_text", text: metricsText.fieldLabels[field] },
    element: {
      type: "number_input",
      action_id: LOG_BLOCKS[field],
      is_decimal_allowed: decimal,
      ...(decimal ? { min_value: "1", max_value: "5" } : {}),
    },
  };
}

/**
 * One modal for every platform: all figures optional, the ones that do not
 * fit the chosen platform refused on submission. No views.update round trip,
 * so nothing can be lost between choosing a platform and typing figures.
 */
export function logModal(initialDate: LocalDate): ModalView {
  const blocks: KnownBlock[] = [
    section(metricsText.intro),
    {
      type: "input",
      block_id: LOG_BLOCKS.platform,
      label: { type: "plain_text", text: metricsText.platformLabel },
      element: {
        type: "static_select",
        action_id: LOG_BLOCKS.platform,
        placeholder: { type: "plain_text", text: metricsText.platformPlaceholder },
        options: LOGGABLE.map((platform) =>
          option(
            platform.id,
            platform.id === "webcare" ? metricsText.webcareOption : platform.label,
          ),
        ),
      },
    },
    {
      type: "input",
      block_id: LOG_BLOCKS.week,
      label: { type: "plain_text", text: metricsText.weekLabel },
      hint: { type: "plain_text", text: metricsText.weekHint },
      element: { type: "datepicker", action_id: LOG_BLOCKS.week, initial_date: initialDate },
    },
    section(metricsText.socialHeader),
    ...SOCIAL_FIELDS.map(numberInput),
    section(metricsText.webcareHeader),
    ...WEBCARE_FIELDS.map(numberInput),
  ];
  return {
    type: "modal",
    callback_id: LOG_CALLBACK,
    title: { type: "plain_text", text: metricsText.modalTitle },
    submit: { type: "plain_text", text: metricsText.submit },
    close: { type: "plain_text", text: metricsText.close },
    blocks,
  };
}
