import type { KnownBlock, ModalView } from "@slack/types";
import { formatFor } from "../../i18n/format.ts";
import { LANGS, type Lang } from "../../i18n/lang.ts";
import { inputBlock, modal, option, staticSelect } from "../../slack/blocks.ts";
import { context, header, section, type Reply } from "../../slack/reply.ts";
import { settingsText } from "./messages.ts";
import { WEEKDAYS } from "./settings.ts";
import type { TeamSettings } from "./store.ts";

export const SETTINGS_CALLBACK = "greenlight_settings";
export const SETTINGS_BLOCKS = {
  timezone: "timezone",
  digestDay: "digest_day",
  digestTime: "digest_time",
  language: "language",
} as const;

/** The settings modal, in the language of the manager who opened it (carried in its metadata). */
export function settingsModal(team: TeamSettings, lang: Lang): ModalView {
  const t = settingsText(lang);
  const format = formatFor(lang, team.timezone);
  const dayOption = (day: number) => option(format.weekday(day), String(day));
  const languageOption = (language: Lang) => option(t.languageNames[language], language);
  return modal({
    callbackId: SETTINGS_CALLBACK,
    metadata: JSON.stringify({ lang }),
    title: t.modalTitle,
    submit: t.submit,
    close: t.close,
    blocks: [
      inputBlock(
        SETTINGS_BLOCKS.timezone,
        t.timezoneLabel,
        { type: "plain_text_input", initial_value: team.timezone, max_length: 64 },
        { hint: t.timezoneHint },
      ),
      inputBlock(
        SETTINGS_BLOCKS.digestDay,
        t.digestDayLabel,
        staticSelect(WEEKDAYS.map(dayOption), {
          initial: dayOption(WEEKDAYS.includes(team.digestDay as 1) ? team.digestDay : 1),
        }),
      ),
      inputBlock(SETTINGS_BLOCKS.digestTime, t.digestTimeLabel, {
        type: "timepicker",
        initial_time: team.digestTime,
      }),
      inputBlock(
        SETTINGS_BLOCKS.language,
        t.languageLabel,
        staticSelect(LANGS.map(languageOption), { initial: languageOption(team.language) }),
        { hint: t.languageHint },
      ),
    ],
  });
}

export function helpMessage(lang: Lang): Reply {
  const t = settingsText(lang);
  const blocks: KnownBlock[] = [header(t.helpTitle)];
  for (const lines of t.helpSections) blocks.push(section(lines.join("\n")));
  blocks.push(context(t.helpFooter));
  return { text: t.helpFallback, blocks };
}
