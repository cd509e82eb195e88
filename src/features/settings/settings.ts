import { z } from "zod";

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

export const WEEKDAYS = [
  { day: 1, name: "Monday" },
  { day: 2, name: "Tuesday" },
  { day: 3, name: "Wednesday" },
  { day: 4, name: "Thursday" },
  { day: 5, name: "Friday" },
  { day: 6, name: "Saturday" },
  { day: 7, name: "Sunday" },
] as const;

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
});
export type Settings = z.output<typeof SettingsInput>;
