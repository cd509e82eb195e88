import type { Catalogs, Samples } from "../../../src/i18n/catalog.ts";
import { LANGS, type Lang } from "../../../src/i18n/lang.ts";
import { textProblems } from "./check.ts";

/** One feature's catalogs and the sample arguments its texts are rendered with. */
export interface CatalogUnderTest {
  feature: string;
  catalogs: Catalogs<unknown>;
  samples: unknown;
  /** Keys whose English and French are rightly the same (a brand name, a command). */
  sameInBothLanguages?: readonly string[];
}

export function catalogUnderTest<M>(
  feature: string,
  catalogs: Catalogs<M>,
  samples: Samples<M>,
  sameInBothLanguages: readonly string[] = [],
): CatalogUnderTest {
  return { feature, catalogs, samples, sameInBothLanguages };
}

export interface Rendered {
  key: string;
  lang: Lang;
  text: string;
}

/**
 * Every text of a catalog in every language, rendered: strings as they are,
 * functions with each of their samples. Problems collects what differs
 * between the languages' shapes (a key only in one, a function without samples).
 */
export function renderAll(entry: CatalogUnderTest): { texts: Rendered[]; problems: string[] } {
  const texts: Rendered[] = [];
  const problems: string[] = [];
  const walk = (values: Record<Lang, unknown>, samples: unknown, path: string) => {
    const first = values.en;
    for (const lang of LANGS) {
      if (
        typeof values[lang] !== typeof first ||
        Array.isArray(values[lang]) !== Array.isArray(first)
      )
        problems.push(`${path}: not the same kind of value in ${lang} as in en`);
    }
    if (typeof first === "string") {
      for (const lang of LANGS) texts.push({ key: path, lang, text: values[lang] as string });
    } else if (typeof first === "function") {
      const argsList = samples as readonly unknown[][] | undefined;
      if (!argsList || argsList.length === 0) {
        problems.push(`${path}: no sample arguments`);
        return;
      }
      for (const args of argsList) {
        for (const lang of LANGS) {
          const rendered: unknown = (values[lang] as (...a: unknown[]) => unknown)(...args);
          if (typeof rendered === "string") texts.push({ key: path, lang, text: rendered });
          else problems.push(`${path}(${JSON.stringify(args)}) in ${lang} is not a string`);
        }
      }
    } else if (Array.isArray(first)) {
      for (const lang of LANGS) {
        if ((values[lang] as unknown[]).length !== first.length)
          problems.push(
            `${path}: ${lang} has ${(values[lang] as unknown[]).length} items, en ${first.length}`,
          );
      }
      first.forEach((_item, index) =>
        walk(
          Object.fromEntries(
            LANGS.map((lang) => [lang, (values[lang] as unknown[])[index]]),
          ) as Record<Lang, unknown>,
          undefined,
          `${path}[${index}]`,
        ),
      );
    } else if (first !== null && typeof first === "object") {
      const keys = new Set(LANGS.flatMap((lang) => Object.keys(values[lang] as object)));
      for (const key of keys) {
        for (const lang of LANGS) {
          if (!(key in (values[lang] as object)))
            problems.push(`${path}.${key}: missing in ${lang}`);
        }
        walk(
          Object.fromEntries(
            LANGS.map((lang) => [lang, (values[lang] as Record<string, unknown>)[key]]),
          ) as Record<Lang, unknown>,
          (samples as Record<string, unknown> | undefined)?.[key],
          path === "" ? key : `${path}.${key}`,
        );
      }
    } else {
      problems.push(`${path}: unexpected ${typeof first}`);
    }
  };
  walk(entry.catalogs as Record<Lang, unknown>, entry.samples, "");
  return { texts, problems };
}

/** Problems of the rendered texts themselves, and French left in English. */
export function textsProblems(entry: CatalogUnderTest, texts: Rendered[]): string[] {
  const problems: string[] = [];
  for (const { key, lang, text } of texts) {
    for (const problem of textProblems(text, lang, key))
      problems.push(`${entry.feature}.${key} [${lang}]: ${problem}: ${JSON.stringify(text)}`);
  }
  const same = new Set(entry.sameInBothLanguages ?? []);
  const english = new Map(
    texts.filter((t) => t.lang === "en").map((t) => [`${t.key}|${t.text}`, t]),
  );
  for (const t of texts) {
    if (t.lang !== "fr" || same.has(t.key)) continue;
    if (english.has(`${t.key}|${t.text}`) && /[a-z]{3,}\s+[a-z]{3,}/i.test(t.text))
      problems.push(
        `${entry.feature}.${t.key}: the French text is the English one: ${JSON.stringify(t.text)}`,
      );
  }
  return problems;
}
