import { z } from "zod";
import type { Tx } from "../../db/database.ts";
import type { Deps } from "../../deps.ts";
import {
  defineOutboxPurpose,
  deliverOutbox,
  enqueue,
  type OutboxBatch,
  type OutboxItem,
} from "../../slack/outbox/index.ts";
import { holdersOf } from "../roles/store.ts";
import { getTeam } from "../settings/store.ts";
import type { Outcome } from "./approval.ts";
import { formatFor } from "../../i18n/format.ts";
import { storedLangsOf } from "../../i18n/language.ts";
import { proposalsText } from "./messages.ts";
import {
  addApprovalMessage,
  decide,
  moveActiveMessages,
  overdueEverywhere,
  overdueProposals,
  pendingProposals,
  setApprovalMessageWhere,
  setProposerMessage,
  teamContext,
  type ApprovalMessageRecord,
  type Decided,
  type ProposalRecord,
} from "./store.ts";
import {
  approvalMessage,
  closedConfirmation,
  confirmationMessage,
  decisionNotice,
} from "./views.ts";

/**
 * What Slack is told after a state change: who is told what. Every message
 * here is written to the outbox in the transaction of the change it follows
 * (the `owe…` functions, run by store.ts inside that transaction) and sent by
 * the outbox worker right after the commit: it is delivered once when Slack
 * answers, retried when Slack certainly did not take it, never sent twice
 * when nobody knows.
 */

export async function teamTimezone(deps: Deps, teamId: string): Promise<string> {
  return (await getTeam(deps.db, teamId)).timezone;
}

/** The outbox key of an approval request (its chat.updates wait for it). */
const requestKey = (messageId: number) => `approval-message:${messageId}`;
/** The outbox key of the proposer's confirmation of one round. */
const confirmationKey = (proposalId: number, round: number) =>
  `proposal-confirmation:${proposalId}:${round}`;

const RequestContext = z.object({
  approvalMessageId: z.number().int(),
  proposalId: z.number().int(),
  round: z.number().int(),
  approverId: z.string(),
});
const ConfirmationContext = z.object({ proposalId: z.number().int(), round: z.number().int() });

/**
 * An approval request: once delivered, its channel and ts are kept (to update
 * it); when Slack refuses it for good, the proposer is told it could not be
 * delivered (the managers are told what to fix by the outbox itself).
 */
export const APPROVAL_REQUEST = defineOutboxPurpose("approval-request", {
  async delivered(tx, _row, context, where) {
    const parsed = RequestContext.safeParse(context);
    if (parsed.success) await setApprovalMessageWhere(tx, parsed.data.approvalMessageId, where);
  },
  async failed(tx, _row, context, failure) {
    const parsed = RequestContext.safeParse(context);
    if (!parsed.success || failure.class !== "permanent") return [];
    const proposal = await tx.proposal.findFirst({
      where: { id: parsed.data.proposalId, round: parsed.data.round, status: "pending" },
      select: { id: true, proposerId: true, teamId: true },
    });
    if (!proposal) return [];
    const lang =
      (await storedLangsOf(tx, proposal.teamId, [proposal.proposerId])).get(proposal.proposerId) ??
      "en";
    const t = proposalsText(lang);
    return [
      {
        kind: "dm",
        userId: proposal.proposerId,
        message: { text: t.requestUndelivered(proposal.id, parsed.data.approverId, failure.code) },
        purpose: "proposal-notice",
      },
    ];
  },
});

/** The proposer's confirmation: once delivered, kept to be updated when the round ends. */
export const PROPOSER_CONFIRMATION = defineOutboxPurpose("proposal-confirmation", {
  async delivered(tx, _row, context, where) {
    const parsed = ConfirmationContext.safeParse(context);
    if (parsed.success) await setProposerMessage(tx, { ...parsed.data, ...where });
  },
});

/** A request to `approverId` for the pending round, recorded and queued. */
async function requestItem(
  tx: Tx,
  proposal: ProposalRecord,
  timeZone: string,
  approverId: string,
): Promise<OutboxItem> {
  const messageId = await addApprovalMessage(tx, {
    proposalId: proposal.id,
    round: proposal.round,
    approverId,
  });
  const lang = (await storedLangsOf(tx, proposal.teamId, [approverId])).get(approverId) ?? "en";
  return {
    kind: "dm",
    userId: approverId,
    message: approvalMessage(proposal, formatFor(lang, timeZone), { kind: "ask" }),
    messageKey: requestKey(messageId),
    purpose: APPROVAL_REQUEST,
    context: {
      approvalMessageId: messageId,
      proposalId: proposal.id,
      round: proposal.round,
      approverId,
    },
  };
}

/** An update of an approval request: where it is, when known; else after its delivery. */
function requestUpdate(message: ApprovalMessageRecord, shown: OutboxItem["message"]): OutboxItem {
  return {
    kind: "update",
    channel: message.channel,
    ts: message.ts,
    messageKey: requestKey(message.id),
    message: shown,
  };
}

/** An update of the proposer's confirmation of the current round. */
function confirmationUpdate(proposal: ProposalRecord, shown: OutboxItem["message"]): OutboxItem {
  return {
    kind: "update",
    channel: proposal.proposerChannel,
    ts: proposal.proposerTs,
    messageKey: confirmationKey(proposal.id, proposal.round),
    message: shown,
  };
}

/**
 * A new or resubmitted round (inside its transaction): the request to the
 * approver, and a confirmation with Withdraw to the proposer.
 */
export async function oweRound(tx: Tx, proposal: ProposalRecord): Promise<OutboxBatch> {
  const { timezone, approverId } = await teamContext(tx, proposal.teamId);
  const managers = approverId ? [] : await holdersOf(tx, proposal.teamId, "manager");
  const items: OutboxItem[] = [];
  if (approverId) items.push(await requestItem(tx, proposal, timezone, approverId));
  const lang =
    (await storedLangsOf(tx, proposal.teamId, [proposal.proposerId])).get(proposal.proposerId) ??
    "en";
  items.push({
    kind: "dm",
    userId: proposal.proposerId,
    message: confirmationMessage(proposal, formatFor(lang, timezone), approverId, managers),
    messageKey: confirmationKey(proposal.id, proposal.round),
    purpose: PROPOSER_CONFIRMATION,
    context: { proposalId: proposal.id, round: proposal.round },
  });
  return enqueue(tx, proposal.teamId, items);
}

/**
 * After a won decision (inside its transaction): the approver's requests show
 * it, the proposer's confirmation loses Withdraw, the proposer is told.
 * `knownTimeZone`: the team's timezone when the caller has read it already
 * (an approver's click does, in its first query).
 */
export function oweDecision(knownTimeZone?: string) {
  return async (tx: Tx, decided: Decided): Promise<OutboxBatch> => {
    const { proposal, decision, messages } = decided;
    const timeZone = knownTimeZone ?? (await teamContext(tx, proposal.teamId)).timezone;
    // Each approver's request in that approver's language, the proposer's notices in theirs.
    const langs = await storedLangsOf(tx, proposal.teamId, [
      proposal.proposerId,
      ...messages.map((message) => message.approverId),
    ]);
    const formatOf = (userId: string) => formatFor(langs.get(userId) ?? "en", timeZone);
    const outcome = decision.outcome as Outcome;
    const proposerFormat = formatOf(proposal.proposerId);
    const items: OutboxItem[] = [
      ...messages.map((message) =>
        requestUpdate(
          message,
          approvalMessage(proposal, formatOf(message.approverId), { kind: "decided", decision }),
        ),
      ),
      confirmationUpdate(proposal, closedConfirmation(proposal, outcome, proposerFormat.lang)),
    ];
    // The proposer who withdrew is answered where they clicked.
    if (outcome !== "withdrawn") {
      items.push({
        kind: "dm",
        userId: proposal.proposerId,
        message: decisionNotice(proposal, decision, proposerFormat),
        purpose: "proposal-notice",
      });
    }
    return enqueue(tx, proposal.teamId, items);
  };
}

/** Expires one overdue proposal, once; true when this call expired it. */
export async function expireProposal(
  deps: Deps,
  proposal: ProposalRecord,
  now: Date,
): Promise<boolean> {
  const result = await decide(
    deps.db,
    {
      proposalId: proposal.id,
      round: proposal.round,
      outcome: "expired",
      deciderId: "system",
      reason: null,
      selfApproved: false,
      now,
      publishedBy: now,
    },
    oweDecision(),
  );
  if (result.kind !== "decided") return false;
  await deliverOutbox(deps, result.owed);
  return true;
}

/** Every pending proposal of the team whose publish time has passed becomes expired. */
export async function expireOverdue(deps: Deps, teamId: string, now: Date): Promise<number> {
  let expired = 0;
  for (const proposal of await overdueProposals(deps.db, teamId, now)) {
    if (await expireProposal(deps, proposal, now)) expired += 1;
  }
  return expired;
}

/**
 * The per-minute expiry (the `expire-proposals` job): every team's pending proposals whose publish time
 * has passed, found with one query, each expired once (the conditional
 * decision) and its messages sent. One proposal's failure does not stop the
 * others. Returns a line per proposal expired.
 */
export async function expireEverywhere(deps: Deps, now: Date): Promise<string[]> {
  const lines: string[] = [];
  for (;;) {
    const overdue = await overdueEverywhere(deps.db, now, 200, deps.onlyTeamId);
    let progressed = false;
    for (const proposal of overdue) {
      try {
        if (await expireProposal(deps, proposal, now)) {
          progressed = true;
          lines.push(`proposal #${proposal.id} expired (team ${proposal.teamId})`);
        }
      } catch (error) {
        deps.logger.error(`Expiring proposal ${proposal.id} failed: ${String(error)}`);
      }
    }
    if (overdue.length < 200 || !progressed) return lines;
  }
}

/**
 * The approver changed: the old approver's live requests lose their buttons
 * and say where they went; every pending proposal goes to the new approver,
 * and each proposer's confirmation is updated in place to say who has it now.
 * Each proposal's move and its messages are one transaction.
 */
export async function handOver(
  deps: Deps,
  input: { teamId: string; approverId: string | null; actorId: string },
): Promise<void> {
  await expireOverdue(deps, input.teamId, deps.clock());
  const timeZone = await teamTimezone(deps, input.teamId);
  const managers = input.approverId ? [] : await holdersOf(deps.db, input.teamId, "manager");
  for (const pending of await pendingProposals(deps.db, input.teamId)) {
    try {
      const { owed } = await moveActiveMessages(
        deps.db,
        {
          proposalId: pending.id,
          teamId: input.teamId,
          actorId: input.actorId,
          toApproverId: input.approverId,
        },
        async (tx, { proposal, moved }) => {
          const langs = await storedLangsOf(tx, input.teamId, [
            pending.proposerId,
            ...moved.map((message) => message.approverId),
          ]);
          const formatOf = (userId: string) => formatFor(langs.get(userId) ?? "en", timeZone);
          const items: OutboxItem[] = moved.map((message) =>
            requestUpdate(
              message,
              approvalMessage(pending, formatOf(message.approverId), {
                kind: "moved",
                to: input.approverId,
              }),
            ),
          );
          if (proposal) {
            if (input.approverId) {
              items.push(await requestItem(tx, proposal, timeZone, input.approverId));
            }
            const confirmation = confirmationMessage(
              proposal,
              formatOf(proposal.proposerId),
              input.approverId,
              managers,
            );
            items.push(confirmationUpdate(proposal, confirmation));
          }
          return enqueue(tx, input.teamId, items);
        },
      );
      await deliverOutbox(deps, owed);
    } catch (error) {
      deps.logger.error(`Hand-over of proposal ${pending.id} failed: ${String(error)}`);
    }
  }
}
