import type { KnownBlock, ModalView } from "@slack/types";
import { inputBlock, modal, option, staticSelect } from "../../slack/blocks.ts";
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
  const dayOption = (day: (typeof WEEKDAYS)[number]) => option(day.name, String(day.day));
  const current = WEEKDAYS.find((day) => day.day === team.digestDay) ?? WEEKDAYS[0];
  return modal({
    callbackId: SETTINGS_CALLBACK,
    title: settingsText.modalTitle,
    submit: settingsText.submit,
    close: settingsText.close,
    blocks: [
      inputBlock(
        SETTINGS_BLOCKS.timezone,
        settingsText.timezoneLabel,
        { type: "plain_text_input", initial_value: team.timezone, max_length: 64 },
        { hint: settingsText.timezoneHint },
      ),
      inputBlock(
        SETTINGS_BLOCKS.digestDay,
        settingsText.digestDayLabel,
        staticSelect(WEEKDAYS.map(dayOption), { initial: dayOption(current) }),
      ),
      inputBlock(SETTINGS_BLOCKS.digestTime, settingsText.digestTimeLabel, {
        type: "timepicker",
        initial_time: team.digestTime,
      }),
    ],
  });
}

export function helpMessage(): Reply {
  const blocks: KnownBlock[] = [header(helpText.title)];
  for (const lines of helpText.sections) blocks.push(section(lines.join("\n")));
  blocks.push(context("Answers to commands are shown to you only."));
  return { text: helpText.fallback, blocks };
}
