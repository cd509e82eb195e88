import type { Messages } from "../../i18n/catalog.ts";
import { formatNumber, plural } from "../../i18n/format.ts";
import { escapeText, mention, oneLine, oneLineHolds, truncate } from "../../slack/text.ts";
import type { Outcome } from "./approval.ts";
import type { ContentTypeId, Counting, GoalId } from "./validation.ts";

/** The most code points an excerpt shows, its "…" included. */
const EXCERPT_MAX = 60;

/** A one-line excerpt of a post, escaped, for lists and notices. */
export function excerpt(text: string, max = EXCERPT_MAX): string {
  return escapeText(truncate(oneLine(text, max + 1), max));
}

/**
 * True when `start`, the beginning of a longer text, gives that text's
 * excerpt: on one line it holds one code point more than `excerpt` needs
 * (see `oneLineHolds`). `/calendar` reads only the start of each post.
 */
export function excerptShownBy(start: string): boolean {
  return oneLineHolds(start, EXCERPT_MAX + 1);
}

const OUTCOME_ICON: Record<Outcome, string> = {
  approved: ":white_check_mark:",
  rejected: ":no_entry:",
  changes_requested: ":pencil2:",
  withdrawn: ":leftwards_arrow_with_hook:",
  expired: ":hourglass:",
};

const goals: Record<GoalId, string> = {
  awareness: "Awareness",
  engagement: "Engagement",
  leads: "Leads",
  customer_service: "Customer service",
  traffic: "Traffic",
};
const contentTypes: Record<ContentTypeId, string> = {
  text: "Text",
  image: "Image",
  video: "Video",
  link: "Link",
  carousel: "Carousel",
  story: "Story",
};
const statusWords: Record<string, string> = {
  pending: "waiting for a decision",
  approved: "approved",
  rejected: "rejected",
  changes_requested: "sent back for changes",
  withdrawn: "withdrawn",
  expired: "expired",
};
const statusWord = (status: string) => statusWords[status] ?? status;
const outcomeWord = (outcome: Outcome): string =>
  ({
    approved: "approved",
    rejected: "rejected",
    changes_requested: "requested changes to",
    withdrawn: "withdrawn",
    expired: "expired",
  })[outcome];
const num = (n: number) => formatNumber("en", n);
const or = (words: readonly string[]) =>
  new Intl.ListFormat("en-GB", { type: "disjunction" }).format(words);
const UNIT_NOTE: Record<Counting, string> = {
  "x-weighted": " (links count as 23, emoji and CJK characters as 2)",
  "code-points": "",
  utf16: " (emoji count as 2)",
  "utf8-bytes": "",
  graphemes: "",
  "urls-23": " (links count as 23)",
  "emoji-bytes": " (an emoji counts as its size in bytes, usually 4)",
};

/** Every word the proposals feature says in English; messages.fr.ts has the same keys. */
export const en = {
  goals,
  contentTypes,

  // The propose modal
  modalTitle: "Propose a post",
  resubmitTitle: "Edit and resubmit",
  editTitle: "Edit your proposal",
  submit: "Send for approval",
  close: "Cancel",
  textLabel: "Text of the post",
  textPlaceholder: "What should the post say?",
  platformsLabel: "Platforms",
  platformsPlaceholder: "Where will it be published?",
  publishAtLabel: "Publish date and time",
  publishAtHint: (timeZone: string) =>
    `Shown in your own Slack timezone. The team's calendar and reminders use ${timeZone}.`,
  goalLabel: "Goal",
  goalPlaceholder: "What is this post for?",
  contentTypeLabel: "Content type",
  contentTypePlaceholder: "What kind of post is it?",
  // Slack adds "(optional)" to optional inputs itself.
  linkUrlLabel: "Link",
  linkUrlHint: "A full web address, starting with https://",
  notesLabel: "Notes for the designer or media",
  notesPlaceholder: "Images, video, tone, anything the team should know",
  /** After "Please …" when a form did not open (src/slack/open-modal.ts). */
  proposeAgain: "run `/propose` again",
  addVisualAgain: "click *Add visual* again",
  clickAgain: (button: string) => `click *${button}* again`,
  notResubmittable:
    "This proposal can no longer be resubmitted: it was withdrawn, decided, or resubmitted already.",
  // The submitted form, answered at once and updated with the result
  sending: ":hourglass_flowing_sand: Sending for approval…",
  sent: (id: number | null, round: number) =>
    `:white_check_mark: ${id === null ? "Your proposal" : `Proposal #${id}`} is saved${round > 1 ? ` (round ${round})` : ""}. Your direct messages from Greenlight say who decides on it and when you hear back.`,
  notSaved: (hadVisuals: boolean) =>
    `Nothing was saved: Greenlight could not store this proposal just now. Your input is below; send it again in a moment.${hadVisuals ? " Attach your visuals again: Slack cannot keep them in a form." : ""}`,
  closeResult: "Close",

  textCutHint: (from: number, max: number) =>
    `Your text had ${num(from)} characters; Slack's input holds ${num(max)}, so it was cut there. Check the end before sending.`,
  visualsLabel: "Visuals",
  visualsReplaceLabel: "Replace the visuals",
  visualsHint: (max: number) => `Images or videos from your computer, up to ${num(max)}.`,
  visualsKeptHint: (names: readonly string[]) =>
    truncate(
      `Attached now: ${names.join(", ")}. They stay unless you attach new files here.`,
      1900,
    ),
  guidelinesReminder: (line: string) => `:bookmark: *Team guidelines:* ${escapeText(line)}`,
  readGuidelines: "Read the guidelines",

  // Visuals from designers
  visualRequest: (id: number, proposerId: string, contentType: string, publishAt: string) =>
    `:art: ${mention(proposerId)}'s proposal #${id} is a *${contentType.toLowerCase()}* post with no visual yet. It is planned for ${publishAt}. Can you make one?`,
  visualRequestFallback: (id: number) => `Proposal #${id} needs a visual.`,
  addVisual: "Add visual",
  addVisualTitle: "Add a visual",
  addVisualSubmit: "Add",
  addVisualIntro: (id: number, proposerId: string) =>
    `The visual goes with ${mention(proposerId)}'s proposal #${id}; the approver sees it in the request.`,
  visualRequestDone: (id: number, by: string) =>
    `:white_check_mark: ${mention(by)} added a visual to proposal #${id}. Nothing left to do here.`,
  visualRequestClosed: (id: number, status: string) =>
    `Proposal #${id} no longer needs a visual (it is ${statusWord(status)}). Nothing left to do here.`,
  visualAdded: (id: number, by: string, n: number) =>
    plural("en", n, {
      one: `:art: ${mention(by)} added a visual to your proposal #${id}. The approver sees it in the request.`,
      other: `:art: ${mention(by)} added ${num(n)} visuals to your proposal #${id}. The approver sees them in the request.`,
    }),
  visualNotPending: (id: number, status: string) =>
    `Proposal #${id} is no longer waiting (it is ${statusWord(status)}): the visual was not added.`,
  visualRequired: "Attach at least one image or video.",

  // Field errors, next to the field
  validation: {
    textRequired: "Write the text of the post.",
    textTooLongOverall: (length: number, max: number) =>
      `The text is too long: ${num(length)} of ${num(max)} characters.`,
    textTooLongFor: (platform: string, length: number, max: number, counting: Counting) =>
      `Too long for ${platform}: ${num(length)} of ${num(max)} ${counting === "utf8-bytes" ? "bytes" : "characters"}${UNIT_NOTE[counting]}.`,
    textForbiddenCharacters: (platform: string, characters: readonly string[]) =>
      `${platform} does not accept ${or(characters)} in the text.`,
    platformsRequired: "Choose at least one platform.",
    platformsUnknown: (ids: readonly string[]) =>
      `Unknown platform: ${escapeText(ids.join(", "))}.`,
    publishAtRequired: "Choose the publish date and time.",
    publishAtInPast: "The publish time is in the past.",
    publishAtTooFar: (years: number) => `Choose a publish time within the next ${years} years.`,
    goalRequired: "Choose the goal of the post.",
    goalUnknown: "Choose one of the listed goals.",
    contentTypeRequired: "Choose the content type.",
    contentTypeUnknown: "Choose one of the listed content types.",
    contentTypeNeedsMedia: (platform: string, accepted: readonly ContentTypeId[]) =>
      `${platform} needs image or video content: choose ${or(accepted.map((id) => contentTypes[id].toLowerCase()))}.`,
    contentTypeNotOn: (platform: string, type: ContentTypeId) =>
      `${platform} does not publish ${contentTypes[type].toLowerCase()} posts.`,
    linkUrlInvalid: "Enter a full web address starting with https:// (or http://).",
    notesTooLong: (length: number, max: number) =>
      `The notes are too long: ${num(length)} of ${num(max)} characters.`,
    visualsNotMedia: (names: readonly string[]) =>
      plural("en", names.length, {
        one: `Only images and videos can be visuals: ${names.join(", ")} is neither.`,
        other: `Only images and videos can be visuals: ${names.join(", ")} are neither.`,
      }),
    visualsTooMany: (max: number, count: number) =>
      `At most ${num(max)} visuals per post (${num(count)} attached).`,
  },

  // The reason modal
  reasonTitle: (outcome: "rejected" | "changes_requested") =>
    outcome === "rejected" ? "Reject the proposal" : "Request changes",
  reasonSubmit: (outcome: "rejected" | "changes_requested") =>
    outcome === "rejected" ? "Reject" : "Send back",
  reasonLabel: (outcome: "rejected" | "changes_requested") =>
    outcome === "rejected" ? "Why is it rejected?" : "What should change?",
  reasonHint: "The proposer reads this word for word.",
  reasonRequired: "Write a reason: the proposer needs it to know what to do next.",
  reasonIntro: (id: number, text: string) => `Proposal #${id}: “${excerpt(text)}”`,

  // Buttons
  approve: "Approve",
  requestChanges: "Request changes",
  reject: "Reject",
  withdraw: "Withdraw",
  edit: "Edit",
  editAndResubmit: "Edit and resubmit",

  // The approver's message
  approvalHeader: (id: number, round: number) =>
    round > 1
      ? `Proposal #${id} (round ${round}) — your decision`
      : `Proposal #${id} — your decision`,
  approvalFallback: (id: number, proposerId: string) =>
    `${mention(proposerId)} proposes a post (#${id}): approve, request changes or reject it.`,
  approvalAsk: (proposerId: string) =>
    `${mention(proposerId)} proposes this post. Approve it, request changes, or reject it.`,
  fieldPlatforms: "Platforms",
  fieldPublishAt: "Publish",
  fieldGoal: "Goal",
  fieldContentType: "Content type",
  fieldLink: "Link",
  fieldNotes: "Notes",
  fieldProposer: "Proposed by",
  fieldVisuals: (n: number) => plural("en", n, { one: "Visual", other: "Visuals" }),
  videoLabel: ":film_frames: Video",
  imageLabel: ":frame_with_picture: Image",
  visualsMissing: (n: number) =>
    plural("en", n, {
      one: "One attached file is no longer in Slack (deleted or no longer shared).",
      other: `${num(n)} attached files are no longer in Slack (deleted or no longer shared).`,
    }),
  textWasCut: (from: number, max: number) =>
    `:scissors: The proposer's text had ${num(from)} characters; Slack's input holds ${num(max)}, so the end was cut and it was sent that way.`,
  earlierRound: (round: number, outcome: Outcome, deciderId: string, at: string) =>
    outcome === "expired"
      ? `:leftwards_arrow_with_hook: *Resubmitted.* Round ${round} expired on ${at} before a decision.`
      : `:leftwards_arrow_with_hook: *Resubmitted.* In round ${round}, ${mention(deciderId)} ${outcome === "changes_requested" ? "requested changes" : outcomeWord(outcome)} on ${at}.`,
  earlierReason: (reason: string) => `*Earlier reason:* ${escapeText(truncate(reason, 1200))}`,
  editedBeforeDecision: (round: number) =>
    `:pencil2: *Edited* by the proposer while round ${round} was waiting for you; that request no longer counts.`,
  whatChanged: (lines: readonly string[]) =>
    `*What changed:*\n${lines.map((l) => `• ${l}`).join("\n")}`,
  nothingChanged: "*What changed:* nothing: the post is the same as in the last round.",
  changedText: "the text (the earlier one is quoted below)",
  changedWas: (field: string, was: string) => `${field.toLowerCase()} (was ${was})`,
  changedPlain: (field: string) => field.toLowerCase(),
  noneValue: "none",
  earlierTextLabel: (round: number) => `Text in round ${round}:`,
  decidedLine: (outcome: Outcome, deciderId: string, selfApproved: boolean, at: string) => {
    const icon = OUTCOME_ICON[outcome];
    switch (outcome) {
      case "approved":
        return selfApproved
          ? `${icon} *Self-approved* by ${mention(deciderId)} on ${at}.`
          : `${icon} *Approved* by ${mention(deciderId)} on ${at}.`;
      case "rejected":
        return `${icon} *Rejected* by ${mention(deciderId)} on ${at}.`;
      case "changes_requested":
        return `${icon} *Changes requested* by ${mention(deciderId)} on ${at}.`;
      case "withdrawn":
        return `${icon} *Withdrawn* by ${mention(deciderId)} on ${at}. Nothing to decide.`;
      case "expired":
        return `${icon} *Expired*: the publish time passed on ${at} before a decision. Nothing to decide.`;
    }
  },
  reasonLine: (reason: string) => `*Reason:* ${escapeText(reason)}`,
  editedLine: (proposerId: string, round: number) =>
    `:pencil2: *Edited* by ${mention(proposerId)}: round ${round} is in a newer message from me. Nothing to decide here.`,
  movedLine: (to: string | null) =>
    to
      ? `:arrow_right: This request moved to ${mention(to)}, the new approver. Nothing to decide here.`
      : ":arrow_right: You are no longer the approver: this request waits for a new one. Nothing to decide here.",

  // The proposer's messages
  confirmFallback: (id: number) => `Your proposal #${id} is waiting for a decision.`,
  confirmSent: (id: number, approverId: string, publishAt: string) =>
    `Your proposal #${id} is with ${mention(approverId)} for a decision. Planned for ${publishAt}. You will get a message here when they decide.`,
  confirmNoApprover: (id: number, managers: string[]) =>
    `Your proposal #${id} is saved and waiting, but nobody is the approver yet. ` +
    (managers.length > 0
      ? `A manager (${managers.map(mention).join(", ")}) or a workspace admin can name one with \`/role assign @someone approver\`.`
      : "A workspace admin can name one with `/role assign @someone approver` (once the team has a manager, managers can too).") +
    " It goes to the approver as soon as there is one.",
  confirmResubmitted: (id: number, round: number, approverId: string | null) =>
    approverId
      ? `Your proposal #${id} is back with ${mention(approverId)} (round ${round}).`
      : `Your proposal #${id} is resubmitted (round ${round}); it waits until someone is named approver.`,
  withdrawHint: "Changed your mind? Withdraw it while it is waiting.",
  requestUndelivered: (id: number, approverId: string, code: string) =>
    `:warning: Your proposal #${id} could not be delivered to ${mention(approverId)}, the approver: Slack answered \`${code}\`. The managers have been told what to fix; it is sent again as soon as an approver is named.`,
  proposerDecisionFallback: (id: number, outcome: Outcome) =>
    `Your proposal #${id}: ${statusWord(outcome)}.`,
  proposerDecision: (
    id: number,
    text: string,
    outcome: Outcome,
    deciderId: string,
    selfApproved: boolean,
    at: string,
  ) => {
    const post = `#${id} (“${excerpt(text)}”)`;
    switch (outcome) {
      case "approved":
        return selfApproved
          ? `${OUTCOME_ICON.approved} You self-approved your proposal ${post} on ${at}. It is on the calendar.`
          : `${OUTCOME_ICON.approved} ${mention(deciderId)} approved your proposal ${post} on ${at}. It is on the calendar.`;
      case "rejected":
        return `${OUTCOME_ICON.rejected} ${mention(deciderId)} rejected your proposal ${post} on ${at}.`;
      case "changes_requested":
        return `${OUTCOME_ICON.changes_requested} ${mention(deciderId)} asks for changes to your proposal ${post} (${at}). Edit it and send it again with the button below.`;
      case "withdrawn":
        return `${OUTCOME_ICON.withdrawn} You withdrew your proposal ${post} on ${at}.`;
      case "expired":
        return `${OUTCOME_ICON.expired} Your proposal ${post} was not decided before its publish time (${at}), so it expired. To publish it later, click *Edit and resubmit* and choose a new time.`;
    }
  },
  supersededNotice: (id: number, round: number) =>
    `You resubmitted proposal #${id}: round ${round} is with the approver now.`,
  confirmClosed: (id: number, outcome: Outcome) =>
    `Your proposal #${id}: ${statusWord(outcome)}. See the message below for details.`,

  // Private answers to clicks
  onlyApprover: (approverId: string) =>
    `Only ${mention(approverId)} can decide on proposals: they are the approver. Nothing changed.`,
  noApprover:
    "Nobody is the approver right now, so nobody can decide. A manager can name one with `/role assign @someone approver`.",
  moved: (approverId: string | null) =>
    approverId
      ? `This request is out of date: the live one is with ${mention(approverId)}. Nothing changed.`
      : "This request is out of date. Nothing changed.",
  alreadyDecided: (
    id: number,
    text: string,
    outcome: Outcome,
    deciderId: string,
    selfApproved: boolean,
    at: string,
  ) => {
    const post = `#${id} (“${excerpt(text)}”)`;
    return outcome === "expired"
      ? `Too late: proposal ${post} expired on ${at}. Nothing changed.`
      : outcome === "withdrawn"
        ? `${mention(deciderId)} withdrew proposal ${post} on ${at}. Nothing changed.`
        : `Proposal ${post} is already decided: ${mention(deciderId)} ${selfApproved ? "self-approved" : outcomeWord(outcome)} it on ${at}. Nothing changed.`;
  },
  editedMeanwhile: (id: number, proposerId: string) =>
    `${mention(proposerId)} edited proposal #${id} since this request: the new version is in a newer message. Nothing changed.`,
  editLost: (id: number) =>
    `Proposal #${id} is no longer waiting (it was decided or withdrawn meanwhile), so this edit was not saved.`,
  onlyProposerEditsPending: (proposerId: string) =>
    `Only ${mention(proposerId)}, who proposed it, can edit this proposal.`,
  cannotEdit: (id: number, status: string) =>
    `Proposal #${id} is no longer waiting (it is ${statusWord(status)}), so it cannot be edited.`,
  noLongerWaiting: "This proposal is no longer waiting for a decision. Nothing changed.",
  expiredNow: (at: string) =>
    `Too late: the publish time (${at}) has passed, so this proposal expired. The proposer can resubmit it with a new time.`,
  unknownProposal: "I cannot find this proposal any more. Nothing changed.",
  onlyProposerWithdraws: (proposerId: string) =>
    `Only ${mention(proposerId)}, who proposed it, can withdraw this proposal.`,
  cannotWithdraw: (status: string) =>
    `This proposal is no longer waiting (it is ${statusWord(status)}), so there is nothing to withdraw.`,
  withdrawn: (id: number) => `Proposal #${id} is withdrawn. The approver no longer sees buttons.`,
  onlyProposerEdits: (proposerId: string) =>
    `Only ${mention(proposerId)}, who proposed it, can edit and resubmit this proposal.`,

  // Reminders
  reminderHeader: "Proposals waiting for your decision",
  reminderIntro: (count: number) =>
    plural("en", count, {
      one: "One proposal has waited more than a day. The request is in your earlier messages from me.",
      other: `${num(count)} proposals have waited more than a day. The requests are in your earlier messages from me.`,
    }),
  reminderLine: (
    id: number,
    text: string,
    proposerId: string,
    waitingSince: string,
    publishAt: string,
  ) =>
    `• #${id} “${excerpt(text)}” by ${mention(proposerId)} — waiting since ${waitingSince}, to publish ${publishAt}`,
  reminderMore: (count: number) => `+${num(count)} more`,
  reminderFallback: (count: number) =>
    `${num(count)} ${plural("en", count, { one: "proposal", other: "proposals" })} waiting more than a day for your decision.`,

  // Calendar
  calendarUsage:
    "Usage: /calendar [week|month] — the approved and pending posts of the next 7 (week, the default) or 30 (month) days.",
  calendarHeader: (days: number) =>
    days === 7 ? "Posts of the next 7 days" : "Posts of the next 30 days",
  calendarEmpty: (days: number) =>
    `No approved or pending posts in the next ${days} days. Propose one with \`/propose\`.`,
  calendarLine: (
    time: string,
    status: string,
    platforms: string,
    text: string,
    proposerId: string,
    id: number,
  ) =>
    `• *${time}* ${status === "approved" ? ":white_check_mark: approved" : ":hourglass_flowing_sand: pending"} · ${platforms} · “${excerpt(text)}” — ${mention(proposerId)} (#${id})`,
  calendarMoreOnDay: (count: number) => `+${num(count)} more on this day`,
  calendarMoreDays: (count: number) =>
    `+${num(count)} more ${plural("en", count, { one: "day", other: "days" })} with posts not shown`,
  calendarFooter: (timeZone: string) =>
    `Times in ${timeZone}. :white_check_mark: approved · :hourglass_flowing_sand: waiting for the approver.`,
  calendarFallback: (count: number, days: number) =>
    `${num(count)} ${plural("en", count, { one: "post", other: "posts" })} planned in the next ${days} days.`,
};

export type ProposalsMessages = Messages<typeof en>;
