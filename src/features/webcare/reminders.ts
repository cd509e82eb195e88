import type { WebClient } from "@slack/web-api";
import { servedTeams, type Deps } from "../../deps.ts";
import { dueDailyPeriod } from "../../scheduler/due.ts";
import { JobFailure } from "../../scheduler/failure.ts";
import type { Job } from "../../scheduler/job.ts";
import { once, type Claim } from "../../scheduler/ledger.ts";
import { addDaysToLocalDate, localDateAt, type LocalDate } from "../../shared/local-date.ts";
import type { Reply } from "../../slack/reply.ts";
import { postJoining, sendDirectMessage } from "../../slack/dm.ts";
import { slackErrorText } from "../../slack/errors.ts";
import { tellManagersOnce } from "../../slack/outbox/index.ts";
import { lookupUser, type SlackUser } from "../../slack/users.ts";
import { holdersOf } from "../roles/store.ts";
import { getTeam } from "../settings/store.ts";
import { versionOn } from "./duty.ts";
import { webcareText } from "./messages.ts";
import { dutyDay, type DutyDay } from "./rotation.ts";
import { listCovers, listRotations, teamsWithRotation, type StoredRotation } from "./store.ts";
import { reminderMessage } from "./views.ts";

/**
 * The daily webcare reminder. For every team with a rotation, once the day's
 * hand-over time has passed in the team's timezone (and until the day ends —
 * the catch-up after a restart): a DM to the person on duty and a one-line
 * announcement in the duty channel. Each message is claimed in the ledger
 * before it is sent, so it goes out once whatever the number of replicas,
 * restarts and `jobs run` calls.
 *
 * Ledger keys (job / scope / period):
 * - `webcare-reminder` / teamId / local date — the DM;
 * - `webcare-announcement` / teamId/channelId / local date — the channel line;
 * - `notice:duty-channel` / teamId/channelId / `once` — managers told the bot
 *   cannot post in the duty channel (once per channel, ever);
 * - `notice:duty-member-left` / teamId/userId / local date — managers told the
 *   person on duty has left.
 *
 * A person on duty who has left the workspace (or is a bot or unknown) is not
 * replaced by the next one: the rotation is a published plan (`/webcare
 * schedule`), and quietly shifting it would put someone on duty who was told
 * otherwise. The day reads "nobody" in the channel and managers are told to
 * set a cover and a new rotation.
 */
export const webcareRemindersJob: Job = {
  name: "webcare-reminders",
  run: runWebcareReminders,
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
  for (const teamId of servedTeams(deps, await teamsWithRotation(deps.db))) {
    await remindTeam(deps, teamId, now, sent, failures);
  }
  if (failures.length > 0) {
    throw new JobFailure(`webcare-reminders: ${failures.join("; ")}`, sent);
  }
  return sent;
}

async function remindTeam(
  deps: Deps,
  teamId: string,
  now: Date,
  sent: string[],
  failures: string[],
): Promise<void> {
  const record = (what: string, error: unknown) => {
    const reason = slackErrorText(error);
    deps.logger.error(`webcare-reminders: ${teamId} ${what} failed: ${reason}`);
    failures.push(`${teamId} ${what}: ${reason}`);
  };
  const attempt = async (what: string, step: () => Promise<void>) => {
    try {
      await step();
    } catch (error) {
      record(what, error);
    }
  };

  let plan: Plan | null;
  try {
    plan = await dueToday(deps, teamId, now);
  } catch (error) {
    record("reading the rotation", error);
    return;
  }
  if (!plan) return;
  const { period, day: due, rotation: version, onDuty } = plan;
  let slack: WebClient;
  try {
    slack = await deps.slackFor(teamId);
  } catch (error) {
    record("reaching Slack", error);
    return;
  }

  // users.info once, and only once something is to be sent.
  let person: Promise<SlackUser> | null = null;
  const personOnDuty = () => (person ??= lookupUser(slack, onDuty));

  let skippedToday = false;
  await attempt(`reminding ${onDuty}`, async () => {
    const outcome = await once(
      deps.db,
      { job: "webcare-reminder", scope: teamId, period },
      async (started) => {
        const user = await personOnDuty();
        if (user.kind !== "person") {
          skippedToday = true;
          return `${teamId} ${period}: skipped: ${onDuty} is ${user.kind}`;
        }
        if (!(await started())) return null;
        await sendDirectMessage(slack, onDuty, reminderMessage(due));
        return `${teamId} ${period}: webcare reminder sent to ${onDuty} by DM (handed over by ${due.handedOverBy ?? "nobody"}, next ${due.next ?? "nobody"})`;
      },
      (line) => line ?? undefined,
    );
    if (!outcome.ran) return;
    if ("failed" in outcome) {
      await tellManagersOnce(deps, { teamId, kind: "dm", target: onDuty }, outcome.failed);
      throw outcome.error;
    }
    if (outcome.value) sent.push(outcome.value);
  });

  const left = async () => (await personOnDuty()).kind !== "person";

  if (version.channelId) {
    const channel = version.channelId;
    await attempt(`announcing in ${channel}`, async () => {
      const outcome = await once(
        deps.db,
        { job: "webcare-announcement", scope: `${teamId}/${channel}`, period },
        async (started) => {
          const text = (await left())
            ? webcareText.announcementLeft(period, onDuty)
            : webcareText.announcement(period, onDuty);
          if (!(await started())) return null;
          // A public channel the bot is not in is joined first.
          await postJoining(slack, channel, { text });
          return `${teamId} ${period}: webcare duty announced in ${channel}`;
        },
        (line) => line ?? undefined,
      );
      if (!outcome.ran) return;
      if ("failed" in outcome) {
        const problem = outcome.failed.code;
        if (outcome.failed.class !== "permanent" || !CHANNEL_PROBLEMS.has(problem)) {
          throw outcome.error;
        }
        // The DM went out already; tell the managers how to fix the channel, once.
        await tellManagers(
          deps,
          slack,
          version,
          teamId,
          { job: "notice:duty-channel", scope: `${teamId}/${channel}`, period: "once" },
          { text: webcareText.noticeChannel(channel, problem) },
          `cannot post in ${channel} (${problem})`,
          sent,
        );
        return;
      }
      if (outcome.value) sent.push(outcome.value);
    });
  }

  // Only the run that skipped the DM tells the managers (no users.info on every later tick).
  await attempt("telling managers about a member who left", async () => {
    if (!skippedToday) return;
    await tellManagers(
      deps,
      slack,
      version,
      teamId,
      { job: "notice:duty-member-left", scope: `${teamId}/${onDuty}`, period },
      { text: webcareText.noticeLeft(period, onDuty) },
      `${onDuty} on duty ${period} has left`,
      sent,
    );
  });
}

interface Plan {
  period: LocalDate;
  day: DutyDay;
  rotation: StoredRotation;
  onDuty: string;
}

/** Today's duty when its hand-over time has passed in the team's timezone, else null. */
async function dueToday(deps: Deps, teamId: string, now: Date): Promise<Plan | null> {
  const team = await getTeam(deps.db, teamId);
  const rotations = await listRotations(deps.db, teamId);
  const rotation = versionOn(localDateAt(now, team.timezone), rotations);
  if (!rotation) return null;
  const period = dueDailyPeriod(now, rotation.handoverTime, team.timezone);
  if (period === null) return null;
  const covers = await listCovers(
    deps.db,
    teamId,
    addDaysToLocalDate(period, -1),
    addDaysToLocalDate(period, 1),
  );
  const day = dutyDay(period, rotations, covers);
  return day.onDuty ? { period, day, rotation, onDuty: day.onDuty } : null;
}

/** DMs the team's managers (or, with none, whoever set the rotation), once per `key`. */
async function tellManagers(
  deps: Deps,
  slack: WebClient,
  rotation: StoredRotation,
  teamId: string,
  key: Claim,
  reply: Reply,
  about: string,
  sent: string[],
): Promise<void> {
  const outcome = await once(
    deps.db,
    key,
    async (started) => {
      const managers = await holdersOf(deps.db, teamId, "manager");
      const recipients = managers.length > 0 ? managers : [rotation.setBy];
      if (!(await started())) return null;
      const told: string[] = [];
      let firstError: unknown = null;
      for (const userId of recipients) {
        try {
          await sendDirectMessage(slack, userId, reply);
          told.push(userId);
        } catch (error) {
          firstError ??= error;
          deps.logger.warn(`could not tell ${userId} that ${about}: ${String(error)}`);
        }
      }
      // Nobody reached: give the notice back (or record it failed) like any send.
      if (told.length === 0 && firstError !== null) throw firstError;
      return `${teamId}: told ${told.join(", ")} that ${about}`;
    },
    (line) => line ?? undefined,
  );
  if (!outcome.ran) return;
  if ("failed" in outcome) throw outcome.error;
  if (outcome.value) sent.push(outcome.value);
}
