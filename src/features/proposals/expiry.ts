import type { Job } from "../../scheduler/job.ts";
import { expireEverywhere } from "./notify.ts";

/**
 * Every minute, in every replica: a proposal still pending when its publish
 * time passes expires within the minute (not at the next hand-over). One
 * query finds the overdue proposals of every team; each expires once (the
 * conditional decision), and the approver's request and the proposer are
 * told through the outbox.
 */
export const expireProposalsJob: Job = {
  name: "expire-proposals",
  run: (deps, now) => expireEverywhere(deps, now),
  // No pending proposal past its publish time (src/scheduler/probe.ts).
  idle: (probe) => !probe.overdueProposals,
};
