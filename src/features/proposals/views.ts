import type { Button, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import { context, header, section, type Reply } from "../../slack/reply.ts";
import { escapeText, mention, truncate } from "../../slack/text.ts";
import { localDateAt } from "../../shared/local-date.ts";
import { packLines, type Outcome } from "./approval.ts";
import {
  contentTypeLabel,
  dayHeading,
  goalLabel,
  platformLabels,
  proposalsText as t,
  timeOfDay,
  when,
} from "./messages.ts";
import type { DecisionRecord, ProposalRecord } from "./store.ts";
import {
  CONTENT_TYPES,
  GOALS,
  MAX_NOTES_LENGTH,
  MAX_TEXT_LENGTH,
  PLATFORMS,
  type ProposalField,
} from "./validation.ts";

export const PROPOSE_CALLBACK = "proposal_propose";
export const REASON_CALLBACK = "proposal_reason";
export const REASON_BLOCK = "reason";

/** Block ids are the validation's field names, so each error lands next to its field. */
export const FIELDS: { [K in ProposalField]: K } = {
  text: "text",
  platforms: "platforms",
  publishAt: "publishAt",
  goal: "goal",
  contentType: "contentType",
  linkUrl: "linkUrl",
  notes: "notes",
};

export const ACTIONS = {
  approve: "proposal_approve",
  requestChanges: "proposal_request_changes",
  reject: "proposal_reject",
  withdraw: "proposal_withdraw",
  resubmit: "proposal_resubmit",
} as const;

/** Section text is limited to 3,000 characters; keep a margin. */
const SECTION_MAX = 2900;

function option(item: { id: string; label: string }): PlainTextOption {
  return { text: { type: "plain_text", text: item.label }, value: item.id };
}

export interface ProposalDraft {
  text: string;
  platforms: string[];
  publishAt: Date;
  goal: string | null;
  contentType: string | null;
  linkUrl: string | null;
  notes: string | null;
}

export function proposeModal(input: {
  draft: ProposalDraft;
  timeZone: string;
  proposalId?: number;
}): ModalView {
  const { draft } = input;
  const chosenPlatforms = PLATFORMS.filter((p) => draft.platforms.includes(p.id)).map(option);
  const goal = GOALS.find((g) => g.id === draft.goal);
  const contentType = CONTENT_TYPES.find((c) => c.id === draft.contentType);
  return {
    type: "modal",
    callback_id: PROPOSE_CALLBACK,
    private_metadata: JSON.stringify(
      input.proposalId !== undefined ? { proposalId: input.proposalId } : {},
    ),
    title: {
      type: "plain_text",
      text: input.proposalId !== undefined ? t.resubmitTitle : t.modalTitle,
    },
    submit: { type: "plain_text", text: t.submit },
    close: { type: "plain_text", text: t.close },
    blocks: [
      {
        type: "input",
        block_id: FIELDS.text,
        label: { type: "plain_text", text: t.textLabel },
        element: {
          type: "plain_text_input",
          action_id: FIELDS.text,
          multiline: true,
          max_length: MAX_TEXT_LENGTH,
          placeholder: { type: "plain_text", text: t.textPlaceholder },
          ...(draft.text !== "" ? { initial_value: truncate(draft.text, MAX_TEXT_LENGTH) } : {}),
        },
      },
      {
        type: "input",
        block_id: FIELDS.platforms,
        label: { type: "plain_text", text: t.platformsLabel },
        element: {
          type: "multi_static_select",
          action_id: FIELDS.platforms,
          placeholder: { type: "plain_text", text: t.platformsPlaceholder },
          options: PLATFORMS.map(option),
          ...(chosenPlatforms.length > 0 ? { initial_options: chosenPlatforms } : {}),
        },
      },
      {
        type: "input",
        block_id: FIELDS.publishAt,
        label: { type: "plain_text", text: t.publishAtLabel },
        hint: { type: "plain_text", text: t.publishAtHint(input.timeZone) },
        element: {
          type: "datetimepicker",
          action_id: FIELDS.publishAt,
          initial_date_time: Math.floor(draft.publishAt.getTime() / 1000),
        },
      },
      {
        type: "input",
        block_id: FIELDS.goal,
        label: { type: "plain_text", text: t.goalLabel },
        element: {
          type: "static_select",
          action_id: FIELDS.goal,
          placeholder: { type: "plain_text", text: t.goalPlaceholder },
          options: GOALS.map(option),
          ...(goal ? { initial_option: option(goal) } : {}),
        },
      },
      {
        type: "input",
        block_id: FIELDS.contentType,
        label: { type: "plain_text", text: t.contentTypeLabel },
        element: {
          type: "static_select",
          action_id: FIELDS.contentType,
          placeholder: { type: "plain_text", text: t.contentTypePlaceholder },
          options: CONTENT_TYPES.map(option),
          ...(contentType ? { initial_option: option(contentType) } : {}),
        },
      },
      {
        type: "input",
        block_id: FIELDS.linkUrl,
        optional: true,
        label: { type: "plain_text", text: t.linkUrlLabel },
        hint: { type: "plain_text", text: t.linkUrlHint },
        element: {
          type: "url_text_input",
          action_id: FIELDS.linkUrl,
          ...(draft.linkUrl ? { initial_value: draft.linkUrl } : {}),
        },
      },
      {
        type: "input",
        block_id: FIELDS.notes,
        optional: true,
        label: { type: "plain_text", text: t.notesLabel },
        element: {
          type: "plain_text_input",
          action_id: FIELDS.notes,
          multiline: true,
          max_length: MAX_NOTES_LENGTH,
          placeholder: { type: "plain_text", text: t.notesPlaceholder },
          ...(draft.notes ? { initial_value: draft.notes } : {}),
        },
      },
    ],
  };
}

export function reasonModal(input: {
  proposal: ProposalRecord;
  outcome: "rejected" | "changes_requested";
  channel: string;
  ts: string;
}): ModalView {
  const { proposal, outcome } = input;
  return {
    type: "modal",
    callback_id: REASON_CALLBACK,
    private_metadata: JSON.stringify({
      proposalId: proposal.id,
      round: proposal.round,
      outcome,
      channel: input.channel,
      ts: input.ts,
    }),
    title: { type: "plain_text", text: t.reasonTitle(outcome) },
    submit: { type: "plain_text", text: t.reasonSubmit(outcome) },
    close: { type: "plain_text", text: t.close },
    blocks: [
      section(t.reasonIntro(proposal.id, proposal.text)),
      {
        type: "input",
        block_id: REASON_BLOCK,
        label: { type: "plain_text", text: t.reasonLabel(outcome) },
        hint: { type: "plain_text", text: t.reasonHint },
        element: {
          type: "plain_text_input",
          action_id: REASON_BLOCK,
          multiline: true,
          min_length: 1,
          max_length: 2000,
        },
      },
    ],
  };
}

/**
 * User text as a mrkdwn quote, escaped, in sections of at most 2,900
 * characters (escaping can make 3,000 typed characters longer than a section holds).
 */
export function quotedSections(text: string): KnownBlock[] {
  const pieces: string[] = [];
  for (const line of text.split("\n")) {
    let rest = [...line];
    do {
      // Take as many characters as fit once escaped and quoted.
      let take = rest.length;
      while (take > 0 && escapeText(rest.slice(0, take).join("")).length > SECTION_MAX - 2) {
        take = Math.floor(take * 0.9);
      }
      take = Math.max(take, 1);
      pieces.push(`> ${escapeText(rest.slice(0, take).join(""))}`);
      rest = rest.slice(take);
    } while (rest.length > 0);
  }
  const sections: string[] = [];
  let current = "";
  for (const piece of pieces) {
    const candidate = current === "" ? piece : `${current}\n${piece}`;
    if (candidate.length > SECTION_MAX && current !== "") {
      sections.push(current);
      current = piece;
    } else current = candidate;
  }
  if (current !== "") sections.push(current);
  return sections.map(section);
}

function button(
  text: string,
  actionId: string,
  value: string,
  style?: "primary" | "danger",
): Button {
  return {
    type: "button",
    text: { type: "plain_text", text },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

function buttonValue(proposal: ProposalRecord): string {
  return JSON.stringify({ proposalId: proposal.id, round: proposal.round });
}

function previewBlocks(proposal: ProposalRecord, timeZone: string): KnownBlock[] {
  const fields = [
    `*${t.fieldPlatforms}*\n${platformLabels(proposal.platforms)}`,
    `*${t.fieldPublishAt}*\n${when(proposal.publishAt, timeZone)}`,
    `*${t.fieldGoal}*\n${goalLabel(proposal.goal)}`,
    `*${t.fieldContentType}*\n${contentTypeLabel(proposal.contentType)}`,
    `*${t.fieldProposer}*\n${mention(proposal.proposerId)}`,
  ];
  if (proposal.linkUrl) fields.push(`*${t.fieldLink}*\n${escapeText(proposal.linkUrl)}`);
  const blocks: KnownBlock[] = [
    ...quotedSections(proposal.text),
    {
      type: "section",
      fields: fields.map((text) => ({ type: "mrkdwn" as const, text: truncate(text, 1900) })),
    },
  ];
  if (proposal.notes) {
    blocks.push(section(`*${t.fieldNotes}*\n${escapeText(truncate(proposal.notes, 1500))}`));
  }
  return blocks;
}

export type ApprovalState =
  | { kind: "ask" }
  | { kind: "decided"; decision: DecisionRecord }
  | { kind: "moved"; to: string | null };

/** The approver's direct message: the preview, then the buttons or what became of it. */
export function approvalMessage(
  proposal: ProposalRecord,
  timeZone: string,
  state: ApprovalState,
): Reply {
  const blocks: KnownBlock[] = [
    header(t.approvalHeader(proposal.id, proposal.round)),
    section(t.approvalAsk(proposal.proposerId)),
    ...previewBlocks(proposal, timeZone),
  ];
  let text = t.approvalFallback(proposal.id, proposal.proposerId);
  if (state.kind === "ask") {
    const value = buttonValue(proposal);
    blocks.push({
      type: "actions",
      block_id: "decision",
      elements: [
        button(t.approve, ACTIONS.approve, value, "primary"),
        button(t.requestChanges, ACTIONS.requestChanges, value),
        button(t.reject, ACTIONS.reject, value, "danger"),
      ],
    });
  } else if (state.kind === "decided") {
    const d = state.decision;
    const line = t.decidedLine(
      d.outcome as Outcome,
      d.deciderId,
      d.selfApproved,
      when(d.decidedAt, timeZone),
    );
    blocks.push(section(line));
    if (d.reason) blocks.push(section(truncate(t.reasonLine(d.reason), SECTION_MAX)));
    text = line;
  } else {
    const line = t.movedLine(state.to);
    blocks.push(section(line));
    text = line;
  }
  return { text, blocks };
}

/** The proposer's confirmation, with Withdraw while the proposal waits. */
export function confirmationMessage(
  proposal: ProposalRecord,
  timeZone: string,
  approverId: string | null,
  managers: string[],
): Reply {
  const line =
    proposal.round > 1
      ? t.confirmResubmitted(proposal.id, proposal.round, approverId)
      : approverId
        ? t.confirmSent(proposal.id, approverId, when(proposal.publishAt, timeZone))
        : t.confirmNoApprover(proposal.id, managers);
  return {
    text: line,
    blocks: [
      section(line),
      ...quotedSections(proposal.text),
      context(t.withdrawHint),
      {
        type: "actions",
        block_id: "withdraw",
        elements: [button(t.withdraw, ACTIONS.withdraw, buttonValue(proposal), "danger")],
      },
    ],
  };
}

/** The confirmation once the round is over: no Withdraw button left. */
export function closedConfirmation(proposal: ProposalRecord, outcome: Outcome): Reply {
  const line = t.confirmClosed(proposal.id, outcome);
  return { text: line, blocks: [section(line), ...quotedSections(proposal.text)] };
}

/** The proposer's notice of a decision; "Edit and resubmit" when it may come back. */
export function decisionNotice(
  proposal: ProposalRecord,
  decision: DecisionRecord,
  timeZone: string,
): Reply {
  const outcome = decision.outcome as Outcome;
  const line = t.proposerDecision(
    proposal.id,
    proposal.text,
    outcome,
    decision.deciderId,
    decision.selfApproved,
    when(decision.decidedAt, timeZone),
  );
  const blocks: KnownBlock[] = [section(line)];
  if (decision.reason) blocks.push(section(truncate(t.reasonLine(decision.reason), SECTION_MAX)));
  if (outcome === "changes_requested" || outcome === "expired") {
    blocks.push({
      type: "actions",
      block_id: "resubmit",
      elements: [button(t.editAndResubmit, ACTIONS.resubmit, buttonValue(proposal), "primary")],
    });
  }
  return { text: t.proposerDecisionFallback(proposal.id, outcome), blocks };
}

/** The daily reminder to the approver. */
export function reminderMessage(proposals: ProposalRecord[], timeZone: string): Reply {
  const lines = proposals.map((p) =>
    t.reminderLine(
      p.id,
      p.text,
      p.proposerId,
      when(p.submittedAt, timeZone),
      when(p.publishAt, timeZone),
    ),
  );
  return {
    text: t.reminderFallback(proposals.length),
    blocks: [
      header(t.reminderHeader),
      section(t.reminderIntro(proposals.length)),
      ...packLines(lines, SECTION_MAX, 40, t.reminderMore).map(section),
    ],
  };
}

/**
 * `/calendar`: one section per day (in the team's timezone), within Block
 * Kit's limits however many posts: at most 31 days plus a header and a
 * footer, and each day's section summarises what does not fit.
 */
export function calendarReply(posts: ProposalRecord[], timeZone: string, days: number): Reply {
  const byDay = new Map<string, ProposalRecord[]>();
  for (const post of posts) {
    const day = localDateAt(post.publishAt, timeZone);
    const list = byDay.get(day) ?? [];
    list.push(post);
    byDay.set(day, list);
  }
  const blocks: KnownBlock[] = [header(t.calendarHeader(days))];
  if (posts.length === 0) {
    blocks.push(section(t.calendarEmpty(days)));
    return { text: t.calendarEmpty(days), blocks };
  }
  // A header and a footer around the days: 48 day sections at most.
  const dayEntries = [...byDay.entries()];
  const shown = dayEntries.slice(0, 47);
  for (const [, list] of shown) {
    const heading = `*${dayHeading(list[0]!.publishAt, timeZone)}*`;
    const lines = list.map((p) =>
      t.calendarLine(
        timeOfDay(p.publishAt, timeZone),
        p.status,
        platformLabels(p.platforms),
        p.text,
        p.proposerId,
        p.id,
      ),
    );
    const body =
      packLines(lines, SECTION_MAX - heading.length - 1, 1, t.calendarMoreOnDay)[0] ?? "";
    blocks.push(section(`${heading}\n${body}`));
  }
  if (dayEntries.length > shown.length) {
    blocks.push(section(t.calendarMoreDays(dayEntries.length - shown.length)));
  }
  blocks.push(context(t.calendarFooter(timeZone)));
  return { text: t.calendarFallback(posts.length, days), blocks };
}
