import type { Samples } from "../../../src/i18n/catalog.ts";
import type { BusyMessages } from "../../../src/slack/busy.ts";
import { en } from "../../../src/slack/busy.messages.en.ts";
import { fr } from "../../../src/slack/busy.messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const samples: Samples<BusyMessages> = {};

export const busy = catalogUnderTest("busy", { en, fr }, samples);
