import { webcareNoticesJob } from "../features/webcare/notices.ts";
import { webcareRemindersJob } from "../features/webcare/reminders.ts";
import { weeklyDigestJob } from "../features/metrics/digest-job.ts";
import { approvalRemindersJob } from "../features/proposals/reminders.ts";
import { expireProposalsJob } from "../features/proposals/expiry.ts";
import { outboxJob } from "../slack/outbox/job.ts";
import { pruneJob } from "./prune.ts";
import { purgeUninstalledJob } from "../install/purge.ts";
import type { Job, JobName } from "./job.ts";

/** Every scheduled job: the scheduler runs them all each minute, the CLI one by name. */
export const JOBS: readonly Job[] = [
  webcareRemindersJob,
  webcareNoticesJob,
  weeklyDigestJob,
  approvalRemindersJob,
  expireProposalsJob,
  outboxJob,
  pruneJob,
  purgeUninstalledJob,
];

export function findJob(name: JobName): Job | undefined {
  return JOBS.find((job) => job.name === name);
}
