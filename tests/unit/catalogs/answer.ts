import type { Samples } from "../../../src/i18n/catalog.ts";
import type { AnswerMessages } from "../../../src/slack/answer-every-request.ts";
import { en } from "../../../src/slack/answer.messages.en.ts";
import { fr } from "../../../src/slack/answer.messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const samples: Samples<AnswerMessages> = {
  unknownCommand: [["/nonsense"], ["/calendrier"]],
};

export const answer = catalogUnderTest("answer", { en, fr }, samples);
