import type { KnownBlock } from "@slack/types";
import { context, header, section, type Reply } from "../../slack/reply.ts";
import type { LocalDate } from "../../shared/local-date.ts";
import type { WebcareMessages } from "./messages.ts";
import type { DutyDay } from "./rotation.ts";
import type { StoredAbsence } from "./store.ts";

export const WEBCARE_ACTIONS = {
  /** On a reminder or a day-before DM; the value is the duty date. */
  askCover: "webcare_ask_cover",
  /** On a cover request; the value is the request id. */
  takeCover: "webcare_take_cover",
} as const;

/** `/webcare who`: one day's duty, with who handed over and who is next. */
export function whoReply(day: DutyDay, today: LocalDate, t: WebcareMessages): Reply {
  const isToday = day.date === today;
  if (day.status === "closed") return { text: t.closedOn(day.date, isToday) };
  if (day.status === "gap" || !day.onDuty) {
    return { text: t.gapOn(day.date, isToday, day.scheduled) };
  }
  const note = day.coveredBy ? t.coverNote : day.standIn ? t.standInNote(day.scheduled) : "";
  const line = t.whoLine(day.date, day.onDuty, note, isToday);
  const detail = t.whoContext(day.handedOverBy, day.next);
  return { text: `${line}\n${detail}`, blocks: [section(line), context(detail)] };
}

function scheduleEntry(day: DutyDay, t: WebcareMessages): string {
  if (day.status === "closed") return t.scheduleClosed;
  if (day.status === "gap" || !day.onDuty) return t.scheduleGap(day.scheduled);
  if (day.coveredBy) return t.scheduleCover(day.onDuty);
  if (day.standIn) return t.scheduleStandIn(day.onDuty, day.scheduled);
  return `<@${day.onDuty}>`;
}

/** `/webcare schedule`: one line a day, in sections of 20 lines (3,000 characters each at most). */
export function scheduleReply(
  days: DutyDay[],
  today: LocalDate,
  footer: string,
  t: WebcareMessages,
): Reply {
  const lines = days.map((day) =>
    t.scheduleLine(day.date, scheduleEntry(day, t), day.date === today),
  );
  const blocks: KnownBlock[] = [header(t.scheduleHeader(days.length))];
  for (let i = 0; i < lines.length; i += 20)
    blocks.push(section(lines.slice(i, i + 20).join("\n")));
  blocks.push(context(footer));
  const text = [t.scheduleHeader(days.length), ...lines.slice(0, 7)].join("\n");
  return { text, blocks };
}

/** `/webcare away` with no arguments: the absences from today on. */
export function absencesReply(absences: StoredAbsence[], t: WebcareMessages): Reply {
  if (absences.length === 0) return { text: t.absencesNone };
  const lines = absences.map((a) => t.absenceLine(a.userId, a.from, a.to));
  const blocks: KnownBlock[] = [header(t.absencesHeader)];
  // 40 lines of at most ~70 characters stay far below a section's 3,000.
  for (let i = 0; i < lines.length && blocks.length < 49; i += 40)
    blocks.push(section(lines.slice(i, i + 40).join("\n")));
  return { text: [t.absencesHeader, ...lines.slice(0, 10)].join("\n"), blocks };
}

function askButton(date: LocalDate, t: WebcareMessages): KnownBlock {
  return {
    type: "actions",
    block_id: "webcare_ask",
    elements: [
      {
        type: "button",
        action_id: WEBCARE_ACTIONS.askCover,
        text: { type: "plain_text", text: t.askButton },
        value: date,
      },
    ],
  };
}

/** The daily DM to the person on duty (in their language), with an Ask for cover button. */
export function reminderMessage(day: DutyDay, handoverTime: string, t: WebcareMessages): Reply {
  const line = t.reminderDm(day.date, handoverTime, day.standIn ? day.scheduled : null);
  const detail = t.reminderDetail(day.handedOverBy, day.next, day.nextDate, day.date);
  return {
    text: `${line} ${detail}`,
    blocks: [section(line), section(detail), askButton(day.date, t), context(t.reminderHint)],
  };
}

/** The day-before DM ("tomorrow"), with an Ask for cover button. */
export function tomorrowMessage(day: DutyDay, handoverTime: string, t: WebcareMessages): Reply {
  const line = t.tomorrowDm(day.date, handoverTime, day.standIn ? day.scheduled : null);
  return { text: line, blocks: [section(line), askButton(day.date, t)] };
}

/**
 * A cover request, open (with its I'll cover button), taken or no longer
 * needed: in the team's language in the duty channel, in each member's own
 * in a DM.
 */
export function coverRequestMessage(
  request: {
    id: number;
    date: LocalDate;
    askerId: string;
    status: "open" | "taken" | "closed";
    takenBy: string | null;
  },
  t: WebcareMessages,
): Reply {
  if (request.status === "taken" && request.takenBy) {
    const text = t.requestTaken(request.takenBy, request.askerId, request.date);
    return { text, blocks: [section(text)] };
  }
  if (request.status !== "open") {
    const text = t.requestClosed(request.date);
    return { text, blocks: [section(text)] };
  }
  const text = t.requestText(request.askerId, request.date);
  return {
    text,
    blocks: [
      section(text),
      {
        type: "actions",
        block_id: "webcare_cover_request",
        elements: [
          {
            type: "button",
            style: "primary",
            action_id: WEBCARE_ACTIONS.takeCover,
            text: { type: "plain_text", text: t.requestButton },
            value: String(request.id),
          },
        ],
      },
      context(t.requestHint),
    ],
  };
}
