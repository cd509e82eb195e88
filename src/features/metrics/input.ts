import { z } from "zod";
import { parseChannelMention, tokenize } from "../../slack/args.ts";
import { isValidLocalDate, weekStartOf, type LocalDate } from "../../shared/local-date.ts";
import { PLATFORMS } from "../proposals/validation.ts";
import { FIGURE_KEYS, WEBCARE_PLATFORM } from "./digest.ts";
import {
  figureFitsPlatform,
  goalSpec,
  isGoalFigure,
  parseGoalTarget,
  type GoalFigure,
} from "./goals.ts";
import { metricsText } from "./messages.ts";

/**
 * The metrics feature's pure rules: what `/metrics …` means, and what a
 * submitted "Log weekly figures" modal must satisfy. No Slack, no database.
 */

export type MetricsCommand =
  | { kind: "log" }
  | { kind: "digest" }
  | { kind: "goals" }
  | { kind: "goal-set"; platform: string; figure: GoalFigure; target: number }
  | { kind: "goal-off"; platform: string; figure: GoalFigure }
  | { kind: "export"; weeks: number }
  | { kind: "subscribe" | "unsubscribe"; channelId: string }
  | { kind: "usage"; line: string };

/** `/metrics export` without a number: a year of weeks. */
export const DEFAULT_EXPORT_WEEKS = 52;
/** Ten years: more is no longer a weekly report. */
export const MAX_EXPORT_WEEKS = 520;

export function parseMetricsCommand(text: string | undefined): MetricsCommand {
  const [verb, arg, ...rest] = tokenize(text);
  const action = verb?.toLowerCase();
  if ((action === "log" || action === "digest" || action === "goals") && arg === undefined)
    return { kind: action };
  if ((action === "subscribe" || action === "unsubscribe") && rest.length === 0) {
    const channelId = parseChannelMention(arg);
    if (channelId) return { kind: action, channelId };
    return { kind: "usage", line: metricsText.notAChannel(action, arg) };
  }
  if (action === "goal") return parseGoalCommand(arg, rest);
  if (action === "export" && rest.length === 0) {
    if (arg === undefined) return { kind: "export", weeks: DEFAULT_EXPORT_WEEKS };
    const weeks = /^\d{1,4}$/.test(arg) ? Number(arg) : Number.NaN;
    if (weeks >= 1 && weeks <= MAX_EXPORT_WEEKS) return { kind: "export", weeks };
    return { kind: "usage", line: metricsText.badExportWeeks(arg, MAX_EXPORT_WEEKS) };
  }
  return { kind: "usage", line: metricsText.usage };
}

/** A platform by its id or its name, in any case ("linkedin", "LinkedIn", "webcare"). */
export function findLoggable(name: string): string | null {
  const wanted = name.toLowerCase();
  const found = LOGGABLE.find(
    (platform) => platform.id === wanted || platform.label.toLowerCase() === wanted,
  );
  if (found) return found.id;
  // People still call X by its old name.
  return wanted === "twitter" ? "x" : null;
}

function parseGoalCommand(platformArg: string | undefined, rest: string[]): MetricsCommand {
  const [figureArg, ...targetParts] = rest;
  if (platformArg === undefined || figureArg === undefined || targetParts.length === 0) {
    return { kind: "usage", line: metricsText.goalUsage };
  }
  const platform = findLoggable(platformArg);
  if (platform === null) return { kind: "usage", line: metricsText.unknownPlatform(platformArg) };
  const figure = figureArg.toLowerCase();
  if (!isGoalFigure(figure)) return { kind: "usage", line: metricsText.unknownFigure(figureArg) };
  if (!figureFitsPlatform(platform, figure)) {
    return {
      kind: "usage",
      line: metricsText.figureNotForPlatform(
        platformLabel(platform),
        figure,
        platform === WEBCARE_PLATFORM,
      ),
    };
  }
  const targetText = targetParts.join(" ");
  if (targetText.toLowerCase() === "off") return { kind: "goal-off", platform, figure };
  const parsed = parseGoalTarget(figure, targetText);
  if (!parsed.ok) {
    return {
      kind: "usage",
      line: metricsText.badTarget(figure, targetText, goalSpec(figure).kind, parsed.problem),
    };
  }
  return { kind: "goal-set", platform, figure, target: parsed.target };
}

/** The social platforms, then webcare: what the modal offers. */
export const LOGGABLE = [
  ...PLATFORMS.map((platform) => ({ id: platform.id as string, label: platform.label as string })),
  { id: WEBCARE_PLATFORM, label: "Webcare" },
];

/** The order the digest lists platforms (and goals) in. */
export const LOGGABLE_IDS: readonly string[] = LOGGABLE.map((platform) => platform.id);

export function platformLabel(id: string): string {
  return LOGGABLE.find((platform) => platform.id === id)?.label ?? id;
}

/** The social figures people log are the ones the digest reports: one list, so they cannot drift. */
export const SOCIAL_FIELDS = FIGURE_KEYS;
export const WEBCARE_FIELDS = ["responseMinutes", "satisfaction"] as const;
export type MetricField = (typeof SOCIAL_FIELDS)[number] | (typeof WEBCARE_FIELDS)[number];
export type FormField = "platform" | "week" | MetricField;

/** What the modal sends back, as raw strings (absent when left empty). */
export interface RawMetricsForm {
  platform?: string | null | undefined;
  date?: string | null | undefined;
  values: Partial<Record<MetricField, string | null | undefined>>;
}

export interface MetricsFigures {
  reach: number | null;
  impressions: number | null;
  engagements: number | null;
  clicks: number | null;
  conversions: number | null;
  followersGained: number | null;
  responseMinutes: number | null;
  satisfaction: number | null;
}

export interface ValidMetricsForm {
  platform: string;
  weekStart: LocalDate;
  figures: MetricsFigures;
}

export type FormResult =
  { ok: true; value: ValidMetricsForm } | { ok: false; errors: Partial<Record<FormField, string>> };

/** PostgreSQL's INTEGER: the columns hold nothing larger. */
const MAX_INT = 2_147_483_647;

const wholeNumber = z
  .string()
  .trim()
  .regex(/^\d+$/, metricsText.wholeNumber)
  .transform(Number)
  .refine((value) => value <= MAX_INT, metricsText.tooLarge);

const score = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, metricsText.satisfactionRange)
  .transform(Number)
  .refine((value) => value >= 1 && value <= 5, metricsText.satisfactionRange);

/** An optional figure: empty is null, anything else must satisfy `schema` (its message is kept). */
const optional = (schema: z.ZodType<number, string>) =>
  z
    .string()
    .nullish()
    .transform((value, ctx): number | null => {
      if (value === undefined || value === null || value.trim() === "") return null;
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
      const first = parsed.error.issues[0];
      ctx.addIssue({ code: "custom", message: first?.message ?? metricsText.wholeNumber });
      return z.NEVER;
    });

const FormSchema = z
  .object({
    platform: z
      .string({ error: metricsText.pickPlatform })
      .refine((id) => LOGGABLE.some((platform) => platform.id === id), metricsText.pickPlatform),
    date: z
      .string({ error: metricsText.pickWeek })
      .refine((value) => isValidLocalDate(value), metricsText.pickWeek),
    reach: optional(wholeNumber),
    impressions: optional(wholeNumber),
    engagements: optional(wholeNumber),
    clicks: optional(wholeNumber),
    conversions: optional(wholeNumber),
    followersGained: optional(wholeNumber),
    responseMinutes: optional(wholeNumber),
    satisfaction: optional(score),
  })
  .superRefine((form, ctx) => {
    const webcare = form.platform === WEBCARE_PLATFORM;
    const wrong = webcare ? SOCIAL_FIELDS : WEBCARE_FIELDS;
    for (const field of wrong) {
      if (form[field] !== null) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: webcare ? metricsText.notForWebcare : metricsText.onlyForWebcare,
        });
      }
    }
    if (form.clicks !== null && form.impressions !== null && form.clicks > form.impressions) {
      ctx.addIssue({
        code: "custom",
        path: ["clicks"],
        message: metricsText.clicksOverImpressions,
      });
    }
    if (form.conversions !== null && form.clicks !== null && form.conversions > form.clicks) {
      ctx.addIssue({
        code: "custom",
        path: ["conversions"],
        message: metricsText.conversionsOverClicks,
      });
    }
    const right = webcare ? WEBCARE_FIELDS : SOCIAL_FIELDS;
    if (right.every((field) => form[field] === null) && wrong.every((f) => form[f] === null)) {
      ctx.addIssue({ code: "custom", path: [right[0]], message: metricsText.nothingEntered });
    }
  });

/**
 * Checks a submitted form. `today` is the team's local date: figures for a
 * week that has not started yet are refused. The week is normalised to its
 * Monday whatever day was picked.
 */
export function validateMetricsForm(raw: RawMetricsForm, today: LocalDate): FormResult {
  const parsed = FormSchema.safeParse({
    platform: raw.platform ?? undefined,
    date: raw.date ?? undefined,
    ...raw.values,
  });
  if (!parsed.success) {
    const errors: Partial<Record<FormField, string>> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      const field: FormField = key === "date" ? "week" : (key as FormField);
      // The first problem with a field is the one shown.
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const form = parsed.data;
  const weekStart = weekStartOf(form.date);
  if (weekStart > weekStartOf(today))
    return { ok: false, errors: { week: metricsText.futureWeek } };
  return {
    ok: true,
    value: {
      platform: form.platform,
      weekStart,
      figures: {
        reach: form.reach,
        impressions: form.impressions,
        engagements: form.engagements,
        clicks: form.clicks,
        conversions: form.conversions,
        followersGained: form.followersGained,
        responseMinutes: form.responseMinutes,
        satisfaction: form.satisfaction,
      },
    },
  };
}
