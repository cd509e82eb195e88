import type { Samples } from "../../../src/i18n/catalog.ts";
import type { WebcareMessages } from "../../../src/features/webcare/messages.ts";
import { en } from "../../../src/features/webcare/messages.en.ts";
import { fr } from "../../../src/features/webcare/messages.fr.ts";
import type { UsageProblem, WebcareVerb } from "../../../src/features/webcare/parse.ts";
import { catalogUnderTest } from "./walk.ts";

const D = "2026-12-07";
const D2 = "2026-12-11";
const TODAY = "2026-12-01";
const MANAGERS: [string[], string[]] = [["U_ALICE", "U_BOB"], []];
const problems: Array<[WebcareVerb | null, UsageProblem]> = [
  [null, { problem: "syntax" }],
  ["who", { problem: "date", given: "tomorrow" }],
  ["schedule", { problem: "days", given: "lots" }],
  ["schedule", { problem: "tooManyDays", given: 90 }],
  ["rotation", { problem: "emptyRotation" }],
  ["rotation", { problem: "notAUser", given: "<!channel>" }],
  ["rotation", { problem: "duplicate", userId: "U_BOB" }],
  ["rotation", { problem: "time", given: "9am" }],
  ["rotation", { problem: "channel", given: "webcare" }],
  ["cover", { problem: "cover" }],
  ["away", { problem: "dateOrder", from: D2, to: D }],
  ["group", { problem: "group", given: "webcare" }],
  ["weekend", { problem: "syntax" }],
  ["back", { problem: "syntax" }],
  ["ask", { problem: "syntax" }],
];
const rotation = {
  members: ["U_ALICE", "U_BOB"],
  startDate: TODAY,
  time: "09:00",
  timezone: "Europe/Paris",
  channelId: "C_WEBCARE",
  replaced: false,
  weekdaysOnly: false,
  firstDay: TODAY,
  hasWeekend: false,
};

const samples: Samples<WebcareMessages> = {
  usageFor: problems,
  closedOn: [
    [D, true],
    [D, false],
  ],
  gapOn: [
    [D, true, "U_BOB"],
    [D, false, null],
  ],
  whoLine: [
    [D, "U_BOB", "", true],
    [D, "U_BOB", "(cover)", false],
  ],
  whoContext: [
    ["U_ALICE", "U_CAROL"],
    [null, null],
  ],
  standInNote: [["U_ALICE"], [null]],
  scheduleHeader: [[1], [14], [0]],
  scheduleLine: [
    [D, "<@U_BOB>", true],
    [D, "_closed_", false],
  ],
  scheduleGap: [["U_BOB"], [null]],
  scheduleCover: [["U_BOB"]],
  scheduleStandIn: [
    ["U_BOB", "U_ALICE"],
    ["U_BOB", null],
  ],
  scheduleFooter: [
    ["09:00", "Europe/Paris", "C_WEBCARE"],
    ["18:30", "UTC", null],
  ],
  deniedRotation: MANAGERS.map((m) => [m] as [string[]]),
  deniedCover: [
    ["U_BOB", MANAGERS[0]],
    [null, MANAGERS[1]],
  ],
  coverTaken: [["U_CAROL", D, MANAGERS[0]]],
  deniedAway: MANAGERS.map((m) => [m] as [string[]]),
  deniedGroup: MANAGERS.map((m) => [m] as [string[]]),
  isBot: [["U_BOT"]],
  isDeleted: [["U_GONE"]],
  isUnknown: [["U_NOBODY"]],
  rotationSet: [
    [rotation],
    [{ ...rotation, replaced: true, weekdaysOnly: true, channelId: null, firstDay: D }],
    [{ ...rotation, hasWeekend: true, firstDay: null }],
  ],
  rotationChannel: [
    ["G_PRIVATE", "private", ""],
    ["C_OLD", "archived", ""],
    ["C_GONE", "unseen", ""],
    ["C_X", "other", "restricted_action"],
  ],
  weekendSet: [
    [["U_DAVE", "U_ERIN"], "2026-12-05", false],
    [["U_DAVE"], "2026-12-05", true],
  ],
  weekendOff: [[true], [false]],
  awaySet: [
    ["U_BOB", D, D, []],
    ["U_BOB", D, D2, ["• lun. 7 déc. 2026 → <@U_CAROL>"]],
  ],
  awayChange: [
    [D, "U_CAROL"],
    [D, null],
  ],
  awayStillCovers: [[[D]], [[D, D2]]],
  awayPast: [[D, TODAY]],
  backDone: [
    ["U_BOB", 1],
    ["U_BOB", 0],
  ],
  absenceLine: [
    ["U_BOB", D, D],
    ["U_BOB", D, D2],
  ],
  coverPast: [[D, TODAY]],
  coverClosed: [[D]],
  coverAway: [["U_BOB", D]],
  coverSet: [
    ["U_CAROL", D, "U_BOB"],
    ["U_CAROL", D, null],
  ],
  askPast: [[D, TODAY]],
  askNotYours: [
    [D, "U_CAROL"],
    [D, null],
  ],
  askNobody: [[D]],
  askAlreadyOpen: [[D]],
  askPosted: [
    [D, "C_WEBCARE", 0],
    [D, null, 1],
    [D, null, 3],
  ],
  requestText: [["U_BOB", D]],
  requestTaken: [["U_CAROL", "U_BOB", D]],
  requestClosed: [[D]],
  takenForAsker: [["U_CAROL", D]],
  takenForTaker: [["U_BOB", D]],
  alreadyTaken: [["U_CAROL", D]],
  takeNotMember: [[D]],
  takeAway: [[D]],
  reminderDm: [
    [D, "09:00", null],
    [D, "09:00", "U_ALICE"],
  ],
  reminderDetail: [
    ["U_ALICE", "U_CAROL", "2026-12-08", D],
    [null, null, D2, D],
  ],
  tomorrowDm: [
    [D, "09:00", null],
    [D, "09:00", "U_ALICE"],
  ],
  announcement: [[D, "09:00", "U_BOB"]],
  announcementGap: [[D, "09:00"]],
  announcementLeft: [[D, "09:00", "U_GONE"]],
  noticeChannel: [["C_WEBCARE", "not_in_channel"]],
  noticeLeft: [[D, "U_GONE"]],
  gapAlert: [[[D]], [[D, D2, "2026-12-12"]]],
  groupLinked: [
    ["webcare", "U_BOB"],
    ["", null],
  ],
  groupOff: [["webcare"]],
  groupNotFound: [["webcare"]],
  groupRefused: [
    ["paid_teams_only"],
    ["permission_denied"],
    ["missing_scope"],
    ["no_such_subteam"],
    ["fatal_error"],
  ],
  groupNotice: [
    ["webcare", "paid_teams_only"],
    ["webcare", "something_else"],
  ],
};

/** The schedule's "closed" mark and the cover note are short words, but differ; no key is the same. */
export const webcare = catalogUnderTest("webcare", { en, fr }, samples);
