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
import { parseNumberInput, parseWholeNumberInput } from "../../i18n/input.ts";
import type { Lang } from "../../i18n/lang.ts";
import { metricsText, type MetricsMessages } from "./messages.ts";

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

/** `/metrics …` as typed; usage lines come in `lang`, the caller's language. */
export function parseMetricsCommand(text: string | undefined, lang: Lang = "en"): MetricsCommand {
  const t = metricsText(lang);
  const [verb, arg, ...rest] = tokenize(text);
  const action = verb?.toLowerCase();
  if ((action === "log" || action === "digest" || action === "goals") && arg === undefined)
    return { kind: action };
  if ((action === "subscribe" || action === "unsubscribe") && rest.length === 0) {
    const channelId = parseChannelMention(arg);
    if (channelId) return { kind: action, channelId };
    return { kind: "usage", line: t.notAChannel(action, arg ?? "") };
  }
  if (action === "goal") return parseGoalCommand(t, arg, rest);
  if (action === "export" && rest.length === 0) {
    if (arg === undefined) return { kind: "export", weeks: DEFAULT_EXPORT_WEEKS };
    const weeks = /^\d{1,4}$/.test(arg) ? Number(arg) : Number.NaN;
    if (weeks >= 1 && weeks <= MAX_EXPORT_WEEKS) return { kind: "export", weeks };
    return { kind: "usage", line: t.badExportWeeks(arg, MAX_EXPORT_WEEKS) };
  }
  return { kind: "usage", line: t.usage };
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

function parseGoalCommand(
  t: MetricsMessages,
  platformArg: string | undefined,
  rest: string[],
): MetricsCommand {
  const [figureArg, ...targetParts] = rest;
  if (platformArg === undefined || figureArg === undefined || targetParts.length === 0) {
    return { kind: "usage", line: t.goalUsage };
  }
  const platform = findLoggable(platformArg);
  if (platform === null) return { kind: "usage", line: t.unknownPlatform(platformArg) };
  const figure = figureArg.toLowerCase();
  if (!isGoalFigure(figure)) return { kind: "usage", line: t.unknownFigure(figureArg) };
  if (!figureFitsPlatform(platform, figure)) {
    return {
      kind: "usage",
      line: t.figureNotForPlatform(platformLabel(platform), figure, platform === WEBCARE_PLATFORM),
    };
  }
  const targetText = targetParts.join(" ");
  if (targetText.toLowerCase() === "off") return { kind: "goal-off", platform, figure };
  const parsed = parseGoalTarget(figure, targetText);
  if (!parsed.ok) {
    return {
      kind: "usage",
      line: t.badTarget(figure, targetText, goalSpec(figure).kind, parsed.problem),
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

/**
 * A whole number as people type it in either language (`12 345`, `12,345`,
 * `−120`, src/i18n/input.ts); `signed` for followers gained, which a week can
 * lose.
 */
const wholeNumber = (t: MetricsMessages, signed: boolean) =>
  z.string().transform((text, ctx): number => {
    const value = parseWholeNumberInput(text);
    if (value === null || (!signed && value < 0)) {
      ctx.addIssue({ code: "custom", message: signed ? t.signedWholeNumber : t.wholeNumber });
      return z.NEVER;
    }
    if (Math.abs(value) > MAX_INT) {
      ctx.addIssue({ code: "custom", message: t.tooLarge });
      return z.NEVER;
    }
    return value;
  });

/** A satisfaction score, `4.5` or `4,5`. */
const score = (t: MetricsMessages) =>
  z.string().transform((text, ctx): number => {
    const value = parseNumberInput(text);
    if (value === null || value < 1 || value > 5) {
      ctx.addIssue({ code: "custom", message: t.satisfactionRange });
      return z.NEVER;
    }
    return value;
  });

/** An optional figure: empty is null, anything else must satisfy `schema` (its message is kept). */
const optional = (t: MetricsMessages, schema: z.ZodType<number, string>) =>
  z
    .string()
    .nullish()
    .transform((value, ctx): number | null => {
      if (value === undefined || value === null || value.trim() === "") return null;
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
      const first = parsed.error.issues[0];
      ctx.addIssue({ code: "custom", message: first?.message ?? t.wholeNumber });
      return z.NEVER;
    });

function formSchema(t: MetricsMessages) {
  return z
    .object({
      platform: z
        .string({ error: t.pickPlatform })
        .refine((id) => LOGGABLE.some((platform) => platform.id === id), t.pickPlatform),
      date: z.string({ error: t.pickWeek }).refine((value) => isValidLocalDate(value), t.pickWeek),
      reach: optional(t, wholeNumber(t, false)),
      impressions: optional(t, wholeNumber(t, false)),
      engagements: optional(t, wholeNumber(t, false)),
      clicks: optional(t, wholeNumber(t, false)),
      conversions: optional(t, wholeNumber(t, false)),
      // A week can lose followers: a drop is logged as a negative gain.
      followersGained: optional(t, wholeNumber(t, true)),
      responseMinutes: optional(t, wholeNumber(t, false)),
      satisfaction: optional(t, score(t)),
    })
    .superRefine((form, ctx) => {
      const webcare = form.platform === WEBCARE_PLATFORM;
      const wrong = webcare ? SOCIAL_FIELDS : WEBCARE_FIELDS;
      for (const field of wrong) {
        if (form[field] !== null) {
          ctx.addIssue({
            code: "custom",
            path: [field],
            message: webcare ? t.notForWebcare : t.onlyForWebcare,
          });
        }
      }
      if (form.clicks !== null && form.impressions !== null && form.clicks > form.impressions) {
        ctx.addIssue({ code: "custom", path: ["clicks"], message: t.clicksOverImpressions });
      }
      if (form.conversions !== null && form.clicks !== null && form.conversions > form.clicks) {
        ctx.addIssue({ code: "custom", path: ["conversions"], message: t.conversionsOverClicks });
      }
      const right = webcare ? WEBCARE_FIELDS : SOCIAL_FIELDS;
      if (right.every((field) => form[field] === null) && wrong.every((f) => form[f] === null)) {
        ctx.addIssue({ code: "custom", path: [right[0]], message: t.nothingEntered });
      }
    });
}

const FORM_SCHEMAS = new Map<Lang, ReturnType<typeof formSchema>>();

/**
 * Checks a submitted form; field errors come in `lang`, the modal's. `today`
 * is the team's local date: figures for a week that has not started yet are
 * refused. Nothing is half-accepted: one bad field and no figure is kept. The week is normalised to its
 * Monday whatever day was picked.
 */
export function validateMetricsForm(
  raw: RawMetricsForm,
  today: LocalDate,
  lang: Lang = "en",
): FormResult {
  let schema = FORM_SCHEMAS.get(lang);
  if (!schema) {
    schema = formSchema(metricsText(lang));
    FORM_SCHEMAS.set(lang, schema);
  }
  const parsed = schema.safeParse({
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
    return { ok: false, errors: { week: metricsText(lang).futureWeek } };
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
