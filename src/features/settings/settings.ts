import { z } from "zod";
import { foldWord } from "../../i18n/input.ts";
import { LANGS, type Lang } from "../../i18n/lang.ts";

/** The runtime's own list of IANA zones (plus UTC, which some runtimes leave out). */
const ZONES = new Map(
  [...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC"].map((zone) => [
    zone.toLowerCase(),
    zone,
  ]),
);

export function canonicalTimezone(input: string): string | null {
  return ZONES.get(input.trim().toLowerCase()) ?? null;
}

/** ISO days of the week, 1 = Monday … 7 = Sunday; their names come from the reader's language. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export const SettingsInput = z.object({
  timezone: z.string().transform((value, ctx) => {
    const zone = canonicalTimezone(value);
    if (!zone) {
      ctx.addIssue({ code: "custom", message: "timezone" });
      return z.NEVER;
    }
    return zone;
  }),
  digestDay: z.coerce.number().int().min(1).max(7),
  digestTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  language: z.enum(LANGS),
});
export type Settings = z.output<typeof SettingsInput>;

/** `/greenlight language …`: a language by its code or its name in either language, or `auto`. */
export function parseLanguageChoice(word: string): Lang | "auto" | null {
  const folded = foldWord(word);
  if (["fr", "francais", "french"].includes(folded)) return "fr";
  if (["en", "english", "anglais"].includes(folded)) return "en";
  if (["auto", "slack"].includes(folded)) return "auto";
  return null;
}
