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
  | { problem: "cover" };

export type WebcareCommand =
  | { kind: "who"; date: LocalDate | null }
  | { kind: "schedule"; days: number }
  | { kind: "rotation"; members: string[]; handoverTime: string; channelId: string | null }
  | { kind: "cover"; userId: string; date: LocalDate }
  | ({ kind: "usage"; verb: "who" | "schedule" | "rotation" | "cover" | null } & UsageProblem);

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
    case "cover":
      return parseCover(rest);
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

/** `@a @b … [at HH:MM] [in #channel]`: the options come after the members, in either order. */
function parseRotation(args: string[]): WebcareCommand {
  const usage = (problem: UsageProblem): WebcareCommand => ({
    kind: "usage",
    verb: "rotation",
    ...problem,
  });
  const members: string[] = [];
  let i = 0;
  for (; i < args.length; i += 1) {
    const token = args[i] as string;
    const keyword = token.toLowerCase();
    if (keyword === "at" || keyword === "in") break;
    const userId = parseUserMention(token);
    if (!userId) return usage({ problem: "notAUser", given: token });
    if (members.includes(userId)) return usage({ problem: "duplicate", userId });
    members.push(userId);
  }
  if (members.length === 0) return usage({ problem: "emptyRotation" });
  let handoverTime: string | null = null;
  let channelId: string | null = null;
  while (i < args.length) {
    const keyword = (args[i] as string).toLowerCase();
    const value = args[i + 1];
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
  };
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
