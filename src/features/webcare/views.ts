import type { KnownBlock } from "@slack/types";
import { context, header, section, type Reply } from "../../slack/reply.ts";
import type { LocalDate } from "../../shared/local-date.ts";
import { webcareText } from "./messages.ts";
import type { DutyDay } from "./rotation.ts";
import type { StoredAbsence } from "./store.ts";

export const WEBCARE_ACTIONS = {
  /** On a reminder or a day-before DM; the value is the duty date. */
  askCover: "webcare_ask_cover",
  /** On a cover request; the value is the request id. */
  takeCover: "webcare_take_cover",
} as const;

/** `/webcare who`: one day's duty, with who handed over and who is next. */
export function whoReply(day: DutyDay, today: LocalDate): Reply {
  const isToday = day.date === today;
  if (day.status === "closed") return { text: webcareText.closedOn(day.date, isToday) };
  if (day.status === "gap" || !day.onDuty) {
    return { text: webcareText.gapOn(day.date, isToday, day.scheduled) };
  }
  const note = day.coveredBy
    ? webcareText.coverNote
    : day.standIn
      ? webcareText.standInNote(day.scheduled)
      : "";
  const line = webcareText.whoLine(day.date, day.onDuty, note, isToday);
  const detail = webcareText.whoContext(day.handedOverBy, day.next);
  return { text: `${line}\n${detail}`, blocks: [section(line), context(detail)] };
}

function scheduleEntry(day: DutyDay): string {
  if (day.status === "closed") return webcareText.scheduleClosed;
  if (day.status === "gap" || !day.onDuty) return webcareText.scheduleGap(day.scheduled);
  if (day.coveredBy) return webcareText.scheduleCover(day.onDuty);
  if (day.standIn) return webcareText.scheduleStandIn(day.onDuty, day.scheduled);
  return `<@${day.onDuty}>`;
}

/** `/webcare schedule`: one line a day, in sections of 20 lines (3,000 characters each at most). */
export function scheduleReply(days: DutyDay[], today: LocalDate, footer: string): Reply {
  const lines = days.map((day) =>
    webcareText.scheduleLine(day.date, scheduleEntry(day), day.date === today),
  );
  const blocks: KnownBlock[] = [header(webcareText.scheduleHeader(days.length))];
  for (let i = 0; i < lines.length; i += 20)
    blocks.push(section(lines.slice(i, i + 20).join("\n")));
  blocks.push(context(footer));
  const text = [webcareText.scheduleHeader(days.length), ...lines.slice(0, 7)].join("\n");
  return { text, blocks };
}

/** `/webcare away` with no arguments: the absences from today on. */
export function absencesReply(absences: StoredAbsence[]): Reply {
  if (absences.length === 0) return { text: webcareText.absencesNone };
  const lines = absences.map((a) => webcareText.absenceLine(a.userId, a.from, a.to));
  const blocks: KnownBlock[] = [header(webcareText.absencesHeader)];
  // 40 lines of at most ~70 characters stay far below a section's 3,000.
  for (let i = 0; i < lines.length && blocks.length < 49; i += 40)
    blocks.push(section(lines.slice(i, i + 40).join("\n")));
  return { text: [webcareText.absencesHeader, ...lines.slice(0, 10)].join("\n"), blocks };
}

function askButton(date: LocalDate): KnownBlock {
  return {
    type: "actions",
    block_id: "webcare_ask",
    elements: [
      {
        type: "button",
        action_id: WEBCARE_ACTIONS.askCover,
        text: { type: "plain_text", text: webcareText.askButton },
        value: date,
      },
    ],
  };
}

/** The daily DM to the person on duty, with an Ask for cover button. */
export function reminderMessage(day: DutyDay): Reply {
  const line = webcareText.reminderDm(day.date, day.standIn ? day.scheduled : null);
  const detail = webcareText.reminderDetail(day.handedOverBy, day.next, day.nextDate, day.date);
  return {
    text: `${line} ${detail}`,
    blocks: [
      section(line),
      section(detail),
      askButton(day.date),
      context(webcareText.reminderHint),
    ],
  };
}

/** The day-before DM ("tomorrow"), with an Ask for cover button. */
export function tomorrowMessage(day: DutyDay): Reply {
  const line = webcareText.tomorrowDm(day.date, day.standIn ? day.scheduled : null);
  return { text: line, blocks: [section(line), askButton(day.date)] };
}

/** A cover request, open (with its I'll cover button), taken or no longer needed. */
export function coverRequestMessage(request: {
  id: number;
  date: LocalDate;
  askerId: string;
  status: "open" | "taken" | "closed";
  takenBy: string | null;
}): Reply {
  if (request.status === "taken" && request.takenBy) {
    const text = webcareText.requestTaken(request.takenBy, request.askerId, request.date);
    return { text, blocks: [section(text)] };
  }
  if (request.status !== "open") {
    const text = webcareText.requestClosed(request.date);
    return { text, blocks: [section(text)] };
  }
  const text = webcareText.requestText(request.askerId, request.date);
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
            text: { type: "plain_text", text: webcareText.requestButton },
            value: String(request.id),
          },
        ],
      },
      context(webcareText.requestHint),
    ],
  };
}
