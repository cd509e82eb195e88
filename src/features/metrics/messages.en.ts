import { formatList, formatNumber, plural } from "../../i18n/format.ts";
import { channelLink, escapeText, mention } from "../../slack/text.ts";
import { PLATFORMS } from "../proposals/validation.ts";
import type { GoalFigure, GoalKind, TargetProblem } from "./goals.ts";

const LOGGABLE_NAMES = [...PLATFORMS.map((platform) => platform.id), "webcare"].join(", ");
const FIGURE_NAMES =
  "reach, impressions, engagements, clicks, conversions, followers, engagement-rate, ctr, conversion-rate; for webcare: response-time, satisfaction";
const GOAL_USAGE = "Usage: /metrics goal &lt;platform&gt; &lt;figure&gt; &lt;target&gt;";

/** What each kind of goal target accepts, said after the value that was typed. */
const TARGET_PROBLEMS: Record<GoalKind, Record<TargetProblem, string>> = {
  count: {
    "not-a-number": "is not a whole number (e.g. 5000).",
    "not-whole": "is not a whole number (e.g. 5000).",
    "out-of-range": "is too large.",
  },
  rate: {
    "not-a-number": "is not a percentage (e.g. 3.5% or 3,5 %).",
    "not-whole": "is not a percentage (e.g. 3.5% or 3,5 %).",
    "out-of-range": "is not a percentage from 0 to 100.",
  },
  minutes: {
    "not-a-number": "is not a number of minutes (e.g. 30).",
    "not-whole": "is not a whole number of minutes (e.g. 30).",
    "out-of-range": "is not a number of minutes from 1 on.",
  },
  score: {
    "not-a-number": "is not a score from 1 to 5 (e.g. 4.5).",
    "not-whole": "is not a score from 1 to 5 (e.g. 4.5).",
    "out-of-range": "is not a score from 1 to 5.",
  },
};

/**
 * A social figure is called the same in the "Log weekly figures" modal and in
 * the digest, so people recognise what they typed in what they read.
 */
const figureLabels = {
  reach: "Reach",
  impressions: "Impressions",
  engagements: "Engagements",
  clicks: "Clicks",
  conversions: "Conversions",
  followersGained: "Followers gained",
};

/** A goal's figure as the digest names it (people type the command names: `engagement-rate`). */
const goalFigureLabels: Record<GoalFigure, string> = {
  reach: "reach",
  impressions: "impressions",
  engagements: "engagements",
  clicks: "clicks",
  conversions: "conversions",
  followers: "followers gained",
  "engagement-rate": "engagement rate",
  ctr: "click-through rate",
  "conversion-rate": "conversion rate",
  "response-time": "first-response time",
  satisfaction: "satisfaction",
};

const weeks = (count: number) =>
  `${formatNumber("en", count)} ${plural("en", count, { one: "week", other: "weeks" })}`;

/** Every word the metrics feature says in English; messages.fr.ts has the same keys. */
export const en = {
  usage:
    "Usage: /metrics log · /metrics digest · /metrics goals · /metrics goal &lt;platform&gt; &lt;figure&gt; &lt;target|off&gt; · /metrics export [weeks] · /metrics subscribe #channel · /metrics unsubscribe #channel",
  goalUsage: `${GOAL_USAGE} (e.g. \`/metrics goal linkedin engagement-rate 3.5%\`), or \`/metrics goal &lt;platform&gt; &lt;figure&gt; off\`. Figures: ${FIGURE_NAMES}.`,
  unknownPlatform: (given: string) =>
    `${GOAL_USAGE} — “${escapeText(given)}” is not a platform. Platforms: ${LOGGABLE_NAMES}.`,
  unknownFigure: (given: string) =>
    `${GOAL_USAGE} — “${escapeText(given)}” is not a figure. Figures: ${FIGURE_NAMES}.`,
  figureNotForPlatform: (label: string, figure: GoalFigure, webcare: boolean) =>
    webcare
      ? `Usage: /metrics goal webcare &lt;response-time|satisfaction&gt; &lt;target&gt; — ${label} has no ${figure}.`
      : `${GOAL_USAGE} — ${figure} is a webcare figure, not one of ${label}: use \`/metrics goal webcare ${figure} …\`.`,
  badTarget: (figure: GoalFigure, given: string, kind: GoalKind, problem: TargetProblem) =>
    `Usage: /metrics goal &lt;platform&gt; ${figure} &lt;target&gt; — “${escapeText(given)}” ${TARGET_PROBLEMS[kind][problem]}`,
  badExportWeeks: (given: string, max: number) =>
    `Usage: /metrics export [weeks] — “${escapeText(given)}” is not a number of weeks from 1 to ${formatNumber("en", max)} (the default is 52).`,
  notAChannel: (verb: "subscribe" | "unsubscribe", given: string) =>
    `Usage: /metrics ${verb} #channel — "${escapeText(given)}" is not a channel: pick it with #.`,
  logDenied:
    "Only managers, analysts and workspace admins can log figures. Ask a manager for the *analyst* role (`/role assign @you analyst`).",
  subscribeDenied: "Only a manager or a workspace admin can choose where the weekly digest goes.",
  goalDenied:
    "Only managers, analysts and workspace admins can set goals. Ask a manager for the *analyst* role (`/role assign @you analyst`).",

  // Goals
  goalSet: (label: string, figure: GoalFigure, target: string, previous: string | null) =>
    previous === null
      ? `Goal set: *${label}* ${figure} ${target} a week. The weekly digest shows whether it was met.`
      : `Goal changed: *${label}* ${figure} ${target} a week (it was ${previous}).`,
  goalRemoved: (label: string, figure: GoalFigure) => `Goal removed: *${label}* ${figure}.`,
  goalNotSet: (label: string, figure: GoalFigure) =>
    `There is no goal for *${label}* ${figure}. Nothing changed.`,
  goalsTitle: "*Weekly goals*",
  goalsCount: (count: number) => `Weekly goals: ${formatNumber("en", count)}`,
  goalLine: (label: string, figure: GoalFigure, target: string) =>
    `• *${label}* ${figure} ${target}`,
  noGoals:
    "No goals yet. A manager or an analyst sets one with `/metrics goal <platform> <figure> <target>`, e.g. `/metrics goal linkedin engagement-rate 3.5%`.",
  goalsFooter:
    "Change one with `/metrics goal <platform> <figure> <target>`, remove it with `… off`.",
  /** A goal's target: "at least 3.5%", "at most 30 min". */
  atLeast: (value: string) => `at least ${value}`,
  atMost: (value: string) => `at most ${value}`,

  // Export
  exportNothing: (count: number) =>
    `No figures were logged in the last ${weeks(count)}: there is nothing to export.`,
  exportTitle: (count: number) => `Greenlight figures, last ${weeks(count)}`,
  exportComment: (count: number, rows: number) =>
    `Your export: every figure of the last ${weeks(count)}, ${formatNumber("en", rows)} ${plural("en", rows, { one: "row", other: "rows" })} (one per platform and week), rates included.`,
  exportSent: "Your CSV export is in your direct messages with Greenlight.",
  exportFailed: (code: string) =>
    `The export could not be sent (Slack said \`${code}\`). Nothing was shared; try again in a moment.`,

  // The modal
  /** After "Please …" when the modal could not open (src/slack/open-modal.ts). */
  logAgain: "run `/metrics log` again",
  modalTitle: "Log weekly figures",
  submit: "Save",
  close: "Cancel",
  submitNext: "Save and next",
  done: "Done",
  savedInModal: (label: string, week: string) =>
    `✅ Saved the *${label}* figures for the week of ${week}. Log the next platform of that week below, or click *Done*.`,
  alreadyLogged: (week: string, entries: string[]) =>
    `Already logged for ${week}: ${entries.join(", ")}.`,
  intro:
    "One platform, one week (Monday to Sunday). Fill in what you have; empty fields read “no data” in the digest. Logging the same platform and week again replaces the figures.",
  platformLabel: "Platform",
  platformPlaceholder: "Choose a platform",
  webcareOption: "Webcare (community care)",
  weekLabel: "Week",
  weekHint: "Any day of the week will do: figures are kept for the week starting that Monday.",
  socialHeader: "*Social platform figures* — leave empty for webcare",
  webcareHeader: "*Webcare figures* — only for webcare",
  fieldLabels: {
    ...figureLabels,
    responseMinutes: "Median first-response time (minutes)",
    satisfaction: "Satisfaction (1–5)",
  },
  /** What each kind of field takes, shown inside the empty field. */
  placeholders: {
    count: "e.g. 12,345",
    followers: "e.g. 42, or −120 after a drop",
    minutes: "e.g. 30",
    score: "e.g. 4.5",
  },

  // Validation, shown next to the field
  pickPlatform: "Choose a platform, or webcare.",
  pickWeek: "Pick a day in the week the figures are for.",
  futureWeek: "That week has not started yet.",
  wholeNumber: "A whole number, 0 or more (e.g. 12345 or 12,345).",
  signedWholeNumber: "A whole number, negative after a drop (e.g. 42 or −120).",
  tooLarge: "That number is too large.",
  satisfactionRange: "A score from 1 to 5 (e.g. 4.5).",
  clicksOverImpressions: "Clicks cannot be more than impressions.",
  conversionsOverClicks: "Conversions cannot be more than clicks.",
  notForWebcare: "Webcare takes response time and satisfaction only: leave this empty.",
  onlyForWebcare: "Only for webcare: leave this empty for a social platform.",
  nothingEntered: "Enter at least one figure.",

  // After saving (a DM to the person who logged)
  logged: (label: string, week: string) => `Saved the *${label}* figures for the week of ${week}.`,
  replaced: (label: string, week: string, previousBy: string) =>
    `Replaced the *${label}* figures for the week of ${week} (logged before by ${mention(previousBy)}) with the ones you just entered.`,
  /** One figure of the DM's summary: "Reach: 12,000". */
  figureValue: (label: string, value: string) => `${label}: ${value}`,

  // Subscriptions
  subscribed: (channelId: string) =>
    `The weekly digest will be posted in ${channelLink(channelId)}. A channel added after this week's digest time gets its first digest next week.`,
  alreadySubscribed: (channelId: string) =>
    `${channelLink(channelId)} already receives the weekly digest. Nothing changed.`,
  inviteFirst: (channelId: string) =>
    `${channelLink(channelId)} is private, and I can only post where I am a member. Invite me there with \`/invite @Greenlight\`, then run \`/metrics subscribe\` again. Nothing was saved.`,
  cannotSee: (channelId: string) =>
    `I cannot see ${channelLink(channelId)}. If it is a private channel, invite me there with \`/invite @Greenlight\` first, then run \`/metrics subscribe\` again. Nothing was saved.`,
  archived: (channelId: string) =>
    `${channelLink(channelId)} is archived: nothing can be posted there. Nothing was saved.`,
  cannotJoin: (channelId: string, code: string) =>
    `I could not join ${channelLink(channelId)} (Slack said \`${code}\`). Invite me with \`/invite @Greenlight\` and try again. Nothing was saved.`,
  unsubscribed: (channelId: string) =>
    `${channelLink(channelId)} will no longer receive the weekly digest.`,
  notSubscribed: (channelId: string) =>
    `${channelLink(channelId)} does not receive the weekly digest. Nothing changed.`,

  /** The private preview (`/metrics digest`) says why it has no chart, when it has none. */
  previewNoChart: "No chart in this preview: no platform has figures in the last 8 weeks.",
  previewChartFailed:
    "No chart in this preview: it could not be drawn or uploaded just now. The weekly digest tries again when it is posted.",

  /** Figures as the digest writes them, around the numbers `Intl` formats. */
  values: {
    noData: "no data",
    new: "new",
    same: "=",
    /** A change of a rate, in percentage points: "1.5 pp". */
    points: (value: string) => `${value} pp`,
    score: (value: string) => `${value} / 5`,
    minutes: (value: string) => `${value} min`,
    hours: (value: string) => `${value} h`,
    days: (value: string) => `${value} d`,
  },

  /** The digest's words. Figures are formatted by format.ts; these are the labels around them. */
  digest: {
    title: (range: string) => `Weekly digest · ${range}`,
    subtitle: (previousRange: string) =>
      `Social-media figures, goals, workflow and webcare for the week. ▲/▼ are changes against the week before (${previousRange}).`,
    goalsMet: (met: number, total: number) =>
      `${formatNumber("en", met)} of ${formatNumber("en", total)} ${plural("en", total, { one: "goal", other: "goals" })} met`,
    noPlatformHeadline: "No platform figures logged this week",
    noMovesHeadline: "No figure moved against the week before",
    goalsHeading: "*Goals*",
    goalFigureLabels,
    goalLine: (
      mark: string,
      label: string,
      figure: string,
      actual: string,
      target: string,
      status: string,
    ) => `${mark} *${label}* ${figure}: ${actual} (goal ${target}) — ${status}`,
    goalStatus: { met: "met", missed: "missed", "no-data": "no data" },
    moreGoals: "More goals than fit in one message: see them all with `/metrics goals`.",
    /** The headline's biggest rise or fall: "LinkedIn reach +30%". */
    move: (label: string, figure: string, change: string) => `${label} ${figure} ${change}`,
    chartTitle: "Last 8 weeks: engagement rate and reach per platform",
    platformColumn: "Platform",
    columnLabels: {
      reach: "Reach",
      impressions: "Impressions",
      engagements: "Engagements",
      clicks: "Clicks",
      conversions: "Conversions",
      followersGained: "Followers",
      engagementRate: "Eng. rate",
      ctr: "CTR",
      conversionRate: "Conv. rate",
    },
    workflowLine: (w: {
      proposed: number;
      approved: number;
      selfApproved: number;
      rejected: number;
      changesRequested: number;
      medianDecision: string;
      approvalRate: string;
      stillPending: number;
    }) => {
      const n = (value: number) => formatNumber("en", value);
      const self = w.selfApproved > 0 ? ` (${n(w.selfApproved)} self-approved)` : "";
      return `*Workflow*  ${n(w.proposed)} proposed · ${n(w.approved)} approved${self} · ${n(w.rejected)} rejected · ${n(w.changesRequested)} changes requested · median time to decision ${w.medianDecision} · approval rate ${w.approvalRate} · ${n(w.stillPending)} still pending`;
    },
    webcareLine: (covered: string, response: string, satisfaction: string) =>
      `*Webcare*  days covered ${covered} · median first response ${response} · satisfaction ${satisfaction}`,
    /**
     * Days with someone on duty out of the days a rotation serves; the days
     * nobody could take and the closed days (no rotation) are named.
     */
    daysCoveredValue: (
      covered: number,
      uncovered: number,
      uncoveredDays: readonly string[],
      closedDays: readonly string[],
    ) => {
      const open = covered + uncovered;
      if (open === 0) return "none, no rotation served this week";
      const notes: string[] = [];
      if (uncovered > 0) {
        const days =
          uncoveredDays.length > 0 && uncovered < 7 ? `: ${formatList("en", uncoveredDays)}` : "";
        notes.push(`${formatNumber("en", uncovered)} without anyone on duty${days}`);
      }
      if (closedDays.length > 0) notes.push(`closed ${formatList("en", closedDays)}`);
      const value = `${formatNumber("en", covered)} of ${formatNumber("en", open)}`;
      return notes.length === 0 ? value : `${value} (${notes.join("; ")})`;
    },
    slower: "slower",
    faster: "faster",
    figureLabels,
    noPlatformFigures:
      "No platform figures were logged for this week or the week before. Log them with `/metrics log`.",
    noDataFor: (labels: string[]) => `No data this week for ${labels.join(", ")}.`,
    more: (count: number) =>
      `…and ${formatNumber("en", count)} more ${plural("en", count, { one: "platform", other: "platforms" })} with figures.`,
    footer:
      "Figures are logged with `/metrics log`, goals set with `/metrics goal`. Rates: engagement = engagements / impressions, CTR = clicks / impressions, conversion = conversions / clicks.",
    fallback: (range: string, parts: string[]) => `Weekly digest ${range}: ${parts.join("; ")}.`,
    fallbackWorkflow: (proposed: number, approved: number, rejected: number, pending: number) =>
      `${formatNumber("en", proposed)} proposed, ${formatNumber("en", approved)} approved, ${formatNumber("en", rejected)} rejected, ${formatNumber("en", pending)} still pending`,
    fallbackWebcare: (covered: number, open: number) =>
      open === 0
        ? "webcare closed all week"
        : `webcare covered ${formatNumber("en", covered)} of ${formatNumber("en", open)} ${plural("en", open, { one: "day", other: "days" })}`,
    fallbackPlatforms: (count: number) =>
      count === 0
        ? "no platform figures"
        : `figures for ${formatNumber("en", count)} ${plural("en", count, { one: "platform", other: "platforms" })}`,
  },

  /** The chart's words: its panel titles and its alt text. */
  chart: {
    title: "Greenlight weekly digest chart",
    engagementRate: "Engagement rate",
    reach: "Reach",
    weeksRange: (first: string, last: string) => `weeks of ${first} to ${last}`,
    /** "Engagement rate, weeks of 28 Sep to 16 Nov: LinkedIn 3.1%, …" */
    altPanel: (title: string, range: string, series: string[]) =>
      `${title}, ${range}: ${series.join("; ")}.`,
  },
};

export type MetricsMessages = typeof en;
