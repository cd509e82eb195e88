import { addDaysToLocalDate, assertLocalDate, type LocalDate } from "../../shared/local-date.ts";
import { PLATFORMS } from "../proposals/validation.ts";

/**
 * The weekly digest as data: figures in, a model out. Rendering it to Block
 * Kit is the view's job; deciding which rows belong to which week (and that a
 * re-logged week replaces the old figures) is the store's. Every rate whose
 * denominator is missing or zero is null, which the view reads as "no data" —
 * never NaN or Infinity.
 */

/** Metrics rows for this platform id are webcare figures, not a social platform. */
export const WEBCARE_PLATFORM = "webcare";

/** One platform's figures for one week (Monday start), as logged with `/metrics log`. */
export interface MetricsWeek {
  platform: string;
  weekStart: LocalDate;
  reach?: number | null;
  impressions?: number | null;
  engagements?: number | null;
  clicks?: number | null;
  conversions?: number | null;
  /** May be negative: a week can lose followers. */
  followersGained?: number | null;
  /** Webcare only: median first-response time, in minutes. */
  responseMinutes?: number | null;
  /** Webcare only: 1–5. */
  satisfaction?: number | null;
}

/**
 * The team's own workflow in the week, counted by the store. `approved`
 * includes self-approvals; `selfApproved` is that subset. `decisionMinutes`
 * holds, for each decision made in the week, minutes from proposal (or
 * resubmission) to decision.
 */
export interface WorkflowFacts {
  proposed: number;
  approved: number;
  selfApproved: number;
  rejected: number;
  changesRequested: number;
  decisionMinutes: readonly number[];
  stillPending: number;
}

/**
 * The week's webcare duty, day by day (src/features/webcare/rotation.ts):
 * a day is covered when someone is on duty, uncovered when a rotation serves
 * it but everyone is away (a gap), and closed when no rotation serves it (a
 * weekend of a weekdays-only rotation, or no rotation at all). Closed days
 * are not uncovered: nobody was meant to be on duty.
 */
export interface WebcareFacts {
  daysCovered: number;
  daysUncovered: number;
  /** The uncovered days themselves, when known (the digest names them). */
  uncoveredDays?: readonly LocalDate[];
  /** The closed days, when known. */
  closedDays?: readonly LocalDate[];
}

/**
 * Week-over-week movement. "new" means there is nothing to compare against:
 * last week was 0 or missing and this week is not 0. "same" means the change
 * rounds to 0.0. `percent` and `points` are magnitudes (the kind gives the
 * direction), rounded to one decimal.
 */
export type Change =
  | { kind: "no-data" }
  | { kind: "new" }
  | { kind: "same" }
  | { kind: "up" | "down"; percent: number };

/** Movement of a rate, in percentage points (4.0% → 5.5% is up 1.5 points). */
export type RateChange =
  | { kind: "no-data" }
  | { kind: "new" }
  | { kind: "same" }
  | { kind: "up" | "down"; points: number };

export interface Figure {
  value: number | null;
  previous: number | null;
  change: Change;
}

/** A ratio (0.042 = 4.2%); null when there is no data for it. */
export interface RateFigure {
  value: number | null;
  previous: number | null;
  change: RateChange;
}

export const FIGURE_KEYS = [
  "reach",
  "impressions",
  "engagements",
  "clicks",
  "conversions",
  "followersGained",
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export const RATE_KEYS = ["engagementRate", "ctr", "conversionRate"] as const;
export type RateKey = (typeof RATE_KEYS)[number];

export interface PlatformDigest {
  platform: string;
  label: string;
  figures: Record<FigureKey, Figure>;
  rates: Record<RateKey, RateFigure>;
}

export interface WorkflowDigest {
  proposed: number;
  approved: number;
  selfApproved: number;
  rejected: number;
  changesRequested: number;
  stillPending: number;
  /** Decisions made in the week: approvals + rejections + change requests. */
  decisions: number;
  /** Null when nothing was decided. */
  medianDecisionMinutes: number | null;
  /** approved / decisions; null when nothing was decided. */
  approvalRate: number | null;
}

export interface WebcareDigest {
  daysCovered: number;
  daysUncovered: number;
  uncoveredDays: readonly LocalDate[];
  closedDays: readonly LocalDate[];
  /** Up means slower answers: the view decides how to colour it. */
  responseMinutes: Figure;
  satisfaction: Figure;
}

export interface DigestModel {
  weekStart: LocalDate;
  /** The Sunday that ends the week. */
  weekEnd: LocalDate;
  previousWeekStart: LocalDate;
  /** Platforms with any figure this week or last, in PLATFORMS order (unknown ids last, sorted). */
  platforms: PlatformDigest[];
  workflow: WorkflowDigest;
  webcare: WebcareDigest;
}

export interface DigestInput {
  weekStart: LocalDate;
  /** Rows of `weekStart`, at most one per platform (if not, the last one counts). */
  current: readonly MetricsWeek[];
  /** Rows of the week before. */
  previous: readonly MetricsWeek[];
  workflow: WorkflowFacts;
  webcare: WebcareFacts;
}

/** The middle value (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** Only finite numbers count as figures; anything else is "no data". */
function known(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Division that answers null instead of NaN or Infinity. */
function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

export function changeOf(value: number | null, previous: number | null): Change {
  if (value === null) return { kind: "no-data" };
  if (previous === null || previous === 0) {
    if (value !== 0) return { kind: "new" };
    return previous === 0 ? { kind: "same" } : { kind: "no-data" };
  }
  // Relative to the size of last week's figure, so a negative base (followers
  // lost) still gives a meaningful direction.
  const percent = round1((Math.abs(value - previous) / Math.abs(previous)) * 100);
  if (percent === 0) return { kind: "same" };
  return { kind: value > previous ? "up" : "down", percent };
}

export function rateChangeOf(value: number | null, previous: number | null): RateChange {
  if (value === null) return { kind: "no-data" };
  if (previous === null) return { kind: "new" };
  const points = round1(Math.abs(value - previous) * 100);
  if (points === 0) return { kind: "same" };
  return { kind: value > previous ? "up" : "down", points };
}

function figure(value: number | null, previous: number | null): Figure {
  return { value, previous, change: changeOf(value, previous) };
}

function rateFigure(value: number | null, previous: number | null): RateFigure {
  return { value, previous, change: rateChangeOf(value, previous) };
}

/** A row's derived rates; null where a figure is missing or a denominator is 0. */
export function computeRates(row: MetricsWeek | undefined): Record<RateKey, number | null> {
  return {
    engagementRate: ratio(known(row?.engagements), known(row?.impressions)),
    ctr: ratio(known(row?.clicks), known(row?.impressions)),
    conversionRate: ratio(known(row?.conversions), known(row?.clicks)),
  };
}

function byPlatform(rows: readonly MetricsWeek[]): Map<string, MetricsWeek> {
  const index = new Map<string, MetricsWeek>();
  for (const row of rows) index.set(row.platform, row);
  return index;
}

function hasFigures(row: MetricsWeek | undefined): boolean {
  return row !== undefined && FIGURE_KEYS.some((key) => known(row[key]) !== null);
}

const KNOWN_ORDER = new Map<string, number>(PLATFORMS.map((p, i) => [p.id, i]));
const LABELS = new Map<string, string>(PLATFORMS.map((p) => [p.id, p.label]));

function platformOrder(a: string, b: string): number {
  const ia = KNOWN_ORDER.get(a) ?? Number.MAX_SAFE_INTEGER;
  const ib = KNOWN_ORDER.get(b) ?? Number.MAX_SAFE_INTEGER;
  return ia !== ib ? ia - ib : a < b ? -1 : a > b ? 1 : 0;
}

/** Figures → digest model. Pure: same input, same model. */
export function computeDigest(input: DigestInput): DigestModel {
  const weekStart = assertLocalDate(input.weekStart);
  const current = byPlatform(input.current);
  const previous = byPlatform(input.previous);

  const ids = [...new Set([...current.keys(), ...previous.keys()])]
    .filter((id) => id !== WEBCARE_PLATFORM)
    .filter((id) => hasFigures(current.get(id)) || hasFigures(previous.get(id)))
    .sort(platformOrder);

  const platforms = ids.map((id): PlatformDigest => {
    const now = current.get(id);
    const before = previous.get(id);
    const figures = Object.fromEntries(
      FIGURE_KEYS.map((key) => [key, figure(known(now?.[key]), known(before?.[key]))]),
    ) as Record<FigureKey, Figure>;
    const rateNow = computeRates(now);
    const rateBefore = computeRates(before);
    const rates = Object.fromEntries(
      RATE_KEYS.map((key) => [key, rateFigure(rateNow[key], rateBefore[key])]),
    ) as Record<RateKey, RateFigure>;
    return { platform: id, label: LABELS.get(id) ?? id, figures, rates };
  });

  const { workflow } = input;
  const decisions = workflow.approved + workflow.rejected + workflow.changesRequested;
  const webcareNow = current.get(WEBCARE_PLATFORM);
  const webcareBefore = previous.get(WEBCARE_PLATFORM);

  return {
    weekStart,
    weekEnd: addDaysToLocalDate(weekStart, 6),
    previousWeekStart: addDaysToLocalDate(weekStart, -7),
    platforms,
    workflow: {
      proposed: workflow.proposed,
      approved: workflow.approved,
      selfApproved: workflow.selfApproved,
      rejected: workflow.rejected,
      changesRequested: workflow.changesRequested,
      stillPending: workflow.stillPending,
      decisions,
      medianDecisionMinutes: median(workflow.decisionMinutes),
      approvalRate: ratio(workflow.approved, decisions),
    },
    webcare: {
      daysCovered: input.webcare.daysCovered,
      daysUncovered: input.webcare.daysUncovered,
      uncoveredDays: input.webcare.uncoveredDays ?? [],
      closedDays: input.webcare.closedDays ?? [],
      responseMinutes: figure(
        known(webcareNow?.responseMinutes),
        known(webcareBefore?.responseMinutes),
      ),
      satisfaction: figure(known(webcareNow?.satisfaction), known(webcareBefore?.satisfaction)),
    },
  };
}

/** A figure that moved, for the digest's headline. */
export interface Move {
  platform: string;
  label: string;
  figure: FigureKey;
  kind: "up" | "down";
  percent: number;
}

/**
 * Figures the headline may name. Followers gained is left out: a count that
 * is often small or negative swings by hundreds of percent and would crowd
 * out the figures that matter.
 */
const HEADLINE_FIGURES: readonly FigureKey[] = [
  "reach",
  "impressions",
  "engagements",
  "clicks",
  "conversions",
];

/** The biggest rise and the biggest fall of the week, by percent; ties go to the earlier platform. */
export function biggestMoves(model: DigestModel): { rise: Move | null; fall: Move | null } {
  let rise: Move | null = null;
  let fall: Move | null = null;
  for (const platform of model.platforms) {
    for (const figure of HEADLINE_FIGURES) {
      const change = platform.figures[figure].change;
      if (change.kind !== "up" && change.kind !== "down") continue;
      const move: Move = {
        platform: platform.platform,
        label: platform.label,
        figure,
        kind: change.kind,
        percent: change.percent,
      };
      if (change.kind === "up" && (rise === null || move.percent > rise.percent)) rise = move;
      if (change.kind === "down" && (fall === null || move.percent > fall.percent)) fall = move;
    }
  }
  return { rise, fall };
}
