import type { Samples } from "../../../src/i18n/catalog.ts";
import type { OpenModalMessages } from "../../../src/slack/open-modal.ts";
import { en } from "../../../src/slack/open-modal.messages.en.ts";
import { fr } from "../../../src/slack/open-modal.messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const samples: Samples<OpenModalMessages> = {
  expired: [["run `/metrics log` again"], ["relancer `/metrics log`"]],
  unavailable: [["run `/metrics log` again"], ["relancer `/metrics log`"]],
  unknown: [["run `/metrics log` again"], ["relancer `/metrics log`"]],
  refused: [
    ["run `/metrics log` again", "invalid_arguments"],
    ["relancer `/metrics log`", "view_too_large"],
  ],
};

export const openModal = catalogUnderTest("openModal", { en, fr }, samples);
