import { catalog } from "../../i18n/catalog.ts";
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";

export type { SettingsMessages } from "./messages.en.ts";
/** `/greenlight`'s words in the reader's language. */
export const settingsText = catalog({ en, fr });
