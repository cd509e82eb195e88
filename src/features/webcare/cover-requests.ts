import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { localDateAt, type LocalDate } from "../../shared/local-date.ts";
import type { Reply } from "../../slack/reply.ts";
import { postJoining, sendDirectMessage } from "../../slack/dm.ts";
import { classifySlackError } from "../../slack/errors.ts";
import { deliverOutbox, enqueue, type OutboxItem } from "../../slack/outbox/index.ts";
import { asLang, type Lang } from "../../i18n/lang.ts";
import { langsOf, storedLangsOf, teamLangOf } from "../../i18n/language.ts";
import { findTeamLanguage } from "../../i18n/store.ts";
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

/**
 * `/webcare ask DATE` or an Ask for cover click: returns what to tell the
 * asker, in `lang` (theirs). The request is posted in the team's language in
 * the duty channel, or in each member's own by DM.
 */
export async function askForCover(
  deps: Deps,
  client: WebClient,
  input: { teamId: string; askerId: string; date: LocalDate; lang: Lang },
): Promise<Reply | string> {
  const { teamId, askerId, date } = input;
  const t = webcareText(input.lang);
  const team = await getTeam(deps.db, teamId);
  const today = localDateAt(deps.clock(), team.timezone);
  if (date < today) return t.askPast(date, today);
  const duty = await loadDuty(deps.db, teamId, date, 1);
  if (duty.rotations.length === 0) return t.noRotation;
  const day = duty.days[0];
  if (!day || day.onDuty !== askerId) return t.askNotYours(date, day?.onDuty ?? null);
  const candidates = membersOn(date, duty.plan).filter(
    (userId) => userId !== askerId && !isAwayOn(duty.plan, userId, date),
  );
  if (candidates.length === 0) return t.askNobody(date);

  const { request, created } = await openCoverRequest(deps.db, { teamId, date, askerId });
  if (!created) return t.askAlreadyOpen(date);

  const channelId = settingsOn(date, duty.rotations).channelId;
  if (channelId) {
    try {
      const lang = await teamLangOf(deps, teamId);
      const message = coverRequestMessage(request, webcareText(lang));
      const posted = await postJoining(client, channelId, message);
      await addCoverRequestMessage(deps.db, request.id, { ...posted, lang });
      return t.askPosted(date, channelId, 0);
    } catch (error) {
      // A channel the bot cannot post in: ask the members directly instead.
      if (classifySlackError(error) !== "permanent") throw error;
      deps.logger.warn(
        `webcare: cover request for ${date} not posted in ${channelId}: ${String(error)}`,
      );
    }
  }
  let reached = 0;
  const langs = await langsOf(deps, client, teamId, candidates);
  for (const userId of candidates) {
    try {
      const lang = langs.get(userId) ?? input.lang;
      const message = coverRequestMessage(request, webcareText(lang));
      const posted = await sendDirectMessage(client, userId, message);
      await addCoverRequestMessage(deps.db, request.id, { ...posted, lang });
      reached += 1;
    } catch (error) {
      deps.logger.warn(
        `webcare: cover request for ${date} not sent to ${userId}: ${String(error)}`,
      );
    }
  }
  if (reached === 0) {
    await closeCoverRequest(deps.db, request.id);
    return t.askFailed;
  }
  return t.askPosted(date, null, reached);
}

/**
 * An "I'll cover" click. Returns the private answer for the clicker, or null
 * when they won (the request itself and their DM say so).
 */
/**
 * An "I'll cover" click. Returns the private answer for the clicker (in
 * `lang`, theirs), or null when they won (the request itself and their DM
 * say so).
 */
export async function takeCover(
  deps: Deps,
  input: { teamId: string; clickerId: string; requestId: number; lang: Lang },
): Promise<string | null> {
  const t = webcareText(input.lang);
  const request = await findCoverRequest(deps.db, input.requestId);
  if (!request || request.teamId !== input.teamId) return t.requestGone;
  if (request.status === "taken" && request.takenBy) {
    return t.alreadyTaken(request.takenBy, request.date);
  }
  if (request.status !== "open") return t.requestGone;
  const team = await getTeam(deps.db, input.teamId);
  if (request.date < localDateAt(deps.clock(), team.timezone)) return t.requestGone;

  const { plan } = await loadPlan(deps.db, input.teamId, request.date, request.date);
  const verdict = judgeTake({
    clickerId: input.clickerId,
    askerId: request.askerId,
    members: membersOn(request.date, plan),
    clickerAway: isAwayOn(plan, input.clickerId, request.date),
  });
  if (!verdict.ok) {
    if (verdict.reason === "own") return t.takeOwn;
    if (verdict.reason === "away") return t.takeAway(request.date);
    return t.takeNotMember(request.date);
  }

  // The winner's transaction also writes what it owes Slack (the outbox):
  // every copy of the request updated (each in the language it was written
  // in), and a DM to the asker and the taker in theirs.
  const taken = { ...request, status: "taken" as const, takenBy: input.clickerId };
  const batch = await takeCoverRequest(
    deps.db,
    {
      requestId: request.id,
      teamId: input.teamId,
      date: request.date,
      userId: input.clickerId,
      at: deps.clock(),
    },
    async (tx) => {
      // No Slack call inside the transaction: the languages as the database knows them.
      const langs = await storedLangsOf(tx, input.teamId, [request.askerId, input.clickerId]);
      const teamLang = request.messages.some((m) => m.lang === null)
        ? await findTeamLanguage(tx, input.teamId)
        : null;
      const textOf = (userId: string) => webcareText(langs.get(userId) ?? input.lang);
      return enqueue(tx, input.teamId, [
        ...request.messages.map((message): OutboxItem => ({
          kind: "update",
          channel: message.channel,
          ts: message.ts,
          message: coverRequestMessage(taken, webcareText(asLang(message.lang ?? teamLang))),
        })),
        {
          kind: "dm",
          userId: request.askerId,
          message: { text: textOf(request.askerId).takenForAsker(input.clickerId, request.date) },
        },
        {
          kind: "dm",
          userId: input.clickerId,
          message: { text: textOf(input.clickerId).takenForTaker(request.askerId, request.date) },
        },
      ]);
    },
  );
  if (!batch) {
    const now = await findCoverRequest(deps.db, request.id);
    return now?.takenBy ? t.alreadyTaken(now.takenBy, now.date) : t.requestGone;
  }
  // Sent now by this process; should it die first, any replica's outbox worker sends them.
  await deliverOutbox(deps, batch);
  return null;
}
