import type { WebClient } from "@slack/web-api";
import type { Db } from "../../db/database.ts";
import { servedTeams, type Deps } from "../../deps.ts";
import { dueDailyPeriod } from "../../scheduler/due.ts";
import { JobFailure } from "../../scheduler/failure.ts";
import type { Job } from "../../scheduler/job.ts";
import { ledgerKey, once, settledKeys, type Claim } from "../../scheduler/ledger.ts";
import { forEachBounded, TEAM_CONCURRENCY } from "../../scheduler/parallel.ts";
import { addDaysToLocalDate, localDateAt, type LocalDate } from "../../shared/local-date.ts";
import type { Reply } from "../../slack/reply.ts";
import {
  postInChannel,
  retryableSlackFailure,
  sendDirectMessage,
  slackPlatformError,
} from "../../slack/send.ts";
import { lookupUser, type SlackUser } from "../../slack/users.ts";
import { holdersOf } from "../roles/store.ts";
import { getTeam, teamSchedules } from "../settings/store.ts";
import { versionOn } from "./duty.ts";
import { webcareText } from "./messages.ts";
import { dutyDay, type DutyDay } from "./rotation.ts";
import { allRotationTimes, listCovers, listRotations, type StoredRotation } from "./store.ts";
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
  const owed = servedTeams(deps, await teamsOwedAReminder(deps.db, now));
  await forEachBounded(owed, TEAM_CONCURRENCY, (teamId) =>
    remindTeam(deps, teamId, now, sent, failures),
  );
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
    const reason = slackPlatformError(error) ?? (error instanceof Error ? error.message : error);
    deps.logger.error(`webcare-reminders: ${teamId} ${what} failed: ${String(reason)}`);
    failures.push(`${teamId} ${what}: ${String(reason)}`);
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
      async () => {
        const user = await personOnDuty();
        if (user.kind !== "person") {
          skippedToday = true;
          return `${teamId} ${period}: skipped: ${onDuty} is ${user.kind}`;
        }
        await sendDirectMessage(slack, onDuty, reminderMessage(due));
        return `${teamId} ${period}: webcare reminder sent to ${onDuty} by DM (handed over by ${due.handedOverBy ?? "nobody"}, next ${due.next ?? "nobody"})`;
      },
      retryableSlackFailure,
      (line) => line,
    );
    if (outcome.ran) sent.push(outcome.value);
  });

  const left = async () => (await personOnDuty()).kind !== "person";

  if (version.channelId) {
    const channel = version.channelId;
    await attempt(`announcing in ${channel}`, async () => {
      try {
        const outcome = await once(
          deps.db,
          { job: "webcare-announcement", scope: `${teamId}/${channel}`, period },
          async () => {
            const text = (await left())
              ? webcareText.announcementLeft(period, onDuty)
              : webcareText.announcement(period, onDuty);
            await postInChannel(slack, channel, { text });
            return `${teamId} ${period}: webcare duty announced in ${channel}`;
          },
          retryableSlackFailure,
          (line) => line,
        );
        if (outcome.ran) sent.push(outcome.value);
      } catch (error) {
        const problem = slackPlatformError(error);
        if (!problem || !CHANNEL_PROBLEMS.has(problem)) throw error;
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
      }
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

/**
 * The installed teams whose hand-over has passed today and whose reminder or
 * announcement is not settled in the ledger yet — found with three queries
 * (teams, rotations, ledger) however many teams there are, so a tick with
 * nothing due costs the same for 1 team or 1,000. The team's own work (who
 * is on duty, covers, sending) then runs only for these.
 */
export async function teamsOwedAReminder(db: Db, now: Date): Promise<string[]> {
  const [teams, rotations] = await Promise.all([teamSchedules(db), allRotationTimes(db)]);
  const today = new Map<string, LocalDate>();
  const dueBy = new Map<string, LocalDate | null>();
  const candidates: Array<{ teamId: string; period: LocalDate; channelId: string | null }> = [];
  let index = 0;
  while (index < rotations.length) {
    const teamId = (rotations[index] as { teamId: string }).teamId;
    let end = index;
    while (end < rotations.length && rotations[end]?.teamId === teamId) end += 1;
    const team = teams.of(teamId);
    if (team) {
      let date = today.get(team.timezone);
      if (date === undefined) {
        date = localDateAt(now, team.timezone);
        today.set(team.timezone, date);
      }
      // The version in force today: the last one started on or before it.
      const version = rotations.slice(index, end).findLast((r) => r.startDate <= date);
      if (version) {
        const key = `${team.timezone}|${version.handoverTime}`;
        if (!dueBy.has(key)) {
          dueBy.set(key, dueDailyPeriod(now, version.handoverTime, team.timezone));
        }
        const period = dueBy.get(key);
        if (period) candidates.push({ teamId, period, channelId: version.channelId });
      }
    }
    index = end;
  }
  const settled = await settledKeys(
    db,
    ["webcare-reminder", "webcare-announcement"],
    candidates.map((c) => c.period),
    now,
  );
  return candidates
    .filter(
      ({ teamId, period, channelId }) =>
        !settled.has(ledgerKey({ job: "webcare-reminder", scope: teamId, period })) ||
        (channelId !== null &&
          !settled.has(
            ledgerKey({ job: "webcare-announcement", scope: `${teamId}/${channelId}`, period }),
          )),
    )
    .map((c) => c.teamId);
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
    async () => {
      const managers = await holdersOf(deps.db, teamId, "manager");
      const recipients = managers.length > 0 ? managers : [rotation.setBy];
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
    retryableSlackFailure,
    (line) => line,
  );
  if (outcome.ran) sent.push(outcome.value);
}
