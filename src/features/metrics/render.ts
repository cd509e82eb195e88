import type { KnownBlock, SectionBlock } from "@slack/types";
import { context, divider, header, type Reply } from "../../slack/reply.ts";
import { escapeText, truncate } from "../../slack/text.ts";
import { addDaysToLocalDate, type LocalDate } from "../../shared/local-date.ts";
import { PLATFORMS } from "../proposals/validation.ts";
import {
  FIGURE_KEYS,
  RATE_KEYS,
  formatChange,
  formatCount,
  formatDuration,
  formatPercent,
  type Change,
  type DigestModel,
  type Figure,
  type PlatformDigest,
  type RateChange,
  type RateFigure,
} from "./digest.ts";
import { digestText } from "./messages.ts";

/**
 * DigestModel → a Block Kit message. Slack's limits hold whatever the model
 * holds: ≤ 50 blocks, ≤ 10 fields per section, header ≤ 150 characters,
 * field ≤ 2,000, and a text fallback for notifications.
 */

const MAX_BLOCKS = 50;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

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

/** "12,345 (+5.0%)"; the change is left out when there is nothing to say. */
function withChange(value: string, change: Change | RateChange): string {
  if (value === formatCount(null)) return value;
  if (change.kind === "no-data") return value;
  return `${value} (${formatChange(change)})`;
}

function countField(label: string, figure: Figure): string {
  return `*${label}*\n${withChange(formatCount(figure.value), figure.change)}`;
}

function rateField(label: string, figure: RateFigure): string {
  return `*${label}*\n${withChange(formatPercent(figure.value), figure.change)}`;
}

function fieldsSection(title: string, fields: string[]): SectionBlock {
  return {
    type: "section",
    text: { type: "mrkdwn", text: title },
    fields: fields.slice(0, 10).map((text) => ({ type: "mrkdwn", text: truncate(text, 2000) })),
  };
}

function platformSection(platform: PlatformDigest): SectionBlock {
  const fields = [
    ...FIGURE_KEYS.map((key) => countField(digestText.figureLabels[key], platform.figures[key])),
    ...RATE_KEYS.map((key) => rateField(digestText.rateLabels[key], platform.rates[key])),
  ];
  return fieldsSection(`*${escapeText(truncate(platform.label, 100))}*`, fields);
}

function workflowSection(model: DigestModel): SectionBlock {
  const w = model.workflow;
  const approved =
    w.selfApproved > 0
      ? `${formatCount(w.approved)} (${digestText.selfApprovedNote(w.selfApproved)})`
      : formatCount(w.approved);
  return fieldsSection(digestText.workflowHeading, [
    `*${digestText.proposed}*\n${formatCount(w.proposed)}`,
    `*${digestText.approved}*\n${approved}`,
    `*${digestText.rejected}*\n${formatCount(w.rejected)}`,
    `*${digestText.changesRequested}*\n${formatCount(w.changesRequested)}`,
    `*${digestText.medianDecision}*\n${formatDuration(w.medianDecisionMinutes)}`,
    `*${digestText.approvalRate}*\n${formatPercent(w.approvalRate)}`,
    `*${digestText.stillPending}*\n${formatCount(w.stillPending)}`,
  ]);
}

/** For response time, up is bad news: say which way it went in words. */
function responseChange(change: Change): string {
  const base = formatChange(change);
  if (change.kind === "up") return `${base}, ${digestText.slower}`;
  if (change.kind === "down") return `${base}, ${digestText.faster}`;
  return base;
}

function webcareSection(model: DigestModel): SectionBlock {
  const c = model.webcare;
  const response = formatDuration(c.responseMinutes.value);
  const responseText =
    c.responseMinutes.value === null || c.responseMinutes.change.kind === "no-data"
      ? response
      : `${response} (${responseChange(c.responseMinutes.change)})`;
  const score =
    c.satisfaction.value === null
      ? formatCount(null)
      : withChange(
          digestText.satisfactionValue(c.satisfaction.value.toFixed(1)),
          c.satisfaction.change,
        );
  return fieldsSection(digestText.webcareHeading, [
    `*${digestText.daysCovered}*\n${digestText.daysCoveredValue(c.daysCovered, c.daysUncovered)}`,
    `*${digestText.responseTime}*\n${responseText}`,
    `*${digestText.satisfaction}*\n${score}`,
  ]);
}

export function renderDigest(model: DigestModel): Reply {
  const range = formatWeekRange(model.weekStart, model.weekEnd);
  const previousRange = formatWeekRange(
    model.previousWeekStart,
    addDaysToLocalDate(model.weekStart, -1),
  );
  const blocks: KnownBlock[] = [
    header(truncate(digestText.title(range), 150)),
    context(digestText.subtitle(previousRange)),
    workflowSection(model),
    webcareSection(model),
    divider,
  ];

  // Leave room for the closing blocks (no-data line, "more", footer).
  const room = MAX_BLOCKS - blocks.length - 3;
  if (model.platforms.length === 0) {
    blocks.push(context(digestText.noPlatformFigures));
  } else {
    const shown = model.platforms.slice(0, room);
    for (const platform of shown) blocks.push(platformSection(platform));
    const hidden = model.platforms.length - shown.length;
    if (hidden > 0) blocks.push(context(digestText.more(hidden)));
    const withData = new Set(model.platforms.map((platform) => platform.platform));
    const missing = PLATFORMS.filter((platform) => !withData.has(platform.id)).map(
      (platform) => platform.label,
    );
    if (missing.length > 0) blocks.push(context(digestText.noDataFor(missing)));
  }
  blocks.push(context(digestText.footer));

  const w = model.workflow;
  const text = digestText.fallback(range, [
    digestText.fallbackWorkflow(w.proposed, w.approved, w.rejected, w.stillPending),
    digestText.fallbackWebcare(
      model.webcare.daysCovered,
      model.webcare.daysCovered + model.webcare.daysUncovered,
    ),
    digestText.fallbackPlatforms(model.platforms.length),
  ]);
  return { text, blocks: blocks.slice(0, MAX_BLOCKS) };
}
