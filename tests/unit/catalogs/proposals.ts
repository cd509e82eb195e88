import type { Samples } from "../../../src/i18n/catalog.ts";
import type { ProposalsMessages } from "../../../src/features/proposals/messages.ts";
import { en } from "../../../src/features/proposals/messages.en.ts";
import { fr } from "../../../src/features/proposals/messages.fr.ts";
import type { Outcome } from "../../../src/features/proposals/approval.ts";
import { catalogUnderTest } from "./walk.ts";

const AT = "Mon 7 Dec 2026, 09:00 (Europe/Paris)";
const TEXT = "Hello <!channel> & welcome";
const outcomes = ["approved", "rejected", "changes_requested", "withdrawn", "expired"] as const;
/** A decision of each outcome, then an approval by the proposer (self-approved). */
const decisions: Array<[number, string, Outcome, string, boolean, string]> = [
  ...outcomes.map((o): [number, string, Outcome, string, boolean, string] => [
    12,
    TEXT,
    o,
    "U_BOB",
    false,
    AT,
  ]),
  [12, TEXT, "approved", "U_BOB", true, AT],
];

const samples: Samples<ProposalsMessages> = {
  publishAtHint: [["Europe/Paris"]],
  validation: {
    textTooLongOverall: [[3200, 3000]],
    textTooLongFor: [
      ["X", 300, 280, "x-weighted"],
      ["Threads", 600, 500, "utf8-bytes"],
      ["LinkedIn", 3100, 3000, "code-points"],
    ],
    textForbiddenCharacters: [["Instagram", ["<", ">"]]],
    platformsUnknown: [[["myspace"]]],
    publishAtTooFar: [[2]],
    contentTypeNeedsMedia: [["Instagram", ["image", "video", "carousel"]]],
    contentTypeNotOn: [["TikTok", "text"]],
    notesTooLong: [[2100, 2000]],
    visualsNotMedia: [[["a.pdf"]], [["a.pdf", "b.zip"]]],
    visualsTooMany: [[10, 12]],
  },
  reasonTitle: [["rejected"], ["changes_requested"]],
  reasonSubmit: [["rejected"], ["changes_requested"]],
  reasonLabel: [["rejected"], ["changes_requested"]],
  reasonIntro: [[12, TEXT]],
  approvalHeader: [
    [12, 1],
    [12, 3],
  ],
  approvalFallback: [[12, "U_CAROL"]],
  approvalAsk: [["U_CAROL"]],
  decidedLine: [
    ...outcomes.map((o): [Outcome, string, boolean, string] => [o, "U_BOB", false, AT]),
    ["approved", "U_BOB", true, AT],
  ],
  reasonLine: [["Too long <b>"]],
  movedLine: [["U_DAVE"], [null]],
  confirmFallback: [[12]],
  confirmSent: [[12, "U_BOB", AT]],
  confirmNoApprover: [
    [12, ["U_ALICE"]],
    [12, []],
  ],
  confirmResubmitted: [
    [12, 2, "U_BOB"],
    [12, 2, null],
  ],
  requestUndelivered: [[12, "U_BOB", "account_inactive"]],
  proposerDecisionFallback: outcomes.map((o) => [12, o] as const),
  proposerDecision: decisions,
  confirmClosed: outcomes.map((o) => [12, o] as const),
  onlyApprover: [["U_BOB"]],
  moved: [["U_DAVE"], [null]],
  alreadyDecided: decisions,
  editedMeanwhile: [[12, "U_CAROL"]],
  editLost: [[12]],
  sent: [
    [12, 1],
    [12, 2],
    [null, 1],
  ],
  notSaved: [[false], [true]],
  onlyProposerEditsPending: [["U_CAROL"]],
  cannotEdit: [
    [12, "approved"],
    [12, "expired"],
  ],
  textCutHint: [[3002, 3000]],
  visualsHint: [[10]],
  visualsKeptHint: [[["a.png"]], [["a.png", "b.mp4"]]],
  guidelinesReminder: [["Be kind <always>"]],
  visualRequest: [[12, "U_CAROL", "Image", AT]],
  visualRequestFallback: [[12]],
  addVisualIntro: [[12, "U_CAROL"]],
  visualRequestDone: [[12, "U_DAVE"]],
  visualRequestClosed: [
    [12, "approved"],
    [12, "withdrawn"],
  ],
  visualAdded: [
    [12, "U_DAVE", 1],
    [12, "U_DAVE", 3],
  ],
  visualNotPending: [[12, "rejected"]],
  fieldVisuals: [[1], [2]],
  visualsMissing: [[1], [2]],
  textWasCut: [[3002, 3000]],
  earlierRound: outcomes.map((o) => [1, o, "U_BOB", AT] as const),
  earlierReason: [["Too long <b>"]],
  editedBeforeDecision: [[1]],
  whatChanged: [[["the text", "platforms (was X)"]]],
  changedWas: [["Platforms", "X"]],
  changedPlain: [["Notes"]],
  earlierTextLabel: [[1]],
  editedLine: [["U_CAROL", 2]],
  supersededNotice: [[12, 3]],
  expiredNow: [[AT]],
  onlyProposerWithdraws: [["U_CAROL"]],
  cannotWithdraw: [["approved"], ["expired"]],
  withdrawn: [[12]],
  onlyProposerEdits: [["U_CAROL"]],
  clickAgain: [["Edit"]],
  reminderIntro: [[1], [2], [12345]],
  reminderLine: [[12, TEXT, "U_CAROL", AT, AT]],
  reminderMore: [[3]],
  reminderFallback: [[1], [4]],
  calendarHeader: [[7], [30]],
  calendarEmpty: [[7], [30]],
  calendarLine: [
    ["09:00", "approved", "X, LinkedIn", TEXT, "U_CAROL", 12],
    ["18:30", "pending", "Instagram", TEXT, "U_CAROL", 13],
  ],
  calendarMoreOnDay: [[1], [5]],
  calendarMoreDays: [[1], [2]],
  calendarFooter: [["Europe/Paris"]],
  calendarFallback: [
    [1, 7],
    [0, 30],
  ],
};

export const proposals = catalogUnderTest("proposals", { en, fr }, samples, [
  "goals.engagement",
  "contentTypes.image",
  "contentTypes.story",
  "fieldNotes",
]);
