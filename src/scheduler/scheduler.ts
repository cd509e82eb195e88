import cron from "node-cron";
import type { BuiltApp } from "../app.ts";
import type { Deps } from "../deps.ts";
import type { Service } from "../runtime.ts";
import { JobFailure } from "./failure.ts";
import type { Job } from "./job.ts";
import { readTickProbe, type TickProbe } from "./probe.ts";
import { QuietMemo } from "./quiet.ts";
import { tickClients } from "./tick-clients.ts";
import { JOBS } from "./registry.ts";

/**
 * The scheduler: one node-cron task ticking every minute. Each tick runs every
 * job with `now = deps.clock()`; each job decides per team, in the team's
 * timezone, what is due (src/scheduler/due.ts) and claims it in the ledger
 * before sending (src/scheduler/ledger.ts).
 *
 * The ledger, not the timer, is what makes a job run exactly once per period:
 * - a tick that finds a period already claimed (another replica, this process
 *   before a restart, a `jobs run`) sends nothing;
 * - a process that was down at the due time catches up on its first tick,
 *   because a daily period stays due until the local day ends;
 * - a time skipped by a DST change is due at the first minute after it.
 * That is also why node-cron's `timezone` and `distributed` options are not
 * used: a UTC minute tick sees every team's local time, and a run coordinator
 * would only add a second, weaker lock (a TTL lease per tick) in front of the
 * ledger. `noOverlap` keeps a slow tick from stacking up in one process.
 */
export const EVERY_MINUTE = "* * * * *";

export interface TickReport {
  at: Date;
  /** One line per thing sent, prefixed with the job's name. */
  sent: string[];
  /** One line per job that failed. */
  failed: string[];
}

export interface SchedulerOptions {
  jobs?: readonly Job[];
  /** A cron expression; every minute unless a test asks otherwise. */
  expression?: string;
  /** Called after each timer tick (tests wait on it instead of sleeping). */
  onTick?: (report: TickReport) => void;
}

export interface Scheduler extends Service {
  /** What a timer tick does: run every job once, now. */
  tick(): Promise<TickReport>;
}

export function createScheduler(deps: Deps, options: SchedulerOptions = {}): Scheduler {
  const jobs = options.jobs ?? JOBS;
  let running: Promise<TickReport> | null = null;
  let stopped = false;
  // Kept from tick to tick: what owes nothing until later (src/scheduler/quiet.ts).
  const quiet = new QuietMemo();

  const tick = async (): Promise<TickReport> => {
    const now = deps.clock();
    const report: TickReport = { at: now, sent: [], failed: [] };
    // One look first at what can be due (src/scheduler/probe.ts). Without it
    // (the database did not answer) every job runs and reports for itself.
    let probe: TickProbe | undefined;
    try {
      probe = await readTickProbe(deps.db, now);
    } catch (error) {
      deps.logger.warn(`Scheduler probe failed at ${now.toISOString()}: ${String(error)}`);
    }
    // The tick's jobs share their set-based reads (every team's schedule…): fresh each tick.
    const tickDeps: Deps = {
      ...deps,
      // Each team's client once per tick, each person's users.info once (./tick-clients.ts).
      slackFor: tickClients(deps.slackFor),
      tickMemo: new Map(),
      quiet,
      ...(probe ? { tickProbe: probe } : {}),
    };
    for (const job of jobs) {
      if (probe && job.idle?.(probe, tickDeps, now)) continue;
      try {
        const lines = await job.run(tickDeps, now);
        report.sent.push(...lines.map((line) => `${job.name}: ${line}`));
      } catch (error) {
        if (error instanceof JobFailure) {
          report.sent.push(...error.sent.map((line) => `${job.name}: ${line}`));
        }
        const message = error instanceof Error ? error.message : String(error);
        report.failed.push(`${job.name}: ${message}`);
        deps.logger.error(`Scheduled job ${job.name} failed at ${now.toISOString()}: ${message}`);
      }
    }
    for (const line of report.sent) deps.logger.info(line);
    return report;
  };

  const task = cron.createTask(
    options.expression ?? EVERY_MINUTE,
    async () => {
      if (stopped) return;
      running = tick();
      try {
        options.onTick?.(await running);
      } finally {
        running = null;
      }
    },
    {
      noOverlap: true,
      logger: {
        info: (message) => deps.logger.info(message),
        warn: (message) => deps.logger.warn(message),
        error: (message) => deps.logger.error(message),
        debug: (message) => deps.logger.debug(message),
      },
    },
  );
  task.start();

  return {
    tick,
    async stop() {
      stopped = true;
      await task.destroy();
      // Let a tick in flight finish its sends and ledger writes before the database closes.
      if (running) await (running as Promise<TickReport>).catch(() => undefined);
    },
  };
}

/** For `StartOptions.services`: the scheduler starts with the app and stops before the database closes. */
export function schedulerService(built: BuiltApp): Scheduler {
  return createScheduler(built.deps);
}
