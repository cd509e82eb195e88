import { createHash } from "node:crypto";
import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { uploadFile } from "../../slack/files.ts";
import { slackErrorName } from "../../slack/errors.ts";
import type { Reply } from "../../slack/reply.ts";
import { chartAltText, chartData, chartPoints, chartSpec, type ChartData } from "./chart.ts";
import { renderChartPng } from "./chart-render.ts";
import { LOGGABLE_IDS, platformLabel } from "./input.ts";
import type { Lang } from "../../i18n/lang.ts";
import { metricsText } from "./messages.ts";
import { renderReport, type ChartImage } from "./render.ts";
import { CHART_WEEKS, type DigestReport } from "./report.ts";

/**
 * The digest's chart, drawn and uploaded once per team and week and shown in
 * every channel's message. The chart is a plus: when it cannot be drawn or
 * uploaded the digest goes out without it, never later and never twice.
 */

/** The chart, or why there is none: nothing to draw, or a failure (logged). */
export type DigestChart =
  | { image: ChartImage; missing?: undefined }
  | { image: null; missing: "nothing-to-draw" | "failed" };

/** No chart: the report has no week to draw. Shared, so frozen. */
const NOTHING_TO_DRAW: DigestChart = Object.freeze({
  image: null,
  missing: "nothing-to-draw" as const,
});

/**
 * Draws the last weeks' chart in `lang` and uploads it as the app's own file
 * (shared nowhere: the image block shows it).
 */
export async function uploadDigestChart(
  client: WebClient,
  report: DigestReport,
  logger: Logger,
  lang: Lang = "en",
): Promise<DigestChart> {
  const data = digestChartData(report);
  if (data === null) return NOTHING_TO_DRAW;
  return drawAndUpload(client, report.model.weekStart, data, logger, lang);
}

/** What the week's chart shows (null: nothing to draw). */
function digestChartData(report: DigestReport): ChartData | null {
  return chartData(
    report.history,
    report.model.weekStart,
    CHART_WEEKS,
    platformLabel,
    LOGGABLE_IDS,
  );
}

async function drawAndUpload(
  client: WebClient,
  weekStart: string,
  data: ChartData,
  logger: Logger,
  lang: Lang,
): Promise<DigestChart> {
  try {
    const png = await renderChartPng(chartSpec(lang), chartPoints(data, lang));
    const altText = chartAltText(data, lang);
    const fileId = await uploadFile(client, {
      bytes: png,
      filename: `greenlight-digest-${weekStart}.png`,
      title: metricsText(lang).chart.title,
      altText,
    });
    return { image: { fileId, altText } };
  } catch (error) {
    logger.warn(`digest chart for the week of ${weekStart} left out: ${String(error)}`);
    return { image: null, missing: "failed" };
  }
}

/**
 * Charts drawn and uploaded ahead of a digest (on the scheduler's tick
 * before it falls due), so that the fan-out's first post does not wait for
 * the chart engine to load, the drawing and the upload's three calls.
 *
 * Kept per app (keyed by its database object: each replica, each test app
 * its own), by team, week and language, with a fingerprint of what the
 * chart shows: a chart whose figures changed since (a week logged in the
 * last minute) is drawn again, and a chart whose upload failed is tried
 * again. In memory only: another replica that posts the digest draws its
 * own (one more private file, never a second message). Bounded: the oldest
 * entries go first.
 */
export class ChartShelf {
  private readonly charts = new Map<
    string,
    { fingerprint: string; chart: Promise<DigestChart>; failed?: boolean }
  >();

  constructor(private readonly limit = 2_000) {}

  /**
   * True when the week's chart for `teamId` in `lang` is kept with these
   * figures (drawn, or being drawn; not failed as far as known): chart()
   * would not draw it again.
   */
  has(teamId: string, report: DigestReport, lang: Lang): boolean {
    const wanted = this.lookup(teamId, report, lang);
    return wanted === null || (wanted.kept !== undefined && !wanted.kept.failed);
  }

  /**
   * The chart prepared for `teamId` in `lang` when it shows the same figures
   * and its upload did not fail (or nothing to draw), else null: then
   * `chart()` draws it, with a client.
   */
  async prepared(teamId: string, report: DigestReport, lang: Lang): Promise<DigestChart | null> {
    const wanted = this.lookup(teamId, report, lang);
    if (wanted === null) return NOTHING_TO_DRAW;
    if (wanted.kept === undefined) return null;
    const chart = await wanted.kept.chart;
    return chart.missing === "failed" ? null : chart;
  }

  /**
   * The week's chart for `teamId` in `lang`: the one prepared when it shows
   * the same figures, else drawn and uploaded now (and kept). Its entry is
   * stored before this returns, so a second call in the same turn shares
   * the upload rather than starting another.
   */
  chart(
    client: WebClient,
    teamId: string,
    report: DigestReport,
    logger: Logger,
    lang: Lang,
  ): Promise<DigestChart> {
    const wanted = this.lookup(teamId, report, lang);
    if (wanted === null) return Promise.resolve(NOTHING_TO_DRAW);
    const draw = () =>
      this.draw(
        client,
        wanted.key,
        wanted.fingerprint,
        wanted.data,
        logger,
        lang,
        report.model.weekStart,
      );
    if (wanted.kept === undefined) return draw();
    return wanted.kept.chart.then((chart) => (chart.missing === "failed" ? draw() : chart));
  }

  /**
   * What the chart of `report` for `teamId` in `lang` would show, and the
   * entry kept for it when that entry shows the same figures; null when
   * there is nothing to draw.
   */
  private lookup(teamId: string, report: DigestReport, lang: Lang) {
    const { data, fingerprint } = chartFactsOf(report);
    if (data === null) return null;
    const key = `${teamId}|${report.model.weekStart}|${lang}`;
    const kept = this.charts.get(key);
    return { data, fingerprint, key, kept: kept?.fingerprint === fingerprint ? kept : undefined };
  }

  private draw(
    client: WebClient,
    key: string,
    fingerprint: string,
    data: ChartData,
    logger: Logger,
    lang: Lang,
    weekStart: string,
  ): Promise<DigestChart> {
    const chart = drawAndUpload(client, weekStart, data, logger, lang);
    const entry: { fingerprint: string; chart: Promise<DigestChart>; failed?: boolean } = {
      fingerprint,
      chart,
    };
    void chart.then((drawn) => {
      entry.failed = drawn.missing === "failed";
    });
    this.charts.delete(key); // re-inserted last: the map's order is the eviction order
    this.charts.set(key, entry);
    if (this.charts.size > this.limit) {
      const oldest = this.charts.keys().next().value;
      if (oldest !== undefined) this.charts.delete(oldest);
    }
    return chart;
  }
}

/**
 * Digest messages rendered ahead, next to their charts: the ticks before a
 * digest falls due render it once its chart is drawn (prepare), and the due
 * tick takes the message when the week's report and chart are exactly those
 * it was rendered from (a fingerprint of both), else renders it anew.
 * Rendering is pure, so a kept message is the one the due tick would render.
 * A message is a few kilobytes of blocks: the due tick takes it out (its
 * run posts it to every channel), so only digests about to fall due are
 * kept, and never more than `limit` (the oldest go first).
 */
export class PreparedMessages {
  private readonly kept = new Map<
    string,
    { fingerprint: string; message: DigestMessage; from: [DigestReport, DigestChart] }
  >();

  constructor(private readonly limit = 1_000) {}

  /** Renders the channel message of `report` around `chart` in `lang` and keeps it, unless kept already. */
  prepare(teamId: string, report: DigestReport, chart: DigestChart, lang: Lang): void {
    const key = keyOf(teamId, report, lang);
    const fingerprint = messageFingerprint(report, chart);
    const kept = this.kept.get(key);
    if (kept?.fingerprint === fingerprint) {
      // The same message: now known to be rendered from these objects too (the week kept last).
      kept.from = [report, chart];
      return;
    }
    const message = renderDigestMessage(report, chart, lang);
    this.kept.delete(key); // re-inserted last: the map's order is the eviction order
    this.kept.set(key, { fingerprint, message, from: [report, chart] });
    if (this.kept.size > this.limit) {
      const oldest = this.kept.keys().next().value;
      if (oldest !== undefined) this.kept.delete(oldest);
    }
  }

  /** The message prepared from this very report and chart (taken out), else rendered now. */
  take(teamId: string, report: DigestReport, chart: DigestChart, lang: Lang): DigestMessage {
    const key = keyOf(teamId, report, lang);
    const kept = this.kept.get(key);
    this.kept.delete(key);
    // The very objects it was rendered from (a week kept since the tick before): nothing to compare.
    if (kept && kept.from[0] === report && kept.from[1] === chart) return kept.message;
    if (kept && kept.fingerprint === messageFingerprint(report, chart)) return kept.message;
    return renderDigestMessage(report, chart, lang);
  }
}

function keyOf(teamId: string, report: DigestReport, lang: Lang): string {
  return `${teamId}|${report.model.weekStart}|${lang}`;
}

function messageFingerprint(report: DigestReport, chart: DigestChart): string {
  return createHash("sha256")
    .update(JSON.stringify([report, chart]))
    .digest("base64url");
}

function fingerprintOf(data: ChartData): string {
  return createHash("sha256").update(JSON.stringify(data)).digest("base64url");
}

/**
 * What a report's chart shows and its fingerprint, once per report object:
 * a week read on a tick before is looked at again on each tick until it is
 * posted. Reports are never changed once computed.
 */
const chartFacts = new WeakMap<
  DigestReport,
  { data: ChartData; fingerprint: string } | { data: null; fingerprint: null }
>();
function chartFactsOf(report: DigestReport) {
  let facts = chartFacts.get(report);
  if (!facts) {
    const data = digestChartData(report);
    facts =
      data === null ? { data, fingerprint: null } : { data, fingerprint: fingerprintOf(data) };
    chartFacts.set(report, facts);
  }
  return facts;
}

/** The digest message around a chart already drawn (or missing). */
export function renderDigestMessage(
  report: DigestReport,
  chart: DigestChart,
  lang: Lang,
  preview = false,
): DigestMessage {
  if (chart.image) {
    const image = chart.image;
    let withoutChart: Reply | undefined;
    return {
      message: renderReport(report, image, { lang }),
      // Drawn only if Slack refuses the image: a fan-out renders each digest once.
      get withoutChart() {
        return (withoutChart ??= renderReport(report, null, { lang }));
      },
    };
  }
  const t = metricsText(lang);
  const note = !preview
    ? null
    : chart.missing === "nothing-to-draw"
      ? t.previewNoChart
      : t.previewChartFailed;
  return { message: renderReport(report, null, { lang, note }), withoutChart: null };
}

/** A digest message, and the same without its chart for when Slack refuses the image. */
export interface DigestMessage {
  message: Reply;
  withoutChart: Reply | null;
}

/**
 * The week's digest message in `lang` (the team's, for a channel; the
 * person's, for a preview) with its chart, when one could be uploaded. A
 * preview says why it has no chart.
 */
export async function digestMessage(
  client: WebClient,
  report: DigestReport,
  logger: Logger,
  lang: Lang = "en",
  preview = false,
): Promise<DigestMessage> {
  return renderDigestMessage(
    report,
    await uploadDigestChart(client, report, logger, lang),
    lang,
    preview,
  );
}

/**
 * Posts a digest; if Slack refuses the message because of its image
 * (`invalid_blocks`: the file is not usable there), posts it again without
 * the chart. Safe: a refused message was not posted.
 */
export async function postDigestMessage<T>(
  post: (message: Reply) => Promise<T>,
  digest: DigestMessage,
): Promise<T> {
  try {
    return await post(digest.message);
  } catch (error) {
    if (digest.withoutChart === null || slackErrorName(error) !== "invalid_blocks") throw error;
    return post(digest.withoutChart);
  }
}
