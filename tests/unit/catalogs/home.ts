import type { Samples } from "../../../src/i18n/catalog.ts";
import type { HomeMessages } from "../../../src/features/home/messages.ts";
import { en } from "../../../src/features/home/messages.en.ts";
import { fr } from "../../../src/features/home/messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const duty = {
  status: "duty",
  onDuty: "U_DAVE",
  standIn: false,
  scheduled: "U_DAVE",
  coveredBy: false,
} as const;
const samples: Samples<HomeMessages> = {
  yourRoles: [[["manager", "creator"]], [[]]],
  approver: [["U_BOB"], [null]],
  onDuty: [
    [null],
    [duty],
    [{ ...duty, coveredBy: true }],
    [{ ...duty, standIn: true, scheduled: "U_BOB" }],
    [{ ...duty, status: "closed", onDuty: null }],
    [{ ...duty, status: "gap", onDuty: null }],
  ],
  nextDuty: [["lundi 7 décembre"]],
  calendarMore: [[1], [12345]],
  calendarMoreOnDay: [[3]],
  toDecide: [[1], [150]],
  decideLine: [[12, "mar. 24 nov. 2026 à 09:00", "U_CAROL", "Spring &amp; sale"]],
  toIllustrate: [[2]],
  illustrateLine: [[12, "Tue 24 Nov 2026, 09:00", "Spring"]],
  toCover: [[1]],
  coverLine: [["mercredi 25 novembre", "U_DAVE"]],
  yourPending: [[0], [3]],
  more: [[290]],
  suggestionLine: [[7, "<https://example.com|https://example.com>", "U_DAVE", "lundi 23 novembre"]],
  suggestionWhy: [["Parfait pour vendredi"]],
  suggestionsMore: [[290]],
  dismissed: [[7]],
  alreadyProposed: [
    [7, "U_ALICE"],
    [7, null],
  ],
  alreadyDismissed: [
    [7, "U_ALICE"],
    [7, null],
  ],
};

export const home = catalogUnderTest("home", { en, fr }, samples);
