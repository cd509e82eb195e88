import type { Deps } from "../deps.ts";
import type { TickProbe } from "./probe.ts";

/** The names `greenlight jobs run <name>` accepts. */
export const JOB_NAMES = [
  "webcare-reminders",
  "webcare-notices",
  "weekly-digest",
  "approval-reminders",
  "outbox",
  "expire-proposals",
  "prune",
  "purge-uninstalled",
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/**
 * A scheduled job is a function of (deps, now): the scheduler only decides
 * when to call it; tests and the CLI call it with any `now`. It sends what is
 * due by `now` and not yet sent (claimed through the ledger), and returns one
 * line per thing it sent, for the CLI to print.
 */
export interface Job {
  name: JobName;
  run(deps: Deps, now: Date): Promise<string[]>;
  /**
   * True when the tick's probe (src/scheduler/probe.ts) shows this job
   * certainly has nothing to do: the scheduler then skips it. Never asked
   * outside the scheduler (`jobs run`, tests).
   */
  idle?(probe: TickProbe, deps: Deps, now: Date): boolean;
}
