import { catalog } from "../../i18n/catalog.ts";
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";

export type { SuggestionsMessages } from "./messages.en.ts";
/** /suggest's words in the reader's language. */
export const suggestionsText = catalog({ en, fr });
