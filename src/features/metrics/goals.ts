import {
  WEBCARE_PLATFORM,
  formatCount,
  formatDuration,
  formatPercent,
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

interface GoalFigureSpec {
  kind: GoalKind;
  /** "at-most" only for response time: a faster answer is better. */
  direction: "at-least" | "at-most";
  /** Where the digest keeps the figure. */
  source:
    | { group: "figures"; key: FigureKey }
    | { group: "rates"; key: RateKey }
    | { group: "webcare"; key: "responseMinutes" | "satisfaction" };
}

/** The figures a goal can be set on, by the name people type. */
export const GOAL_FIGURES = {
  reach: { kind: "count", direction: "at-least", source: { group: "figures", key: "reach" } },
  impressions: {
    kind: "count",
    direction: "at-least",
    source: { group: "figures", key: "impressions" },
  },
  engagements: {
    kind: "count",
    direction: "at-least",
    source: { group: "figures", key: "engagements" },
  },
  clicks: { kind: "count", direction: "at-least", source: { group: "figures", key: "clicks" } },
  conversions: {
    kind: "count",
    direction: "at-least",
    source: { group: "figures", key: "conversions" },
  },
  followers: {
    kind: "count",
    direction: "at-least",
    source: { group: "figures", key: "followersGained" },
  },
  "engagement-rate": {
    kind: "rate",
    direction: "at-least",
    source: { group: "rates", key: "engagementRate" },
  },
  ctr: { kind: "rate", direction: "at-least", source: { group: "rates", key: "ctr" } },
  "conversion-rate": {
    kind: "rate",
    direction: "at-least",
    source: { group: "rates", key: "conversionRate" },
  },
  "response-time": {
    kind: "minutes",
    direction: "at-most",
    source: { group: "webcare", key: "responseMinutes" },
  },
  satisfaction: {
    kind: "score",
    direction: "at-least",
    source: { group: "webcare", key: "satisfaction" },
  },
} as const satisfies Record<string, GoalFigureSpec>;

export type GoalFigure = keyof typeof GOAL_FIGURES;
export const GOAL_FIGURE_NAMES = Object.keys(GOAL_FIGURES) as GoalFigure[];
export const WEBCARE_GOAL_FIGURES: readonly GoalFigure[] = ["response-time", "satisfaction"];
export const SOCIAL_GOAL_FIGURES: readonly GoalFigure[] = GOAL_FIGURE_NAMES.filter(
  (figure) => !WEBCARE_GOAL_FIGURES.includes(figure),
);

export function isGoalFigure(value: string): value is GoalFigure {
  return Object.hasOwn(GOAL_FIGURES, value);
}

/** "at least 3.5%", "at most 30 min". */
export function formatGoalTarget(figure: GoalFigure, target: number): string {
  const direction = GOAL_FIGURES[figure].direction === "at-most" ? "at most" : "at least";
  return `${direction} ${formatGoalValue(figure, target)}`;
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
    // Thousands grouped with "," "." or spaces (already removed), or none.
    const grouped = /^\d{1,3}([,.]\d{3})+$/.test(text);
    if (grouped) text = text.replace(/[,.]/g, "");
    if (/^\d+[,.]\d+$/.test(text)) return { ok: false, problem: "not-whole" };
    if (!/^\d+$/.test(text)) return { ok: false, problem: "not-a-number" };
    const value = Number(text);
    if (value > MAX_COUNT) return { ok: false, problem: "out-of-range" };
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

/**
 * A goal's target or actual as the digest shows it: "5,000", "3.5%", "30 min",
 * "4.5 / 5". An actual rate has the digest's one decimal; a target keeps what
 * was typed (3.25 % stays "3.25%").
 */
export function formatGoalValue(
  figure: GoalFigure,
  value: number | null,
  as: "target" | "actual" = "target",
): string {
  if (value === null) return formatCount(null);
  switch (GOAL_FIGURES[figure].kind) {
    case "count":
      return formatCount(value);
    case "rate":
      return as === "actual" ? formatPercent(value) : formatRateTarget(value);
    case "minutes":
      return formatDuration(value);
    case "score":
      return `${formatCount(Math.round(value * 10) / 10)} / 5`;
  }
}

/** Rates as a target reads best: 0.035 → "3.5%", 0.0325 → "3.25%", 0.04 → "4%". */
function formatRateTarget(rate: number): string {
  const percent = Math.round(rate * 10_000) / 100;
  return `${percent}%`;
}
