import { catalog } from "../../i18n/catalog.ts";
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";

export type { MetricsMessages } from "./messages.en.ts";
/** The metrics feature's words in the reader's language: `metricsText(lang).usage`. */
export const metricsText = catalog({ en, fr });
