import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { isUniqueViolation } from "../../db/audit.ts";
import { replyPrivately } from "../../slack/reply.ts";
import { lookupUser } from "../../slack/users.ts";
import { localDateAt } from "../../shared/local-date.ts";
import { mayManageTeam } from "../roles/access.ts";
import { holdersOf } from "../roles/store.ts";
import { getTeam } from "../settings/store.ts";
import { loadDuty } from "./duty.ts";
import { webcareText } from "./messages.ts";
import { parseWebcareCommand } from "./parse.ts";
import { dutyOn } from "./rotation.ts";
import { saveCover, saveRotation } from "./store.ts";
import { scheduleReply, whoReply } from "./views.ts";

export function registerWebcare(app: App, deps: Deps): void {
  app.command("/webcare", async ({ command, ack, respond, client }) => {
    await ack();
    const teamId = command.team_id;
    const actorId = command.user_id;
    const parsed = parseWebcareCommand(command.text);
    const reply = (line: Parameters<typeof replyPrivately>[1]) => replyPrivately(respond, line);

    if (parsed.kind === "usage") return reply(webcareText.usageFor(parsed.verb, parsed));

    const team = await getTeam(deps.db, teamId);
    const today = localDateAt(deps.clock(), team.timezone);

    if (parsed.kind === "who" || parsed.kind === "schedule") {
      const from = parsed.kind === "who" ? (parsed.date ?? today) : today;
      const days = parsed.kind === "who" ? 1 : parsed.days;
      const duty = await loadDuty(deps.db, teamId, from, days);
      if (duty.rotations.length === 0) return reply(webcareText.noRotation);
      if (parsed.kind === "who") {
        const [day] = duty.days;
        return day ? reply(whoReply(day, today)) : reply(webcareText.noRotation);
      }
      const latest = duty.current ?? duty.rotations[duty.rotations.length - 1];
      const footer = webcareText.scheduleFooter(
        latest?.handoverTime ?? "09:00",
        team.timezone,
        latest?.channelId ?? null,
      );
      return reply(scheduleReply(duty.days, today, footer));
    }

    if (parsed.kind === "rotation") {
      const mayManage = await mayManageTeam(deps.db, client, teamId, actorId);
      if (!mayManage) {
        return reply(webcareText.deniedRotation(await holdersOf(deps.db, teamId, "manager")));
      }
      for (const member of parsed.members) {
        const problem = await notAPerson(client, member);
        if (problem) return reply(problem);
      }
      let outcome;
      try {
        outcome = await saveRotation(deps.db, {
          teamId,
          startDate: today,
          members: parsed.members,
          handoverTime: parsed.handoverTime,
          channelId: parsed.channelId,
          actorId,
        });
      } catch (error) {
        if (isUniqueViolation(error)) return reply(webcareText.raceLost);
        throw error;
      }
      return reply(
        webcareText.rotationSet(
          parsed.members,
          today,
          parsed.handoverTime,
          team.timezone,
          parsed.channelId,
          outcome.replaced,
        ),
      );
    }

    // cover
    if (parsed.date < today) return reply(webcareText.coverPast(parsed.date, today));
    if (parsed.userId !== actorId) {
      const mayManage = await mayManageTeam(deps.db, client, teamId, actorId);
      if (!mayManage) {
        return reply(webcareText.deniedCover(await holdersOf(deps.db, teamId, "manager")));
      }
    }
    const problem = await notAPerson(client, parsed.userId);
    if (problem) return reply(problem);
    const duty = await loadDuty(deps.db, teamId, parsed.date, 1);
    if (duty.rotations.length === 0) return reply(webcareText.noRotation);
    // Who the rotation alone would have put on duty that day (covers aside).
    const instead = dutyOn(parsed.date, duty.rotations, []);
    try {
      await saveCover(deps.db, { teamId, date: parsed.date, userId: parsed.userId, actorId });
    } catch (error) {
      if (isUniqueViolation(error)) return reply(webcareText.raceLost);
      throw error;
    }
    return reply(webcareText.coverSet(parsed.userId, parsed.date, instead));
  });
}

/** The reason a user cannot take webcare duty, or null for a current person. */
async function notAPerson(client: WebClient, userId: string): Promise<string | null> {
  const user = await lookupUser(client, userId);
  if (user.kind === "bot") return webcareText.isBot(userId);
  if (user.kind === "deleted") return webcareText.isDeleted(userId);
  if (user.kind === "unknown") return webcareText.isUnknown(userId);
  return null;
}
