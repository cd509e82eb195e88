import { channelLink, mention } from "../../slack/text.ts";

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

/** Every word the metrics feature says, in one place (translations go beside it). */
export const metricsText = {
  usage:
    "Usage: /metrics log · /metrics digest · /metrics subscribe #channel · /metrics unsubscribe #channel",
  notAChannel: (verb: string, given: string | undefined) =>
    `Usage: /metrics ${verb} #channel — "${given ?? ""}" is not a channel: pick it with #.`,
  logDenied:
    "Only managers, analysts and workspace admins can log figures. Ask a manager for the *analyst* role (`/role assign @you analyst`).",
  subscribeDenied: "Only a manager or a workspace admin can choose where the weekly digest goes.",

  // The modal
  modalTitle: "Log weekly figures",
  submit: "Save",
  close: "Cancel",
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

  // Validation, shown next to the field
  pickPlatform: "Choose a platform, or webcare.",
  pickWeek: "Pick a day in the week the figures are for.",
  futureWeek: "That week has not started yet.",
  wholeNumber: "A whole number, 0 or more (no decimals, no separators).",
  tooLarge: "That number is too large.",
  satisfactionRange: "A score from 1 to 5.",
  clicksOverImpressions: "Clicks cannot be more than impressions.",
  conversionsOverClicks: "Conversions cannot be more than clicks.",
  notForWebcare: "Webcare takes response time and satisfaction only: leave this empty.",
  onlyForWebcare: "Only for webcare: leave this empty for a social platform.",
  nothingEntered: "Enter at least one figure.",

  // After saving (a DM to the person who logged)
  logged: (label: string, week: string) => `Saved the *${label}* figures for the week of ${week}.`,
  replaced: (label: string, week: string, previousBy: string) =>
    `Replaced the *${label}* figures for the week of ${week} (logged before by ${mention(previousBy)}) with the ones you just entered.`,

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
};

/** The digest's words. Figures are formatted by digest.ts; these are the labels around them. */
export const digestText = {
  title: (range: string) => `Weekly digest · ${range}`,
  subtitle: (previousRange: string) =>
    `Social-media figures, workflow and webcare for the week. Changes are against the week before (${previousRange}).`,
  workflowHeading: "*Workflow*",
  proposed: "Posts proposed",
  approved: "Approved",
  selfApprovedNote: (count: number) => `${count} self-approved`,
  rejected: "Rejected",
  changesRequested: "Changes requested",
  medianDecision: "Median time to decision",
  approvalRate: "Approval rate",
  stillPending: "Still pending",
  webcareHeading: "*Webcare*",
  daysCovered: "Days covered",
  daysCoveredValue: (covered: number, uncovered: number) =>
    uncovered === 0
      ? `${covered} of ${covered + uncovered}`
      : `${covered} of ${covered + uncovered} (${uncovered} without anyone on duty)`,
  responseTime: "Median first response",
  satisfaction: "Satisfaction",
  satisfactionValue: (score: string) => `${score} / 5`,
  slower: "slower",
  faster: "faster",
  platformsHeading: "*Platforms*",
  figureLabels,
  rateLabels: {
    engagementRate: "Engagement rate",
    ctr: "Click-through rate",
    conversionRate: "Conversion rate",
  },
  noPlatformFigures:
    "No platform figures were logged for this week or the week before. Log them with `/metrics log`.",
  noDataFor: (labels: string[]) => `No data this week for ${labels.join(", ")}.`,
  more: (count: number) => `…and ${count} more platform${count === 1 ? "" : "s"} with figures.`,
  footer:
    "Figures are logged with `/metrics log`. Rates: engagement = engagements / impressions, CTR = clicks / impressions, conversion = conversions / clicks.",
  fallback: (range: string, parts: string[]) => `Weekly digest ${range}: ${parts.join("; ")}.`,
  fallbackWorkflow: (proposed: number, approved: number, rejected: number, pending: number) =>
    `${proposed} proposed, ${approved} approved, ${rejected} rejected, ${pending} still pending`,
  fallbackWebcare: (covered: number, total: number) =>
    `webcare covered ${covered} of ${total} days`,
  fallbackPlatforms: (count: number) =>
    count === 0 ? "no platform figures" : `figures for ${count} platform${count === 1 ? "" : "s"}`,
};
