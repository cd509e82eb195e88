import type { Samples } from "../../../src/i18n/catalog.ts";
import type { MetricsMessages } from "../../../src/features/metrics/messages.ts";
import { en } from "../../../src/features/metrics/messages.en.ts";
import { fr } from "../../../src/features/metrics/messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const EVIL = "<!channel> & co";
const WEEK = "16–22 Nov 2026";

const samples: Samples<MetricsMessages> = {
  unknownPlatform: [["myspace"], [EVIL]],
  unknownFigure: [["likes"], [EVIL]],
  figureNotForPlatform: [
    ["Webcare", "reach", true],
    ["LinkedIn", "response-time", false],
  ],
  badTarget: [
    ["engagement-rate", "lots", "rate", "not-a-number"],
    ["reach", "1,5", "count", "not-whole"],
    ["response-time", "0", "minutes", "out-of-range"],
    ["satisfaction", "9", "score", "out-of-range"],
  ],
  badExportWeeks: [
    ["0", 520],
    [EVIL, 520],
  ],
  notAChannel: [
    ["subscribe", "general"],
    ["unsubscribe", EVIL],
  ],
  goalSet: [
    ["LinkedIn", "engagement-rate", "3,5\u202f%", null],
    ["Webcare", "response-time", "at most 30 min", "at most 45 min"],
  ],
  goalRemoved: [["LinkedIn", "ctr"]],
  goalNotSet: [["X", "followers"]],
  goalsCount: [[1], [3]],
  goalLine: [["LinkedIn", "conversion-rate", "2\u202f%"]],
  atLeast: [["3,5\u202f%"]],
  atMost: [["30 min"]],
  exportNothing: [[1], [52]],
  exportTitle: [[1], [52]],
  exportComment: [
    [1, 1],
    [52, 130],
  ],
  exportFailed: [["file_uploads_disabled"]],
  savedInModal: [["LinkedIn", WEEK]],
  alreadyLogged: [[WEEK, ["X (<@U1>)", "LinkedIn (<@U2>)"]]],
  logged: [["LinkedIn", WEEK]],
  replaced: [["X", WEEK, "U_ALICE"]],
  figureValue: [["Reach", "12,000"]],
  subscribed: [["C1"]],
  alreadySubscribed: [["C1"]],
  inviteFirst: [["G1"]],
  cannotSee: [["C404"]],
  archived: [["C1"]],
  cannotJoin: [["C1", "restricted_action"]],
  unsubscribed: [["C1"]],
  notSubscribed: [["C1"]],
  values: {
    points: [["1.5"]],
    score: [["4.5"]],
    minutes: [["45"]],
    hours: [["2"]],
    days: [["1"]],
  },
  digest: {
    title: [[WEEK]],
    subtitle: [["9–15 Nov 2026"]],
    goalsMet: [
      [0, 1],
      [1, 3],
      [2, 3],
    ],
    goalLine: [["✅", "LinkedIn", "taux", "3,5\u202f%", "3\u202f%", "atteint"]],
    move: [["LinkedIn", "portée", "+30\u202f%"]],
    workflowLine: [
      [
        {
          proposed: 0,
          approved: 0,
          selfApproved: 0,
          rejected: 0,
          changesRequested: 0,
          medianDecision: "no data",
          approvalRate: "no data",
          stillPending: 0,
        },
      ],
      [
        {
          proposed: 7,
          approved: 4,
          selfApproved: 1,
          rejected: 2,
          changesRequested: 1,
          medianDecision: "2 h",
          approvalRate: "66,7\u202f%",
          stillPending: 2,
        },
      ],
    ],
    webcareLine: [["5 of 5", "45 min", "4.5 / 5"]],
    daysCoveredValue: [
      [5, 0, [], ["Saturday", "Sunday"]],
      [4, 1, ["Wednesday"], ["Saturday", "Sunday"]],
      [0, 7, [], []],
      [0, 0, [], ["Monday"]],
      [7, 0, [], []],
    ],
    noDataFor: [[["X", "Instagram"]]],
    more: [[1], [21]],
    fallback: [[WEEK, ["3 proposed", "no platform figures"]]],
    fallbackWorkflow: [
      [0, 0, 0, 0],
      [3, 1, 1, 2],
    ],
    fallbackWebcare: [
      [5, 5],
      [0, 0],
      [1, 1],
    ],
    fallbackPlatforms: [[0], [1], [9]],
  },
  chart: {
    weeksRange: [["28 Sep", "16 Nov"]],
    altPanel: [["Reach", "weeks of 28 Sep to 16 Nov", ["LinkedIn 1,000, no data"]]],
  },
};

export const metrics = catalogUnderTest("metrics", { en, fr }, samples, [
  // Brand and figure names that French uses as they are.
  "fieldLabels.impressions",
  "fieldLabels.engagements",
  "fieldLabels.conversions",
  "digest.columnLabels.impressions",
  "digest.columnLabels.engagements",
  "digest.columnLabels.conversions",
  "digest.goalFigureLabels.impressions",
  "digest.goalFigureLabels.engagements",
  "digest.goalFigureLabels.conversions",
  "digest.goalFigureLabels.satisfaction",
  "digest.figureLabels.impressions",
  "digest.figureLabels.engagements",
  "digest.figureLabels.conversions",
  "placeholders.minutes",
  "values.same",
  // "LinkedIn reach +30%": a label, a figure and a change, in that order in both languages.
  "digest.move",
]);
