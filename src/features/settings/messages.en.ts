import { escapeText } from "../../slack/text.ts";
import type { Lang } from "../../i18n/lang.ts";

const languageNames: Record<Lang, string> = { en: "English", fr: "French" };

/** Every word of `/greenlight` (help, settings, language) in English; messages.fr.ts has the same keys. */
export const en = {
  usage:
    "Usage: /greenlight help · /greenlight settings · /greenlight language [fr|en|auto] · /greenlight guidelines [edit]",
  denied: "Only a manager or a workspace admin can change the team settings.",
  /** After "Please …" when the settings form did not open (src/slack/open-modal.ts). */
  settingsAgain: "run `/greenlight settings` again",
  modalTitle: "Team settings",
  submit: "Save",
  close: "Cancel",
  timezoneLabel: "Timezone",
  timezoneHint:
    "An IANA name such as Europe/Amsterdam or America/New_York. Publish times, the webcare hand-over and the digest follow it.",
  digestDayLabel: "Weekly digest day",
  digestTimeLabel: "Weekly digest time",
  languageLabel: "Language of channel posts",
  languageHint:
    "Digests, duty announcements and cover requests are posted in this language. Each person reads their own messages in their Slack language.",
  languageNames,
  badTimezone: (given: string) =>
    `"${escapeText(given)}" is not a timezone I know. Use an IANA name like Europe/Paris, America/New_York or UTC.`,
  badDay: "Pick a day of the week.",
  badTime: "Pick a time.",
  badLanguage: "Pick a language.",
  saved: (timezone: string, day: string, time: string, language: Lang) =>
    `Settings saved: timezone *${escapeText(timezone)}*, weekly digest on *${day}* at *${time}*, channel posts in *${languageNames[language]}*.`,

  // `/greenlight language`
  languageUsage:
    "Usage: /greenlight language [fr|en|auto] — fr: French, en: English, auto: your Slack language.",
  languageNow: (language: Lang, chosen: boolean) =>
    chosen
      ? `Greenlight speaks *${languageNames[language]}* to you, as you chose. \`/greenlight language auto\` follows your Slack language again.`
      : `Greenlight speaks *${languageNames[language]}* to you, your Slack language. Choose another with \`/greenlight language fr\` or \`/greenlight language en\`.`,
  languageChosen: "From now on Greenlight speaks *English* to you, whatever your Slack language.",
  languageAuto: (language: Lang) =>
    `Greenlight follows your Slack language again: *${languageNames[language]}*.`,

  // `/greenlight help`
  helpTitle: "Greenlight — what every command does",
  helpFallback:
    "Greenlight commands: /propose, /suggest, /role, /calendar, /webcare, /metrics, /greenlight",
  helpFooter: "Answers to commands are shown to you only.",
  helpSections: [
    [
      "*Posts*",
      "`/propose [text]` — propose a post: text, platforms, publish time, goal. It goes to the approver.",
      "`/calendar [week|month]` — approved and pending posts of the next 7 or 30 days.",
      "`/suggest &lt;url&gt; [why]` — suggest content to post; creators and managers find it in Greenlight's Home tab.",
    ],
    [
      "*Roles*",
      "`/role` or `/role list` — who holds which role, the approver first.",
      "`/role assign @user &lt;role&gt;` · `/role unassign @user &lt;role&gt;` — roles: manager, creator, designer, approver, curator, analyst, webcare. One approver per workspace; managers and workspace admins change roles.",
    ],
    [
      "*Webcare*",
      "`/webcare` or `/webcare who [YYYY-MM-DD]` — who answers the public today (or that day).",
      "`/webcare schedule [days]` — the next 14 (up to 60) days of duty.",
      "`/webcare rotation @a @b @c [at HH:MM] [in #channel]` — the rotation, hand-over time and duty channel.",
      "`/webcare cover @user YYYY-MM-DD` — someone takes the duty on that day.",
    ],
    [
      "*Metrics*",
      "`/metrics log` — record one platform's figures for one week.",
      "`/metrics digest` — the digest of the week just ended, for your eyes only.",
      "`/metrics subscribe #channel` · `/metrics unsubscribe #channel` — where the weekly digest is posted.",
    ],
    [
      "*Team*",
      "`/greenlight settings` — timezone, digest day and time, language of channel posts (managers).",
      "`/greenlight language [fr|en|auto]` — the language Greenlight speaks to you (French, English, or your Slack language).",
      "`/greenlight guidelines [edit]` — the team's tone, voice, visuals, do's and don'ts (managers edit them).",
      "`/greenlight help` — this list.",
    ],
  ],
};

export type SettingsMessages = typeof en;
