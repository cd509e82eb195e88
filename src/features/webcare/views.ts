import type { KnownBlock } from "@slack/types";
import { context, header, section, type Reply } from "../../slack/reply.ts";
import type { LocalDate } from "../../shared/local-date.ts";
import type { Lang } from "../../i18n/lang.ts";
import { webcareText } from "./messages.ts";
import type { DutyDay } from "./rotation.ts";

/** `/webcare who`: one day's duty, with who handed over and who is next. */
export function whoReply(day: DutyDay, today: LocalDate, lang: Lang): Reply {
  const t = webcareText(lang);
  if (!day.onDuty) return { text: t.nobodyOn(day.date) };
  const line = t.whoLine(day.date, day.onDuty, day.coveredBy, day.date === today);
  const detail = t.whoContext(day.handedOverBy, day.next);
  return { text: `${line}\n${detail}`, blocks: [section(line), context(detail)] };
}

/** `/webcare schedule`: one line a day, in sections of 20 lines (3,000 characters each at most). */
export function scheduleReply(
  days: DutyDay[],
  today: LocalDate,
  footer: string,
  lang: Lang,
): Reply {
  const t = webcareText(lang);
  const lines = days.map((day) =>
    t.scheduleLine(day.date, day.onDuty, day.coveredBy, day.date === today),
  );
  const blocks: KnownBlock[] = [header(t.scheduleHeader(days.length))];
  for (let i = 0; i < lines.length; i += 20)
    blocks.push(section(lines.slice(i, i + 20).join("\n")));
  blocks.push(context(footer));
  const text = [t.scheduleHeader(days.length), ...lines.slice(0, 7)].join("\n");
  return { text, blocks };
}

/** The daily DM to the person on duty. */
export function reminderMessage(day: DutyDay, lang: Lang): Reply {
  const t = webcareText(lang);
  const line = t.reminderDm(day.date);
  const detail = t.reminderDetail(day.handedOverBy, day.next);
  return {
    text: `${line} ${detail}`,
    blocks: [section(line), section(detail), context(t.reminderHint)],
  };
}
