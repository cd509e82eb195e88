import type { KnownBlock, ModalView } from "@slack/types";
import { context, header, section, type Reply } from "../../slack/reply.ts";
import { helpText, settingsText } from "./messages.ts";
import { WEEKDAYS } from "./settings.ts";
import type { TeamSettings } from "./store.ts";

export const SETTINGS_CALLBACK = "greenlight_settings";
export const SETTINGS_BLOCKS = {
  timezone: "timezone",
  digestDay: "digest_day",
  digestTime: "digest_time",
} as const;

export function settingsModal(team: TeamSettings): ModalView {
  const dayOption = (day: (typeof WEEKDAYS)[number]) => ({
    text: { type: "plain_text" as const, text: day.name },
    value: String(day.day),
  });
  const current = WEEKDAYS.find((day) => day.day === team.digestDay) ?? WEEKDAYS[0];
  return {
    type: "modal",
    callback_id: SETTINGS_CALLBACK,
    title: { type: "plain_text", text: settingsText.modalTitle },
    submit: { type: "plain_text", text: settingsText.submit },
    close: { type: "plain_text", text: settingsText.close },
    blocks: [
      {
        type: "input",
        block_id: SETTINGS_BLOCKS.timezone,
        label: { type: "plain_text", text: settingsText.timezoneLabel },
        hint: { type: "plain_text", text: settingsText.timezoneHint },
        element: {
          type: "plain_text_input",
          action_id: SETTINGS_BLOCKS.timezone,
          initial_value: team.timezone,
          max_length: 64,
        },
      },
      {
        type: "input",
        block_id: SETTINGS_BLOCKS.digestDay,
        label: { type: "plain_text", text: settingsText.digestDayLabel },
        element: {
          type: "static_select",
          action_id: SETTINGS_BLOCKS.digestDay,
          options: WEEKDAYS.map(dayOption),
          initial_option: dayOption(current),
        },
      },
      {
        type: "input",
        block_id: SETTINGS_BLOCKS.digestTime,
        label: { type: "plain_text", text: settingsText.digestTimeLabel },
        element: {
          type: "timepicker",
          action_id: SETTINGS_BLOCKS.digestTime,
          initial_time: team.digestTime,
        },
      },
    ],
  };
}

export function helpMessage(): Reply {
  const blocks: KnownBlock[] = [header(helpText.title)];
  for (const lines of helpText.sections) blocks.push(section(lines.join("\n")));
  blocks.push(context("Answers to commands are shown to you only."));
  return { text: helpText.fallback, blocks };
}
