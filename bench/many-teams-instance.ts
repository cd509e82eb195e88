/**
 * One app instance of bench/many-teams.ts, in its own OS process: the real
 * app (its own PostgreSQL pool, Slack clients, scheduler) on the bench's
 * database and fake Slack. Driven by its parent over IPC:
 *
 * - `{ kind: "tick", t0 }`: the instance's clock reads the hand-over at the
 *   epoch millisecond t0 and runs on from there; it runs one scheduler tick
 *   (every job, one after the other, as its cron does) and answers
 *   `{ kind: "ticked", sent, failed }`;
 * - `{ kind: "idle" }`: two more ticks on a scheduler of their own, each with
 *   its SQL statements counted and their database time summed (Prisma's
 *   query events): the first, which like any first tick after a change reads
 *   what every job reads (`first`), then the steady one, which finds the
 *   first one's "nothing owed" still true (src/scheduler/quiet.ts); answered
 *   `{ kind: "idled", queries, dbMs, wallMs, perJob, first }`;
 * - `{ kind: "stop" }`: stops the app and exits.
 *
 * Before saying it is ready it runs its 08:59 tick (nothing due), as an app
 * running since before the hand-over has. Configuration comes from the environment (BENCH_* and the app's own).
 */
import type { Config } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { startGreenlight } from "../src/runtime.ts";
import { JOBS } from "../src/scheduler/registry.ts";
import { createScheduler } from "../src/scheduler/scheduler.ts";
import { silentLogger } from "./support.ts";

const env = process.env;
const handover = new Date(env.BENCH_HANDOVER as string).getTime();
let t0 = Date.now();
const clock = () => new Date(handover + (Date.now() - t0));

let counting = false;
let queries = 0;
let dbMs = 0;
let job = "";
const perJob = new Map<string, { queries: number; dbMs: number }>();

async function main(): Promise<void> {
  const config: Config = {
    mode: "http",
    botToken: undefined,
    signingSecret: env.SLACK_SIGNING_SECRET as string,
    appToken: undefined,
    databaseUrl: env.DATABASE_URL as string,
    port: 0,
    slackApiUrl: env.SLACK_API_URL as string,
    logLevel: "error",
    oauth: {
      clientId: env.SLACK_CLIENT_ID as string,
      clientSecret: env.SLACK_CLIENT_SECRET as string,
      stateSecret: env.SLACK_STATE_SECRET as string,
      encryptionKey: Buffer.from(env.GREENLIGHT_ENCRYPTION_KEY as string, "base64"),
    },
  };
  const database = await openDatabase(config.databaseUrl, {
    onQuery: (_sql, duration) => {
      if (!counting) return;
      queries += 1;
      dbMs += duration;
      const mine = perJob.get(job) ?? { queries: 0, dbMs: 0 };
      mine.queries += 1;
      mine.dbMs += duration;
      perJob.set(job, mine);
    },
  });
  const app = await startGreenlight({
    config,
    database,
    clock,
    host: "127.0.0.1",
    logger: silentLogger,
  });
  // The scheduler as the app runs it; its cron left idle (the bench says when to tick).
  const scheduler = createScheduler(app.built.deps, { expression: "0 0 1 1 *" });
  // Each job timed on its own for the idle figure: the same jobs, the same order as a tick.
  const jobs = JOBS.map((j) => ({
    ...j,
    run: (deps: typeof app.built.deps, now: Date) => {
      job = j.name;
      return j.run(deps, now);
    },
  }));
  const counted = createScheduler(app.built.deps, { expression: "0 0 1 1 *", jobs });

  process.on("message", (message: { kind: string; t0?: number }) => {
    void (async () => {
      if (message.kind === "tick") {
        t0 = message.t0 ?? Date.now();
        const report = await scheduler.tick();
        process.send?.({ kind: "ticked", sent: report.sent.length, failed: report.failed });
      } else if (message.kind === "idle") {
        const measure = async () => {
          // The tick's first statement is the scheduler's probe, before any job runs.
          job = "(probe)";
          perJob.clear();
          queries = 0;
          dbMs = 0;
          counting = true;
          const started = performance.now();
          const report = await counted.tick();
          const wallMs = performance.now() - started;
          counting = false;
          return {
            queries,
            dbMs,
            wallMs,
            sent: report.sent.length,
            perJob: Object.fromEntries(perJob),
          };
        };
        const first = await measure();
        const steady = await measure();
        process.send?.({ kind: "idled", ...steady, first });
      } else if (message.kind === "stop") {
        await scheduler.stop();
        await counted.stop();
        await app.stop();
        process.exit(0);
      }
    })().catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
  // Running since before 09:00, as a deployed app is: its 08:59 tick (nothing
  // due) has loaded what the jobs load, and its pool has connections.
  t0 = Date.now() + 60_000;
  await scheduler.tick();
  process.send?.({ kind: "ready" });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
