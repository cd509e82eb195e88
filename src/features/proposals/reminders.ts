import { servedTeams, type Deps } from "../../deps.ts";
import { dueDailyPeriod } from "../../scheduler/due.ts";
import type { Job } from "../../scheduler/job.ts";
import { JobFailure } from "../../scheduler/failure.ts";
import { once } from "../../scheduler/ledger.ts";
import { sendDirectMessage } from "../../slack/dm.ts";
import { tellManagersOnce } from "../../slack/outbox/index.ts";
import { mention } from "../../slack/text.ts";
import { findApprover } from "../roles/store.ts";
import { getTeam, teamSchedules } from "../settings/store.ts";
import { proposalsNeedingReminder } from "./approval.ts";
import { expireOverdue } from "./notify.ts";
import {
  handoverTime,
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
export const approvalRemindersJob: Job = {
  name: JOB,
  async run(deps: Deps, now: Date): Promise<string[]> {
    const sent: string[] = [];
    const failures: string[] = [];
    // Two queries find the teams concerned (a pending proposal, still installed):
    // a tick costs nothing per team for the others, however many there are.
    const [pendingTeams, schedules] = await Promise.all([
      teamsWithPendingProposals(deps.db),
      teamSchedules(deps.db),
    ]);
    const concerned = pendingTeams.filter((teamId) => schedules.of(teamId) !== null);
    for (const teamId of servedTeams(deps, concerned)) {
      const { timezone } = await getTeam(deps.db, teamId);
      const at = (await handoverTime(deps.db, teamId)) ?? DEFAULT_REMINDER_TIME;
      const period = dueDailyPeriod(now, at, timezone);
      if (period === null) continue;
      try {
        await expireOverdue(deps, teamId, now);
        const approverId = await findApprover(deps.db, teamId);
        // Nobody to remind yet: a later tick today reminds whoever gets named.
        if (!approverId) continue;
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
    }
    if (failures.length > 0) {
      throw new JobFailure(`approval-reminders failed for ${failures.join("; ")}`, sent);
    }
    return sent;
  },
};
