import { WEEKDAYS } from "./settings.ts";

export const settingsText = {
  usage: "Usage: /greenlight help · /greenlight settings · /greenlight guidelines [edit]",
  denied: "Only a manager or a workspace admin can change the team settings.",
  modalTitle: "Team settings",
  submit: "Save",
  close: "Cancel",
  timezoneLabel: "Timezone",
  timezoneHint:
    "An IANA name such as Europe/Amsterdam or America/New_York. Publish times, the webcare hand-over and the digest follow it.",
  digestDayLabel: "Weekly digest day",
  digestTimeLabel: "Weekly digest time",
  badTimezone: (given: string) =>
    `"${given}" is not a timezone I know. Use an IANA name like Europe/Paris, America/New_York or UTC.`,
  badDay: "Pick a day of the week.",
  badTime: "Pick a time.",
  saved: (timezone: string, day: number, time: string) =>
    `Settings saved: timezone *${timezone}*, weekly digest on *${WEEKDAYS[day - 1]?.name ?? day}* at *${time}*.`,
};

/** `/greenlight help`: what every command does. */
export const helpText = {
  title: "Greenlight — what every command does",
  fallback:
    "Greenlight commands: /propose, /suggest, /role, /calendar, /webcare, /metrics, /greenlight",
  sections: [
    [
      "*Posts*",
      "`/propose [text]` — propose a post: text, platforms, publish time, goal. It goes to the approver.",
      "`/calendar [week|month]` — approved and pending posts of the next 7 or 30 days.",
      "`/suggest <url> [why]` — suggest content to post; creators and managers find it in Greenlight's Home tab.",
    ],
    [
      "*Roles*",
      "`/role` or `/role list` — who holds which role, the approver first.",
      "`/role assign @user <role>` · `/role unassign @user <role>` — roles: manager, creator, designer, approver, curator, analyst, webcare. One approver per workspace; managers and workspace admins change roles.",
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
      "`/greenlight settings` — timezone, digest day and time (managers).",
      "`/greenlight guidelines [edit]` — the team's tone, voice, visuals, do's and don'ts (managers edit them).",
      "`/greenlight help` — this list.",
    ],
  ],
};
