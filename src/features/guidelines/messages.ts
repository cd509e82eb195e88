import { catalog } from "../../i18n/catalog.ts";
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";

export type { GuidelinesMessages } from "./messages.en.ts";
/** The guidelines feature's words in the reader's language. */
export const guidelinesText = catalog({ en, fr });
