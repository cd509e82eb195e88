import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { dueDailyPeriod } from "../../scheduler/due.ts";
import { JobFailure } from "../../scheduler/failure.ts";
import type { Job } from "../../scheduler/job.ts";
import { forEachBounded, TEAM_CONCURRENCY } from "../../scheduler/parallel.ts";
import { onceOrThrow } from "../../scheduler/ledger.ts";
import { addDaysToLocalDate, localDateAt, type LocalDate } from "../../shared/local-date.ts";
import { postJoining, sendDirectMessage } from "../../slack/dm.ts";
import { classifySlackError, slackErrorName } from "../../slack/errors.ts";
import { tellManagersOnce } from "../../slack/outbox/index.ts";
import { lookupUser, type SlackUser } from "../../slack/users.ts";
import { getTeam } from "../settings/store.ts";
import { loadPlan, settingsOn, type HandoverSettings } from "./duty.ts";
import { lastingGroupProblem, setGroupMember } from "./group.ts";
import { langOf, teamLangOf } from "../../i18n/language.ts";
import { webcareText } from "./messages.ts";
import { tellManagers } from "./notify.ts";
import { dutySchedule, type DutyDay } from "./rotation.ts";
import { servedOwed, teamsOwedAHandover, webcareQuiet } from "./owed.ts";
import { deleteGroupLink, findGroupLink, listRotations } from "./store.ts";
import { reminderMessage } from "./views.ts";

/**
 * The daily webcare hand-over. For every team with a rotation, once the day's
 * hand-over time has passed in the team's timezone (and until the day ends —
 * the catch-up after a restart): a DM to the person on duty, a one-line
 * announcement in the duty channel, and the linked user group set to that
 * person. A closed day sends nothing; a gap (everyone away) is announced as
 * such and the managers hear of it from `webcare-notices`. Each message is
 * claimed in the ledger before it is sent, so it goes out once whatever the
 * number of replicas, restarts and `jobs run` calls.
 *
 * Ledger keys (job / scope / period):
 * - `webcare-reminder` / teamId / local date — the DM;
 * - `webcare-announcement` / teamId/channelId / local date — the channel line;
 * - `webcare-group` / teamId/usergroupId / local date — the user group update;
 * - `notice:duty-channel` / teamId/channelId / `once` — managers told the bot
 *   cannot post in the duty channel (once per channel, ever);
 * - `notice:duty-member-left` / teamId/userId / local date — managers told the
 *   person on duty has left;
 * - `notice:webcare-group` / teamId/link id / `once` — managers told Slack
 *   refused the user group, and the link turned off.
 *
 * A person on duty who has left the workspace (or is a bot or unknown) is not
 * replaced by the next one: the rotation is a published plan (`/webcare
 * schedule`), and quietly shifting it would put someone on duty who was told
 * otherwise. The day reads "nobody" in the channel and managers are told to
 * set a cover and a new rotation. (An absence, announced in advance, is what
 * moves a day to the next person.)
 */
export const webcareRemindersJob: Job = {
  name: "webcare-reminders",
  run: runWebcareReminders,
  // Nothing owed since an earlier tick, nothing changed, no hand-over come (./owed.ts).
  idle: (_probe, deps, now) => webcareQuiet(deps, now),
};

/** Slack's answers that mean "the bot cannot post in that channel". */
const CHANNEL_PROBLEMS = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
  "restricted_action",
  "restricted_action_read_only_channel",
]);

export async function runWebcareReminders(deps: Deps, now: Date): Promise<string[]> {
  const sent: string[] = [];
  const failures: string[] = [];
  // Set-based (src/features/webcare/owed.ts): a fixed number of queries finds
  // the teams owed a hand-over, whatever the number of teams.
  const owed = servedOwed(deps, await teamsOwedAHandover(deps.db, now, deps.tickMemo), failures);
  await forEachBounded(owed, TEAM_CONCURRENCY, (team) =>
    remindTeam(deps, team.teamId, now, sent, failures, {
      period: team.period,
      day: team.days[0] as DutyDay,
      settings: team.settings,
    }),
  );
  if (failures.length > 0) {
    throw new JobFailure(`webcare-reminders: ${failures.join("; ")}`, sent);
  }
  return sent;
}

/** Runs each step of a team's run, recording a failure without stopping the others. */
export function stepRunner(deps: Deps, job: string, teamId: string, failures: string[]) {
  const record = (what: string, error: unknown) => {
    const reason = slackErrorName(error) ?? (error instanceof Error ? error.message : error);
    deps.logger.error(`${job}: ${teamId} ${what} failed: ${String(reason)}`);
    failures.push(`${teamId} ${what}: ${String(reason)}`);
  };
  return {
    record,
    async attempt(what: string, step: () => Promise<void>): Promise<void> {
      try {
        await step();
      } catch (error) {
        record(what, error);
      }
    },
  };
}

async function remindTeam(
  deps: Deps,
  teamId: string,
  now: Date,
  sent: string[],
  failures: string[],
  /** Today's duty as the set-based look computed it (read again when absent). */
  computed?: Plan,
): Promise<void> {
  const { record, attempt } = stepRunner(deps, "webcare-reminders", teamId, failures);
  let plan: Plan | null;
  try {
    plan = computed ?? (await dueOn(deps, teamId, now, 0));
  } catch (error) {
    record("reading the rotation", error);
    return;
  }
  if (!plan || plan.day.status === "closed") return;
  const { period, day, settings } = plan;
  const onDuty = day.onDuty;
  let slack: WebClient;
  try {
    slack = await deps.slackFor(teamId);
  } catch (error) {
    record("reaching Slack", error);
    return;
  }

  // users.info once, and only once something is to be sent.
  let person: Promise<SlackUser> | null = null;
  const personOnDuty = () =>
    (person ??= onDuty ? lookupUser(slack, onDuty) : Promise.reject(new Error("nobody on duty")));

  let skippedToday = false;
  if (onDuty) {
    await attempt(`reminding ${onDuty}`, async () => {
      try {
        const outcome = await onceOrThrow(
          deps.db,
          { job: "webcare-reminder", scope: teamId, period },
          async (started) => {
            const user = await personOnDuty();
            if (user.kind !== "person") {
              skippedToday = true;
              return `${teamId} ${period}: skipped: ${onDuty} is ${user.kind}`;
            }
            // The DM is the person's own: in their language.
            const t = webcareText(await langOf(deps, slack, teamId, onDuty));
            if (!(await started())) return null;
            await sendDirectMessage(slack, onDuty, reminderMessage(day, settings.handoverTime, t));
            return `${teamId} ${period}: webcare reminder sent to ${onDuty} by DM (handed over by ${day.handedOverBy ?? "nobody"}, next ${day.next ?? "nobody"})`;
          },
          (line) => line ?? undefined,
        );
        if (outcome.ran && outcome.value) sent.push(outcome.value);
      } catch (error) {
        // Refused for good (the person cannot be reached): the managers are told once.
        await tellManagersOnce(
          deps,
          { teamId, kind: "dm", target: onDuty },
          { class: classifySlackError(error), code: slackErrorName(error) ?? "unknown" },
        );
        throw error;
      }
    });
  }

  if (settings.channelId) {
    const channel = settings.channelId;
    await attempt(`announcing in ${channel}`, async () => {
      try {
        const outcome = await onceOrThrow(
          deps.db,
          { job: "webcare-announcement", scope: `${teamId}/${channel}`, period },
          async (started) => {
            // A channel post: in the team's language.
            const t = webcareText(await teamLangOf(deps, teamId));
            const time = settings.handoverTime;
            const text = !onDuty
              ? t.announcementGap(period, time)
              : (await personOnDuty()).kind !== "person"
                ? t.announcementLeft(period, time, onDuty)
                : t.announcement(period, time, onDuty);
            if (!(await started())) return null;
            // A public channel the bot is not in is joined first.
            await postJoining(slack, channel, { text });
            return `${teamId} ${period}: webcare duty announced in ${channel}`;
          },
          (line) => line ?? undefined,
        );
        if (outcome.ran && outcome.value) sent.push(outcome.value);
      } catch (error) {
        const problem = slackErrorName(error);
        if (!problem || !CHANNEL_PROBLEMS.has(problem)) throw error;
        // The DM went out already; tell the managers how to fix the channel, once.
        await tellManagers(
          deps,
          {
            slack,
            teamId,
            fallback: settings.setBy,
            key: { job: "notice:duty-channel", scope: `${teamId}/${channel}`, period: "once" },
            reply: (t) => ({ text: t.noticeChannel(channel, problem) }),
            about: `cannot post in ${channel} (${problem})`,
          },
          sent,
        );
      }
    });
  }

  if (onDuty) {
    await attempt("updating the duty user group", () =>
      updateGroup(deps, { slack, teamId, period, onDuty, settings, personOnDuty }, sent),
    );
  }

  // Only the run that skipped the DM tells the managers (no users.info on every later tick).
  await attempt("telling managers about a member who left", async () => {
    if (!skippedToday || !onDuty) return;
    await tellManagers(
      deps,
      {
        slack,
        teamId,
        fallback: settings.setBy,
        key: { job: "notice:duty-member-left", scope: `${teamId}/${onDuty}`, period },
        reply: (t) => ({ text: t.noticeLeft(period, onDuty) }),
        about: `${onDuty} on duty ${period} has left`,
      },
      sent,
    );
  });
}

/**
 * Sets the linked user group to the person on duty, once per day. The call is
 * idempotent, so any failure short of Slack's answer is retried next tick;
 * a lasting refusal turns the link off and tells the managers once.
 */
async function updateGroup(
  deps: Deps,
  input: {
    slack: WebClient;
    teamId: string;
    period: LocalDate;
    onDuty: string;
    settings: HandoverSettings;
    personOnDuty: () => Promise<SlackUser>;
  },
  sent: string[],
): Promise<void> {
  const { teamId, period, onDuty } = input;
  const link = await findGroupLink(deps.db, teamId);
  if (!link) return;
  try {
    // Setting a group's members is safe to repeat: no started() mark, so any
    // failure short of a refusal is given back and retried next tick.
    const outcome = await onceOrThrow(
      deps.db,
      { job: "webcare-group", scope: `${teamId}/${link.usergroupId}`, period },
      async () => {
        if ((await input.personOnDuty()).kind !== "person") {
          return `${teamId} ${period}: user group left as it was (${onDuty} has left)`;
        }
        await setGroupMember(input.slack, link.usergroupId, onDuty);
        return `${teamId} ${period}: user group @${link.handle} set to ${onDuty}`;
      },
      (line) => line,
    );
    if (outcome.ran) sent.push(outcome.value);
  } catch (error) {
    const problem = lastingGroupProblem(error);
    if (!problem) throw error;
    await deleteGroupLink(deps.db, { teamId, actorId: "system", linkId: link.id, reason: problem });
    await tellManagers(
      deps,
      {
        slack: input.slack,
        teamId,
        fallback: link.setBy,
        key: { job: "notice:webcare-group", scope: `${teamId}/${link.id}`, period: "once" },
        reply: (t) => ({ text: t.groupNotice(link.handle, problem) }),
        about: `the user group @${link.handle} was refused (${problem}) and unlinked`,
      },
      sent,
    );
  }
}

export interface Plan {
  /** The local date whose hand-over time has passed. */
  period: LocalDate;
  /** The duty `offset` days after `period` (0: today's, 1: tomorrow's). */
  day: DutyDay;
  settings: HandoverSettings;
}

/**
 * When today's hand-over time has passed in the team's timezone: the duty
 * `offset` days from today, with the hand-over settings; else null.
 */
export async function dueOn(
  deps: Deps,
  teamId: string,
  now: Date,
  offset: number,
  days = 1,
): Promise<(Plan & { days: DutyDay[] }) | null> {
  const team = await getTeam(deps.db, teamId);
  const rotations = await listRotations(deps.db, teamId);
  if (rotations.length === 0) return null;
  const settings = settingsOn(localDateAt(now, team.timezone), rotations);
  const period = dueDailyPeriod(now, settings.handoverTime, team.timezone);
  if (period === null) return null;
  const first = addDaysToLocalDate(period, offset);
  const { plan } = await loadPlan(deps.db, teamId, first, addDaysToLocalDate(first, days - 1));
  const list = dutySchedule(first, days, plan);
  return { period, day: list[0] as DutyDay, days: list, settings };
}
