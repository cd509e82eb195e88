import type { Samples } from "../../../src/i18n/catalog.ts";
import type { WebcareMessages } from "../../../src/features/webcare/messages.ts";
import { en } from "../../../src/features/webcare/messages.en.ts";
import { fr } from "../../../src/features/webcare/messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const D = "2026-12-07";

const samples: Samples<WebcareMessages> = {
  usageFor: [
    [null, { problem: "syntax" }],
    ["who", { problem: "date", given: "tomorrow" }],
    ["schedule", { problem: "days", given: "x" }],
    ["schedule", { problem: "tooManyDays", given: 99 }],
    ["rotation", { problem: "emptyRotation" }],
    ["rotation", { problem: "notAUser", given: "<!channel>" }],
    ["rotation", { problem: "duplicate", userId: "U_BOB" }],
    ["rotation", { problem: "time", given: "25:00" }],
    ["rotation", { problem: "channel", given: "general" }],
    ["cover", { problem: "cover" }],
  ],
  nobodyOn: [[D]],
  whoLine: [
    [D, "U_BOB", true, false],
    [D, "U_BOB", false, true],
  ],
  whoContext: [
    ["U_ALICE", "U_CAROL"],
    [null, null],
  ],
  scheduleHeader: [[1], [14], [60]],
  scheduleLine: [
    [D, "U_BOB", true, true],
    [D, null, false, false],
  ],
  scheduleFooter: [
    ["09:00", "Europe/Paris", "C_GENERAL"],
    ["18:30", "UTC", null],
  ],
  deniedRotation: [[["U_ALICE"]], [[]]],
  deniedCover: [[["U_ALICE", "U_DAVE"]], [[]]],
  isBot: [["U_BOT"]],
  isDeleted: [["U_GONE"]],
  isUnknown: [["U_NOBODY"]],
  rotationSet: [
    [["U_ALICE", "U_BOB"], D, "09:00", "Europe/Paris", "C_GENERAL", false],
    [["U_ALICE"], D, "18:30", "UTC", null, true],
  ],
  coverPast: [["2026-12-01", D]],
  coverSet: [
    ["U_BOB", D, "U_ALICE"],
    ["U_BOB", D, null],
  ],
  reminderDm: [[D]],
  reminderDetail: [
    ["U_ALICE", "U_CAROL"],
    [null, null],
  ],
  announcement: [[D, "U_BOB"]],
  announcementLeft: [[D, "U_GONE"]],
  noticeChannel: [["C_GENERAL", "not_in_channel"]],
  noticeLeft: [[D, "U_GONE"]],
};

export const webcare = catalogUnderTest("webcare", { en, fr }, samples);
