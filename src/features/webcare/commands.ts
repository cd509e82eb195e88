import { ackThenWork } from "../../slack/busy.ts";
import type { SlackRoutes } from "../../slack/router.ts";
import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { isUniqueViolation } from "../../db/audit.ts";
import { langOf } from "../../i18n/language.ts";
import type { Lang } from "../../i18n/lang.ts";
import { replyPrivately, type Reply } from "../../slack/reply.ts";
import { ensureCanPost } from "../../slack/dm.ts";
import { slackErrorName } from "../../slack/errors.ts";
import { lookupUser } from "../../slack/users.ts";
import {
  addDaysToLocalDate,
  daysBetweenLocalDates,
  isoWeekdayOf,
  localDateAt,
  type LocalDate,
} from "../../shared/local-date.ts";
import { mayManageTeam } from "../roles/access.ts";
import { holdersOf } from "../roles/store.ts";
import { getTeam } from "../settings/store.ts";
import { registerWebcareActions } from "./actions.ts";
import { askForCover } from "./cover-requests.ts";
import { loadDuty, loadPlan, planOf } from "./duty.ts";
import { findUsergroup, setGroupMember } from "./group.ts";
import { webcareText, type WebcareMessages } from "./messages.ts";
import { parseWebcareCommand, type WebcareCommand } from "./parse.ts";
import { judgeCover, mayMarkAway } from "./permissions.ts";
import { dutyDay, dutySchedule } from "./rotation.ts";
import {
  addAbsence,
  deleteGroupLink,
  endAbsences,
  findGroupLink,
  listComingAbsences,
  listRotations,
  saveCover,
  saveGroupLink,
  saveRotation,
} from "./store.ts";
import { absencesReply, scheduleReply, whoReply } from "./views.ts";

/** What an absence reply lists at most (a long leave still reads in one screen). */
const MAX_LISTED_DAYS = 60;

interface Ctx {
  deps: Deps;
  client: WebClient;
  teamId: string;
  actorId: string;
  /** The caller's language: every answer is for them only. */
  lang: Lang;
  t: WebcareMessages;
  timezone: string;
  today: LocalDate;
  isManager(): Promise<boolean>;
  managers(): Promise<string[]>;
}

export function registerWebcare(routes: SlackRoutes, deps: Deps): void {
  routes.command("/webcare", async ({ command, body, ack, respond, client }) => {
    // Ack first: every answer is in the caller's language, read from the database.
    // Its work waits for a running slot detached from this listener (src/slack/busy.ts).
    return ackThenWork(body, ack, async () => {
      const lang = await langOf(deps, client, command.team_id, command.user_id);
      const t = webcareText(lang);
      const parsed = parseWebcareCommand(command.text);
      const reply = (line: Reply | string) => replyPrivately(respond, line);
      if (parsed.kind === "usage") return reply(t.usageFor(parsed.verb, parsed));

      const team = await getTeam(deps.db, command.team_id);
      let manager: Promise<boolean> | null = null;
      const ctx: Ctx = {
        deps,
        client,
        teamId: command.team_id,
        actorId: command.user_id,
        lang,
        t,
        timezone: team.timezone,
        today: localDateAt(deps.clock(), team.timezone),
        isManager: () =>
          (manager ??= mayManageTeam(deps.db, client, command.team_id, command.user_id)),
        managers: () => holdersOf(deps.db, command.team_id, "manager"),
      };
      return reply(await answer(ctx, parsed));
    });
  });
  registerWebcareActions(routes, deps);
}

/** One domain step per command; the reply for the caller. */
async function answer(
  ctx: Ctx,
  parsed: Exclude<WebcareCommand, { kind: "usage" }>,
): Promise<Reply | string> {
  switch (parsed.kind) {
    case "who":
    case "schedule":
      return whoOrSchedule(ctx, parsed);
    case "rotation":
      return setRotation(ctx, parsed);
    case "weekend":
      return setWeekend(ctx, parsed.members);
    case "absences":
      return absencesReply(await listComingAbsences(ctx.deps.db, ctx.teamId, ctx.today), ctx.t);
    case "away":
      return markAway(ctx, parsed);
    case "back":
      return markBack(ctx, parsed.userId);
    case "ask":
      return askForCover(ctx.deps, ctx.client, {
        teamId: ctx.teamId,
        askerId: ctx.actorId,
        date: parsed.date,
        lang: ctx.lang,
      });
    case "cover":
      return setCover(ctx, parsed);
    case "group":
      return linkGroup(ctx, parsed);
    case "groupOff":
      return unlinkGroup(ctx);
  }
}

async function whoOrSchedule(
  ctx: Ctx,
  parsed: Extract<WebcareCommand, { kind: "who" | "schedule" }>,
): Promise<Reply | string> {
  const from = parsed.kind === "who" ? (parsed.date ?? ctx.today) : ctx.today;
  const days = parsed.kind === "who" ? 1 : parsed.days;
  const duty = await loadDuty(ctx.deps.db, ctx.teamId, from, days);
  if (duty.rotations.length === 0) return ctx.t.noRotation;
  if (parsed.kind === "who") {
    const [day] = duty.days;
    return day ? whoReply(day, ctx.today, ctx.t) : ctx.t.noRotation;
  }
  const footer = ctx.t.scheduleFooter(
    duty.settings.handoverTime,
    ctx.timezone,
    duty.settings.channelId,
  );
  return scheduleReply(duty.days, ctx.today, footer, ctx.t);
}

async function setRotation(
  ctx: Ctx,
  parsed: Extract<WebcareCommand, { kind: "rotation" }>,
): Promise<Reply | string> {
  if (!(await ctx.isManager())) return ctx.t.deniedRotation(await ctx.managers());
  for (const member of parsed.members) {
    const problem = await notAPerson(ctx.t, ctx.client, member);
    if (problem) return problem;
  }
  // Promise no channel the bot cannot post in: join a public one now; a
  // private one needs an invitation first, and nothing is stored until then.
  if (parsed.channelId) {
    const access = await ensureCanPost(ctx.client, parsed.channelId);
    if (access !== "member") {
      return typeof access === "string"
        ? ctx.t.rotationChannel(parsed.channelId, access, "")
        : ctx.t.rotationChannel(parsed.channelId, "other", access.other);
    }
  }
  let outcome;
  try {
    outcome = await saveRotation(ctx.deps.db, {
      teamId: ctx.teamId,
      series: "main",
      kind: parsed.weekdaysOnly ? "weekdays" : "daily",
      startDate: ctx.today,
      members: parsed.members,
      handoverTime: parsed.handoverTime,
      channelId: parsed.channelId,
      actorId: ctx.actorId,
    });
  } catch (error) {
    if (isUniqueViolation(error)) return ctx.t.raceLost;
    throw error;
  }
  const rotations = await listRotations(ctx.deps.db, ctx.teamId);
  const plan = planOf(rotations);
  const week = dutySchedule(ctx.today, 7, plan);
  const weekend = rotations.filter((r) => r.series === "weekend").at(-1);
  return ctx.t.rotationSet({
    members: parsed.members,
    startDate: ctx.today,
    time: parsed.handoverTime,
    timezone: ctx.timezone,
    channelId: parsed.channelId,
    replaced: outcome.replaced,
    weekdaysOnly: parsed.weekdaysOnly,
    firstDay: week.find((day) => day.rotation === "main")?.date ?? null,
    hasWeekend: (weekend?.members.length ?? 0) > 0,
  });
}

async function setWeekend(ctx: Ctx, members: string[]): Promise<Reply | string> {
  if (!(await ctx.isManager())) return ctx.t.deniedRotation(await ctx.managers());
  const rotations = await listRotations(ctx.deps.db, ctx.teamId);
  const current = rotations.filter((r) => r.series === "weekend").at(-1);
  if (members.length === 0 && (current?.members.length ?? 0) === 0) {
    return ctx.t.weekendAlreadyOff;
  }
  for (const member of members) {
    const problem = await notAPerson(ctx.t, ctx.client, member);
    if (problem) return problem;
  }
  let outcome;
  try {
    outcome = await saveRotation(ctx.deps.db, {
      teamId: ctx.teamId,
      series: "weekend",
      startDate: ctx.today,
      members,
      handoverTime: "09:00",
      channelId: null,
      actorId: ctx.actorId,
    });
  } catch (error) {
    if (isUniqueViolation(error)) return ctx.t.raceLost;
    throw error;
  }
  const plan = planOf(await listRotations(ctx.deps.db, ctx.teamId));
  const week = dutySchedule(ctx.today, 7, plan);
  if (members.length === 0) {
    const saturday = week.find((day) => isoWeekdayOf(day.date) >= 6);
    return ctx.t.weekendOff(saturday?.status === "closed");
  }
  const firstWeekendDay = week.find((day) => day.rotation === "weekend")?.date ?? ctx.today;
  return ctx.t.weekendSet(members, firstWeekendDay, outcome.replaced);
}

async function markAway(
  ctx: Ctx,
  parsed: Extract<WebcareCommand, { kind: "away" }>,
): Promise<Reply | string> {
  if (!mayMarkAway(ctx.actorId, parsed.userId) && !(await ctx.isManager())) {
    return ctx.t.deniedAway(await ctx.managers());
  }
  if (parsed.to < ctx.today) return ctx.t.awayPast(parsed.to, ctx.today);
  const problem = await notAPerson(ctx.t, ctx.client, parsed.userId);
  if (problem) return problem;
  await addAbsence(ctx.deps.db, {
    teamId: ctx.teamId,
    userId: parsed.userId,
    from: parsed.from,
    to: parsed.to,
    actorId: ctx.actorId,
  });
  // What the absence changes, from today on: each of their days and who has it now.
  const from = parsed.from < ctx.today ? ctx.today : parsed.from;
  const last = addDaysToLocalDate(from, MAX_LISTED_DAYS - 1);
  const to = parsed.to < last ? parsed.to : last;
  const { plan } = await loadPlan(ctx.deps.db, ctx.teamId, from, to);
  const days = dutySchedule(from, daysBetweenLocalDates(from, to) + 1, plan);
  const changes = days
    .filter((day) => day.scheduled === parsed.userId && !day.coveredBy)
    .map((day) => ctx.t.awayChange(day.date, day.onDuty));
  const covers = days.filter((day) => day.coveredBy && day.onDuty === parsed.userId);
  const text = ctx.t.awaySet(parsed.userId, parsed.from, parsed.to, changes);
  return covers.length > 0
    ? `${text}\n${ctx.t.awayStillCovers(covers.map((day) => day.date))}`
    : text;
}

async function markBack(ctx: Ctx, userId: string): Promise<string> {
  if (!mayMarkAway(ctx.actorId, userId) && !(await ctx.isManager())) {
    return ctx.t.deniedAway(await ctx.managers());
  }
  const changed = await endAbsences(ctx.deps.db, {
    teamId: ctx.teamId,
    userId,
    today: ctx.today,
    actorId: ctx.actorId,
  });
  return ctx.t.backDone(userId, changed);
}

async function setCover(
  ctx: Ctx,
  parsed: Extract<WebcareCommand, { kind: "cover" }>,
): Promise<string> {
  if (parsed.date < ctx.today) return ctx.t.coverPast(parsed.date, ctx.today);
  const { rotations, plan } = await loadPlan(ctx.deps.db, ctx.teamId, parsed.date, parsed.date);
  if (rotations.length === 0) return ctx.t.noRotation;
  const day = dutyDay(parsed.date, plan);
  const verdict = judgeCover({ actorId: ctx.actorId, takerId: parsed.userId, day });
  if (!verdict.ok && !(await ctx.isManager())) {
    return verdict.reason === "heldByOther"
      ? ctx.t.coverTaken(verdict.holder, parsed.date, await ctx.managers())
      : ctx.t.deniedCover(day.onDuty ?? day.scheduled, await ctx.managers());
  }
  if (day.rotation === null) return ctx.t.coverClosed(parsed.date);
  const away = (plan.absences ?? []).some(
    (a) => a.userId === parsed.userId && a.from <= parsed.date && parsed.date <= a.to,
  );
  if (away) return ctx.t.coverAway(parsed.userId, parsed.date);
  const problem = await notAPerson(ctx.t, ctx.client, parsed.userId);
  if (problem) return problem;
  // Who would have been on duty without this cover.
  const instead = day.onDuty;
  try {
    await saveCover(ctx.deps.db, {
      teamId: ctx.teamId,
      date: parsed.date,
      userId: parsed.userId,
      actorId: ctx.actorId,
    });
  } catch (error) {
    if (isUniqueViolation(error)) return ctx.t.raceLost;
    throw error;
  }
  return ctx.t.coverSet(parsed.userId, parsed.date, instead);
}

async function linkGroup(
  ctx: Ctx,
  parsed: Extract<WebcareCommand, { kind: "group" }>,
): Promise<string> {
  if (!(await ctx.isManager())) return ctx.t.deniedGroup(await ctx.managers());
  let handle = parsed.handle;
  let onDuty: string | null = null;
  try {
    const group = await findUsergroup(ctx.client, parsed.usergroupId);
    if (!group) return ctx.t.groupNotFound(handle);
    handle = group.handle || handle;
    // Check now that Slack lets us edit it, with today's person when there is one.
    const duty = await loadDuty(ctx.deps.db, ctx.teamId, ctx.today, 1);
    onDuty = duty.days[0]?.onDuty ?? null;
    if (onDuty) await setGroupMember(ctx.client, parsed.usergroupId, onDuty);
  } catch (error) {
    const problem = slackErrorName(error);
    if (!problem) throw error;
    return ctx.t.groupRefused(problem);
  }
  await saveGroupLink(ctx.deps.db, {
    teamId: ctx.teamId,
    usergroupId: parsed.usergroupId,
    handle,
    actorId: ctx.actorId,
  });
  return ctx.t.groupLinked(handle, onDuty);
}

async function unlinkGroup(ctx: Ctx): Promise<string> {
  if (!(await ctx.isManager())) return ctx.t.deniedGroup(await ctx.managers());
  const link = await findGroupLink(ctx.deps.db, ctx.teamId);
  if (!link) return ctx.t.groupNone;
  await deleteGroupLink(ctx.deps.db, { teamId: ctx.teamId, actorId: ctx.actorId, linkId: link.id });
  return ctx.t.groupOff(link.handle);
}

/** The reason a user cannot take webcare duty, or null for a current person. */
async function notAPerson(
  t: WebcareMessages,
  client: WebClient,
  userId: string,
): Promise<string | null> {
  const user = await lookupUser(client, userId);
  if (user.kind === "bot") return t.isBot(userId);
  if (user.kind === "deleted") return t.isDeleted(userId);
  if (user.kind === "unknown") return t.isUnknown(userId);
  return null;
}
