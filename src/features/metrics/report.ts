import type { DigestModel, MetricsWeek } from "./digest.ts";
import type { GoalsSummary } from "./goals.ts";

/** The chart shows this many weeks, the digest's week last. */
export const CHART_WEEKS = 8;

/** What one week's digest message is made from. */
export interface DigestReport {
  model: DigestModel;
  goals: GoalsSummary;
  /** Every row of the chart's weeks (the digest's week and the 7 before), oldest first. */
  history: MetricsWeek[];
}
