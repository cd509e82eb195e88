import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { uploadFile } from "../../slack/files.ts";
import { slackErrorName } from "../../slack/errors.ts";
import type { Reply } from "../../slack/reply.ts";
import { chartAltText, chartData, chartPoints, chartSpec } from "./chart.ts";
import { renderChartPng } from "./chart-render.ts";
import { LOGGABLE_IDS, platformLabel } from "./input.ts";
import { chartText } from "./messages.ts";
import { renderReport, type ChartImage } from "./render.ts";
import { CHART_WEEKS, type DigestReport } from "./report.ts";

/**
 * The digest's chart, drawn and uploaded once per team and week and shown in
 * every channel's message. The chart is a plus: when it cannot be drawn or
 * uploaded the digest goes out without it, never later and never twice.
 */

/**
 * Draws the last weeks' chart and uploads it as the app's own file (shared
 * nowhere: the image block shows it). Null when there is nothing to draw or
 * anything fails, which is logged.
 */
export async function uploadDigestChart(
  client: WebClient,
  report: DigestReport,
  logger: Logger,
): Promise<ChartImage | null> {
  const weekStart = report.model.weekStart;
  const data = chartData(report.history, weekStart, CHART_WEEKS, platformLabel, LOGGABLE_IDS);
  if (data === null) return null;
  try {
    const png = await renderChartPng(chartSpec(), chartPoints(data));
    const altText = chartAltText(data);
    const fileId = await uploadFile(client, {
      bytes: png,
      filename: `greenlight-digest-${weekStart}.png`,
      title: chartText.title,
      altText,
    });
    return { fileId, altText };
  } catch (error) {
    logger.warn(`digest chart for the week of ${weekStart} left out: ${String(error)}`);
    return null;
  }
}

/** A digest message, and the same without its chart for when Slack refuses the image. */
export interface DigestMessage {
  message: Reply;
  withoutChart: Reply | null;
}

/** The week's digest message with its chart, when one could be uploaded. */
export async function digestMessage(
  client: WebClient,
  report: DigestReport,
  logger: Logger,
): Promise<DigestMessage> {
  const chart = await uploadDigestChart(client, report, logger);
  return chart
    ? { message: renderReport(report, chart), withoutChart: renderReport(report) }
    : { message: renderReport(report), withoutChart: null };
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
