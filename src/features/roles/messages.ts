import { catalog } from "../../i18n/catalog.ts";
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";

export type { RolesMessages } from "./messages.en.ts";
/** The roles feature's words in the reader's language: `rolesText(lang).usage`. */
export const rolesText = catalog({ en, fr });
