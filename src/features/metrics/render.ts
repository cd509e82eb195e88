import type { KnownBlock, TableBlock } from "@slack/types";
import { context, header, section, type Reply } from "../../slack/reply.ts";
import { escapeText, truncate } from "../../slack/text.ts";
import { addDaysToLocalDate } from "../../shared/local-date.ts";
import { PLATFORMS } from "../proposals/validation.ts";
import {
  FIGURE_KEYS,
  RATE_KEYS,
  biggestMoves,
  type Change,
  type DigestModel,
  type Move,
  type PlatformDigest,
  type RateChange,
} from "./digest.ts";
import { metricsFormat, type MetricsFormat } from "./format.ts";
import type { GoalResult, GoalsSummary, LabelledGoal } from "./goals.ts";
import type { Lang } from "../../i18n/lang.ts";
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
const UP = "▲";
const DOWN = "▼";

/** "12,345 ▲ 20.0%"; the change is left out when there is nothing to say. */
function withArrow(
  f: MetricsFormat,
  value: string,
  present: boolean,
  change: Change | RateChange,
): string {
  if (!present) return f.t.values.noData;
  const arrow = f.arrowChange(change);
  return arrow === "" ? value : `${value} ${arrow}`;
}

/** "LinkedIn reach +30%" */
function moveText(f: MetricsFormat, move: Move): string {
  const figure = f.t.digest.figureLabels[move.figure].toLowerCase();
  const arrow = move.kind === "up" ? UP : DOWN;
  const change = f.signedWholePercent(move.kind, Math.round(move.percent));
  return `${arrow} ${f.t.digest.move(escapeText(truncate(move.label, 60)), figure, change)}`;
}

/** The first line: goals met, the biggest rise and the biggest fall. */
export function headline(
  model: DigestModel,
  goals: GoalsSummary,
  f: MetricsFormat = metricsFormat("en"),
): string {
  const d = f.t.digest;
  const pieces: string[] = [];
  if (goals.total > 0) pieces.push(`*${d.goalsMet(goals.met, goals.total)}*`);
  const { rise, fall } = biggestMoves(model);
  if (rise) pieces.push(moveText(f, rise));
  if (fall) pieces.push(moveText(f, fall));
  if (rise === null && fall === null) {
    pieces.push(model.platforms.length === 0 ? d.noPlatformHeadline : d.noMovesHeadline);
  }
  return pieces.join("  ·  ");
}

const GOAL_MARK = { met: "✅", missed: "❌", "no-data": "⚪" } as const;

function goalLine(f: MetricsFormat, result: GoalResult): string {
  const d = f.t.digest;
  return d.goalLine(
    GOAL_MARK[result.status],
    escapeText(truncate(result.label, 100)),
    d.goalFigureLabels[result.figure],
    f.goalValue(result.figure, result.actual, "actual"),
    f.goalTarget(result.figure, result.target),
    d.goalStatus[result.status],
  );
}

/** Goal lines packed into as few sections as Slack's 3,000 characters allow. */
function goalSections(f: MetricsFormat, goals: GoalsSummary): KnownBlock[] {
  if (goals.total === 0) return [];
  const sections: string[] = [f.t.digest.goalsHeading];
  for (const result of goals.results) {
    const line = goalLine(f, result);
    const last = sections.length - 1;
    const joined = `${sections[last]}\n${line}`;
    if (joined.length <= SECTION_TEXT) sections[last] = joined;
    else sections.push(line);
  }
  const shown = sections.slice(0, MAX_GOAL_SECTIONS).map(section);
  if (sections.length > MAX_GOAL_SECTIONS) shown.push(context(f.t.digest.moreGoals));
  return shown;
}

const COLUMNS = [...FIGURE_KEYS, ...RATE_KEYS] as const;

function cell(text: string): { type: "raw_text"; text: string } {
  return { type: "raw_text", text };
}

function platformRow(
  f: MetricsFormat,
  platform: PlatformDigest,
): Array<{ type: "raw_text"; text: string }> {
  const counts = FIGURE_KEYS.map((key) => {
    const figure = platform.figures[key];
    return cell(withArrow(f, f.count(figure.value), figure.value !== null, figure.change));
  });
  const rates = RATE_KEYS.map((key) => {
    const rate = platform.rates[key];
    return cell(withArrow(f, f.percent(rate.value), rate.value !== null, rate.change));
  });
  return [cell(escapeText(truncate(platform.label, 60))), ...counts, ...rates];
}

/** One row per platform: Slack's table block, the one table a message may hold. */
function platformTable(f: MetricsFormat, platforms: PlatformDigest[]): TableBlock {
  const head = [
    cell(f.t.digest.platformColumn),
    ...COLUMNS.map((key) => cell(f.t.digest.columnLabels[key])),
  ];
  return {
    type: "table",
    column_settings: [
      { align: "left", is_wrapped: false },
      ...COLUMNS.map(() => ({ align: "right" as const, is_wrapped: false })),
    ],
    rows: [head, ...platforms.map((platform) => platformRow(f, platform))],
  };
}

function workflowLine(f: MetricsFormat, model: DigestModel): string {
  const w = model.workflow;
  return f.t.digest.workflowLine({
    proposed: w.proposed,
    approved: w.approved,
    selfApproved: w.selfApproved,
    rejected: w.rejected,
    changesRequested: w.changesRequested,
    medianDecision: f.duration(w.medianDecisionMinutes),
    approvalRate: f.percent(w.approvalRate),
    stillPending: w.stillPending,
  });
}

function webcareLine(f: MetricsFormat, model: DigestModel): string {
  const d = f.t.digest;
  const c = model.webcare;
  const response = c.responseMinutes;
  let responseText = f.duration(response.value);
  if (
    response.value !== null &&
    (response.change.kind === "up" || response.change.kind === "down")
  ) {
    // For response time, up is bad news: say which way it went in words.
    const word = response.change.kind === "up" ? d.slower : d.faster;
    responseText = `${responseText} (${f.arrowChange(response.change)}, ${word})`;
  }
  const score =
    c.satisfaction.value === null
      ? f.count(null)
      : withArrow(f, f.score(c.satisfaction.value), true, c.satisfaction.change);
  return d.webcareLine(
    d.daysCoveredValue(
      c.daysCovered,
      c.daysUncovered,
      c.uncoveredDays.map(f.weekday),
      c.closedDays.map(f.weekday),
    ),
    responseText,
    score,
  );
}

/** The uploaded chart the digest shows, when there is one. */
export interface ChartImage {
  fileId: string;
  altText: string;
}

export interface RenderOptions {
  /** The reader's language: the team's for a channel, the person's for a preview. */
  lang?: Lang;
  /** A line under the chart's place, for a preview that has none (why not). */
  note?: string | null;
}

export function renderDigest(
  model: DigestModel,
  goals: GoalsSummary = { results: [], met: 0, missed: 0, noData: 0, total: 0 },
  chart: ChartImage | null = null,
  options: RenderOptions = {},
): Reply {
  const f = metricsFormat(options.lang ?? "en");
  const d = f.t.digest;
  const range = f.weekRange(model.weekStart, model.weekEnd);
  const previousRange = f.weekRange(
    model.previousWeekStart,
    addDaysToLocalDate(model.weekStart, -1),
  );
  const top: KnownBlock[] = [
    header(truncate(d.title(range), 150)),
    section(truncate(headline(model, goals, f), SECTION_TEXT)),
    context(d.subtitle(previousRange)),
    ...goalSections(f, goals),
  ];
  if (chart) {
    top.push({
      type: "image",
      slack_file: { id: chart.fileId },
      alt_text: truncate(chart.altText, 2000),
      title: { type: "plain_text", text: truncate(d.chartTitle, 2000) },
    });
  } else if (options.note) {
    top.push(context(options.note));
  }

  const middle: KnownBlock[] = [];
  if (model.platforms.length === 0) {
    middle.push(context(d.noPlatformFigures));
  } else {
    const shown = model.platforms.slice(0, MAX_TABLE_ROWS - 1);
    middle.push(platformTable(f, shown));
    const hidden = model.platforms.length - shown.length;
    if (hidden > 0) middle.push(context(d.more(hidden)));
    const withData = new Set(model.platforms.map((platform) => platform.platform));
    const missing = PLATFORMS.filter((platform) => !withData.has(platform.id)).map(
      (platform) => platform.label,
    );
    if (missing.length > 0) middle.push(context(d.noDataFor(missing)));
  }

  const bottom: KnownBlock[] = [
    section(workflowLine(f, model)),
    section(webcareLine(f, model)),
    context(d.footer),
  ];
  const blocks = [...top, ...middle, ...bottom].slice(0, MAX_BLOCKS);

  const w = model.workflow;
  const text = d.fallback(range, [
    headline(model, goals, f).replace(/\*/g, ""),
    d.fallbackWorkflow(w.proposed, w.approved, w.rejected, w.stillPending),
    d.fallbackWebcare(
      model.webcare.daysCovered,
      model.webcare.daysCovered + model.webcare.daysUncovered,
    ),
    d.fallbackPlatforms(model.platforms.length),
  ]);
  return { text, blocks };
}

/** A week's report as a message, with its chart when one was uploaded. */
export function renderReport(
  report: DigestReport,
  chart: ChartImage | null = null,
  options: RenderOptions = {},
): Reply {
  return renderDigest(report.model, report.goals, chart, options);
}

/** `/metrics goals`: every goal of the team, in the digest's order. */
export function renderGoalList(results: readonly LabelledGoal[], lang: Lang = "en"): Reply {
  const f = metricsFormat(lang);
  const t = f.t;
  if (results.length === 0) return { text: t.noGoals };
  const lines = results.map((goal) =>
    t.goalLine(
      escapeText(truncate(goal.label, 100)),
      goal.figure,
      f.goalTarget(goal.figure, goal.target),
    ),
  );
  const text = truncate([t.goalsTitle, ...lines].join("\n"), SECTION_TEXT);
  return {
    text: t.goalsCount(results.length),
    blocks: [section(text), context(t.goalsFooter)],
  };
}
