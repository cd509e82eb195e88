import type { KnownBlock, TableBlock } from "@slack/types";
import { context, header, section, type Reply } from "../../slack/reply.ts";
import { escapeText, truncate } from "../../slack/text.ts";
import { addDaysToLocalDate, type LocalDate } from "../../shared/local-date.ts";
import { PLATFORMS } from "../proposals/validation.ts";
import {
  FIGURE_KEYS,
  RATE_KEYS,
  biggestMoves,
  formatChange,
  formatCount,
  formatDuration,
  formatPercent,
  type Change,
  type DigestModel,
  type Move,
  type PlatformDigest,
  type RateChange,
} from "./digest.ts";
import {
  formatGoalTarget,
  formatGoalValue,
  type GoalResult,
  type GoalsSummary,
  type LabelledGoal,
} from "./goals.ts";
import { digestText, metricsText } from "./messages.ts";
import type { DigestReport } from "./report.ts";

/**
 * DigestModel → a Block Kit message people read in ten seconds: a headline
 * (goals met, the biggest rise and fall), the goals, the chart, one table row
 * per platform, then workflow and webcare in a line each. Slack's limits hold
 * whatever the model holds: ≤ 50 blocks, one table of ≤ 100 rows and ≤ 20
 * cells a row, section text ≤ 3,000, header ≤ 150, and a text fallback.
 */

const MAX_BLOCKS = 50;
const MAX_TABLE_ROWS = 100;
const SECTION_TEXT = 3000;
/** Goal lines go in sections of at most this many characters, in at most this many sections. */
const MAX_GOAL_SECTIONS = 5;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const UP = "▲";
const DOWN = "▼";

function parts(date: LocalDate): { year: string; month: string; day: number } {
  const [year, month, day] = date.split("-");
  return { year: year ?? "", month: MONTHS[Number(month) - 1] ?? "", day: Number(day) };
}

/** "16–22 Nov 2026", "30 Nov – 6 Dec 2026", "28 Dec 2026 – 3 Jan 2027". */
export function formatWeekRange(start: LocalDate, end: LocalDate): string {
  const a = parts(start);
  const b = parts(end);
  if (a.year !== b.year) return `${a.day} ${a.month} ${a.year} – ${b.day} ${b.month} ${b.year}`;
  if (a.month !== b.month) return `${a.day} ${a.month} – ${b.day} ${b.month} ${b.year}`;
  return `${a.day}–${b.day} ${b.month} ${b.year}`;
}

/** "▲ 20.0%", "▼ 1.5 pp", "new", "=", "" for no data. */
export function formatArrowChange(change: Change | RateChange): string {
  if (change.kind === "no-data") return "";
  if (change.kind === "new" || change.kind === "same") return formatChange(change);
  // formatChange gives "+20.0%" / "−1.5 pp": the arrow replaces the sign.
  return `${change.kind === "up" ? UP : DOWN} ${formatChange(change).slice(1)}`;
}

/** "12,345 ▲ 20.0%"; the change is left out when there is nothing to say. */
function withArrow(value: string, present: boolean, change: Change | RateChange): string {
  if (!present) return digestText.noDataCell;
  const arrow = formatArrowChange(change);
  return arrow === "" ? value : `${value} ${arrow}`;
}

/** "LinkedIn reach +30%" */
function moveText(move: Move): string {
  const sign = move.kind === "up" ? "+" : "\u2212";
  const figure = digestText.figureLabels[move.figure].toLowerCase();
  const arrow = move.kind === "up" ? UP : DOWN;
  return `${arrow} ${escapeText(truncate(move.label, 60))} ${figure} ${sign}${Math.round(move.percent)}%`;
}

/** The first line: goals met, the biggest rise and the biggest fall. */
export function headline(model: DigestModel, goals: GoalsSummary): string {
  const pieces: string[] = [];
  if (goals.total > 0) pieces.push(`*${digestText.goalsMet(goals.met, goals.total)}*`);
  const { rise, fall } = biggestMoves(model);
  if (rise) pieces.push(moveText(rise));
  if (fall) pieces.push(moveText(fall));
  if (rise === null && fall === null) {
    pieces.push(
      model.platforms.length === 0 ? digestText.noPlatformHeadline : digestText.noMovesHeadline,
    );
  }
  return pieces.join("  ·  ");
}

const GOAL_MARK = { met: "✅", missed: "❌", "no-data": "⚪" } as const;

function goalLine(result: GoalResult): string {
  const figure = digestText.goalFigureLabels[result.figure];
  const actual = formatGoalValue(result.figure, result.actual, "actual");
  const target = formatGoalTarget(result.figure, result.target);
  return digestText.goalLine(
    GOAL_MARK[result.status],
    escapeText(truncate(result.label, 100)),
    figure,
    actual,
    target,
    digestText.goalStatus[result.status],
  );
}

/** Goal lines packed into as few sections as Slack's 3,000 characters allow. */
function goalSections(goals: GoalsSummary): KnownBlock[] {
  if (goals.total === 0) return [];
  const sections: string[] = [digestText.goalsHeading];
  for (const result of goals.results) {
    const line = goalLine(result);
    const last = sections.length - 1;
    const joined = `${sections[last]}\n${line}`;
    if (joined.length <= SECTION_TEXT) sections[last] = joined;
    else sections.push(line);
  }
  const shown = sections.slice(0, MAX_GOAL_SECTIONS).map(section);
  if (sections.length > MAX_GOAL_SECTIONS) shown.push(context(digestText.moreGoals));
  return shown;
}

const COLUMNS = [...FIGURE_KEYS, ...RATE_KEYS] as const;

function cell(text: string): { type: "raw_text"; text: string } {
  return { type: "raw_text", text };
}

function platformRow(platform: PlatformDigest): Array<{ type: "raw_text"; text: string }> {
  const counts = FIGURE_KEYS.map((key) => {
    const figure = platform.figures[key];
    return cell(withArrow(formatCount(figure.value), figure.value !== null, figure.change));
  });
  const rates = RATE_KEYS.map((key) => {
    const rate = platform.rates[key];
    return cell(withArrow(formatPercent(rate.value), rate.value !== null, rate.change));
  });
  return [cell(escapeText(truncate(platform.label, 60))), ...counts, ...rates];
}

/** One row per platform: Slack's table block, the one table a message may hold. */
function platformTable(platforms: PlatformDigest[]): TableBlock {
  const head = [
    cell(digestText.platformColumn),
    ...COLUMNS.map((key) => cell(digestText.columnLabels[key])),
  ];
  return {
    type: "table",
    column_settings: [
      { align: "left", is_wrapped: false },
      ...COLUMNS.map(() => ({ align: "right" as const, is_wrapped: false })),
    ],
    rows: [head, ...platforms.map(platformRow)],
  };
}

function workflowLine(model: DigestModel): string {
  const w = model.workflow;
  return digestText.workflowLine({
    proposed: formatCount(w.proposed),
    approved: formatCount(w.approved),
    selfApproved: w.selfApproved,
    rejected: formatCount(w.rejected),
    changesRequested: formatCount(w.changesRequested),
    medianDecision: formatDuration(w.medianDecisionMinutes),
    approvalRate: formatPercent(w.approvalRate),
    stillPending: formatCount(w.stillPending),
  });
}

function webcareLine(model: DigestModel): string {
  const c = model.webcare;
  const response = c.responseMinutes;
  let responseText = formatDuration(response.value);
  if (
    response.value !== null &&
    (response.change.kind === "up" || response.change.kind === "down")
  ) {
    // For response time, up is bad news: say which way it went in words.
    const word = response.change.kind === "up" ? digestText.slower : digestText.faster;
    responseText = `${responseText} (${formatArrowChange(response.change)}, ${word})`;
  }
  const score =
    c.satisfaction.value === null
      ? formatCount(null)
      : withArrow(
          digestText.satisfactionValue(c.satisfaction.value.toFixed(1)),
          true,
          c.satisfaction.change,
        );
  return digestText.webcareLine(
    digestText.daysCoveredValue(c.daysCovered, c.daysUncovered),
    responseText,
    score,
  );
}

/** The uploaded chart the digest shows, when there is one. */
export interface ChartImage {
  fileId: string;
  altText: string;
}

export function renderDigest(
  model: DigestModel,
  goals: GoalsSummary = { results: [], met: 0, missed: 0, noData: 0, total: 0 },
  chart: ChartImage | null = null,
): Reply {
  const range = formatWeekRange(model.weekStart, model.weekEnd);
  const previousRange = formatWeekRange(
    model.previousWeekStart,
    addDaysToLocalDate(model.weekStart, -1),
  );
  const top: KnownBlock[] = [
    header(truncate(digestText.title(range), 150)),
    section(truncate(headline(model, goals), SECTION_TEXT)),
    context(digestText.subtitle(previousRange)),
    ...goalSections(goals),
  ];
  if (chart) {
    top.push({
      type: "image",
      slack_file: { id: chart.fileId },
      alt_text: truncate(chart.altText, 2000),
      title: { type: "plain_text", text: digestText.chartTitle },
    });
  }

  const middle: KnownBlock[] = [];
  if (model.platforms.length === 0) {
    middle.push(context(digestText.noPlatformFigures));
  } else {
    const shown = model.platforms.slice(0, MAX_TABLE_ROWS - 1);
    middle.push(platformTable(shown));
    const hidden = model.platforms.length - shown.length;
    if (hidden > 0) middle.push(context(digestText.more(hidden)));
    const withData = new Set(model.platforms.map((platform) => platform.platform));
    const missing = PLATFORMS.filter((platform) => !withData.has(platform.id)).map(
      (platform) => platform.label,
    );
    if (missing.length > 0) middle.push(context(digestText.noDataFor(missing)));
  }

  const bottom: KnownBlock[] = [
    section(workflowLine(model)),
    section(webcareLine(model)),
    context(digestText.footer),
  ];
  const blocks = [...top, ...middle, ...bottom].slice(0, MAX_BLOCKS);

  const w = model.workflow;
  const text = digestText.fallback(range, [
    headline(model, goals).replace(/\*/g, ""),
    digestText.fallbackWorkflow(w.proposed, w.approved, w.rejected, w.stillPending),
    digestText.fallbackWebcare(
      model.webcare.daysCovered,
      model.webcare.daysCovered + model.webcare.daysUncovered,
    ),
    digestText.fallbackPlatforms(model.platforms.length),
  ]);
  return { text, blocks };
}

/** A week's report as a message, with its chart when one was uploaded. */
export function renderReport(report: DigestReport, chart: ChartImage | null = null): Reply {
  return renderDigest(report.model, report.goals, chart);
}

/** `/metrics goals`: every goal of the team, in the digest's order. */
export function renderGoalList(results: readonly LabelledGoal[]): Reply {
  if (results.length === 0) return { text: metricsText.noGoals };
  const lines = results.map((goal) =>
    metricsText.goalLine(
      escapeText(truncate(goal.label, 100)),
      goal.figure,
      formatGoalTarget(goal.figure, goal.target),
    ),
  );
  const text = truncate([metricsText.goalsTitle, ...lines].join("\n"), SECTION_TEXT);
  return {
    text: `${metricsText.goalsTitle.replace(/\*/g, "")}: ${results.length}`,
    blocks: [section(text), context(metricsText.goalsFooter)],
  };
}
