import type { Format } from "../../i18n/format.ts";
import { catalog } from "../../i18n/catalog.ts";
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";
import { PLATFORMS } from "./validation.ts";

export type { ProposalsMessages } from "./messages.en.ts";
export { excerpt } from "./messages.en.ts";
/** The proposals feature's words in the reader's language: `proposalsText(lang).approve`. */
export const proposalsText = catalog({ en, fr });

/** A moment as the team reads it: "Tue 24 Nov 2026, 14:00 (Europe/Paris)" · "mar. 24 nov. 2026 à 14:00 (Europe/Paris)". */
export function when(at: Date, format: Format): string {
  return `${format.dateTimeShort(at)} (${format.timeZone})`;
}

/** Platform names are brands: the same in every language. */
export const platformLabels = (ids: readonly string[]): string =>
  ids.map((id) => PLATFORMS.find((item) => item.id === id)?.label ?? id).join(", ");
