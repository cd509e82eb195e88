import { parseChannelMention, parseUserMention, tokenize } from "../../slack/args.ts";
import { isValidLocalDate, type LocalDate } from "../../shared/local-date.ts";
import { parseHHMM } from "../../scheduler/due.ts";

/**
 * `/webcare` arguments → what to do. Pure: no Slack, no database. Whether a
 * mentioned person exists, or a cover date is in the past, is checked later by
 * the listener, which knows the team's today.
 */
export const DEFAULT_SCHEDULE_DAYS = 14;
export const MAX_SCHEDULE_DAYS = 60;
export const DEFAULT_HANDOVER_TIME = "09:00";

export type UsageProblem =
  | { problem: "syntax" }
  | { problem: "date"; given: string }
  | { problem: "days"; given: string }
  | { problem: "tooManyDays"; given: number }
  | { problem: "emptyRotation" }
  | { problem: "notAUser"; given: string }
  | { problem: "duplicate"; userId: string }
  | { problem: "time"; given: string }
  | { problem: "channel"; given: string }
  | { problem: "cover" }
  | { problem: "dateOrder"; from: LocalDate; to: LocalDate }
  | { problem: "group"; given: string };

export type WebcareVerb =
  "who" | "schedule" | "rotation" | "weekend" | "away" | "back" | "ask" | "cover" | "group";

export type WebcareCommand =
  | { kind: "who"; date: LocalDate | null }
  | { kind: "schedule"; days: number }
  | {
      kind: "rotation";
      members: string[];
      handoverTime: string;
      channelId: string | null;
      weekdaysOnly: boolean;
    }
  | { kind: "weekend"; members: string[] }
  | { kind: "absences" }
  | { kind: "away"; userId: string; from: LocalDate; to: LocalDate }
  | { kind: "back"; userId: string }
  | { kind: "ask"; date: LocalDate }
  | { kind: "cover"; userId: string; date: LocalDate }
  | { kind: "group"; usergroupId: string; handle: string }
  | { kind: "groupOff" }
  | ({ kind: "usage"; verb: WebcareVerb | null } & UsageProblem);

export function parseWebcareCommand(text: string | undefined): WebcareCommand {
  const [first, ...rest] = tokenize(text);
  const verb = first?.toLowerCase();
  if (verb === undefined) return { kind: "who", date: null };
  switch (verb) {
    case "who":
      return parseWho(rest);
    case "schedule":
      return parseSchedule(rest);
    case "rotation":
      return parseRotation(rest);
    case "weekend":
      return parseWeekend(rest);
    case "away":
      return parseAway(rest);
    case "back":
      return parseBack(rest);
    case "ask":
      return parseAsk(rest);
    case "cover":
      return parseCover(rest);
    case "group":
      return parseGroup(rest);
    default:
      return { kind: "usage", verb: null, problem: "syntax" };
  }
}

function parseWho(args: string[]): WebcareCommand {
  if (args.length === 0) return { kind: "who", date: null };
  const [date, ...extra] = args;
  if (extra.length > 0 || date === undefined)
    return { kind: "usage", verb: "who", problem: "syntax" };
  if (!isValidLocalDate(date)) return { kind: "usage", verb: "who", problem: "date", given: date };
  return { kind: "who", date };
}

function parseSchedule(args: string[]): WebcareCommand {
  if (args.length === 0) return { kind: "schedule", days: DEFAULT_SCHEDULE_DAYS };
  const [given, ...extra] = args;
  if (extra.length > 0 || given === undefined)
    return { kind: "usage", verb: "schedule", problem: "syntax" };
  if (!/^\d{1,6}$/.test(given) || Number(given) < 1)
    return { kind: "usage", verb: "schedule", problem: "days", given };
  const days = Number(given);
  if (days > MAX_SCHEDULE_DAYS)
    return { kind: "usage", verb: "schedule", problem: "tooManyDays", given: days };
  return { kind: "schedule", days };
}

const ROTATION_KEYWORDS = new Set(["at", "in", "weekdays"]);

/** Mentions in duty order, up to the first keyword; `end` is where the options start. */
function parseMembers(
  args: string[],
): { members: string[]; end: number } | { problem: UsageProblem } {
  const members: string[] = [];
  let i = 0;
  for (; i < args.length; i += 1) {
    const token = args[i] as string;
    if (ROTATION_KEYWORDS.has(token.toLowerCase())) break;
    const userId = parseUserMention(token);
    if (!userId) return { problem: { problem: "notAUser", given: token } };
    if (members.includes(userId)) return { problem: { problem: "duplicate", userId } };
    members.push(userId);
  }
  if (members.length === 0) return { problem: { problem: "emptyRotation" } };
  return { members, end: i };
}

/** `@a @b … [at HH:MM] [in #channel] [weekdays]`: the options come after the members, in any order. */
function parseRotation(args: string[]): WebcareCommand {
  const usage = (problem: UsageProblem): WebcareCommand => ({
    kind: "usage",
    verb: "rotation",
    ...problem,
  });
  const parsed = parseMembers(args);
  if ("problem" in parsed) return usage(parsed.problem);
  const { members } = parsed;
  let i = parsed.end;
  let handoverTime: string | null = null;
  let channelId: string | null = null;
  let weekdaysOnly = false;
  while (i < args.length) {
    const keyword = (args[i] as string).toLowerCase();
    const value = args[i + 1];
    if (keyword === "weekdays" && !weekdaysOnly) {
      weekdaysOnly = true;
      i += 1;
      continue;
    }
    if (keyword === "at" && handoverTime === null) {
      const time = value === undefined ? null : parseHHMM(value);
      if (!time) return usage({ problem: "time", given: value ?? "" });
      handoverTime = `${String(time.hour).padStart(2, "0")}:${String(time.minute).padStart(2, "0")}`;
    } else if (keyword === "in" && channelId === null) {
      const channel = parseChannelMention(value);
      if (!channel) return usage({ problem: "channel", given: value ?? "" });
      channelId = channel;
    } else {
      return usage({ problem: "syntax" });
    }
    i += 2;
  }
  return {
    kind: "rotation",
    members,
    handoverTime: handoverTime ?? DEFAULT_HANDOVER_TIME,
    channelId,
    weekdaysOnly,
  };
}

/** `weekend @d @e …` or `weekend off`. */
function parseWeekend(args: string[]): WebcareCommand {
  if (args.length === 1 && args[0]?.toLowerCase() === "off")
    return { kind: "weekend", members: [] };
  const parsed = parseMembers(args);
  if ("problem" in parsed) return { kind: "usage", verb: "weekend", ...parsed.problem };
  if (parsed.end < args.length) return { kind: "usage", verb: "weekend", problem: "syntax" };
  return { kind: "weekend", members: parsed.members };
}

/** `away` (the list) or `away @user YYYY-MM-DD [YYYY-MM-DD]`. */
function parseAway(args: string[]): WebcareCommand {
  if (args.length === 0) return { kind: "absences" };
  const [who, from, to, ...extra] = args;
  const userId = parseUserMention(who);
  if (!userId || from === undefined || extra.length > 0) {
    return { kind: "usage", verb: "away", problem: "syntax" };
  }
  for (const date of [from, to]) {
    if (date !== undefined && !isValidLocalDate(date)) {
      return { kind: "usage", verb: "away", problem: "date", given: date };
    }
  }
  const until = to ?? from;
  if (until < from) return { kind: "usage", verb: "away", problem: "dateOrder", from, to: until };
  return { kind: "away", userId, from, to: until };
}

function parseBack(args: string[]): WebcareCommand {
  const [who, ...extra] = args;
  const userId = parseUserMention(who);
  if (!userId || extra.length > 0) return { kind: "usage", verb: "back", problem: "syntax" };
  return { kind: "back", userId };
}

function parseAsk(args: string[]): WebcareCommand {
  const [date, ...extra] = args;
  if (date === undefined || extra.length > 0)
    return { kind: "usage", verb: "ask", problem: "syntax" };
  if (!isValidLocalDate(date)) return { kind: "usage", verb: "ask", problem: "date", given: date };
  return { kind: "ask", date };
}

/** A user group as Slack sends it with `should_escape`: `<!subteam^S123|@handle>` (or `<!subteam^S123>`). */
const SUBTEAM_MENTION = /^<!subteam\^([A-Z0-9_]+)(?:\|@?([^>]*))?>$/;

function parseGroup(args: string[]): WebcareCommand {
  const [given, ...extra] = args;
  if (given === undefined || extra.length > 0)
    return { kind: "usage", verb: "group", problem: "syntax" };
  if (given.toLowerCase() === "off") return { kind: "groupOff" };
  const match = SUBTEAM_MENTION.exec(given);
  if (!match) return { kind: "usage", verb: "group", problem: "group", given };
  return { kind: "group", usergroupId: match[1] as string, handle: match[2] ?? "" };
}

function parseCover(args: string[]): WebcareCommand {
  const [who, date, ...extra] = args;
  const userId = parseUserMention(who);
  if (extra.length > 0 || !userId || date === undefined)
    return { kind: "usage", verb: "cover", problem: "cover" };
  if (!isValidLocalDate(date))
    return { kind: "usage", verb: "cover", problem: "date", given: date };
  return { kind: "cover", userId, date };
}
