import { z } from "zod";

/** The languages Greenlight speaks. Every catalog has exactly these. */
export const LANGS = ["en", "fr"] as const;
export type Lang = (typeof LANGS)[number];

/** Slack's locale for everyone whose language Greenlight cannot tell. */
export const DEFAULT_LANG: Lang = "en";

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** A Slack locale (`users.info` with `include_locale`): `fr-…` is French, anything else English. */
export function langFromLocale(locale: string | null | undefined): Lang {
  return locale && /^fr(?:[-_]|$)/i.test(locale) ? "fr" : "en";
}

/** A stored language column; anything unexpected reads as the default rather than failing. */
export function asLang(value: string | null | undefined): Lang {
  return isLang(value) ? value : DEFAULT_LANG;
}

/** The BCP 47 tag `Intl` formats with: British English keeps day-month order and a 24-hour clock. */
export function intlLocale(lang: Lang): string {
  return lang === "fr" ? "fr-FR" : "en-GB";
}

const WithLang = z.object({ lang: z.enum(LANGS) });

/**
 * The language a modal was opened in, from its private_metadata (a JSON
 * object with `lang`). A submission's field errors are answered in the ack,
 * before anything may be read from the database: the modal carries its
 * reader's language for that. Anything else reads as the default.
 */
export function langOfMetadata(privateMetadata: string | undefined): Lang {
  try {
    const parsed = WithLang.safeParse(JSON.parse(privateMetadata ?? ""));
    return parsed.success ? parsed.data.lang : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}
