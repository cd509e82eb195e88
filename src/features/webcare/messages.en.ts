import { formatDay, plural } from "../../i18n/format.ts";
import { channelLink, escapeText, mention } from "../../slack/text.ts";
import type { LocalDate } from "../../shared/local-date.ts";
import { MAX_SCHEDULE_DAYS, type UsageProblem } from "./parse.ts";

const USAGE_WHO = "/webcare who [YYYY-MM-DD]";
const USAGE_SCHEDULE = `/webcare schedule [days] (1–${MAX_SCHEDULE_DAYS}, default 14)`;
const USAGE_ROTATION = "/webcare rotation @a @b … [at HH:MM] [in #channel]";
const USAGE_COVER = "/webcare cover @user YYYY-MM-DD";
const USAGE = `Usage: /webcare · ${USAGE_WHO} · ${USAGE_SCHEDULE} · ${USAGE_ROTATION} · ${USAGE_COVER}`;

/** "Mon 23 Nov 2026": a local date needs no timezone to be shown. */
const day = (date: LocalDate) => formatDay("en", date);
const who = (userId: string | null) => (userId ? mention(userId) : "nobody");
const askManagers = (managers: string[]) =>
  managers.length > 0 ? ` Ask ${managers.map(mention).join(", ")}.` : "";

function usageReason(problem: UsageProblem): string | null {
  switch (problem.problem) {
    case "syntax":
    case "cover":
      return null;
    case "date":
      return `"${escapeText(problem.given)}" is not a date: write it as YYYY-MM-DD.`;
    case "days":
      return `"${escapeText(problem.given)}" is not a number of days.`;
    case "tooManyDays":
      return `at most ${MAX_SCHEDULE_DAYS} days (${problem.given} asked).`;
    case "emptyRotation":
      return "name at least one person, in duty order.";
    case "notAUser":
      return `"${escapeText(problem.given)}" is not a person: mention them with @.`;
    case "duplicate":
      return `${mention(problem.userId)} is listed twice: name each person once.`;
    case "time":
      return `"${escapeText(problem.given)}" is not a time: write it as HH:MM (24-hour), e.g. 09:00.`;
    case "channel":
      return `"${escapeText(problem.given)}" is not a channel: pick one with #.`;
  }
}

/** Every word the webcare feature says in English; messages.fr.ts has the same keys. */
export const en = {
  usage: USAGE,
  usageFor(verb: "who" | "schedule" | "rotation" | "cover" | null, problem: UsageProblem): string {
    const line =
      verb === "who"
        ? USAGE_WHO
        : verb === "schedule"
          ? USAGE_SCHEDULE
          : verb === "rotation"
            ? USAGE_ROTATION
            : verb === "cover"
              ? USAGE_COVER
              : null;
    if (line === null) return USAGE;
    const reason = usageReason(problem);
    return `Usage: ${line}${reason ? ` — ${reason}` : ""}`;
  },
  noRotation:
    "No webcare rotation yet. A manager sets one with `/webcare rotation @a @b … [at HH:MM] [in #channel]`.",
  nobodyOn: (date: LocalDate) => `Nobody is on webcare duty on ${day(date)}.`,
  whoLine: (date: LocalDate, onDuty: string, covered: boolean, isToday: boolean) =>
    `${isToday ? "Today" : day(date)}: ${mention(onDuty)} is on webcare duty${covered ? " (cover)" : ""}.`,
  whoContext: (handedOverBy: string | null, next: string | null) =>
    `Handed over by ${who(handedOverBy)} · next: ${who(next)}`,
  scheduleHeader: (days: number) =>
    `Webcare duty, next ${days} ${plural("en", days, { one: "day", other: "days" })}`,
  scheduleLine: (date: LocalDate, onDuty: string | null, covered: boolean, isToday: boolean) =>
    `${isToday ? "*Today*" : day(date)} — ${who(onDuty)}${covered ? " _(cover)_" : ""}`,
  scheduleFooter: (time: string, timezone: string, channelId: string | null) =>
    `Hand-over at ${time} (${escapeText(timezone)})${channelId ? `, announced in ${channelLink(channelId)}` : ""}.`,
  deniedRotation: (managers: string[]) =>
    `Only a manager or a workspace admin can set the webcare rotation.${askManagers(managers)}`,
  deniedCover: (managers: string[]) =>
    `You may cover a day yourself (\`/webcare cover @you YYYY-MM-DD\`); covers for someone else are set by a manager or a workspace admin.${askManagers(managers)}`,
  isBot: (userId: string) => `${mention(userId)} is a bot or an app: webcare duty is for people.`,
  isDeleted: (userId: string) =>
    `${mention(userId)} has left this workspace (deactivated): webcare duty is for current members.`,
  isUnknown: (userId: string) => `I cannot find ${mention(userId)} in this workspace.`,
  rotationSet: (
    members: string[],
    startDate: LocalDate,
    time: string,
    timezone: string,
    channelId: string | null,
    replaced: boolean,
  ) =>
    [
      `Webcare rotation ${replaced ? "replaced" : "set"} from ${day(startDate)}: ${members.map(mention).join(" → ")}.`,
      `Hand-over every day at ${time} (${escapeText(timezone)}); ${mention(members[0] ?? "")} is on duty today.`,
      channelId
        ? `Duty is announced in ${channelLink(channelId)}.`
        : "No duty channel: add `in #channel` to announce duty there.",
    ].join(" "),
  coverPast: (date: LocalDate, today: LocalDate) =>
    `Usage: ${USAGE_COVER} — ${day(date)} is in the past (today is ${day(today)}).`,
  coverSet: (userId: string, date: LocalDate, instead: string | null) =>
    `${mention(userId)} covers webcare on ${day(date)}${instead && instead !== userId ? ` instead of ${mention(instead)}` : ""}.`,
  raceLost: "Someone changed the webcare rotation at the same moment. Nothing changed; try again.",

  // The daily reminder.
  reminderDm: (date: LocalDate) =>
    `You are on webcare duty today (${day(date)}): you answer the public on our channels.`,
  reminderDetail: (handedOverBy: string | null, next: string | null) =>
    `Handed over by ${who(handedOverBy)} · tomorrow: ${who(next)}.`,
  reminderHint: "Run `/webcare schedule` to see who is on duty in the coming days.",
  announcement: (date: LocalDate, onDuty: string) =>
    `Webcare today (${day(date)}): ${mention(onDuty)}.`,
  announcementLeft: (date: LocalDate, left: string) =>
    `Webcare today (${day(date)}): nobody — ${mention(left)} has left the workspace.`,
  noticeChannel: (channelId: string, error: string) =>
    `I could not announce webcare duty in ${channelLink(channelId)} (${escapeText(error)}). Invite me there with \`/invite @Greenlight\` in that channel, or choose another one: \`/webcare rotation @a @b … in #channel\`. Reminders by direct message still go out.`,
  noticeLeft: (date: LocalDate, userId: string) =>
    `${mention(userId)} is on the webcare rotation for ${day(date)} but has left the workspace, so nobody was reminded today. Set a cover (\`/webcare cover @user ${date}\`) and a new rotation without them (\`/webcare rotation @a @b …\`).`,
};

export type WebcareMessages = typeof en;
