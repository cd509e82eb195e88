import {
  FIGURE_KEYS,
  RATE_KEYS,
  WEBCARE_PLATFORM,
  type DigestModel,
  type FigureKey,
  type RateKey,
} from "./digest.ts";

/**
 * Weekly goals: what a team aims for per platform and figure, and how a
 * week's digest measures up. Pure: no Slack, no database.
 *
 * Targets are stored as the digest reads them: counts as counts, rates as
 * ratios (3.5 % is 0.035), response time in minutes, satisfaction 1–5.
 */

export type GoalKind = "count" | "rate" | "minutes" | "score";

type WebcareKey = "responseMinutes" | "satisfaction";

interface GoalFigureSpec {
  kind: GoalKind;
  /** "at-most" only for response time: a faster answer is better. */
  direction: "at-least" | "at-most";
  /** Where the digest keeps the figure. */
  source:
    | { group: "figures"; key: FigureKey }
    | { group: "rates"; key: RateKey }
    | { group: "webcare"; key: WebcareKey };
}

/**
 * The name people type for each of the digest's figures (FIGURE_KEYS and
 * RATE_KEYS, the one table of figures): a figure added there fails the
 * typecheck here until it has a name. Everything else about a goal figure
 * follows from which table the key is in.
 */
const GOAL_NAMES = {
  reach: "reach",
  impressions: "impressions",
  engagements: "engagements",
  clicks: "clicks",
  conversions: "conversions",
  followersGained: "followers",
  engagementRate: "engagement-rate",
  ctr: "ctr",
  conversionRate: "conversion-rate",
} as const satisfies Record<FigureKey | RateKey, string>;

/** Webcare's two figures: response time is the one goal that is "at most". */
const WEBCARE_GOALS = {
  responseMinutes: { name: "response-time", kind: "minutes", direction: "at-most" },
  satisfaction: { name: "satisfaction", kind: "score", direction: "at-least" },
} as const satisfies Record<WebcareKey, { name: string; kind: GoalKind; direction: string }>;

export type GoalFigure =
  (typeof GOAL_NAMES)[FigureKey | RateKey] | (typeof WEBCARE_GOALS)[WebcareKey]["name"];

/** The figures a goal can be set on, by the name people type, in the digest's order. */
export const GOAL_FIGURES: Readonly<Record<GoalFigure, GoalFigureSpec>> = Object.fromEntries([
  ...FIGURE_KEYS.map((key) => [
    GOAL_NAMES[key],
    { kind: "count", direction: "at-least", source: { group: "figures", key } },
  ]),
  ...RATE_KEYS.map((key) => [
    GOAL_NAMES[key],
    { kind: "rate", direction: "at-least", source: { group: "rates", key } },
  ]),
  ...(Object.keys(WEBCARE_GOALS) as WebcareKey[]).map((key) => {
    const { name, kind, direction } = WEBCARE_GOALS[key];
    return [name, { kind, direction, source: { group: "webcare", key } }];
  }),
]) as Record<GoalFigure, GoalFigureSpec>;

export const GOAL_FIGURE_NAMES = Object.keys(GOAL_FIGURES) as GoalFigure[];
export const WEBCARE_GOAL_FIGURES: readonly GoalFigure[] = ["response-time", "satisfaction"];
export const SOCIAL_GOAL_FIGURES: readonly GoalFigure[] = GOAL_FIGURE_NAMES.filter(
  (figure) => !WEBCARE_GOAL_FIGURES.includes(figure),
);

export function isGoalFigure(value: string): value is GoalFigure {
  return Object.hasOwn(GOAL_FIGURES, value);
}

export function goalSpec(figure: GoalFigure): GoalFigureSpec {
  return GOAL_FIGURES[figure];
}

/** Webcare takes only webcare figures; a social platform takes every other one. */
export function figureFitsPlatform(platform: string, figure: GoalFigure): boolean {
  return (platform === WEBCARE_PLATFORM) === WEBCARE_GOAL_FIGURES.includes(figure);
}

export interface Goal {
  platform: string;
  figure: GoalFigure;
  target: number;
}

export type TargetProblem = "not-a-number" | "not-whole" | "out-of-range";
export type TargetResult = { ok: true; target: number } | { ok: false; problem: TargetProblem };

/** PostgreSQL's INTEGER holds the logged counts: a larger goal could never be met. */
const MAX_COUNT = 2_147_483_647;

/**
 * Reads a target as people type it, in English or French: `3.5%`, `3,5 %`,
 * `3.5` (a rate is always in percent), `10000`, `10,000`, `10 000`, `30`,
 * `30 min`, `4,5`. Rates become ratios (3.5 → 0.035).
 */
export function parseGoalTarget(figure: GoalFigure, raw: string): TargetResult {
  const { kind } = GOAL_FIGURES[figure];
  // Spaces (also the non-breaking ones French uses before % and in 10 000).
  let text = raw.replace(/[\s\u00a0\u202f]+/g, "").toLowerCase();
  if (kind === "rate") text = text.replace(/%$/, "");
  if (kind === "minutes") text = text.replace(/(min|minutes?)$/, "");

  if (kind === "count" || kind === "minutes") {
    // Followers gained may be negative: "lose at most 50 a week" is a goal of at least −50.
    const negative = figure === "followers" && /^[-\u2212]/.test(text);
    if (negative) text = text.slice(1);
    // Thousands grouped with "," "." or spaces (already removed), or none.
    const grouped = /^\d{1,3}([,.]\d{3})+$/.test(text);
    if (grouped) text = text.replace(/[,.]/g, "");
    if (/^\d+[,.]\d+$/.test(text)) return { ok: false, problem: "not-whole" };
    if (!/^\d+$/.test(text)) return { ok: false, problem: "not-a-number" };
    const value = negative ? -Number(text) + 0 : Number(text);
    if (Math.abs(value) > MAX_COUNT) return { ok: false, problem: "out-of-range" };
    if (kind === "minutes" && value === 0) return { ok: false, problem: "out-of-range" };
    return { ok: true, target: value };
  }

  if (!/^\d+([.,]\d+)?$/.test(text)) return { ok: false, problem: "not-a-number" };
  const value = Number(text.replace(",", "."));
  if (kind === "rate") {
    if (value > 100) return { ok: false, problem: "out-of-range" };
    // Rounded so 3.5 % is exactly 0.035, not 0.035000000000000003.
    return { ok: true, target: Math.round(value * 1e6) / 1e8 };
  }
  // A satisfaction score.
  if (value < 1 || value > 5) return { ok: false, problem: "out-of-range" };
  return { ok: true, target: value };
}

export type GoalStatus = "met" | "missed" | "no-data";

export interface LabelledGoal extends Goal {
  /** The platform's name as people read it. */
  label: string;
}

export interface GoalResult extends LabelledGoal {
  /** Null when the week has no figure for it (or a rate has no denominator). */
  actual: number | null;
  status: GoalStatus;
}

export interface GoalsSummary {
  results: GoalResult[];
  met: number;
  missed: number;
  noData: number;
  total: number;
}

const GOAL_ORDER = new Map<string, number>(GOAL_FIGURE_NAMES.map((name, i) => [name, i]));

/** The week's actual figure for a goal, read from the digest model; null for no data. */
function actualOf(model: DigestModel, goal: Goal): number | null {
  const { source } = GOAL_FIGURES[goal.figure];
  if (source.group === "webcare") {
    return goal.platform === WEBCARE_PLATFORM ? model.webcare[source.key].value : null;
  }
  const platform = model.platforms.find((p) => p.platform === goal.platform);
  if (!platform) return null;
  return source.group === "figures"
    ? platform.figures[source.key].value
    : platform.rates[source.key].value;
}

/**
 * Goals in the digest's order: platforms as `platformOrder` lists them
 * (unknown ones last, by id), then figures in the order of GOAL_FIGURES.
 */
export function orderGoals(
  goals: readonly Goal[],
  labelOf: (platform: string) => string,
  platformOrder: readonly string[],
): LabelledGoal[] {
  const order = new Map(platformOrder.map((id, i) => [id, i]));
  return [...goals]
    .sort((a, b) => {
      const pa = order.get(a.platform) ?? Number.MAX_SAFE_INTEGER;
      const pb = order.get(b.platform) ?? Number.MAX_SAFE_INTEGER;
      if (pa !== pb) return pa - pb;
      if (a.platform !== b.platform) return a.platform < b.platform ? -1 : 1;
      return (GOAL_ORDER.get(a.figure) ?? 0) - (GOAL_ORDER.get(b.figure) ?? 0);
    })
    .map((goal) => ({ ...goal, label: labelOf(goal.platform) }));
}

/**
 * Every goal against the week's digest: met, missed, or no data (never a
 * comparison with a missing figure). Rates are compared as shown, to a tenth
 * of a percent, so a week the digest shows as "3.5%" meets a 3.5 % goal.
 */
export function evaluateGoals(
  goals: readonly Goal[],
  model: DigestModel,
  labelOf: (platform: string) => string,
  platformOrder: readonly string[],
): GoalsSummary {
  const results = orderGoals(goals, labelOf, platformOrder).map((goal): GoalResult => {
    const actual = actualOf(model, goal);
    const spec = GOAL_FIGURES[goal.figure];
    let status: GoalStatus = "no-data";
    if (actual !== null && Number.isFinite(actual)) {
      const shown = spec.kind === "rate" ? Math.round(actual * 1000) / 1000 : actual;
      const met = spec.direction === "at-least" ? shown >= goal.target : shown <= goal.target;
      status = met ? "met" : "missed";
    }
    return { ...goal, actual, status };
  });
  const count = (status: GoalStatus) => results.filter((r) => r.status === status).length;
  return {
    results,
    met: count("met"),
    missed: count("missed"),
    noData: count("no-data"),
    total: results.length,
  };
}
