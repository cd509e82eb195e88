import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { JobFailure } from "../../scheduler/failure.ts";
import type { Job } from "../../scheduler/job.ts";
import { forEachBounded, TEAM_CONCURRENCY } from "../../scheduler/parallel.ts";
import {
  claim,
  markFailed,
  markSent,
  markStarted,
  onceOrThrow,
  release,
  type Claim,
  type Held,
} from "../../scheduler/ledger.ts";
import type { LocalDate } from "../../shared/local-date.ts";
import { sendDirectMessage } from "../../slack/dm.ts";
import { classifySlackError } from "../../slack/errors.ts";
import { lookupUser } from "../../slack/users.ts";
import { holdersOf } from "../roles/store.ts";
import type { Lang } from "../../i18n/lang.ts";
import { langOf, langsOf } from "../../i18n/language.ts";
import { webcareText } from "./messages.ts";
import {
  GAP_DAYS,
  noteWebcareQuiet,
  servedOwed,
  teamsOwedNotices,
  webcareQuiet,
  type WebcareTeamDay,
} from "./owed.ts";
import { stepRunner } from "./reminders.ts";
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
export const webcareNoticesJob: Job = {
  name: "webcare-notices",
  run: runWebcareNotices,
  // Nothing owed since an earlier tick, nothing changed, no hand-over come (./owed.ts).
  idle: (_probe, deps, now) => webcareQuiet(deps, now),
};

export async function runWebcareNotices(deps: Deps, now: Date): Promise<string[]> {
  const sent: string[] = [];
  const failures: string[] = [];
  // Set-based (./owed.ts): a fixed number of queries finds the teams owed a
  // notice, whatever the number of teams; only those are worked on.
  const owed = servedOwed(deps, await teamsOwedNotices(deps.db, now, deps.tickMemo), failures);
  await forEachBounded(owed, TEAM_CONCURRENCY, async (due) => {
    const { teamId } = due;
    const { attempt } = stepRunner(deps, "webcare-notices", teamId, failures);
    // The team's client only once something is to be sent (no installation lookups for nothing).
    let client: Promise<WebClient> | null = null;
    const slack = () => (client ??= deps.slackFor(teamId));
    await attempt("telling tomorrow's person", () => tellTomorrow(deps, slack, due, sent));
    await attempt("telling managers about gaps", () => tellGaps(deps, slack, due, sent));
  });
  // The second webcare job of a tick: when neither owed anything, later ticks
  // may skip both until the next hand-over or change (scheduler only).
  await noteWebcareQuiet(deps, now);
  if (failures.length > 0) throw new JobFailure(`webcare-notices: ${failures.join("; ")}`, sent);
  return sent;
}

async function tellTomorrow(
  deps: Deps,
  slack: () => Promise<WebClient>,
  due: WebcareTeamDay,
  sent: string[],
): Promise<void> {
  const { teamId } = due;
  const day = due.days[1];
  if (!day || day.status !== "duty" || !day.onDuty) return;
  const userId = day.onDuty;
  const outcome = await onceOrThrow(
    deps.db,
    { job: "webcare-tomorrow", scope: `${teamId}/${userId}`, period: day.date },
    async (started) => {
      const client = await slack();
      const user = await lookupUser(client, userId);
      if (user.kind !== "person")
        return `${teamId} ${day.date}: no heads-up: ${userId} is ${user.kind}`;
      const t = webcareText(await langOf(deps, client, teamId, userId));
      if (!(await started())) return null;
      await sendDirectMessage(client, userId, tomorrowMessage(day, due.settings.handoverTime, t));
      return `${teamId} ${day.date}: heads-up sent to ${userId} for tomorrow`;
    },
    (line) => line ?? undefined,
  );
  if (outcome.ran && outcome.value) sent.push(outcome.value);
}

async function tellGaps(
  deps: Deps,
  slack: () => Promise<WebClient>,
  due: WebcareTeamDay,
  sent: string[],
): Promise<void> {
  const { teamId } = due;
  const gaps = due.days
    .slice(0, GAP_DAYS)
    .filter((day) => day.status === "gap")
    .map((day) => day.date);
  if (gaps.length === 0) return;
  const dayKey = (date: LocalDate): Claim => ({ job: "webcare-gap", scope: teamId, period: date });
  const told = await deps.db.jobRun.findMany({
    where: { job: "webcare-gap", scope: teamId, period: { in: gaps } },
    select: { period: true },
  });
  const untold = gaps.filter((date) => !told.some((row) => row.period === date));
  if (untold.length === 0) return;

  const batch = await claim(deps.db, {
    job: "webcare-gap-alert",
    scope: teamId,
    period: due.period,
  });
  if (!batch) return;
  const held: Held[] = [];
  for (const date of untold) {
    const claimed = await claim(deps.db, dayKey(date));
    if (claimed) held.push(claimed);
  }
  const days: LocalDate[] = held.map((h) => h.key.period);
  const giveBack = async () => {
    for (const h of held) await release(deps.db, h);
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
  let langs: Map<string, Lang>;
  try {
    langs = await langsOf(deps, client, teamId, recipients);
  } catch (error) {
    await giveBack();
    throw error;
  }
  if (!(await markStarted(deps.db, batch))) return;
  for (const userId of recipients) {
    try {
      await sendDirectMessage(client, userId, {
        text: webcareText(langs.get(userId) ?? "en").gapAlert(days),
      });
      reached.push(userId);
    } catch (error) {
      firstError ??= error;
      deps.logger.warn(`webcare-notices: gap alert to ${userId} failed: ${String(error)}`);
    }
  }
  if (reached.length === 0 && firstError !== null) {
    // Nobody reached: retry next tick when Slack certainly posted nothing.
    if (classifySlackError(firstError) === "transient") await giveBack();
    else {
      const detail = firstError instanceof Error ? firstError.message : String(firstError);
      for (const h of held) await markFailed(deps.db, h, detail);
      await markFailed(deps.db, batch, detail);
    }
    throw firstError;
  }
  for (const h of held) await markSent(deps.db, h);
  await markSent(deps.db, batch, days.join(","));
  sent.push(
    `${teamId}: told ${reached.join(", ") || "nobody (no manager)"} of gaps on ${days.join(", ")}`,
  );
}
