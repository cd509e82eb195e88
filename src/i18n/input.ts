/**
 * Reading what people type, in either language. French writes `3,5` and
 * `12 345`; English `3.5` and `12345`; people type either whatever their
 * Slack language, so both are accepted everywhere.
 */

/** Spaces people (and CLDR) put between groups of digits: ordinary, no-break, narrow no-break. */
const GROUP_SPACE = /[ \u00a0\u202f]/g;
const DECIMAL = /^[+-]?\d+(?:[.,]\d+)?$/;

/**
 * A number as typed: `3,5`, `3.5`, `12 345`, `12 345,5`. One comma or point is
 * the decimal separator; spaces may group digits. Anything else (`1,234.5`,
 * `3,5,1`, `abc`, empty) is null, so the caller can answer next to the field.
 */
export function parseNumberInput(text: string): number | null {
  // The real minus sign (U+2212) is what Greenlight itself writes, so people copy it.
  const compact = text
    .trim()
    .replace(GROUP_SPACE, "")
    .replace(/^\u2212/, "-");
  if (!DECIMAL.test(compact)) return null;
  const value = Number(compact.replace(",", "."));
  return Number.isFinite(value) ? value : null;
}

/** Thousands grouped with commas or points (`12,345`, `1.234.567`): only a whole number reads so. */
const GROUPED = /^[+-]?\d{1,3}(?:([,.])\d{3})(?:\1\d{3})*$/;

/**
 * A whole number as typed: `12345`, `12 345`, `12,345`, `12.345`, `-120`,
 * `−120`. Where a whole number is expected, a comma or point followed by
 * groups of three digits separates thousands (nobody logs 12.345 clicks);
 * anything else that is not a whole number (`3,5`, `1,2345`, `abc`) is null.
 */
export function parseWholeNumberInput(text: string): number | null {
  const compact = text
    .trim()
    .replace(GROUP_SPACE, "")
    .replace(/^\u2212/, "-");
  const value = GROUPED.test(compact)
    ? Number(compact.replace(/[,.]/g, ""))
    : parseNumberInput(compact);
  // `+ 0` turns -0 into 0.
  return value !== null && Number.isSafeInteger(value) ? value + 0 : null;
}

/**
 * A word folded for comparison: lower case, accents dropped (`Créateur` →
 * `createur`), so commands accept `approbateur`, `Approbateur` and `créateur`
 * alike, with or without accents.
 */
export function foldWord(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}
