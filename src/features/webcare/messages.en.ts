import type { Messages } from "../../i18n/catalog.ts";
import { formatDay, formatFor, formatList, formatNumber, plural } from "../../i18n/format.ts";
import { addDaysToLocalDate, type LocalDate } from "../../shared/local-date.ts";
import { channelLink, escapeText, mention } from "../../slack/text.ts";
import { MAX_SCHEDULE_DAYS, type UsageProblem, type WebcareVerb } from "./parse.ts";

const USAGE: Record<WebcareVerb, string> = {
  who: "/webcare who [YYYY-MM-DD]",
  schedule: `/webcare schedule [days] (1–${MAX_SCHEDULE_DAYS}, default 14)`,
  rotation: "/webcare rotation @a @b … [at HH:MM] [in #channel] [weekdays]",
  weekend: "/webcare weekend @d @e … | /webcare weekend off",
  away: "/webcare away @user YYYY-MM-DD [YYYY-MM-DD] | /webcare away",
  back: "/webcare back @user",
  ask: "/webcare ask YYYY-MM-DD",
  cover: "/webcare cover @user YYYY-MM-DD",
  group: "/webcare group @handle | /webcare group off",
};

/** "Mon 23 Nov 2026": a calendar day needs no timezone to be shown. */
const day = (date: LocalDate) => formatDay("en", date);
/** "Monday 23 November", for the day's own messages (reminder, announcement). */
const dayLong = (date: LocalDate) => formatFor("en", "UTC").dayLong(date);
const who = (userId: string | null) => (userId ? mention(userId) : "nobody");
const people = (userIds: readonly string[]) => formatList("en", userIds.map(mention));
const askManagers = (managers: string[]) =>
  managers.length > 0 ? ` Ask ${people(managers)}.` : "";
const nextDay = (date: LocalDate) => addDaysToLocalDate(date, 1);
const groupName = (handle: string) => (handle ? `@${escapeText(handle)}` : "(unnamed)");
/** "14 days", "1 person": CLDR's plural form, with an ordinary space as English writes it. */
const counted = (n: number, one: string, other: string) =>
  `${formatNumber("en", n)} ${plural("en", n, { one, other })}`;
const usage = `Usage: /webcare · ${Object.values(USAGE).join(" · ")}`;

function groupProblem(problem: string): string {
  switch (problem) {
    case "paid_teams_only":
      return "user groups need a paid Slack plan.";
    case "permission_denied":
    case "not_allowed_token_type":
    case "no_permission":
      return "this workspace only lets some people (admins or owners) edit user groups, and Greenlight is not one of them. An admin can change that in the workspace's settings (Permissions → User Groups).";
    case "no_such_subteam":
    case "subteam_not_found":
      return "the user group no longer exists.";
    case "missing_scope":
      return "Greenlight lacks the `usergroups:write` permission: reinstall the app to grant it.";
    default:
      return `Slack said \`${escapeText(problem)}\`.`;
  }
}

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
    case "dateOrder":
      return `the last day (${problem.to}) comes before the first (${problem.from}).`;
    case "group":
      return `"${escapeText(problem.given)}" is not a user group: pick one with @, e.g. @webcare.`;
  }
}

/** What `/webcare rotation` says set a rotation; the catalogs write it as they like. */
export interface RotationSet {
  members: string[];
  startDate: LocalDate;
  time: string;
  timezone: string;
  channelId: string | null;
  replaced: boolean;
  weekdaysOnly: boolean;
  firstDay: LocalDate | null;
  hasWeekend: boolean;
}

/** Why the bot cannot post in the channel `/webcare rotation … in #channel` names. */
export type ChannelProblem = "private" | "archived" | "unseen" | "other";

/** Every word the webcare feature says in English; messages.fr.ts has the same keys. */
export const en = {
  usage,
  usageFor(verb: WebcareVerb | null, problem: UsageProblem): string {
    if (verb === null) return usage;
    const reason = usageReason(problem);
    return `Usage: ${USAGE[verb]}${reason ? ` — ${reason}` : ""}`;
  },
  noRotation:
    "No webcare rotation yet. A manager sets one with `/webcare rotation @a @b … [at HH:MM] [in #channel] [weekdays]`.",

  // who and schedule
  closedOn: (date: LocalDate, isToday: boolean) =>
    `${isToday ? "Today" : day(date)}: webcare is closed — no rotation covers this day, nobody is on duty.`,
  gapOn: (date: LocalDate, isToday: boolean, scheduled: string | null) =>
    `${isToday ? "Today" : day(date)}: *nobody can be on duty* — everyone in the rotation is away${scheduled ? ` (it is ${mention(scheduled)}'s turn)` : ""}. A manager can set a cover: \`/webcare cover @user ${date}\`.`,
  whoLine: (date: LocalDate, onDuty: string, note: string, isToday: boolean) =>
    `${isToday ? "Today" : day(date)}: ${mention(onDuty)} is on webcare duty${note ? ` ${note}` : ""}.`,
  whoContext: (handedOverBy: string | null, next: string | null) =>
    `Handed over by ${who(handedOverBy)} · next: ${who(next)}`,
  coverNote: "(cover)",
  standInNote: (scheduled: string | null) =>
    scheduled ? `(standing in for ${mention(scheduled)}, who is away)` : "(standing in)",
  scheduleHeader: (days: number) => `Webcare duty, next ${counted(days, "day", "days")}`,
  scheduleLine: (date: LocalDate, entry: string, isToday: boolean) =>
    `${isToday ? "*Today*" : day(date)} — ${entry}`,
  scheduleClosed: "_closed_",
  scheduleGap: (scheduled: string | null) =>
    `*nobody — everyone is away*${scheduled ? ` (${mention(scheduled)}'s turn)` : ""}`,
  scheduleCover: (userId: string) => `${mention(userId)} _(cover)_`,
  scheduleStandIn: (userId: string, scheduled: string | null) =>
    `${mention(userId)} _(for ${scheduled ? mention(scheduled) : "someone"}, away)_`,
  scheduleFooter: (time: string, timezone: string, channelId: string | null) =>
    `Hand-over at ${time} (${escapeText(timezone)})${channelId ? `, announced in ${channelLink(channelId)}` : ""}.`,

  // permissions and people
  deniedRotation: (managers: string[]) =>
    `Only a manager or a workspace admin can set the webcare rotations.${askManagers(managers)}`,
  deniedCover: (onDuty: string | null, managers: string[]) =>
    `A cover is set by a manager, by the person whose day it is${onDuty ? ` (${mention(onDuty)})` : ""}, or by the person who takes it (\`/webcare cover @you YYYY-MM-DD\`).${askManagers(managers)}`,
  coverTaken: (holder: string, date: LocalDate, managers: string[]) =>
    `${mention(holder)} already covers ${day(date)}. Only ${mention(holder)} or a manager can hand that day to someone else.${askManagers(managers)}`,
  deniedAway: (managers: string[]) =>
    `You can mark yourself away (\`/webcare away @you YYYY-MM-DD [YYYY-MM-DD]\`); a manager marks others.${askManagers(managers)}`,
  deniedGroup: (managers: string[]) =>
    `Only a manager or a workspace admin can link the webcare user group.${askManagers(managers)}`,
  isBot: (userId: string) => `${mention(userId)} is a bot or an app: webcare duty is for people.`,
  isDeleted: (userId: string) =>
    `${mention(userId)} has left this workspace (deactivated): webcare duty is for current members.`,
  isUnknown: (userId: string) => `I cannot find ${mention(userId)} in this workspace.`,

  // rotations
  rotationSet: (input: RotationSet) =>
    [
      `Webcare rotation ${input.replaced ? "replaced" : "set"} from ${day(input.startDate)}: ${input.members.map(mention).join(" → ")}, ${input.weekdaysOnly ? "Monday to Friday" : input.hasWeekend ? "every day (weekends go to the weekend rotation)" : "every day"}.`,
      `Hand-over at ${input.time} (${escapeText(input.timezone)})${input.firstDay ? `; ${mention(input.members[0] ?? "")} is on duty ${input.firstDay === input.startDate ? "today" : `from ${day(input.firstDay)}`}` : ""}.`,
      input.channelId
        ? `Duty is announced in ${channelLink(input.channelId)}.`
        : "No duty channel: add `in #channel` to announce duty there.",
      input.weekdaysOnly && !input.hasWeekend
        ? "Weekends are closed; `/webcare weekend @d @e …` adds a weekend rotation."
        : "",
    ]
      .filter(Boolean)
      .join(" "),
  rotationChannel: (channelId: string, problem: ChannelProblem, detail: string) =>
    ({
      private: `I am not in ${channelLink(channelId)}, a private channel, so I could not announce duty there. Invite me first (\`/invite @Greenlight\` in that channel), then set the rotation again. Nothing changed.`,
      archived: `${channelLink(channelId)} is archived: I cannot announce duty there. Pick another channel. Nothing changed.`,
      unseen: `I cannot see ${channelLink(channelId)}. If it is a private channel, invite me first (\`/invite @Greenlight\` in that channel), then set the rotation again. Nothing changed.`,
      other: `Slack would not let me join ${channelLink(channelId)} (\`${escapeText(detail)}\`). Invite me there with \`/invite @Greenlight\`, then set the rotation again. Nothing changed.`,
    })[problem],
  weekendSet: (members: string[], firstSaturday: LocalDate, replaced: boolean) =>
    `Weekend rotation ${replaced ? "replaced" : "set"}: ${members.map(mention).join(" → ")}, one person per Saturday–Sunday, starting with ${mention(members[0] ?? "")} on ${day(firstSaturday)}.`,
  weekendOff: (weekendsClosed: boolean) =>
    `Weekend rotation turned off.${weekendsClosed ? " Weekends are closed: nobody is on duty or reminded." : " The main rotation covers weekends again."}`,
  weekendAlreadyOff: "There is no weekend rotation to turn off.",
  raceLost: "Someone changed the webcare rotation at the same moment. Nothing changed; try again.",

  // absences
  awaySet: (userId: string, from: LocalDate, to: LocalDate, changes: string[]) =>
    [
      `${mention(userId)} is away ${from === to ? `on ${day(from)}` : `from ${day(from)} to ${day(to)}`}.`,
      changes.length > 0
        ? `Their duty days:\n${changes.join("\n")}`
        : "They had no duty on those days.",
    ].join(" "),
  awayChange: (date: LocalDate, onDuty: string | null) =>
    `• ${day(date)} → ${onDuty ? mention(onDuty) : "*nobody: everyone is away* (managers are told)"}`,
  awayStillCovers: (dates: LocalDate[]) =>
    `They still cover ${dates.map(day).join(", ")}: a cover wins over an absence, so ask for cover (\`/webcare ask YYYY-MM-DD\`) or have a manager change it.`,
  awayPast: (to: LocalDate, today: LocalDate) =>
    `Usage: ${USAGE.away} — ${day(to)} is in the past (today is ${day(today)}).`,
  backDone: (userId: string, changed: number) =>
    changed > 0
      ? `${mention(userId)} is back: their absences from today on are cleared.`
      : `${mention(userId)} has no absence from today on.`,
  absencesHeader: "Coming absences",
  absencesNone: "Nobody is marked away from today on.",
  absenceLine: (userId: string, from: LocalDate, to: LocalDate) =>
    `• ${mention(userId)}: ${from === to ? day(from) : `${day(from)} – ${day(to)}`}`,

  // covers
  coverPast: (date: LocalDate, today: LocalDate) =>
    `Usage: ${USAGE.cover} — ${day(date)} is in the past (today is ${day(today)}).`,
  coverClosed: (date: LocalDate) =>
    `Webcare is closed on ${day(date)} (no rotation covers it): there is no duty to cover.`,
  coverAway: (userId: string, date: LocalDate) =>
    `${mention(userId)} is away on ${day(date)}, so cannot cover it. \`/webcare back @user\` clears an absence.`,
  coverSet: (userId: string, date: LocalDate, instead: string | null) =>
    `${mention(userId)} covers webcare on ${day(date)}${instead && instead !== userId ? ` instead of ${mention(instead)}` : ""}.`,

  // asking for cover
  askPast: (date: LocalDate, today: LocalDate) =>
    `Usage: ${USAGE.ask} — ${day(date)} is in the past (today is ${day(today)}).`,
  askNotYours: (date: LocalDate, onDuty: string | null) =>
    onDuty
      ? `You are not on webcare duty on ${day(date)} (${mention(onDuty)} is): only the person on duty asks for cover.`
      : `Nobody is on webcare duty on ${day(date)}, so there is nothing to cover.`,
  askNobody: (date: LocalDate) =>
    `Nobody else in the rotation is available on ${day(date)}. Ask a manager to set a cover.`,
  askAlreadyOpen: (date: LocalDate) =>
    `Cover for ${day(date)} is already asked for; the first to click *I'll cover* takes it.`,
  askPosted: (date: LocalDate, channelId: string | null, count: number) =>
    channelId
      ? `Asked in ${channelLink(channelId)} for someone to cover ${day(date)}. You will get a message when someone takes it.`
      : `Asked ${counted(count, "person", "people")} of the rotation by direct message to cover ${day(date)}. You will get a message when someone takes it.`,
  askFailed:
    "I could not post the request (Slack refused it). Nothing was asked; try again in a moment.",
  requestText: (askerId: string, date: LocalDate) =>
    `${mention(askerId)} asks for someone to cover webcare on *${day(date)}*.`,
  requestHint: "The first rotation member to click takes the day.",
  requestButton: "I'll cover",
  requestTaken: (takerId: string, askerId: string, date: LocalDate) =>
    `:white_check_mark: ${mention(takerId)} covers webcare on *${day(date)}* (asked by ${mention(askerId)}).`,
  requestClosed: (date: LocalDate) => `Cover for ${day(date)} is no longer needed.`,
  takenForAsker: (takerId: string, date: LocalDate) =>
    `${mention(takerId)} covers your webcare duty on ${day(date)}. You are off that day.`,
  takenForTaker: (askerId: string, date: LocalDate) =>
    `You cover webcare on ${day(date)} for ${mention(askerId)}. You will get the usual reminder that day.`,
  alreadyTaken: (takerId: string, date: LocalDate) =>
    `${mention(takerId)} already took ${day(date)}. Thanks anyway!`,
  requestGone: "This request is no longer open.",
  takeOwn: "This is your own request: someone else in the rotation has to take it.",
  takeNotMember: (date: LocalDate) =>
    `Only members of the webcare rotation on ${day(date)} can take this day.`,
  takeAway: (date: LocalDate) => `You are marked away on ${day(date)}, so you cannot take it.`,
  askButton: "Ask for cover",

  // the daily reminder and the day before
  reminderDm: (date: LocalDate, time: string, standInFor: string | null) =>
    `You are on webcare duty today, ${dayLong(date)} from ${time}${standInFor ? `, standing in for ${mention(standInFor)}, who is away` : ""}: you answer the public on our channels.`,
  reminderDetail: (
    handedOverBy: string | null,
    next: string | null,
    nextDate: LocalDate | null,
    date: LocalDate,
  ) =>
    `Handed over by ${who(handedOverBy)} · ${nextDate && nextDate !== nextDay(date) ? `next (${day(nextDate)})` : "tomorrow"}: ${who(next)}.`,
  reminderHint: "Run `/webcare schedule` to see who is on duty in the coming days.",
  tomorrowDm: (date: LocalDate, time: string, standInFor: string | null) =>
    `Heads-up: you are on webcare duty tomorrow, ${dayLong(date)} from ${time}${standInFor ? `, standing in for ${mention(standInFor)}, who is away` : ""}. Can't make it? Ask for cover.`,
  announcement: (date: LocalDate, time: string, onDuty: string) =>
    `Webcare duty today, ${dayLong(date)} from ${time}: ${mention(onDuty)}.`,
  announcementGap: (date: LocalDate, time: string) =>
    `Webcare duty today, ${dayLong(date)} from ${time}: nobody — everyone in the rotation is away.`,
  announcementLeft: (date: LocalDate, time: string, left: string) =>
    `Webcare duty today, ${dayLong(date)} from ${time}: nobody — ${mention(left)} has left the workspace.`,
  noticeChannel: (channelId: string, error: string) =>
    `I could not announce webcare duty in ${channelLink(channelId)} (${escapeText(error)}). Invite me there with \`/invite @Greenlight\` in that channel, or choose another one: \`/webcare rotation @a @b … in #channel\`. Reminders by direct message still go out.`,
  noticeLeft: (date: LocalDate, userId: string) =>
    `${mention(userId)} is on the webcare rotation for ${day(date)} but has left the workspace, so nobody was reminded today. Set a cover (\`/webcare cover @user ${date}\`) and a new rotation without them (\`/webcare rotation @a @b …\`).`,
  gapAlert: (dates: LocalDate[]) =>
    `Nobody can be on webcare duty on ${dates.map((d) => `*${day(d)}*`).join(", ")}: everyone in the rotation is away. Set a cover (\`/webcare cover @user YYYY-MM-DD\`) or clear an absence (\`/webcare back @user\`).`,

  // the duty group
  groupLinked: (handle: string, onDuty: string | null) =>
    `The user group ${groupName(handle)} now follows webcare duty: at each hand-over its only member becomes the person on duty${onDuty ? ` (now ${mention(onDuty)})` : ""}.`,
  groupOff: (handle: string) =>
    `The user group ${groupName(handle)} no longer follows webcare duty; its members stay as they are.`,
  groupNone: "No user group is linked to webcare duty.",
  groupNotFound: (handle: string) =>
    `I cannot find the user group ${groupName(handle)} in this workspace (it may be disabled).`,
  groupRefused: (problem: string) =>
    `Slack refused to update the user group: ${groupProblem(problem)}`,
  groupNotice: (handle: string, problem: string) =>
    `Slack refused to update the webcare user group ${groupName(handle)}: ${groupProblem(problem)} I have turned the link off; a manager can link it again with \`/webcare group @handle\` once this is fixed.`,
};

export type WebcareMessages = Messages<typeof en>;
