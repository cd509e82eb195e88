import { formatNumber } from "../../i18n/format.ts";
import { escapeText, mention } from "../../slack/text.ts";

const num = (value: number) => formatNumber("en", value);

/** What today's duty line needs to know (a DutyDay, or nothing before any rotation). */
export interface TodayDuty {
  status: "duty" | "closed" | "gap";
  onDuty: string | null;
  standIn: boolean;
  scheduled: string | null;
  coveredBy: boolean;
}

/** Every word of App Home in English; messages.fr.ts has the same keys. */
export const en = {
  title: "Greenlight",
  intro:
    "Propose posts with `/propose`, suggest links with `/suggest`, and `/greenlight help` for everything else.",
  yourRoles: (names: readonly string[]) =>
    names.length > 0
      ? `*Your roles:* ${names.join(", ")}`
      : "*Your roles:* none yet — a manager assigns them with `/role`.",
  approver: (userId: string | null) =>
    userId
      ? `*Approver:* ${mention(userId)}`
      : "*Approver:* nobody yet — proposals wait until one is assigned.",
  onDuty: (duty: TodayDuty | null) =>
    !duty
      ? "*Webcare today:* no rotation yet (`/webcare rotation`)."
      : duty.status === "closed"
        ? "*Webcare today:* closed — no rotation covers today."
        : duty.status === "gap" || !duty.onDuty
          ? "*Webcare today:* nobody — everyone in the rotation is away."
          : `*Webcare today:* ${mention(duty.onDuty)}${duty.coveredBy ? " (cover)" : duty.standIn && duty.scheduled ? ` (for ${mention(duty.scheduled)}, away)` : ""}`,
  nextDuty: (day: string) => `*Your next webcare duty:* ${day}`,
  nextDutyToday: "*Your next webcare duty:* today",
  noNextDuty: "*Your next webcare duty:* none in the coming 60 days.",

  calendarHeader: "The coming 7 days",
  calendarEmpty: "Nothing approved or waiting is planned for the coming 7 days.",
  calendarMore: (count: number) => `…and ${num(count)} more — see \`/calendar\``,
  calendarMoreOnDay: (count: number) => `…and ${num(count)} more on this day`,

  waitingHeader: "Waiting for you",
  nothingWaiting: "Nothing is waiting for you.",
  toDecide: (count: number) =>
    `*To decide (${num(count)})* — the requests are in your messages with Greenlight:`,
  decideLine: (id: number, when: string, proposerId: string, excerpt: string) =>
    `• #${id} · ${when} · ${mention(proposerId)} — “${excerpt}”`,
  toIllustrate: (count: number) =>
    `*To illustrate (${num(count)})* — click *Add visual* on the request in your messages:`,
  illustrateLine: (id: number, when: string, excerpt: string) =>
    `• #${id} · ${when} — “${excerpt}”`,
  toCover: (count: number) =>
    `*Cover requests you could take (${num(count)})* — click *I'll cover* on the request:`,
  coverLine: (day: string, askerId: string) => `• ${day}, asked by ${mention(askerId)}`,
  yourPending: (count: number) =>
    `*Your proposals waiting for the approver:* ${count === 0 ? "none" : num(count)}`,
  more: (count: number) => `…and ${num(count)} more`,

  suggestionsHeader: "Open suggestions",
  noSuggestions: "No open suggestions. Anyone can add one with `/suggest &lt;url&gt; [why]`.",
  /** `link`: the address as Slack markup, built by the view. */
  suggestionLine: (id: number, link: string, suggestedBy: string, day: string) =>
    `*#${id}* ${link}\nSuggested by ${mention(suggestedBy)} on ${day}`,
  suggestionWhy: (why: string) => `“${escapeText(why)}”`,
  suggestionsMore: (count: number) =>
    `…and ${num(count)} more: propose or dismiss these first to see the others.`,
  proposeThis: "Propose this",
  dismiss: "Dismiss",

  dismissed: (id: number) => `Suggestion #${id} dismissed.`,
  alreadyProposed: (id: number, by: string | null) =>
    `Suggestion #${id} was already proposed${by ? ` by ${mention(by)}` : ""}.`,
  alreadyDismissed: (id: number, by: string | null) =>
    `Suggestion #${id} was already dismissed${by ? ` by ${mention(by)}` : ""}.`,
  unknownSuggestion: "That suggestion no longer exists.",
  notAllowed: "Only creators and managers propose or dismiss suggestions.",
  proposeAgain: "click *Propose this* again",
  footer: "Refreshed each time you open this tab. Times in the team's time zone.",
};

export type HomeMessages = typeof en;
