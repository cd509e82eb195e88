/** The guidelines' rules — pure. */

/** Slack's plain-text input holds 3,000 characters. */
export const MAX_GUIDELINES_LENGTH = 3000;
const REMINDER_MAX = 140;

/** The first line with words in it, shortened for a one-line reminder. */
export function firstLine(text: string): string | null {
  const line = text
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "");
  if (!line) return null;
  const chars = [...line];
  return chars.length <= REMINDER_MAX ? line : `${chars.slice(0, REMINDER_MAX - 1).join("")}…`;
}

/** `/greenlight guidelines [edit]`: what the caller asked for, or null for a usage line. */
export function parseGuidelinesArgs(rest: readonly string[]): "read" | "edit" | null {
  if (rest.length === 0) return "read";
  if (rest.length === 1 && rest[0]!.toLowerCase() === "edit") return "edit";
  return null;
}
