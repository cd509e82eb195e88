import type { Samples } from "../../../src/i18n/catalog.ts";
import type { SettingsMessages } from "../../../src/features/settings/messages.ts";
import { en } from "../../../src/features/settings/messages.en.ts";
import { fr } from "../../../src/features/settings/messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const samples: Samples<SettingsMessages> = {
  badTimezone: [["Mars/Olympus"], ["<!here>"]],
  saved: [
    ["Europe/Paris", "vendredi", "16:30", "fr"],
    ["America/New_York", "Monday", "09:00", "en"],
  ],
  languageNow: [
    ["fr", true],
    ["en", false],
  ],
  languageAuto: [["fr"], ["en"]],
};

export const settings = catalogUnderTest("settings", { en, fr }, samples);
