import type { Samples } from "../../../src/i18n/catalog.ts";
import type { WelcomeMessages } from "../../../src/install/messages.ts";
import { en } from "../../../src/install/messages.en.ts";
import { fr } from "../../../src/install/messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const samples: Samples<WelcomeMessages> = {};

export const install = catalogUnderTest("install", { en, fr }, samples);
