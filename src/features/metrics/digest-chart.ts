import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { uploadFile } from "../../slack/files.ts";
import { slackErrorName } from "../../slack/errors.ts";
import type { Reply } from "../../slack/reply.ts";
import { chartAltText, chartData, chartPoints, chartSpec } from "./chart.ts";
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
  const weekStart = report.model.weekStart;
  const data = chartData(report.history, weekStart, CHART_WEEKS, platformLabel, LOGGABLE_IDS);
  if (data === null) return { image: null, missing: "nothing-to-draw" };
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
  const chart = await uploadDigestChart(client, report, logger, lang);
  if (chart.image) {
    return {
      message: renderReport(report, chart.image, { lang }),
      withoutChart: renderReport(report, null, { lang }),
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
