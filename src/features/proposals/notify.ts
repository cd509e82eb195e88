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
import { formatFor, type Format } from "../../i18n/format.ts";
import type { Lang } from "../../i18n/lang.ts";
import { storedLangsOf } from "../../i18n/language.ts";
import { proposalsText } from "./messages.ts";
import {
  addApprovalMessage,
  claimVisualRequests,
  closeVisualRequests,
  decide,
  findDecision,
  moveActiveMessages,
  overdueEverywhere,
  overdueProposals,
  pendingProposals,
  setApprovalMessageWhere,
  setProposerMessage,
  teamContext,
  type ApprovalMessageRecord,
  type Decided,
  type NextRound,
  type ProposalRecord,
  type RoundContext,
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
/** The outbox key of the proposer's decision notice of one round (its button may have to go). */
const noticeKey = (proposalId: number, round: number) => `proposal-notice:${proposalId}:${round}`;
/** The outbox key of a designer's "Add visual" DM. */
const visualRequestKey = (proposalId: number, designerId: string) =>
  `visual-request:${proposalId}:${designerId}`;

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

/**
 * The images Slack no longer has (deleted, or no longer shared): an image
 * block naming a missing file makes Slack refuse the whole message, so those
 * are named instead of shown. Asked before a transaction that re-sends a
 * request with older files (a hand-over, an added visual); any failure to
 * ask counts as missing.
 */
export async function missingImages(
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

/** The live request of a round: for a later round with how the earlier one ended. */
async function askMessage(
  tx: Tx,
  proposal: ProposalRecord,
  f: Format,
  missingFiles?: ReadonlySet<string>,
) {
  const previousDecision = proposal.previousRound
    ? await findDecision(tx, proposal.id, proposal.previousRound.round)
    : null;
  return approvalMessage(
    proposal,
    f,
    { kind: "ask" },
    { previousDecision, ...(missingFiles ? { missingFiles } : {}) },
  );
}

/** A request to `approverId` for the pending round, recorded and queued. */
async function requestItem(
  tx: Tx,
  proposal: ProposalRecord,
  timeZone: string,
  approverId: string,
  missingFiles?: ReadonlySet<string>,
  knownLang?: Lang,
): Promise<OutboxItem> {
  const messageId = await addApprovalMessage(tx, {
    proposalId: proposal.id,
    round: proposal.round,
    approverId,
  });
  const lang =
    knownLang ?? (await storedLangsOf(tx, proposal.teamId, [approverId])).get(approverId) ?? "en";
  return {
    kind: "dm",
    userId: approverId,
    message: await askMessage(tx, proposal, formatFor(lang, timeZone), missingFiles),
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
 * What a new round owes (inside its transaction): the request to the
 * approver, a confirmation with Edit and Withdraw to the proposer, and, when
 * the post needs a visual and has none, one DM with "Add visual" to every
 * designer not asked yet for this proposal.
 */
async function roundItems(
  tx: Tx,
  proposal: ProposalRecord,
  known?: RoundContext,
): Promise<OutboxItem[]> {
  const { timezone, approverId } = known ?? (await teamContext(tx, proposal.teamId));
  const managers = approverId ? [] : await holdersOf(tx, proposal.teamId, "manager");
  const items: OutboxItem[] = [];
  if (approverId)
    items.push(
      await requestItem(
        tx,
        proposal,
        timezone,
        approverId,
        undefined,
        known?.langs.get(approverId),
      ),
    );
  const lang =
    known?.langs.get(proposal.proposerId) ??
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
  items.push(...(await designerItems(tx, proposal, timezone)));
  return items;
}

/**
 * A new proposal's round (inside its transaction), with the context the
 * statement that stored it read (createProposal): nothing more to read but
 * what a rare case needs (the managers when there is no approver, the
 * designers when a visual is missing).
 */
export async function oweRound(
  tx: Tx,
  proposal: ProposalRecord,
  context: RoundContext,
): Promise<OutboxBatch> {
  return enqueue(tx, proposal.teamId, await roundItems(tx, proposal, context));
}

/**
 * An edited or resubmitted round (inside its transaction): the requests of
 * the round that was edited say so and lose their buttons; after a
 * resubmission the proposer's earlier notice loses "Edit and resubmit";
 * then what any round owes.
 */
export async function oweNextRound(tx: Tx, next: NextRound): Promise<OutboxBatch> {
  const { proposal } = next;
  const previous = proposal.previousRound;
  const items: OutboxItem[] = [];
  if (previous) {
    const timeZone = (await teamContext(tx, proposal.teamId)).timezone;
    const before = { ...proposal, ...roundFields(previous) };
    const langs = await storedLangsOf(tx, proposal.teamId, [
      proposal.proposerId,
      ...next.editedMessages.map((message) => message.approverId),
    ]);
    const formatOf = (userId: string) => formatFor(langs.get(userId) ?? "en", timeZone);
    items.push(
      ...next.editedMessages.map((message) =>
        requestUpdate(
          message,
          approvalMessage(before, formatOf(message.approverId), {
            kind: "edited",
            round: proposal.round,
          }),
        ),
      ),
    );
    if (next.from === "decided") {
      const decision = await findDecision(tx, proposal.id, previous.round);
      if (decision) {
        items.push({
          kind: "update",
          messageKey: noticeKey(proposal.id, previous.round),
          message: decisionNotice(before, decision, formatOf(proposal.proposerId), proposal.round),
        });
      }
    }
  }
  items.push(...(await roundItems(tx, proposal)));
  return enqueue(tx, proposal.teamId, items);
}

/** A proposal as it was in an earlier round, for messages that show that round. */
function roundFields(previous: NonNullable<ProposalRecord["previousRound"]>) {
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
 * Designers and a post that needs a visual (image, video, carousel, story)
 * and has none: every designer gets one DM with "Add visual", once per
 * proposal. When an edit attached one or changed the content type, the open
 * requests close and their DMs lose the button.
 */
async function designerItems(
  tx: Tx,
  proposal: ProposalRecord,
  timeZone: string,
): Promise<OutboxItem[]> {
  if (!needsVisual(proposal.contentType) || proposal.visuals.length > 0) {
    if (proposal.round === 1) return [];
    const closed = await closeVisualRequests(tx, proposal.id);
    return settledRequests(tx, proposal, closed, { kind: "closed" });
  }
  const designers = await holdersOf(tx, proposal.teamId, "designer");
  const asked = await claimVisualRequests(tx, {
    proposalId: proposal.id,
    teamId: proposal.teamId,
    designerIds: designers,
    actorId: proposal.proposerId,
  });
  const langs = await storedLangsOf(tx, proposal.teamId, asked);
  return asked.map((designerId) => ({
    kind: "dm" as const,
    userId: designerId,
    message: visualRequestMessage(proposal, formatFor(langs.get(designerId) ?? "en", timeZone)),
    messageKey: visualRequestKey(proposal.id, designerId),
    purpose: "visual-request",
  }));
}

/** The designers' "Add visual" DMs once answered or no longer needed: no button left. */
async function settledRequests(
  tx: Tx,
  proposal: ProposalRecord,
  requests: readonly VisualRequestRecord[],
  how: { kind: "added"; by: string } | { kind: "closed" },
): Promise<OutboxItem[]> {
  if (requests.length === 0) return [];
  const langs = await storedLangsOf(
    tx,
    proposal.teamId,
    requests.map((request) => request.designerId),
  );
  const langOf = (userId: string): Lang => langs.get(userId) ?? "en";
  return requests.map((request) => ({
    kind: "update" as const,
    messageKey: visualRequestKey(proposal.id, request.designerId),
    message: visualRequestClosed(proposal, how, langOf(request.designerId)),
  }));
}

/**
 * A visual was added to a pending proposal (inside its transaction): the
 * approver's live request shows it, updated in place; the designers' DMs
 * lose their button; the proposer is told (unless they added it).
 */
export function oweVisualAdded(input: {
  addedBy: string;
  added: readonly Visual[];
  missingFiles: ReadonlySet<string>;
}) {
  return async (
    tx: Tx,
    changed: {
      proposal: ProposalRecord;
      requests: VisualRequestRecord[];
      live: ApprovalMessageRecord[];
    },
  ): Promise<OutboxBatch> => {
    const { proposal } = changed;
    const timeZone = (await teamContext(tx, proposal.teamId)).timezone;
    const items: OutboxItem[] = await settledRequests(tx, proposal, changed.requests, {
      kind: "added",
      by: input.addedBy,
    });
    const langs = await storedLangsOf(tx, proposal.teamId, [
      proposal.proposerId,
      ...changed.live.map((message) => message.approverId),
    ]);
    const formatOf = (userId: string) => formatFor(langs.get(userId) ?? "en", timeZone);
    for (const message of changed.live) {
      const shown = await askMessage(
        tx,
        proposal,
        formatOf(message.approverId),
        input.missingFiles,
      );
      items.push(requestUpdate(message, shown));
    }
    if (input.addedBy !== proposal.proposerId) {
      items.push({
        kind: "dm",
        userId: proposal.proposerId,
        message: {
          text: proposalsText(formatOf(proposal.proposerId).lang).visualAdded(
            proposal.id,
            input.addedBy,
            input.added.length,
          ),
        },
        purpose: "proposal-notice",
      });
    }
    return enqueue(tx, proposal.teamId, items);
  };
}

/**
 * After a won decision (inside its transaction): the approver's requests show
 * it, the proposer's confirmation loses Withdraw, the proposer is told. The
 * claim read the timezone and the proposer's and decider's languages; only an
 * approver of an earlier request who is neither (rare) costs a query.
 */
export function oweDecision() {
  return async (tx: Tx, decided: Decided): Promise<OutboxBatch> => {
    const { proposal, decision, messages, timezone: timeZone } = decided;
    // Each approver's request in that approver's language, the proposer's notices in theirs.
    const unknown = messages
      .map((message) => message.approverId)
      .filter((userId) => !decided.langs.has(userId));
    const langs =
      unknown.length === 0
        ? decided.langs
        : new Map([...decided.langs, ...(await storedLangsOf(tx, proposal.teamId, unknown))]);
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
        // Keyed: a resubmission later takes its "Edit and resubmit" button away.
        messageKey: noticeKey(proposal.id, decision.round),
        purpose: "proposal-notice",
      });
    }
    // The designers asked for a visual have nothing left to do (only posts
    // that need one ever asked them: a text post's decision skips the query).
    if (needsVisual(proposal.contentType)) {
      const closed = await closeVisualRequests(tx, proposal.id);
      items.push(...(await settledRequests(tx, proposal, closed, { kind: "closed" })));
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
      // The request is sent again with its images: those deleted since are named instead.
      const missingFiles = input.approverId
        ? await missingImages(deps, input.teamId, pending.visuals)
        : new Set<string>();
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
              items.push(await requestItem(tx, proposal, timeZone, input.approverId, missingFiles));
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
