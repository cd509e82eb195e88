import { catalog } from "../../i18n/catalog.ts";
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";

export type { HomeMessages, TodayDuty } from "./messages.en.ts";
/** App Home's words in the reader's language. */
export const homeText = catalog({ en, fr });
