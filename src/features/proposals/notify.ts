import type { Deps } from "../../deps.ts";
import type { Reply } from "../../slack/reply.ts";
import { findApprover, holdersOf } from "../roles/store.ts";
import { getTeam } from "../settings/store.ts";
import type { Outcome } from "./approval.ts";
import { visualAddedNotice } from "./messages.ts";
import {
  activeApprovalMessages,
  addApprovalMessage,
  claimVisualRequests,
  closeVisualRequests,
  decide,
  findDecision,
  moveActiveMessages,
  overdueProposals,
  pendingProposals,
  setNoticeMessage,
  setProposerMessage,
  setVisualRequestMessage,
  type DecideResult,
  type NextRound,
  type ProposalRecord,
  type VisualRequestRecord,
} from "./store.ts";
import {
  approvalMessage,
  closedConfirmation,
  confirmationMessage,
  decisionNotice,
  visualRequestClosed,
  visualRequestMessage,
} from "./views.ts";
import { needsVisual, type Visual } from "./visuals.ts";

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

/**
 * The images Slack no longer has (deleted, or not shared with the app): an
 * image block naming a missing file makes Slack refuse the whole message,
 * so those are named instead of shown. Any failure to ask counts as missing.
 */
async function missingImages(
  deps: Deps,
  teamId: string,
  visuals: readonly Visual[],
): Promise<Set<string>> {
  const images = visuals.filter((visual) => visual.kind === "image");
  if (images.length === 0) return new Set();
  const slack = await deps.slackFor(teamId);
  const answers = await Promise.all(
    images.map(async (image) => {
      try {
        await slack.files.info({ file: image.id });
        return null;
      } catch {
        return image.id;
      }
    }),
  );
  return new Set(answers.filter((id): id is string => id !== null));
}

/** The live request of a round: images checked, and for a later round the earlier decision. */
async function askMessage(deps: Deps, proposal: ProposalRecord, timeZone: string) {
  const [missingFiles, previousDecision] = await Promise.all([
    missingImages(deps, proposal.teamId, proposal.visuals),
    proposal.previousRound
      ? findDecision(deps.db, proposal.id, proposal.previousRound.round)
      : Promise.resolve(null),
  ]);
  return approvalMessage(proposal, timeZone, { kind: "ask" }, { missingFiles, previousDecision });
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
    await askMessage(deps, proposal, timeZone),
  );
  await addApprovalMessage(deps.db, {
    proposalId: proposal.id,
    round: proposal.round,
    approverId,
    ...where,
  });
  return approverId;
}

/**
 * A new, edited or resubmitted round: the requests it replaces say so and
 * lose their buttons, the proposer's earlier notice loses its "Edit and
 * resubmit", the round goes to the approver, the proposer gets a
 * confirmation (Edit, Withdraw), and designers are asked for a visual when
 * the post needs one and has none.
 */
export async function announceRound(
  deps: Deps,
  proposal: ProposalRecord,
  replaced: Omit<NextRound, "proposal"> = { editedMessages: [], supersededNotice: null },
): Promise<void> {
  const timeZone = await teamTimezone(deps, proposal.teamId);
  const approverId = await findApprover(deps.db, proposal.teamId);
  if (replaced.editedMessages.length > 0) {
    const previous = { ...proposal, ...oldRoundFields(proposal) };
    const shown = approvalMessage(previous, timeZone, { kind: "edited", round: proposal.round });
    for (const message of replaced.editedMessages) {
      await update(deps, proposal.teamId, message.channel, message.ts, shown);
    }
  }
  if (replaced.supersededNotice) {
    const notice = replaced.supersededNotice;
    const decision = await findDecision(deps.db, proposal.id, notice.round);
    if (decision) {
      const previous = { ...proposal, ...oldRoundFields(proposal) };
      await update(
        deps,
        proposal.teamId,
        notice.channel,
        notice.ts,
        decisionNotice(previous, decision, timeZone, proposal.round),
      );
    }
  }
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
  try {
    await askDesigners(deps, proposal, timeZone);
  } catch (error) {
    deps.logger.error(`Could not ask designers for proposal ${proposal.id}: ${String(error)}`);
  }
}

/** The fields of the round before, for messages that show it (an edited request, an old notice). */
function oldRoundFields(proposal: ProposalRecord): Partial<ProposalRecord> {
  const previous = proposal.previousRound;
  if (!previous) return {};
  return {
    round: previous.round,
    text: previous.text,
    platforms: previous.platforms,
    publishAt: new Date(previous.publishAt),
    goal: previous.goal,
    contentType: previous.contentType,
    linkUrl: previous.linkUrl,
    notes: previous.notes,
    visuals: previous.visuals,
    previousRound: null,
    textCutFrom: null,
  };
}

/**
 * A post that needs a visual (image, video, carousel, story) and has none:
 * every designer gets one DM with "Add visual", once per proposal (claimed
 * in the database before it is sent).
 */
export async function askDesigners(
  deps: Deps,
  proposal: ProposalRecord,
  timeZone: string,
): Promise<number> {
  if (proposal.status !== "pending") return 0;
  if (!needsVisual(proposal.contentType) || proposal.visuals.length > 0) {
    // An edit may have attached one or changed the content type: nothing left to ask.
    const requests = await closeVisualRequests(deps.db, proposal.id);
    await settleVisualRequests(deps, proposal, requests, { kind: "closed" });
    return 0;
  }
  const designers = await holdersOf(deps.db, proposal.teamId, "designer");
  const claimed = await claimVisualRequests(deps.db, {
    proposalId: proposal.id,
    teamId: proposal.teamId,
    designerIds: designers,
    actorId: proposal.proposerId,
  });
  for (const designerId of claimed) {
    const where = await dm(
      deps,
      proposal.teamId,
      designerId,
      visualRequestMessage(proposal, timeZone),
    );
    await setVisualRequestMessage(deps.db, { proposalId: proposal.id, designerId, ...where });
  }
  return claimed.length;
}

/** The designers' "Add visual" DMs once they are answered or no longer needed: no button left. */
export async function settleVisualRequests(
  deps: Deps,
  proposal: ProposalRecord,
  requests: readonly VisualRequestRecord[],
  how: { kind: "added"; by: string } | { kind: "closed" },
): Promise<void> {
  for (const request of requests) {
    if (!request.channel || !request.ts) continue;
    await update(
      deps,
      proposal.teamId,
      request.channel,
      request.ts,
      visualRequestClosed(proposal, how),
    );
  }
}

/**
 * A visual was added to a pending proposal: the approver's live request
 * shows it (updated in place) and the proposer is told.
 */
export async function afterVisualAdded(
  deps: Deps,
  proposal: ProposalRecord,
  input: { addedBy: string; added: readonly Visual[]; requests: readonly VisualRequestRecord[] },
): Promise<void> {
  const timeZone = await teamTimezone(deps, proposal.teamId);
  await settleVisualRequests(deps, proposal, input.requests, { kind: "added", by: input.addedBy });
  const live = await activeApprovalMessages(deps.db, proposal.id, proposal.round);
  if (live.length > 0) {
    const shown = await askMessage(deps, proposal, timeZone);
    for (const message of live)
      await update(deps, proposal.teamId, message.channel, message.ts, shown);
  }
  if (input.addedBy !== proposal.proposerId) {
    await dm(deps, proposal.teamId, proposal.proposerId, {
      text: visualAddedNotice(proposal, input.addedBy, input.added.length),
    });
  }
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
  // The designers asked for a visual have nothing left to do (only posts
  // that need one ever asked them: a text post's decision skips the query).
  if (needsVisual(proposal.contentType)) {
    const requests = await closeVisualRequests(deps.db, proposal.id);
    await settleVisualRequests(deps, proposal, requests, { kind: "closed" });
  }
  // The proposer who withdrew is answered where they clicked.
  if (outcome !== "withdrawn") {
    const where = await dm(
      deps,
      proposal.teamId,
      proposal.proposerId,
      decisionNotice(proposal, decision, timeZone),
    );
    if (outcome === "changes_requested" || outcome === "expired") {
      await setNoticeMessage(deps.db, proposal.id, decision.round, where);
    }
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
