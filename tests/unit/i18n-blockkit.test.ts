import { describe, expect, it } from "vitest";
import { roleList } from "../../src/features/roles/views.ts";
import { helpMessage, settingsModal } from "../../src/features/settings/views.ts";
import { LANGS } from "../../src/i18n/lang.ts";
import { validateMessageBlocks, validateView } from "../../src/sandbox/blockkit.ts";
import { webcareText } from "../../src/features/webcare/messages.ts";
import type { DutyDay } from "../../src/features/webcare/rotation.ts";
import {
  absencesReply,
  coverRequestMessage,
  reminderMessage,
  scheduleReply,
  tomorrowMessage,
  whoReply,
} from "../../src/features/webcare/views.ts";
import { addDaysToLocalDate } from "../../src/shared/local-date.ts";

/**
 * Block Kit's limits hold in every language: French runs about a fifth longer
 * than English, and a modal title over 24 characters is refused by Slack.
 */
describe.each(LANGS)("Block Kit limits in %s", (lang) => {
  it("the settings modal", () => {
    const team = {
      id: "T1",
      timezone: "Europe/Paris",
      timezoneSource: "manager",
      digestDay: 3,
      digestTime: "09:00",
      language: lang,
    };
    expect(validateView(settingsModal(team, lang), "modal")).toBeNull();
  });

  it("help and the role list", () => {
    expect(validateMessageBlocks(helpMessage(lang).blocks)).toBeNull();
    const many = [
      "manager",
      "creator",
      "designer",
      "approver",
      "curator",
      "analyst",
      "webcare",
    ].flatMap((role) => Array.from({ length: 30 }, (_, i) => ({ role, userId: `U${role}${i}` })));
    expect(validateMessageBlocks(roleList(many, lang).blocks)).toBeNull();
    expect(validateMessageBlocks(roleList([], lang).blocks)).toBeNull();
  });

  it("webcare: who, a 60-day schedule, absences, reminders and cover requests", () => {
    const t = webcareText(lang);
    const days = Array.from({ length: 60 }, (_, i): DutyDay => {
      const date = addDaysToLocalDate("2026-12-07", i);
      return {
        date,
        status: i % 7 === 5 ? "gap" : "duty",
        rotation: "main",
        onDuty: i % 7 === 5 ? null : "U_CAROL_LONG_ID",
        scheduled: "U_BOB_LONG_ID",
        coveredBy: i % 3 === 0,
        standIn: i % 3 === 1,
        handedOverBy: "U_ALICE_LONG_ID",
        next: "U_BOB_LONG_ID",
        nextDate: addDaysToLocalDate(date, 3),
      } as DutyDay;
    });
    const [first] = days;
    if (!first) throw new Error("no day");
    const footer = t.scheduleFooter("09:00", "America/Argentina/ComodRivadavia", "C_WEBCARE");
    expect(
      validateMessageBlocks(scheduleReply(days, "2026-12-07", footer, t).blocks ?? []),
    ).toBeNull();
    expect(
      validateMessageBlocks(whoReply(days[1] ?? first, "2026-12-07", t).blocks ?? []),
    ).toBeNull();
    const absences = Array.from({ length: 120 }, (_, i) => ({
      id: i,
      userId: `U_PERSON_${i}`,
      from: "2026-12-07",
      to: "2026-12-31",
    }));
    expect(validateMessageBlocks(absencesReply(absences, t).blocks ?? [])).toBeNull();
    expect(
      validateMessageBlocks(reminderMessage(days[1] ?? first, "09:00", t).blocks ?? []),
    ).toBeNull();
    expect(
      validateMessageBlocks(tomorrowMessage(days[1] ?? first, "09:00", t).blocks ?? []),
    ).toBeNull();
    for (const status of ["open", "taken", "closed"] as const) {
      const request = { id: 12, date: "2026-12-07", askerId: "U_BOB", status, takenBy: "U_CAROL" };
      expect(validateMessageBlocks(coverRequestMessage(request, t).blocks ?? [])).toBeNull();
    }
  });
});
