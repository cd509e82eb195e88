import type {
  Button,
  InputBlock,
  KnownBlock,
  ModalView,
  PlainTextOption,
  RichTextBlock,
} from "@slack/types";
import {
  checkboxes,
  fileInput,
  inputBlock,
  modal,
  option,
  plainText,
  staticSelect,
  textArea,
} from "../../slack/blocks.ts";
import { context, header, section, type Reply } from "../../slack/reply.ts";
import { escapeText, mention, truncate } from "../../slack/text.ts";
import { packLines, type Outcome } from "./approval.ts";
import type { Format } from "../../i18n/format.ts";
import type { Lang } from "../../i18n/lang.ts";
import { platformLabels, proposalsText, when, type ProposalsMessages } from "./messages.ts";
import { GUIDELINES_ACTIONS } from "../guidelines/views.ts";
import { changedFields, type PreviousRound } from "./rounds.ts";
import type { CalendarPost, DecisionRecord, ProposalRecord } from "./store.ts";
import {
  CONTENT_TYPES,
  GOALS,
  MAX_NOTES_LENGTH,
  MAX_TEXT_LENGTH,
  PLATFORMS,
  type ProposalField,
} from "./validation.ts";
import { MAX_VISUALS, VISUAL_FILETYPES, type Visual } from "./visuals.ts";

export const PROPOSE_CALLBACK = "proposal_propose";
export const ADD_VISUAL_CALLBACK = "proposal_add_visual";
export const ADD_VISUAL_BLOCK = "visuals";
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
  visuals: "visuals",
};

export const ACTIONS = {
  approve: "proposal_approve",
  requestChanges: "proposal_request_changes",
  reject: "proposal_reject",
  withdraw: "proposal_withdraw",
  resubmit: "proposal_resubmit",
  edit: "proposal_edit",
  addVisual: "proposal_add_visual",
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
  visuals?: readonly Visual[];
}

/** Why the modal is open: a new post, an edit of a pending round, or a resubmission. */
export type ProposeMode =
  | { kind: "new"; suggestionId?: number }
  | { kind: "edit"; proposalId: number; round: number }
  | { kind: "resubmit"; proposalId: number; round: number };

/**
 * The text a modal can hold: Slack's input takes 3,000 characters at most,
 * so a longer `/propose` text is cut there — exactly, with no ellipsis that
 * would end up in the post — and the modal says so.
 */
export function prefillText(text: string): { text: string; cutFrom: number | null } {
  const chars = [...text];
  if (chars.length <= MAX_TEXT_LENGTH) return { text, cutFrom: null };
  return { text: chars.slice(0, MAX_TEXT_LENGTH).join(""), cutFrom: chars.length };
}

export function proposeModal(input: {
  draft: ProposalDraft;
  timeZone: string;
  mode?: ProposeMode;
  /** The first line of the team's guidelines, when it has some. */
  guidelinesLine?: string | null;
  /** The length of the command text before the input's limit cut it. */
  cutFrom?: number | null;
  /** A fingerprint of the cut text, to tell later whether it was sent unchanged. */
  cutFingerprint?: string;
  lang: Lang;
}): ModalView {
  const { draft, lang } = input;
  const t = proposalsText(lang);
  const mode = input.mode ?? { kind: "new" };
  const chosenPlatforms = PLATFORMS.filter((p) => draft.platforms.includes(p.id)).map(choice);
  const blocks: KnownBlock[] = [];
  if (input.guidelinesLine) {
    blocks.push(context(t.guidelinesReminder(input.guidelinesLine)), {
      type: "actions",
      block_id: "guidelines",
      elements: [button(t.readGuidelines, GUIDELINES_ACTIONS.read, "read")],
    });
  }
  blocks.push(
    inputBlock(
      FIELDS.text,
      t.textLabel,
      textArea({
        maxLength: MAX_TEXT_LENGTH,
        placeholder: t.textPlaceholder,
        initial: draft.text !== "" ? prefillText(draft.text).text : undefined,
      }),
      input.cutFrom ? { hint: t.textCutHint(input.cutFrom, MAX_TEXT_LENGTH) } : {},
    ),
    inputBlock(
      FIELDS.platforms,
      t.platformsLabel,
      checkboxes(PLATFORMS.map(choice), { initial: chosenPlatforms }),
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
      FIELDS.visuals,
      draft.visuals?.length ? t.visualsReplaceLabel : t.visualsLabel,
      fileInput({ filetypes: [...VISUAL_FILETYPES], maxFiles: MAX_VISUALS }),
      {
        optional: true,
        hint: draft.visuals?.length
          ? t.visualsKeptHint(draft.visuals.map((v) => v.name))
          : t.visualsHint(MAX_VISUALS),
      },
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
  );
  const metadata = {
    ...(mode.kind === "new" && mode.suggestionId !== undefined
      ? { suggestionId: mode.suggestionId }
      : {}),
    ...(mode.kind !== "new"
      ? { proposalId: mode.proposalId, round: mode.round, mode: mode.kind }
      : {}),
    ...(input.cutFrom && input.cutFingerprint
      ? { cutFrom: input.cutFrom, cutFingerprint: input.cutFingerprint }
      : {}),
  };
  return modal({
    callbackId: PROPOSE_CALLBACK,
    metadata: JSON.stringify({ ...metadata, lang }),
    title:
      mode.kind === "edit"
        ? t.editTitle
        : mode.kind === "resubmit"
          ? t.resubmitTitle
          : t.modalTitle,
    submit: t.submit,
    close: t.close,
    blocks,
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
 * The post exactly as it will be published: a preformatted rich-text block
 * shows `*bold*`, `_italics_` and `:tada:` as typed instead of rendering
 * them. Rich-text `text` elements are literal — Slack parses no `<!channel>`,
 * mention or link markup in them — so the text goes in unescaped (escaping
 * would show `&amp;` to the approver).
 */
export function verbatimText(text: string, blockId?: string): RichTextBlock {
  return {
    type: "rich_text",
    ...(blockId ? { block_id: blockId } : {}),
    elements: [{ type: "rich_text_preformatted", elements: [{ type: "text", text }] }],
  };
}

/** An earlier version, quoted, shortened to keep the request readable. */
function earlierText(text: string): RichTextBlock {
  return {
    type: "rich_text",
    elements: [
      { type: "rich_text_quote", elements: [{ type: "text", text: truncate(text, 600) }] },
    ],
  };
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

/** Images as image blocks (Slack shows the file itself); videos and missing files named, with a link. */
export function visualBlocks(
  visuals: readonly Visual[],
  showImages: boolean,
  t: ProposalsMessages,
): KnownBlock[] {
  if (visuals.length === 0) return [];
  const blocks: KnownBlock[] = [];
  const named: string[] = [];
  for (const visual of visuals) {
    if (visual.kind === "image" && showImages) {
      blocks.push({
        type: "image",
        slack_file: { id: visual.id },
        alt_text: truncate(visual.name, 2000),
        title: plainText(truncate(visual.name, 2000)),
      });
    } else {
      const name = escapeText(visual.name.replace(/[|]/g, "¦"));
      const label = visual.kind === "video" ? t.videoLabel : t.imageLabel;
      named.push(`• ${label} ${visual.permalink ? `<${visual.permalink}|${name}>` : `*${name}*`}`);
    }
  }
  const head = section(`*${t.fieldVisuals(visuals.length)}*`);
  return named.length > 0
    ? [head, ...blocks, section(truncate(named.join("\n"), SECTION_MAX))]
    : [head, ...blocks];
}

/** What the approver needs to judge a later round: how the last one ended, and what changed. */
function roundBlocks(
  proposal: ProposalRecord,
  f: Format,
  previousDecision: DecisionRecord | null,
  t: ProposalsMessages,
): KnownBlock[] {
  const previous = proposal.previousRound;
  if (proposal.round <= 1 || !previous) return [];
  const lines: string[] = [];
  if (previousDecision && previousDecision.round === previous.round) {
    lines.push(
      t.earlierRound(
        previous.round,
        previousDecision.outcome as Outcome,
        previousDecision.deciderId,
        when(previousDecision.decidedAt, f),
      ),
    );
    if (previousDecision.reason) lines.push(t.earlierReason(previousDecision.reason));
  } else {
    lines.push(t.editedBeforeDecision(previous.round));
  }
  const changed = changedFields(previous, proposal);
  lines.push(
    changed.length === 0
      ? t.nothingChanged
      : t.whatChanged(changed.map((field) => changeLine(field, previous, f, t))),
  );
  const blocks: KnownBlock[] = [section(truncate(lines.join("\n"), SECTION_MAX))];
  if (changed.includes("text")) {
    blocks.push(context(t.earlierTextLabel(previous.round)), earlierText(previous.text));
  }
  return blocks;
}

function changeLine(
  field: ReturnType<typeof changedFields>[number],
  previous: PreviousRound,
  f: Format,
  t: ProposalsMessages,
): string {
  switch (field) {
    case "text":
      return t.changedText;
    case "platforms":
      return t.changedWas(t.fieldPlatforms, platformLabels(previous.platforms));
    case "publishAt":
      return t.changedWas(t.fieldPublishAt, when(new Date(previous.publishAt), f));
    case "goal":
      return t.changedWas(
        t.fieldGoal,
        t.goals[previous.goal as keyof typeof t.goals] ?? previous.goal,
      );
    case "contentType":
      return t.changedWas(
        t.fieldContentType,
        t.contentTypes[previous.contentType as keyof typeof t.contentTypes] ?? previous.contentType,
      );
    case "linkUrl":
      return t.changedWas(
        t.fieldLink,
        previous.linkUrl ? escapeText(previous.linkUrl) : t.noneValue,
      );
    case "notes":
      return t.changedPlain(t.fieldNotes);
    case "visuals":
      return t.changedWas(
        t.fieldVisuals(previous.visuals.length),
        previous.visuals.length === 0
          ? t.noneValue
          : escapeText(truncate(previous.visuals.map((v) => v.name).join(", "), 300)),
      );
  }
}

function previewBlocks(
  proposal: ProposalRecord,
  f: Format,
  t: ProposalsMessages,
  showImages: boolean,
): KnownBlock[] {
  const fields = [
    `*${t.fieldPlatforms}*\n${platformLabels(proposal.platforms)}`,
    `*${t.fieldPublishAt}*\n${when(proposal.publishAt, f)}`,
    `*${t.fieldGoal}*\n${t.goals[proposal.goal as keyof typeof t.goals] ?? proposal.goal}`,
    `*${t.fieldContentType}*\n${t.contentTypes[proposal.contentType as keyof typeof t.contentTypes] ?? proposal.contentType}`,
    `*${t.fieldProposer}*\n${mention(proposal.proposerId)}`,
  ];
  if (proposal.linkUrl) fields.push(`*${t.fieldLink}*\n${escapeText(proposal.linkUrl)}`);
  const blocks: KnownBlock[] = [verbatimText(proposal.text, "post")];
  if (proposal.textCutFrom) {
    blocks.push(context(t.textWasCut(proposal.textCutFrom, MAX_TEXT_LENGTH)));
  }
  blocks.push({
    type: "section",
    fields: fields.map((text) => ({ type: "mrkdwn" as const, text: truncate(text, 1900) })),
  });
  if (proposal.notes) {
    blocks.push(section(`*${t.fieldNotes}*\n${escapeText(truncate(proposal.notes, 1500))}`));
  }
  blocks.push(...visualBlocks(proposal.visuals, showImages, t));
  return blocks;
}

export type ApprovalState =
  | { kind: "ask" }
  | { kind: "decided"; decision: DecisionRecord }
  | { kind: "moved"; to: string | null }
  | { kind: "edited"; round: number };

/**
 * The approver's direct message: the post as it will be published, then the
 * buttons or what became of it. Images are shown while the request is live;
 * once it is settled they are named instead, so that a file deleted since
 * never stops the update that removes the buttons.
 */
export function approvalMessage(
  proposal: ProposalRecord,
  f: Format,
  state: ApprovalState,
  more: { previousDecision?: DecisionRecord | null; missingFiles?: ReadonlySet<string> } = {},
): Reply {
  const t = proposalsText(f.lang);
  const live = state.kind === "ask";
  const shown: ProposalRecord =
    more.missingFiles && more.missingFiles.size > 0
      ? { ...proposal, visuals: proposal.visuals.filter((v) => !more.missingFiles!.has(v.id)) }
      : proposal;
  const blocks: KnownBlock[] = [
    header(t.approvalHeader(proposal.id, proposal.round)),
    section(t.approvalAsk(proposal.proposerId)),
    ...roundBlocks(proposal, f, more.previousDecision ?? null, t),
    ...previewBlocks(shown, f, t, live),
  ];
  if (shown.visuals.length < proposal.visuals.length) {
    blocks.push(context(t.visualsMissing(proposal.visuals.length - shown.visuals.length)));
  }
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
  } else if (state.kind === "moved") {
    const line = t.movedLine(state.to);
    blocks.push(section(line));
    text = line;
  } else {
    const line = t.editedLine(proposal.proposerId, state.round);
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
      verbatimText(proposal.text),
      context(t.withdrawHint),
      {
        type: "actions",
        block_id: "withdraw",
        elements: [
          button(t.edit, ACTIONS.edit, buttonValue(proposal)),
          button(t.withdraw, ACTIONS.withdraw, buttonValue(proposal), "danger"),
        ],
      },
    ],
  };
}

/** The confirmation once the round is over: no Withdraw button left. */
export function closedConfirmation(proposal: ProposalRecord, outcome: Outcome, lang: Lang): Reply {
  const t = proposalsText(lang);
  const line = t.confirmClosed(proposal.id, outcome);
  return { text: line, blocks: [section(line), verbatimText(proposal.text)] };
}

/** The proposer's notice of a decision; "Edit and resubmit" when it may come back. */
export function decisionNotice(
  proposal: ProposalRecord,
  decision: DecisionRecord,
  f: Format,
  /** A later round has started since: the button goes, and the notice says so. */
  supersededBy?: number,
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
  if (supersededBy !== undefined) {
    blocks.push(context(t.supersededNotice(proposal.id, supersededBy)));
  } else if (outcome === "changes_requested" || outcome === "expired") {
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

const dayReaders = new Map<string, Intl.DateTimeFormat>();

/**
 * The local day (`YYYY-MM-DD`) of instants in `timeZone`, as `localDateAt`
 * reads it, from one cached Intl formatter: a busy team's month is hundreds
 * of posts, and `localDateAt` (a TZDate for each) was half the cost of the
 * whole `/calendar` (profiled: ~5 ms of ~20 ms). The formatter's `format`
 * (`12/01/2026`, en-US's fixed order) is read by position: `formatToParts`
 * builds an object per part and cost three times as much (0.77 ms for the
 * bench's 343-post month, a third of its rendering). Any other shape (a
 * year before 1000) is read from the parts.
 */
export function localDayReader(timeZone: string): (at: Date) => string {
  let reader = dayReaders.get(timeZone);
  if (!reader) {
    reader = new Intl.DateTimeFormat("en-US", {
      timeZone,
      calendar: "gregory",
      numberingSystem: "latn",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayReaders.set(timeZone, reader);
  }
  const format = reader;
  return (at) => {
    const text = format.format(at);
    if (text.length === 10 && text[2] === "/" && text[5] === "/") {
      return `${text.slice(6)}-${text.slice(0, 2)}-${text.slice(3, 5)}`;
    }
    let year = "";
    let month = "";
    let day = "";
    for (const part of format.formatToParts(at)) {
      if (part.type === "year") year = part.value;
      else if (part.type === "month") month = part.value;
      else if (part.type === "day") day = part.value;
    }
    return `${year.padStart(4, "0")}-${month}-${day}`;
  };
}

/**
 * `/calendar`: one section per day (in the team's timezone), within Block
 * Kit's limits however many posts: at most 31 days plus a header and a
 * footer, and each day's section summarises what does not fit.
 */
export function calendarReply(posts: CalendarPost[], f: Format, days: number): Reply {
  const t = proposalsText(f.lang);
  const timeZone = f.timeZone;
  const byDay = new Map<string, CalendarPost[]>();
  const dayOf = localDayReader(timeZone);
  for (const post of posts) {
    const day = dayOf(post.publishAt);
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
        p.textStart,
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

/** A designer's DM: a post needs a visual; "Add visual" opens a file input. */
export function visualRequestMessage(proposal: ProposalRecord, f: Format): Reply {
  const t = proposalsText(f.lang);
  const line = t.visualRequest(
    proposal.id,
    proposal.proposerId,
    t.contentTypes[proposal.contentType as keyof typeof t.contentTypes] ?? proposal.contentType,
    when(proposal.publishAt, f),
  );
  const blocks: KnownBlock[] = [section(line), verbatimText(proposal.text)];
  if (proposal.notes) {
    blocks.push(section(`*${t.fieldNotes}*\n${escapeText(truncate(proposal.notes, 1500))}`));
  }
  blocks.push({
    type: "actions",
    block_id: "add_visual",
    elements: [
      button(
        t.addVisual,
        ACTIONS.addVisual,
        JSON.stringify({ proposalId: proposal.id }),
        "primary",
      ),
    ],
  });
  return { text: t.visualRequestFallback(proposal.id), blocks };
}

/** The designer's DM once a visual was added or the post no longer waits: no button left. */
export function visualRequestClosed(
  proposal: ProposalRecord,
  how: { kind: "added"; by: string } | { kind: "closed" },
  lang: Lang,
): Reply {
  const t = proposalsText(lang);
  const line =
    how.kind === "added"
      ? t.visualRequestDone(proposal.id, how.by)
      : t.visualRequestClosed(proposal.id, proposal.status);
  return { text: line, blocks: [section(line), verbatimText(proposal.text)] };
}

export function addVisualModal(proposal: ProposalRecord, lang: Lang): ModalView {
  const t = proposalsText(lang);
  return modal({
    callbackId: ADD_VISUAL_CALLBACK,
    metadata: JSON.stringify({ proposalId: proposal.id, lang }),
    title: t.addVisualTitle,
    submit: t.addVisualSubmit,
    close: t.close,
    blocks: [
      section(t.addVisualIntro(proposal.id, proposal.proposerId)),
      verbatimText(proposal.text),
      inputBlock(
        ADD_VISUAL_BLOCK,
        t.visualsLabel,
        fileInput({ filetypes: [...VISUAL_FILETYPES], maxFiles: MAX_VISUALS }),
        { hint: t.visualsHint(MAX_VISUALS) },
      ),
    ],
  });
}
