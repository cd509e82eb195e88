import type { Job } from "../../scheduler/job.ts";
import { pollOutbox } from "./worker.ts";

/**
 * The outbox's poll, run by every replica's scheduler each minute (and by
 * `jobs run outbox`): retries what failed for a passing reason, sends what a
 * process that died left behind, settles what was interrupted. Messages Slack
 * refused for good are reported, not treated as a failure of the job: they
 * were handled (recorded, and the managers told).
 */
export const outboxJob: Job = {
  name: "outbox",
  // No pending row free of a live lease: nothing to send, settle or skip (src/scheduler/probe.ts).
  idle: (probe) => !probe.outboxWork,
  async run(deps) {
    const report = await pollOutbox(deps);
    return [...report.sent, ...report.failed.map((line) => `not delivered: ${line}`)];
  },
};
