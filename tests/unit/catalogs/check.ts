import type { Lang } from "../../../src/i18n/lang.ts";

/**
 * What is wrong with one rendered text, as a list of problems (empty: fine).
 * Every language: no leftover `undefined`/`NaN`/`[object …]`, no `{placeholder}`,
 * no raw key (`key` is the text's full path). French: the non-breaking space (U+00A0 or U+202F) before
 * `:` `;` `?` `!` `%` and inside « guillemets », no straight quotes.
 */
export function textProblems(text: string, lang: Lang, key: string): string[] {
  const problems: string[] = [];
  if (text.trim() === "") problems.push("empty");
  for (const leftover of ["undefined", "NaN", "[object", "Infinity", "null"]) {
    if (text.includes(leftover)) problems.push(`contains "${leftover}"`);
  }
  if (/\{[A-Za-z_][\w.]*\}/.test(text)) problems.push("leftover {placeholder}");
  // What a lookup by key gives back when the text is missing: the key path itself.
  if (text === key || /^[a-z]+(?:\.[A-Za-z]+)+$/.test(text)) problems.push("raw key");
  if (/\s$|^\s/.test(text)) problems.push("leading or trailing space");
  if (lang === "fr") problems.push(...frenchTypography(text));
  else if (/[«»]/.test(text)) problems.push("French guillemets in English");
  return problems;
}

const NBSP = "[\\u00a0\\u202f]";

/** French punctuation, once what is not prose is set aside (code, Slack markup, emoji, times, URLs). */
export function frenchTypography(text: string): string[] {
  const prose = text
    .replace(/`[^`]*`/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;.*?&gt;/g, " ")
    .replace(/&(?:lt|gt|amp);/g, " ")
    .replace(/https?:\/\/\S*/g, " ")
    .replace(/:[a-z0-9_+-]+:/g, " ")
    .replace(/\b(?:\d{1,2}:\d{2}|HH:MM)\b/g, " ")
    .replace(/\b[A-Z]{2,}-?[A-Z]*:/g, " ");
  const problems: string[] = [];
  const before = new RegExp(`(?<!${NBSP})[:;?!%]`, "g");
  for (const match of prose.matchAll(before)) {
    const at = match.index ?? 0;
    problems.push(
      `no non-breaking space before "${match[0]}" in «${prose.slice(Math.max(0, at - 20), at + 2)}»`,
    );
  }
  if (new RegExp(`«(?!${NBSP})`).test(prose)) problems.push("no non-breaking space after «");
  if (new RegExp(`(?<!${NBSP})»`).test(prose)) problems.push("no non-breaking space before »");
  if (prose.includes('"')) problems.push("straight quotes: write « guillemets »");
  if (prose.includes("'")) problems.push("straight apostrophe: write ’");
  if (/ [:;?!%»]/.test(prose)) problems.push("ordinary space where a non-breaking one is due");
  // "n° 12", "tour 2": the number stays on the line of the word it belongs to.
  if (/(?:\bn°|\btour) \d/.test(prose))
    problems.push("ordinary space between a word and its number");
  return problems;
}
