import type { Deps } from "../../deps.ts";
import type { Reply } from "../../slack/reply.ts";
import { findApprover, holdersOf } from "../roles/store.ts";
import { getTeam } from "../settings/store.ts";
import type { Outcome } from "./approval.ts";
import {
  addApprovalMessage,
  decide,
  moveActiveMessages,
  overdueProposals,
  pendingProposals,
  setProposerMessage,
  type DecideResult,
  type ProposalRecord,
} from "./store.ts";
import {
  approvalMessage,
  closedConfirmation,
  confirmationMessage,
  decisionNotice,
} from "./views.ts";

/**
 * What happens in Slack after a state change: who is told what. The state
 * change itself has been claimed in the database already; only its winner
 * calls these.
 */

export async function teamTimezone(deps: Deps, teamId: string): Promise<string> {
  return (await getTeam(deps.db, teamId)).timezone;
}

/** Posts a direct message; returns where it landed (to update it later). */
async function dm(
  deps: Deps,
  teamId: string,
  userId: string,
  reply: Reply,
): Promise<{ channel: string; ts: string }> {
  const slack = await deps.slackFor(teamId);
  const result = await slack.chat.postMessage({ channel: userId, ...reply });
  if (!result.channel || !result.ts) throw new Error("chat.postMessage returned no channel/ts");
  return { channel: result.channel, ts: result.ts };
}

/** Updates a stored message; a failure is logged, not thrown (the state change stands). */
async function update(
  deps: Deps,
  teamId: string,
  channel: string | null,
  ts: string | null,
  reply: Reply,
): Promise<void> {
  if (!channel || !ts) return;
  try {
    const slack = await deps.slackFor(teamId);
    await slack.chat.update({ channel, ts, ...reply });
  } catch (error) {
    deps.logger.warn(`chat.update ${channel}/${ts} failed: ${String(error)}`);
  }
}

/** Sends the pending round to the current approver; returns them, or null when there is none. */
export async function sendToApprover(
  deps: Deps,
  proposal: ProposalRecord,
  timeZone: string,
  approverId: string | null,
): Promise<string | null> {
  if (!approverId) return null;
  const where = await dm(
    deps,
    proposal.teamId,
    approverId,
    approvalMessage(proposal, timeZone, { kind: "ask" }),
  );
  await addApprovalMessage(deps.db, {
    proposalId: proposal.id,
    round: proposal.round,
    approverId,
    ...where,
  });
  return approverId;
}

/** A new or resubmitted round: to the approver, and a confirmation with Withdraw to the proposer. */
export async function announceRound(deps: Deps, proposal: ProposalRecord): Promise<void> {
  const timeZone = await teamTimezone(deps, proposal.teamId);
  const approverId = await findApprover(deps.db, proposal.teamId);
  try {
    await sendToApprover(deps, proposal, timeZone, approverId);
  } catch (error) {
    // Still pending: the next hand-over or a resubmission sends it again.
    deps.logger.error(`Could not send proposal ${proposal.id} to the approver: ${String(error)}`);
  }
  const managers = approverId ? [] : await holdersOf(deps.db, proposal.teamId, "manager");
  const where = await dm(
    deps,
    proposal.teamId,
    proposal.proposerId,
    confirmationMessage(proposal, timeZone, approverId, managers),
  );
  await setProposerMessage(deps.db, proposal.id, where.channel, where.ts);
}

/**
 * After a won decision: the approver's messages, the proposer's confirmation
 * and notice. `knownTimeZone`: the team's timezone when the caller has read
 * it already (an approver's click does, in its first query); read otherwise.
 */
export async function afterDecision(
  deps: Deps,
  result: Extract<DecideResult, { kind: "decided" }>,
  knownTimeZone?: string,
): Promise<void> {
  const { proposal, decision, messages } = result;
  const timeZone = knownTimeZone ?? (await teamTimezone(deps, proposal.teamId));
  const shown = approvalMessage(proposal, timeZone, { kind: "decided", decision });
  for (const message of messages)
    await update(deps, proposal.teamId, message.channel, message.ts, shown);
  const outcome = decision.outcome as Outcome;
  if (proposal.proposerChannel && proposal.proposerTs) {
    await update(
      deps,
      proposal.teamId,
      proposal.proposerChannel,
      proposal.proposerTs,
      closedConfirmation(proposal, outcome),
    );
  }
  // The proposer who withdrew is answered where they clicked.
  if (outcome !== "withdrawn") {
    const slack = await deps.slackFor(proposal.teamId);
    await slack.chat.postMessage({
      channel: proposal.proposerId,
      ...decisionNotice(proposal, decision, timeZone),
    });
  }
}

/** Expires one overdue proposal, once; true when this call expired it. */
export async function expireProposal(
  deps: Deps,
  proposal: ProposalRecord,
  now: Date,
): Promise<boolean> {
  const result = await decide(deps.db, {
    proposalId: proposal.id,
    round: proposal.round,
    outcome: "expired",
    deciderId: "system",
    reason: null,
    selfApproved: false,
    now,
    publishedBy: now,
  });
  if (result.kind !== "decided") return false;
  await afterDecision(deps, result);
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
 * The approver changed: the old approver's live requests lose their buttons
 * and say where they went; every pending proposal goes to the new approver,
 * and each proposer's confirmation is updated in place to say who has it now.
 */
export async function handOver(
  deps: Deps,
  input: { teamId: string; approverId: string | null; actorId: string },
): Promise<void> {
  await expireOverdue(deps, input.teamId, deps.clock());
  const timeZone = await teamTimezone(deps, input.teamId);
  const managers = input.approverId ? [] : await holdersOf(deps.db, input.teamId, "manager");
  for (const proposal of await pendingProposals(deps.db, input.teamId)) {
    try {
      const moved = await moveActiveMessages(deps.db, {
        proposalId: proposal.id,
        teamId: input.teamId,
        actorId: input.actorId,
        toApproverId: input.approverId,
      });
      const shown = approvalMessage(proposal, timeZone, { kind: "moved", to: input.approverId });
      for (const message of moved)
        await update(deps, proposal.teamId, message.channel, message.ts, shown);
      await sendToApprover(deps, proposal, timeZone, input.approverId);
      if (proposal.proposerChannel && proposal.proposerTs) {
        const confirmation = confirmationMessage(proposal, timeZone, input.approverId, managers);
        await update(
          deps,
          input.teamId,
          proposal.proposerChannel,
          proposal.proposerTs,
          confirmation,
        );
      }
    } catch (error) {
      deps.logger.error(`Hand-over of proposal ${proposal.id} failed: ${String(error)}`);
    }
  }
}
