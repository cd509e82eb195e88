import type { Samples } from "../../../src/i18n/catalog.ts";
import type { SuggestionsMessages } from "../../../src/features/suggestions/messages.ts";
import { en } from "../../../src/features/suggestions/messages.en.ts";
import { fr } from "../../../src/features/suggestions/messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const samples: Samples<SuggestionsMessages> = {
  badUrl: [["pas-une-adresse"], ["<!channel>"]],
  whyTooLong: [[500, 12345]],
  saved: [[12, "https://example.com/a?b=1&c=2"]],
  closedMeanwhile: [
    [12, true],
    [12, false],
  ],
};

export const suggestions = catalogUnderTest("suggestions", { en, fr }, samples);
