import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { localDateAt, type LocalDate } from "../../shared/local-date.ts";
import type { Reply } from "../../slack/reply.ts";
import { postJoining, sendDirectMessage } from "../../slack/dm.ts";
import { classifySlackError } from "../../slack/errors.ts";
import { deliverOutbox, enqueue, type OutboxItem } from "../../slack/outbox/index.ts";
import { getTeam } from "../settings/store.ts";
import { loadDuty, loadPlan, settingsOn } from "./duty.ts";
import { webcareText } from "./messages.ts";
import { judgeTake } from "./permissions.ts";
import { membersOn, type DutyPlan } from "./rotation.ts";
import {
  addCoverRequestMessage,
  closeCoverRequest,
  findCoverRequest,
  openCoverRequest,
  takeCoverRequest,
} from "./store.ts";
import { coverRequestMessage } from "./views.ts";

/**
 * Asking for cover and taking it. A request is a row; the "I'll cover" click
 * that flips it from open to taken (one conditional UPDATE) is the only one
 * that writes the cover and talks to Slack about it. Every other click — a
 * double click, ten people at once, a second replica — is told privately who
 * took the day.
 */

function isAwayOn(plan: DutyPlan, userId: string, date: LocalDate): boolean {
  return (plan.absences ?? []).some((a) => a.userId === userId && a.from <= date && date <= a.to);
}

/** `/webcare ask DATE` or an Ask for cover click: returns what to tell the asker. */
export async function askForCover(
  deps: Deps,
  client: WebClient,
  input: { teamId: string; askerId: string; date: LocalDate },
): Promise<Reply | string> {
  const { teamId, askerId, date } = input;
  const team = await getTeam(deps.db, teamId);
  const today = localDateAt(deps.clock(), team.timezone);
  if (date < today) return webcareText.askPast(date, today);
  const duty = await loadDuty(deps.db, teamId, date, 1);
  if (duty.rotations.length === 0) return webcareText.noRotation;
  const day = duty.days[0];
  if (!day || day.onDuty !== askerId) return webcareText.askNotYours(date, day?.onDuty ?? null);
  const candidates = membersOn(date, duty.plan).filter(
    (userId) => userId !== askerId && !isAwayOn(duty.plan, userId, date),
  );
  if (candidates.length === 0) return webcareText.askNobody(date);

  const { request, created } = await openCoverRequest(deps.db, { teamId, date, askerId });
  if (!created) return webcareText.askAlreadyOpen(date);
  const message = coverRequestMessage(request);

  const channelId = settingsOn(date, duty.rotations).channelId;
  if (channelId) {
    try {
      const posted = await postJoining(client, channelId, message);
      await addCoverRequestMessage(deps.db, request.id, posted);
      return webcareText.askPosted(date, channelId, 0);
    } catch (error) {
      // A channel the bot cannot post in: ask the members directly instead.
      if (classifySlackError(error) !== "permanent") throw error;
      deps.logger.warn(
        `webcare: cover request for ${date} not posted in ${channelId}: ${String(error)}`,
      );
    }
  }
  let reached = 0;
  for (const userId of candidates) {
    try {
      const posted = await sendDirectMessage(client, userId, message);
      await addCoverRequestMessage(deps.db, request.id, posted);
      reached += 1;
    } catch (error) {
      deps.logger.warn(
        `webcare: cover request for ${date} not sent to ${userId}: ${String(error)}`,
      );
    }
  }
  if (reached === 0) {
    await closeCoverRequest(deps.db, request.id);
    return webcareText.askFailed;
  }
  return webcareText.askPosted(date, null, reached);
}

/**
 * An "I'll cover" click. Returns the private answer for the clicker, or null
 * when they won (the request itself and their DM say so).
 */
export async function takeCover(
  deps: Deps,
  input: { teamId: string; clickerId: string; requestId: number },
): Promise<string | null> {
  const request = await findCoverRequest(deps.db, input.requestId);
  if (!request || request.teamId !== input.teamId) return webcareText.requestGone;
  if (request.status === "taken" && request.takenBy) {
    return webcareText.alreadyTaken(request.takenBy, request.date);
  }
  if (request.status !== "open") return webcareText.requestGone;
  const team = await getTeam(deps.db, input.teamId);
  if (request.date < localDateAt(deps.clock(), team.timezone)) return webcareText.requestGone;

  const { plan } = await loadPlan(deps.db, input.teamId, request.date, request.date);
  const verdict = judgeTake({
    clickerId: input.clickerId,
    askerId: request.askerId,
    members: membersOn(request.date, plan),
    clickerAway: isAwayOn(plan, input.clickerId, request.date),
  });
  if (!verdict.ok) {
    if (verdict.reason === "own") return webcareText.takeOwn;
    if (verdict.reason === "away") return webcareText.takeAway(request.date);
    return webcareText.takeNotMember(request.date);
  }

  // The winner's transaction also writes what it owes Slack (the outbox):
  // every copy of the request updated, and a DM to the asker and the taker.
  const taken = coverRequestMessage({ ...request, status: "taken", takenBy: input.clickerId });
  const batch = await takeCoverRequest(
    deps.db,
    {
      requestId: request.id,
      teamId: input.teamId,
      date: request.date,
      userId: input.clickerId,
      at: deps.clock(),
    },
    (tx) =>
      enqueue(tx, input.teamId, [
        ...request.messages.map((message): OutboxItem => ({
          kind: "update",
          channel: message.channel,
          ts: message.ts,
          message: taken,
        })),
        {
          kind: "dm",
          userId: request.askerId,
          message: { text: webcareText.takenForAsker(input.clickerId, request.date) },
        },
        {
          kind: "dm",
          userId: input.clickerId,
          message: { text: webcareText.takenForTaker(request.askerId, request.date) },
        },
      ]),
  );
  if (!batch) {
    const now = await findCoverRequest(deps.db, request.id);
    return now?.takenBy ? webcareText.alreadyTaken(now.takenBy, now.date) : webcareText.requestGone;
  }
  // Sent now by this process; should it die first, any replica's outbox worker sends them.
  await deliverOutbox(deps, batch);
  return null;
}
