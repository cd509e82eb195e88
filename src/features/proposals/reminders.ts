import { servedTeams, type Deps } from "../../deps.ts";
import { dueDailyPeriod } from "../../scheduler/due.ts";
import type { Job } from "../../scheduler/job.ts";
import { JobFailure } from "../../scheduler/failure.ts";
import { ledgerKey, once, settledKeys } from "../../scheduler/ledger.ts";
import { forEachBounded, TEAM_CONCURRENCY } from "../../scheduler/parallel.ts";
import { memoized, type TickMemo } from "../../scheduler/tick-memo.ts";
import type { Db } from "../../db/database.ts";
import type { LocalDate } from "../../shared/local-date.ts";
import { sendDirectMessage } from "../../slack/dm.ts";
import { tellManagersOnce } from "../../slack/outbox/index.ts";
import { mention } from "../../slack/text.ts";
import { findApprover, teamsWithApprover } from "../roles/store.ts";
import { teamSchedules } from "../settings/store.ts";
import { proposalsNeedingReminder } from "./approval.ts";
import { expireOverdue } from "./notify.ts";
import {
  handoverTimes,
  markReminded,
  pendingProposals,
  teamsWithPendingProposals,
} from "./store.ts";
import { reminderMessage } from "./views.ts";
import { formatFor } from "../../i18n/format.ts";
import { langOf } from "../../i18n/language.ts";

/** Used when the team has no webcare rotation (and so no hand-over time). */
export const DEFAULT_REMINDER_TIME = "09:00";
const JOB = "approval-reminders";

/**
 * Once per team per local day, at the team's webcare hand-over time: overdue
 * proposals expire, and the approver gets one direct message listing the
 * proposals waiting more than 24 hours. `(approval-reminders, team, date)` is
 * claimed in the ledger before anything is sent, so replicas, restarts and
 * `jobs run` never send it twice. A send that certainly did not reach Slack
 * gives the day back (the next tick retries); any other failure is recorded
 * and not retried, since Slack may have posted it.
 */
interface OwedReminder {
  teamId: string;
  timezone: string;
  period: LocalDate;
}

/**
 * The installed teams owed today's approval reminder: a pending proposal, an
 * approver, today's hand-over time passed in the team's timezone, and
 * today's reminder not settled in the ledger. At most five queries (teams
 * with a pending proposal, team settings, hand-over times, approvers,
 * ledger) however many teams; a team without a pending proposal costs
 * nothing. A superset is safe: the ledger's claim decides who sends.
 */
export async function teamsOwedApprovalReminder(
  db: Db,
  now: Date,
  memo?: TickMemo,
): Promise<{ owed: OwedReminder[]; unreadable: Array<{ teamId: string; reason: string }> }> {
  const unreadable: Array<{ teamId: string; reason: string }> = [];
  const pendingTeams = await teamsWithPendingProposals(db);
  if (pendingTeams.length === 0) return { owed: [], unreadable };
  const [schedules, times, approvers] = await Promise.all([
    memoized(memo, "team-schedules", () => teamSchedules(db)),
    handoverTimes(db, pendingTeams),
    teamsWithApprover(db, pendingTeams),
  ]);
  const due: OwedReminder[] = [];
  for (const teamId of pendingTeams) {
    const team = schedules.of(teamId);
    // Uninstalled, or nobody to remind yet (a later tick today reminds whoever gets named).
    if (!team || !approvers.has(teamId)) continue;
    const at = times.get(teamId) ?? DEFAULT_REMINDER_TIME;
    try {
      const period = dueDailyPeriod(now, at, team.timezone);
      if (period !== null) due.push({ teamId, timezone: team.timezone, period });
    } catch (error) {
      unreadable.push({ teamId, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const settled = await settledKeys(
    db,
    [JOB],
    due.map((team) => team.period),
    now,
  );
  const owed = due.filter(
    ({ teamId, period }) => !settled.has(ledgerKey({ job: JOB, scope: teamId, period })),
  );
  return { owed, unreadable };
}

export const approvalRemindersJob: Job = {
  name: JOB,
  // No proposal waits: nobody is owed a reminder (src/scheduler/probe.ts).
  idle: (probe) => !probe.pendingProposals,
  async run(deps: Deps, now: Date): Promise<string[]> {
    const sent: string[] = [];
    const failures: string[] = [];
    // A few queries find the teams owed a reminder, however many teams there are.
    const { owed, unreadable } = await teamsOwedApprovalReminder(deps.db, now, deps.tickMemo);
    const served = new Set(
      servedTeams(
        deps,
        [...owed, ...unreadable].map((t) => t.teamId),
      ),
    );
    for (const { teamId, reason } of unreadable) {
      if (served.has(teamId)) failures.push(`${teamId}: ${reason}`);
    }
    const mine = owed.filter((team) => served.has(team.teamId));
    await forEachBounded(mine, TEAM_CONCURRENCY, async ({ teamId, timezone, period }) => {
      try {
        await expireOverdue(deps, teamId, now);
        const approverId = await findApprover(deps.db, teamId);
        // Nobody to remind yet: a later tick today reminds whoever gets named.
        if (!approverId) return;
        const key = { job: JOB, scope: teamId, period };
        const outcome = await once(
          deps.db,
          key,
          async (started) => {
            const pending = await pendingProposals(deps.db, teamId);
            const due = proposalsNeedingReminder(pending, now, period);
            if (due.length === 0) return 0;
            const slack = await deps.slackFor(teamId);
            const lang = await langOf(deps, slack, teamId, approverId);
            if (!(await started())) return 0;
            await sendDirectMessage(
              slack,
              approverId,
              reminderMessage(due, formatFor(lang, timezone)),
            );
            await markReminded(
              deps.db,
              due.map((p) => p.id),
              period,
            );
            return due.length;
          },
          (count) => (count === 0 ? "nothing waiting more than 24 hours" : `${count} proposals`),
        );
        if (outcome.ran && "failed" in outcome) {
          await tellManagersOnce(deps, { teamId, kind: "dm", target: approverId }, outcome.failed);
          throw outcome.error;
        }
        if (outcome.ran && outcome.value > 0) {
          const count = outcome.value;
          sent.push(
            `approval-reminders: reminded ${mention(approverId)} of ${count} proposal${count === 1 ? "" : "s"} waiting more than 24 h (team ${teamId}, ${period})`,
          );
        }
      } catch (error) {
        failures.push(`${teamId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    if (failures.length > 0) {
      throw new JobFailure(`approval-reminders failed for ${failures.join("; ")}`, sent);
    }
    return sent;
  },
};
