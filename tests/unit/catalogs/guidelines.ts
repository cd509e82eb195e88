import type { Samples } from "../../../src/i18n/catalog.ts";
import type { GuidelinesMessages } from "../../../src/features/guidelines/messages.ts";
import { en } from "../../../src/features/guidelines/messages.en.ts";
import { fr } from "../../../src/features/guidelines/messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const samples: Samples<GuidelinesMessages> = {
  updated: [
    ["U_ALICE", "lundi 7 décembre à 09:00"],
    ["U_BOB", "Monday 7 December at 09:00"],
  ],
  tooLong: [["3 000"], ["3,000"]],
};

export const guidelines = catalogUnderTest("guidelines", { en, fr }, samples);
