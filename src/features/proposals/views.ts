import type { Button, InputBlock, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import {
  inputBlock,
  modal,
  multiStaticSelect,
  option,
  plainText,
  staticSelect,
  textArea,
} from "../../slack/blocks.ts";
import { context, header, section, type Reply } from "../../slack/reply.ts";
import { escapeText, mention, truncate } from "../../slack/text.ts";
import { localDateAt } from "../../shared/local-date.ts";
import { packLines, type Outcome } from "./approval.ts";
import type { Format } from "../../i18n/format.ts";
import type { Lang } from "../../i18n/lang.ts";
import { platformLabels, proposalsText, when, type ProposalsMessages } from "./messages.ts";
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

/** A proposal list entry (platform, goal, content type) as a select option. */
function choice(item: { id: string; label: string }): PlainTextOption {
  return option(item.label, item.id);
}

/** Goals and content types named in the reader's language (platforms are brands). */
function named(
  items: readonly { id: string }[],
  names: Readonly<Record<string, string>>,
): { id: string; label: string }[] {
  return items.map((item) => ({ id: item.id, label: names[item.id] ?? item.id }));
}

/** A required pick from one of the proposal's lists, showing the draft's choice if it has one. */
function listInput(
  field: ProposalField,
  label: string,
  placeholder: string,
  items: readonly { id: string; label: string }[],
  chosen: string | null,
): InputBlock {
  const initial = items.find((item) => item.id === chosen);
  return inputBlock(
    field,
    label,
    staticSelect(items.map(choice), { placeholder, initial: initial && choice(initial) }),
  );
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
  lang: Lang;
  proposalId?: number;
}): ModalView {
  const { draft, lang } = input;
  const t = proposalsText(lang);
  const chosenPlatforms = PLATFORMS.filter((p) => draft.platforms.includes(p.id)).map(choice);
  return modal({
    callbackId: PROPOSE_CALLBACK,
    metadata: JSON.stringify(
      input.proposalId !== undefined ? { proposalId: input.proposalId, lang } : { lang },
    ),
    title: input.proposalId !== undefined ? t.resubmitTitle : t.modalTitle,
    submit: t.submit,
    close: t.close,
    blocks: [
      inputBlock(
        FIELDS.text,
        t.textLabel,
        textArea({
          maxLength: MAX_TEXT_LENGTH,
          placeholder: t.textPlaceholder,
          initial: draft.text !== "" ? truncate(draft.text, MAX_TEXT_LENGTH) : undefined,
        }),
      ),
      inputBlock(
        FIELDS.platforms,
        t.platformsLabel,
        multiStaticSelect(PLATFORMS.map(choice), {
          placeholder: t.platformsPlaceholder,
          initial: chosenPlatforms,
        }),
      ),
      inputBlock(
        FIELDS.publishAt,
        t.publishAtLabel,
        {
          type: "datetimepicker",
          initial_date_time: Math.floor(draft.publishAt.getTime() / 1000),
        },
        { hint: t.publishAtHint(input.timeZone) },
      ),
      listInput(FIELDS.goal, t.goalLabel, t.goalPlaceholder, named(GOALS, t.goals), draft.goal),
      listInput(
        FIELDS.contentType,
        t.contentTypeLabel,
        t.contentTypePlaceholder,
        named(CONTENT_TYPES, t.contentTypes),
        draft.contentType,
      ),
      inputBlock(
        FIELDS.linkUrl,
        t.linkUrlLabel,
        { type: "url_text_input", ...(draft.linkUrl ? { initial_value: draft.linkUrl } : {}) },
        { optional: true, hint: t.linkUrlHint },
      ),
      inputBlock(
        FIELDS.notes,
        t.notesLabel,
        textArea({
          maxLength: MAX_NOTES_LENGTH,
          placeholder: t.notesPlaceholder,
          initial: draft.notes || undefined,
        }),
        { optional: true },
      ),
    ],
  });
}

export function reasonModal(input: {
  proposal: ProposalRecord;
  outcome: "rejected" | "changes_requested";
  channel: string;
  ts: string;
  lang: Lang;
}): ModalView {
  const { proposal, outcome } = input;
  const t = proposalsText(input.lang);
  return modal({
    callbackId: REASON_CALLBACK,
    metadata: JSON.stringify({
      proposalId: proposal.id,
      round: proposal.round,
      outcome,
      channel: input.channel,
      ts: input.ts,
      lang: input.lang,
    }),
    title: t.reasonTitle(outcome),
    submit: t.reasonSubmit(outcome),
    close: t.close,
    blocks: [
      section(t.reasonIntro(proposal.id, proposal.text)),
      inputBlock(
        REASON_BLOCK,
        t.reasonLabel(outcome),
        textArea({ minLength: 1, maxLength: 2000 }),
        { hint: t.reasonHint },
      ),
    ],
  });
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
    text: plainText(text),
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

function buttonValue(proposal: ProposalRecord): string {
  return JSON.stringify({ proposalId: proposal.id, round: proposal.round });
}

function previewBlocks(proposal: ProposalRecord, f: Format, t: ProposalsMessages): KnownBlock[] {
  const fields = [
    `*${t.fieldPlatforms}*\n${platformLabels(proposal.platforms)}`,
    `*${t.fieldPublishAt}*\n${when(proposal.publishAt, f)}`,
    `*${t.fieldGoal}*\n${t.goals[proposal.goal as keyof typeof t.goals] ?? proposal.goal}`,
    `*${t.fieldContentType}*\n${t.contentTypes[proposal.contentType as keyof typeof t.contentTypes] ?? proposal.contentType}`,
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
export function approvalMessage(proposal: ProposalRecord, f: Format, state: ApprovalState): Reply {
  const t = proposalsText(f.lang);
  const blocks: KnownBlock[] = [
    header(t.approvalHeader(proposal.id, proposal.round)),
    section(t.approvalAsk(proposal.proposerId)),
    ...previewBlocks(proposal, f, t),
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
      when(d.decidedAt, f),
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
  f: Format,
  approverId: string | null,
  managers: string[],
): Reply {
  const t = proposalsText(f.lang);
  const line =
    proposal.round > 1
      ? t.confirmResubmitted(proposal.id, proposal.round, approverId)
      : approverId
        ? t.confirmSent(proposal.id, approverId, when(proposal.publishAt, f))
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
export function closedConfirmation(proposal: ProposalRecord, outcome: Outcome, lang: Lang): Reply {
  const t = proposalsText(lang);
  const line = t.confirmClosed(proposal.id, outcome);
  return { text: line, blocks: [section(line), ...quotedSections(proposal.text)] };
}

/** The proposer's notice of a decision; "Edit and resubmit" when it may come back. */
export function decisionNotice(
  proposal: ProposalRecord,
  decision: DecisionRecord,
  f: Format,
): Reply {
  const t = proposalsText(f.lang);
  const outcome = decision.outcome as Outcome;
  const line = t.proposerDecision(
    proposal.id,
    proposal.text,
    outcome,
    decision.deciderId,
    decision.selfApproved,
    when(decision.decidedAt, f),
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
export function reminderMessage(proposals: ProposalRecord[], f: Format): Reply {
  const t = proposalsText(f.lang);
  const lines = proposals.map((p) =>
    t.reminderLine(p.id, p.text, p.proposerId, when(p.submittedAt, f), when(p.publishAt, f)),
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
export function calendarReply(posts: ProposalRecord[], f: Format, days: number): Reply {
  const t = proposalsText(f.lang);
  const timeZone = f.timeZone;
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
    const heading = `*${f.date(list[0]!.publishAt)}*`;
    const lines = list.map((p) =>
      t.calendarLine(
        f.time(p.publishAt),
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
