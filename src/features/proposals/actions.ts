import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { deliverOutbox } from "../../slack/outbox/index.ts";
import { sendDirectMessage } from "../../slack/dm.ts";
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
  findClickContext,
  findDecision,
  findProposal,
  findUnplacedRequest,
  setApprovalMessageWhere,
  type ApprovalMessageRecord,
  type ProposalRecord,
} from "./store.ts";
import { ACTIONS, proposeModal, reasonModal } from "./views.ts";

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
    decision.outcome as Outcome,
    decision.deciderId,
    decision.selfApproved,
    when(decision.decidedAt, formatFor(lang, timeZone)),
  );
}

interface Click {
  clickerId: string;
  /** The clicker's language, for the private answers. */
  lang: Lang;
  proposalId: number;
  round: number;
  channel: string;
  ts: string;
}

/**
 * May this click decide? Read from the database on every click: the current
 * approver, the live message, the proposal's state. Returns the proposal, or
 * the private answer for the clicker.
 */
async function checkClick(
  deps: Deps,
  click: Click,
): Promise<{ ok: true; proposal: ProposalRecord } | { ok: false; answer: string }> {
  const t = proposalsText(click.lang);
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
    case "expired":
      return {
        ok: false,
        answer: t.expiredNow(
          when(
            proposal.publishAt,
            formatFor(click.lang, await teamTimezone(deps, proposal.teamId)),
          ),
        ),
      };
    case "already_decided":
      return { ok: false, answer: await laterClickAnswer(deps, proposal, click.round, click.lang) };
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

/**
 * The fast path of a click: one read (approver, timezone), then the decision
 * transaction whose conditional UPDATE itself carries the rest of the checks
 * `judgeClick` makes — pending, this round, publish time still ahead, the
 * clicked message the live request of this round to this approver. True when
 * this click decided; false when anything did not hold (nothing was written),
 * and the slow path finds out why.
 */
async function decideAtOnce(deps: Deps, click: DecidingClick): Promise<boolean> {
  const context = await findClickContext(deps.db, click.proposalId);
  if (!context || context.approverId !== click.clickerId) return false;
  const now = deps.clock();
  const result = await decide(
    deps.db,
    {
      proposalId: click.proposalId,
      round: click.round,
      outcome: click.outcome,
      deciderId: click.clickerId,
      reason: click.reason,
      selfApproved: click.outcome === "approved" && click.clickerId === context.proposerId,
      now,
      notOverdueAt: now,
      message: { channel: click.channel, ts: click.ts, approverId: click.clickerId },
    },
    oweDecision(context.timezone ?? undefined),
  );
  if (result.kind === "lost") return false;
  await deliverOutbox(deps, result.owed);
  return true;
}

/**
 * Decides, once: whoever wins the conditional write updates Slack; anyone
 * else gets the private answer returned (null when this click decided).
 */
export async function decideOnClick(deps: Deps, click: DecidingClick): Promise<string | null> {
  if (await decideAtOnce(deps, click)) return null;
  // Slow path, unchanged: the reads that word the answer (and expire an
  // overdue proposal). Should the state have changed between the two paths
  // so that this click may decide after all, the conditional write on
  // status and round still lets only one decision through.
  const checked = await checkClick(deps, click);
  if (!checked.ok) return checked.answer;
  const result = await decide(
    deps.db,
    {
      proposalId: checked.proposal.id,
      round: click.round,
      outcome: click.outcome,
      deciderId: click.clickerId,
      reason: click.reason,
      selfApproved: click.outcome === "approved" && click.clickerId === checked.proposal.proposerId,
      now: deps.clock(),
    },
    oweDecision(),
  );
  if (result.kind === "lost")
    return laterClickAnswer(deps, checked.proposal, click.round, click.lang);
  await deliverOutbox(deps, result.owed);
  return null;
}

/** Where a button was clicked: the message's channel and ts. */
function clickedMessage(body: BlockAction): { channel: string; ts: string } | null {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  return typeof channel === "string" && typeof ts === "string" ? { channel, ts } : null;
}

export function registerProposalActions(app: App, deps: Deps): void {
  /** The clicker's language, read after the ack. */
  const clickerLang = (body: BlockAction, client: WebClient) =>
    langOf(deps, client, body.team?.id ?? body.user.team_id ?? "", body.user.id);

  app.action<BlockAction<ButtonAction>>(
    ACTIONS.approve,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const lang = await clickerLang(body, client);
      const t = proposalsText(lang);
      const value = parseButtonValue(action.value);
      const where = clickedMessage(body);
      if (!value || !where) return replyPrivately(respond, t.noLongerWaiting);
      const answer = await decideOnClick(deps, {
        clickerId: body.user.id,
        lang,
        ...value,
        ...where,
        outcome: "approved",
        reason: null,
      });
      if (answer) await replyPrivately(respond, answer);
    },
  );

  for (const [actionId, outcome] of [
    [ACTIONS.requestChanges, "changes_requested"],
    [ACTIONS.reject, "rejected"],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(
      actionId,
      async ({ ack, body, action, respond, client }) => {
        await ack();
        const lang = await clickerLang(body, client);
        const t = proposalsText(lang);
        const value = parseButtonValue(action.value);
        const where = clickedMessage(body);
        if (!value || !where) return replyPrivately(respond, t.noLongerWaiting);
        const checked = await checkClick(deps, {
          clickerId: body.user.id,
          lang,
          ...value,
          ...where,
        });
        if (!checked.ok) return replyPrivately(respond, checked.answer);
        try {
          await client.views.open({
            trigger_id: body.trigger_id,
            view: reasonModal({ proposal: checked.proposal, outcome, lang, ...where }),
          });
        } catch (error) {
          deps.logger.warn(`reason modal: views.open failed: ${String(error)}`);
          await replyPrivately(respond, t.reasonOpenFailed);
        }
      },
    );
  }

  app.action<BlockAction<ButtonAction>>(
    ACTIONS.withdraw,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const t = proposalsText(await clickerLang(body, client));
      const value = parseButtonValue(action.value);
      if (!value) return replyPrivately(respond, t.noLongerWaiting);
      const proposal = await loadFresh(deps, value.proposalId);
      if (!proposal) return replyPrivately(respond, t.unknownProposal);
      const verdict = judgeWithdraw({ clickerId: body.user.id, proposal });
      if (verdict === "not_proposer") {
        return replyPrivately(respond, t.onlyProposerWithdraws(proposal.proposerId));
      }
      if (verdict === "not_pending")
        return replyPrivately(respond, t.cannotWithdraw(proposal.status));
      const result = await decide(
        deps.db,
        {
          proposalId: proposal.id,
          round: proposal.round,
          outcome: "withdrawn",
          deciderId: body.user.id,
          reason: null,
          selfApproved: false,
          now: deps.clock(),
        },
        oweDecision(),
      );
      if (result.kind === "lost") {
        const now = await findProposal(deps.db, proposal.id);
        return replyPrivately(respond, t.cannotWithdraw(now?.status ?? "gone"));
      }
      await deliverOutbox(deps, result.owed);
      await replyPrivately(respond, t.withdrawn(proposal.id));
    },
  );

  app.action<BlockAction<ButtonAction>>(
    ACTIONS.resubmit,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const lang = await clickerLang(body, client);
      const t = proposalsText(lang);
      const value = parseButtonValue(action.value);
      if (!value) return replyPrivately(respond, t.notResubmittable);
      const proposal = await findProposal(deps.db, value.proposalId);
      if (!proposal) return replyPrivately(respond, t.unknownProposal);
      if (proposal.proposerId !== body.user.id) {
        return replyPrivately(respond, t.onlyProposerEdits(proposal.proposerId));
      }
      if (!canResubmit(proposal.status) || proposal.round !== value.round) {
        return replyPrivately(respond, t.notResubmittable);
      }
      const timeZone = await teamTimezone(deps, proposal.teamId);
      const now = deps.clock();
      try {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: proposeModal({
            timeZone,
            lang,
            proposalId: proposal.id,
            draft: {
              ...proposal,
              publishAt:
                proposal.publishAt.getTime() > now.getTime()
                  ? proposal.publishAt
                  : suggestedPublishAt(now, timeZone),
            },
          }),
        });
      } catch (error) {
        deps.logger.warn(`resubmit: views.open failed: ${String(error)}`);
        await replyPrivately(respond, t.editOpenFailed);
      }
    },
  );
}
