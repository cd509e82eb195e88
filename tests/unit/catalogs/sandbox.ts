import type { Samples } from "../../../src/i18n/catalog.ts";
import type { SandboxMessages } from "../../../src/sandbox/previews.ts";
import { en } from "../../../src/sandbox/messages.en.ts";
import { fr } from "../../../src/sandbox/messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const samples: Samples<SandboxMessages> = {};

export const sandbox = catalogUnderTest("sandbox", { en, fr }, samples);
