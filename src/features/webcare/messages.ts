import { catalog } from "../../i18n/catalog.ts";
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";

export type { ChannelProblem, RotationSet, WebcareMessages } from "./messages.en.ts";
/** The webcare feature's words in the reader's language: `webcareText(lang).usage`. */
export const webcareText = catalog({ en, fr });
