import type { WebClient } from "@slack/web-api";
import { servedTeams, type Deps } from "../../deps.ts";
import { isTransientSlackFailure } from "./notify.ts";
import { JobFailure } from "../../scheduler/failure.ts";
import type { Job } from "../../scheduler/job.ts";
import { claim, markFailed, markSent, once, release, type Claim } from "../../scheduler/ledger.ts";
import type { LocalDate } from "../../shared/local-date.ts";
import { sendDirectMessage } from "../../slack/send.ts";
import { lookupUser } from "../../slack/users.ts";
import { holdersOf } from "../roles/store.ts";
import { webcareText } from "./messages.ts";
import { dueOn, stepRunner } from "./reminders.ts";
import { teamsWithRotation } from "./store.ts";
import { tomorrowMessage } from "./views.ts";

/**
 * Notices ahead of duty, at each team's hand-over time (and until the local
 * day ends, like the reminder):
 *
 * - the day before a duty, the person on duty tomorrow gets a DM with an Ask
 *   for cover button: ledger `webcare-tomorrow` / teamId/userId / that date,
 *   so someone who takes the day later that evening still gets theirs;
 * - gaps: the managers get one DM naming each day of the coming 7 on which
 *   everyone is away. Each gap day is told once (`webcare-gap` / teamId /
 *   date); the day's alert is claimed as a whole first (`webcare-gap-alert` /
 *   teamId / today), so two replicas never split it into two DMs.
 */
export const webcareNoticesJob: Job = { name: "webcare-notices", run: runWebcareNotices };

const GAP_DAYS = 7;

export async function runWebcareNotices(deps: Deps, now: Date): Promise<string[]> {
  const sent: string[] = [];
  const failures: string[] = [];
  for (const teamId of servedTeams(deps, await teamsWithRotation(deps.db))) {
    const { attempt } = stepRunner(deps, "webcare-notices", teamId, failures);
    // The team's client only once something may be due (no installation lookups for nothing).
    let client: Promise<WebClient> | null = null;
    const slack = () => (client ??= deps.slackFor(teamId));
    await attempt("telling tomorrow's person", () => tellTomorrow(deps, slack, teamId, now, sent));
    await attempt("telling managers about gaps", () => tellGaps(deps, slack, teamId, now, sent));
  }
  if (failures.length > 0) throw new JobFailure(`webcare-notices: ${failures.join("; ")}`, sent);
  return sent;
}

async function tellTomorrow(
  deps: Deps,
  slack: () => Promise<WebClient>,
  teamId: string,
  now: Date,
  sent: string[],
): Promise<void> {
  const due = await dueOn(deps, teamId, now, 1);
  const day = due?.day;
  if (!day || day.status !== "duty" || !day.onDuty) return;
  const userId = day.onDuty;
  const outcome = await once(
    deps.db,
    { job: "webcare-tomorrow", scope: `${teamId}/${userId}`, period: day.date },
    async () => {
      const client = await slack();
      const user = await lookupUser(client, userId);
      if (user.kind !== "person")
        return `${teamId} ${day.date}: no heads-up: ${userId} is ${user.kind}`;
      await sendDirectMessage(client, userId, tomorrowMessage(day));
      return `${teamId} ${day.date}: heads-up sent to ${userId} for tomorrow`;
    },
    isTransientSlackFailure,
    (line) => line,
  );
  if (outcome.ran) sent.push(outcome.value);
}

async function tellGaps(
  deps: Deps,
  slack: () => Promise<WebClient>,
  teamId: string,
  now: Date,
  sent: string[],
): Promise<void> {
  const due = await dueOn(deps, teamId, now, 0, GAP_DAYS);
  if (!due) return;
  const gaps = due.days.filter((day) => day.status === "gap").map((day) => day.date);
  if (gaps.length === 0) return;
  const dayKey = (date: LocalDate): Claim => ({ job: "webcare-gap", scope: teamId, period: date });
  const told = await deps.db.jobRun.findMany({
    where: { job: "webcare-gap", scope: teamId, period: { in: gaps } },
    select: { period: true },
  });
  const untold = gaps.filter((date) => !told.some((row) => row.period === date));
  if (untold.length === 0) return;

  const batch: Claim = { job: "webcare-gap-alert", scope: teamId, period: due.period };
  if (!(await claim(deps.db, batch))) return;
  const days: LocalDate[] = [];
  for (const date of untold) if (await claim(deps.db, dayKey(date))) days.push(date);
  const giveBack = async () => {
    for (const date of days) await release(deps.db, dayKey(date));
    await release(deps.db, batch);
  };
  if (days.length === 0) return giveBack();

  let client: WebClient;
  try {
    client = await slack();
  } catch (error) {
    await giveBack();
    throw error;
  }
  const managers = await holdersOf(deps.db, teamId, "manager");
  const recipients =
    managers.length > 0 ? managers : due.settings.setBy ? [due.settings.setBy] : [];
  const reached: string[] = [];
  let firstError: unknown = null;
  for (const userId of recipients) {
    try {
      await sendDirectMessage(client, userId, { text: webcareText.gapAlert(days) });
      reached.push(userId);
    } catch (error) {
      firstError ??= error;
      deps.logger.warn(`webcare-notices: gap alert to ${userId} failed: ${String(error)}`);
    }
  }
  if (reached.length === 0 && firstError !== null) {
    // Nobody reached: retry next tick when Slack certainly posted nothing.
    if (isTransientSlackFailure(firstError)) await giveBack();
    else {
      const detail = firstError instanceof Error ? firstError.message : String(firstError);
      for (const date of days) await markFailed(deps.db, dayKey(date), detail);
      await markFailed(deps.db, batch, detail);
    }
    throw firstError;
  }
  for (const date of days) await markSent(deps.db, dayKey(date));
  await markSent(deps.db, batch, days.join(","));
  sent.push(
    `${teamId}: told ${reached.join(", ") || "nobody (no manager)"} of gaps on ${days.join(", ")}`,
  );
}
