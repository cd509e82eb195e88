import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { SlackRoutes } from "../../slack/router.ts";
import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { deliverOutbox } from "../../slack/outbox/index.ts";
import { sendDirectMessage } from "../../slack/dm.ts";
import { openModalOrTell } from "../../slack/open-modal.ts";
import { opensModal } from "../../slack/busy.ts";
import { replyPrivately } from "../../slack/reply.ts";
import { findApprover } from "../roles/store.ts";
import {
  canResubmit,
  isOverdue,
  judgeClick,
  judgeWithdraw,
  parseButtonValue,
  suggestedPublishAt,
  type ApproverOutcome,
  type DecisionButtonValue,
  type Outcome,
} from "./approval.ts";
import { formatFor } from "../../i18n/format.ts";
import type { Lang } from "../../i18n/lang.ts";
import { langOf } from "../../i18n/language.ts";
import { proposalsText, when } from "./messages.ts";
import { expireProposal, oweDecision, teamTimezone } from "./notify.ts";
import {
  decide,
  findApprovalMessage,
  findDecision,
  findProposal,
  findUnplacedRequest,
  setApprovalMessageWhere,
  type ApprovalMessageRecord,
  type ProposalRecord,
} from "./store.ts";
import { ACTIONS, proposeModal, reasonModal } from "./views.ts";
import { guidelinesReminderLine } from "../guidelines/store.ts";

/** Tells one person something only they see; a DM when an ephemeral cannot reach them. */
export async function privately(
  client: WebClient,
  where: { channel: string; user: string },
  text: string,
): Promise<void> {
  try {
    await client.chat.postEphemeral({ channel: where.channel, user: where.user, text });
  } catch {
    await sendDirectMessage(client, where.user, { text });
  }
}

/** Reads the proposal, expiring it first when its publish time has passed. */
async function loadFresh(deps: Deps, proposalId: number): Promise<ProposalRecord | null> {
  const proposal = await findProposal(deps.db, proposalId);
  if (!proposal) return null;
  const now = deps.clock();
  if (isOverdue(proposal, now)) {
    await expireProposal(deps, proposal, now);
    return findProposal(deps.db, proposalId);
  }
  return proposal;
}

/** Why a decision did not happen, read from the decision that did. */
async function laterClickAnswer(deps: Deps, proposal: ProposalRecord, round: number, lang: Lang) {
  const t = proposalsText(lang);
  const decision = await findDecision(deps.db, proposal.id, round);
  if (!decision) return t.noLongerWaiting;
  const timeZone = await teamTimezone(deps, proposal.teamId);
  return t.alreadyDecided(
    proposal.id,
    proposal.text,
    decision.outcome as Outcome,
    decision.deciderId,
    decision.selfApproved,
    when(decision.decidedAt, formatFor(lang, timeZone)),
  );
}

/** A click on one of the proposal buttons, as every handler reads it (after the ack). */
interface ReadClick {
  clickerId: string;
  /** The button's value, or null when it is not ours. */
  value: DecisionButtonValue | null;
  /** The clicked message; null when Slack did not say. */
  where: { channel: string; ts: string } | null;
  /**
   * The clicker's language, read on first use and kept for the request: a
   * click that decides answers nothing and reads none.
   */
  lang(): Promise<Lang>;
  /** Answers the clicker privately, in their language. */
  answer(text: (t: ProposalsText) => string): Promise<void>;
}

type ProposalsText = ReturnType<typeof proposalsText>;

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & {
  client: WebClient;
};

/** Acks a button click, then reads it: the one preamble of every proposal button. */
async function readClick(deps: Deps, args: ButtonArgs): Promise<ReadClick> {
  await args.ack();
  const { body, action, respond, client } = args;
  let lang: Promise<Lang> | undefined;
  const readLang = () =>
    (lang ??= langOf(deps, client, body.team?.id ?? body.user.team_id ?? "", body.user.id));
  return {
    clickerId: body.user.id,
    value: parseButtonValue(action.value),
    where: clickedMessage(body),
    lang: readLang,
    answer: async (text) => replyPrivately(respond, text(proposalsText(await readLang()))),
  };
}

/** A click on a decision button, with everything known about it. */
interface Click {
  clickerId: string;
  lang(): Promise<Lang>;
  proposalId: number;
  round: number;
  channel: string;
  ts: string;
}

/**
 * May this click decide? Read from the database: the current approver, the
 * live message, the proposal's state, judged by the rule of approval.ts.
 * Returns the proposal, or the private answer for the clicker.
 */
async function checkClick(
  deps: Deps,
  click: Click,
): Promise<{ ok: true; proposal: ProposalRecord } | { ok: false; answer: string }> {
  const lang = await click.lang();
  const t = proposalsText(lang);
  const proposal = await loadFresh(deps, click.proposalId);
  if (!proposal) return { ok: false, answer: t.unknownProposal };
  const approverId = await findApprover(deps.db, proposal.teamId);
  const message =
    (await findApprovalMessage(deps.db, proposal.id, click.channel, click.ts)) ??
    (await placeRequest(deps, click, proposal));
  const verdict = judgeClick({
    clickerId: click.clickerId,
    currentApproverId: approverId,
    proposal,
    buttonRound: click.round,
    message,
    now: deps.clock(),
  });
  switch (verdict.kind) {
    case "decide":
      return { ok: true, proposal };
    case "no_approver":
      return { ok: false, answer: t.noApprover };
    case "not_approver":
      return { ok: false, answer: t.onlyApprover(verdict.approverId) };
    case "moved":
      return { ok: false, answer: t.moved(verdict.approverId) };
    case "edited":
      return { ok: false, answer: t.editedMeanwhile(proposal.id, proposal.proposerId) };
    case "expired":
      return {
        ok: false,
        answer: t.expiredNow(
          when(proposal.publishAt, formatFor(lang, await teamTimezone(deps, proposal.teamId))),
        ),
      };
    case "already_decided":
      return { ok: false, answer: await laterClickAnswer(deps, proposal, click.round, lang) };
  }
}

/**
 * A click on a request whose delivery was never recorded (Slack took it but
 * its answer was lost): the live, unplaced request of this round to the
 * clicker is that message. Its channel and ts are kept from the click.
 */
async function placeRequest(
  deps: Deps,
  click: Click,
  proposal: ProposalRecord,
): Promise<ApprovalMessageRecord | null> {
  const unplaced = await findUnplacedRequest(deps.db, {
    proposalId: proposal.id,
    round: click.round,
    approverId: click.clickerId,
  });
  if (!unplaced) return null;
  await setApprovalMessageWhere(deps.db, unplaced.id, click);
  return { ...unplaced, channel: click.channel, ts: click.ts };
}

type DecidingClick = Click & { outcome: ApproverOutcome; reason: string | null };

/** The decision of a click, claimed under the rule of approval.ts; true when this click won. */
async function decideUnderRule(deps: Deps, click: DecidingClick): Promise<boolean> {
  const now = deps.clock();
  const result = await decide(
    deps.db,
    {
      proposalId: click.proposalId,
      round: click.round,
      outcome: click.outcome,
      deciderId: click.clickerId,
      reason: click.reason,
      now,
      rule: {
        approverId: click.clickerId,
        round: click.round,
        channel: click.channel,
        ts: click.ts,
        now,
      },
    },
    oweDecision(),
  );
  if (result.kind === "lost") return false;
  await deliverOutbox(deps, result.owed);
  return true;
}

/**
 * Decides, once: whoever wins the conditional write updates Slack; anyone
 * else gets the private answer returned (null when this click decided).
 * Nothing is read first: the claim itself checks the rule and reads what the
 * messages need. Only a click that lost reads the state, to say why (and to
 * expire an overdue proposal, or place a request whose delivery was not
 * recorded, after which the same claim may win).
 */
export async function decideOnClick(deps: Deps, click: DecidingClick): Promise<string | null> {
  if (await decideUnderRule(deps, click)) return null;
  const checked = await checkClick(deps, click);
  if (!checked.ok) return checked.answer;
  if (await decideUnderRule(deps, click)) return null;
  return laterClickAnswer(deps, checked.proposal, click.round, await click.lang());
}

/** Where a button was clicked: the message's channel and ts. */
function clickedMessage(body: BlockAction): { channel: string; ts: string } | null {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  return typeof channel === "string" && typeof ts === "string" ? { channel, ts } : null;
}

export function registerProposalActions(routes: SlackRoutes, deps: Deps): void {
  routes.action<BlockAction<ButtonAction>>(ACTIONS.approve, async (args) => {
    const click = await readClick(deps, args);
    const { value, where } = click;
    if (!value || !where) return click.answer((t) => t.noLongerWaiting);
    const answer = await decideOnClick(deps, {
      ...click,
      ...value,
      ...where,
      outcome: "approved",
      reason: null,
    });
    if (answer) await click.answer(() => answer);
  });

  for (const [actionId, outcome] of [
    [ACTIONS.requestChanges, "changes_requested"],
    [ACTIONS.reject, "rejected"],
  ] as const) {
    routes.action<BlockAction<ButtonAction>>(actionId, opensModal, async (args) => {
      const click = await readClick(deps, args);
      const { value, where } = click;
      if (!value || !where) return click.answer((t) => t.noLongerWaiting);
      const checked = await checkClick(deps, { ...click, ...value, ...where });
      if (!checked.ok) return click.answer(() => checked.answer);
      const lang = await click.lang();
      const t = proposalsText(lang);
      await openModalOrTell({
        client: args.client,
        triggerId: args.body.trigger_id,
        view: reasonModal({ proposal: checked.proposal, outcome, lang, ...where }),
        lang,
        again: t.clickAgain(outcome === "rejected" ? t.reject : t.requestChanges),
        tell: (text) => replyPrivately(args.respond, text),
        logger: deps.logger,
        what: "reason modal",
      });
    });
  }

  routes.action<BlockAction<ButtonAction>>(ACTIONS.withdraw, async (args) => {
    const click = await readClick(deps, args);
    const { value } = click;
    if (!value) return click.answer((t) => t.noLongerWaiting);
    const proposal = await loadFresh(deps, value.proposalId);
    if (!proposal) return click.answer((t) => t.unknownProposal);
    const verdict = judgeWithdraw({ clickerId: click.clickerId, proposal });
    if (verdict === "not_proposer")
      return click.answer((t) => t.onlyProposerWithdraws(proposal.proposerId));
    if (verdict === "not_pending") return click.answer((t) => t.cannotWithdraw(proposal.status));
    const result = await decide(
      deps.db,
      {
        proposalId: proposal.id,
        round: proposal.round,
        outcome: "withdrawn",
        deciderId: click.clickerId,
        reason: null,
        now: deps.clock(),
      },
      oweDecision(),
    );
    if (result.kind === "lost") {
      const now = await findProposal(deps.db, proposal.id);
      return click.answer((t) => t.cannotWithdraw(now?.status ?? "gone"));
    }
    await deliverOutbox(deps, result.owed);
    await click.answer((t) => t.withdrawn(proposal.id));
  });

  routes.action<BlockAction<ButtonAction>>(ACTIONS.resubmit, opensModal, async (args) => {
    const click = await readClick(deps, args);
    const { value } = click;
    if (!value) return click.answer((t) => t.notResubmittable);
    const proposal = await findProposal(deps.db, value.proposalId);
    if (!proposal) return click.answer((t) => t.unknownProposal);
    if (proposal.proposerId !== click.clickerId)
      return click.answer((t) => t.onlyProposerEdits(proposal.proposerId));
    if (!canResubmit(proposal.status) || proposal.round !== value.round)
      return click.answer((t) => t.notResubmittable);
    await openEditModal(deps, args, proposal, "resubmit", await click.lang());
  });

  routes.action<BlockAction<ButtonAction>>(ACTIONS.edit, opensModal, async (args) => {
    const click = await readClick(deps, args);
    const { value } = click;
    if (!value) return click.answer((t) => t.noLongerWaiting);
    const proposal = await loadFresh(deps, value.proposalId);
    if (!proposal) return click.answer((t) => t.unknownProposal);
    if (proposal.proposerId !== click.clickerId)
      return click.answer((t) => t.onlyProposerEditsPending(proposal.proposerId));
    if (proposal.status !== "pending" || proposal.round !== value.round)
      return click.answer((t) => t.cannotEdit(proposal.id, proposal.status));
    await openEditModal(deps, args, proposal, "edit", await click.lang());
  });
}

/** The propose modal prefilled with a proposal, for an edit or a resubmission. */
async function openEditModal(
  deps: Deps,
  { client, body, respond }: ButtonArgs,
  proposal: ProposalRecord,
  kind: "edit" | "resubmit",
  lang: Lang,
): Promise<void> {
  const [timeZone, guidelinesLine] = await Promise.all([
    teamTimezone(deps, proposal.teamId),
    guidelinesReminderLine(deps.db, proposal.teamId),
  ]);
  const now = deps.clock();
  const t = proposalsText(lang);
  await openModalOrTell({
    client,
    triggerId: body.trigger_id,
    view: proposeModal({
      timeZone,
      lang,
      mode: { kind, proposalId: proposal.id, round: proposal.round },
      guidelinesLine,
      draft: {
        ...proposal,
        publishAt:
          proposal.publishAt.getTime() > now.getTime()
            ? proposal.publishAt
            : suggestedPublishAt(now, timeZone),
      },
    }),
    lang,
    again: t.clickAgain(kind === "edit" ? t.edit : t.editAndResubmit),
    tell: (text) => replyPrivately(respond, text),
    logger: deps.logger,
    what: kind,
  });
}
