/**
 * Ack latency of slash commands under load: 50 requests in flight, signed as
 * Slack signs them, from a separate process (bench/slack-side.ts; the fake
 * Slack the apps answer on is a third, bench/slack-api-side.ts), against
 * Greenlight (HTTP mode, processBeforeResponse false as in production, on a
 * seeded team of 2,000 proposals) and against a bare Bolt app whose only
 * listener acks, on the same receiver type in the same process.
 *
 * Three loads: the bare app's empty ack; `/greenlight help`, whose answer is
 * the ack itself; `/calendar month`, which acks and then reads the month's
 * posts and answers through response_url, so its acks are measured while
 * that work runs. Each is warmed up; then REPEATS repeats of ROUNDS rounds,
 * each round sending ROUND requests of each load in turn, the order
 * rotating from one round to the next so that no app always runs first,
 * and the three share the machine's pace of the moment. After each
 * Greenlight load its work after the acks is drained, so the next load
 * starts from an empty queue: a closed loop of `/calendar month` would
 * outrun the work and fill the queue, and the busy answers would flatter
 * the figure (they are counted, for both loads; 0 is expected). Figures: min, median and max over the repeats of each p99,
 * and of the ratio to the bare app's p99 in the same repeat, and the GC
 * pauses each load caused in the apps' process.
 * Target: ratio ≤ 1.3.
 */
import { fork, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { openDatabase } from "../src/db/database.ts";
import { startGreenlight } from "../src/runtime.ts";
import { BUSY_TEAM, dropSeedTemplates, seededDatabase } from "./seed.ts";
import {
  benchConfig,
  isMain,
  minMedianMax,
  percentile,
  runAlone,
  spread,
  type Figure,
} from "./support.ts";

const SIGNING_SECRET = "benchsigningsecret0123456789abcdef";
const CONCURRENCY = 50;
const QUICK = process.env.BENCH_QUICK === "1";
// Warm-up: the first repeat after 300 still paid for compiling (its CPU per
// request twice the others').
const WARM_UP = QUICK ? 100 : 1_000;
const REPEATS = QUICK ? 1 : 5;
// Requests per load per repeat: the p99 is the 30th slowest. With 600 (the
// 6th slowest) one GC pause or descheduling moved a repeat's p99 threefold
// (bare Bolt 30–95 ms within one run); with 3,000 twofold.
/** Requests of one load in a round: /calendar month's work is drained after each. */
const ROUND = 200;
/** Rounds per repeat, each with ROUND requests of every load. */
const ROUNDS = Math.max(
  1,
  Math.round(Number(process.env.BENCH_ACK_PER_LOAD ?? (QUICK ? 600 : 3_000)) / ROUND),
);
const PER_LOAD = ROUNDS * ROUND;
const TARGET_RATIO = 1.3;

/** A bench process on IPC, and a way to wait for its next message. */
function forkSide(script: string) {
  const child: ChildProcess = fork(fileURLToPath(new URL(script, import.meta.url)), {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_SIGNING_SECRET: SIGNING_SECRET },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${script} exited (${code})`));
      child.once("exit", onExit);
      child.once("message", (message) => {
        child.off("exit", onExit);
        resolve(message as T);
      });
    });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.send({ type: "stop" });
    await exited;
  };
  return { child, next, stop };
}

/**
 * The Slack side, in two processes: the fake Slack the apps answer on
 * (bench/slack-api-side.ts) and the load generator (bench/slack-side.ts),
 * so that the fake's work on /calendar's answers does not delay the
 * generator's reading of the acks.
 */
export async function startSlackSide() {
  const api = forkSide("./slack-api-side.ts");
  const generator = forkSide("./slack-side.ts");
  const [{ apiUrl }] = await Promise.all([
    api.next<{ apiUrl: string }>(),
    generator.next<{ ready: true }>(),
  ]);
  return {
    apiUrl,
    /** Sends `count` commands with CONCURRENCY in flight; each ack's latency (ms). */
    async load(
      appUrl: string,
      command: string,
      text: string,
      count: number,
      concurrency = CONCURRENCY,
    ): Promise<{ latencies: number[]; busy: number }> {
      const issued = api.next<{ urls: string[] }>();
      api.child.send({ type: "issue", count, userId: "U_ALICE", channelId: "C_GENERAL" });
      const { urls } = await issued;
      const answer = generator.next<{ latencies: number[]; failures: number; busy: number }>();
      generator.child.send({
        type: "load",
        appUrl,
        command,
        text,
        count,
        concurrency,
        responseUrls: urls,
      });
      const { latencies, failures, busy } = await answer;
      if (failures > 0) throw new Error(`${failures} of ${count} ${command} requests not acked`);
      return { latencies, busy };
    },
    /** The apps' response_url answers the fake Slack accepted and refused so far. */
    async answered(): Promise<{ answered: number; refused: number }> {
      const tally = api.next<{ answered: number; refused: number }>();
      api.child.send({ type: "answered" });
      return tally;
    },
    async stop() {
      await Promise.all([generator.stop(), api.stop()]);
    },
  };
}

async function startBareBolt(apiUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    token: "xoxb-bench-token",
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: apiUrl },
  });
  app.command("/bench", async ({ ack }) => {
    await ack();
  });
  // The receiver's own request listener on a plain server on 127.0.0.1, as
  // Greenlight serves it (HTTPReceiver.start would listen on every interface).
  const server: Server = createServer((req, res) => receiver.requestListener(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Load = "bare" | "help" | "calendar";
const LOADS: Load[] = ["bare", "help", "calendar"];

/**
 * The garbage collector's pauses in this process (both apps) while `work`
 * runs: every ack waiting meanwhile waits for them, so they set much of a
 * p99 (the young generation's collections, many and short, for the work
 * after /calendar's acks).
 */
async function pausesDuring<T>(work: () => Promise<T>): Promise<{ result: T; pauses: number[] }> {
  const pauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceEntry[]) pauses.push(entry.duration);
  });
  observer.observe({ entryTypes: ["gc"] });
  try {
    const result = await work();
    // Entries are delivered after the turn they were recorded in.
    await new Promise((resolve) => setImmediate(resolve));
    return { result, pauses };
  } finally {
    observer.disconnect();
  }
}

export async function ackLatency(): Promise<Figure[]> {
  const slack = await startSlackSide();
  const temp = await seededDatabase("SQLite", BUSY_TEAM, new Date());
  const config = benchConfig(temp.url, slack.apiUrl, SIGNING_SECRET);
  const greenlight = await startGreenlight({
    config,
    database: await openDatabase(temp.url),
    processBeforeResponse: false,
    host: "127.0.0.1",
    ...(process.env.BENCH_WORK_RUNNING
      ? { workLimits: { running: Number(process.env.BENCH_WORK_RUNNING), queued: 500 } }
      : {}),
  });
  const bare = await startBareBolt(slack.apiUrl);
  try {
    const appUrl = `http://127.0.0.1:${greenlight.port}/slack/events`;
    let busy = 0;
    let helpBusy = 0;
    // /calendar's answers that reached the fake Slack: work after the ack that
    // failed would make a cheap load, so they are counted against the acks.
    let calendarAcked = 0;
    let calendarAnswered = 0;
    let calendarRefused = 0;
    const run = async (load: Load, count: number): Promise<number[]> => {
      if (load === "bare") return (await slack.load(bare.url, "/bench", "", count)).latencies;
      if (load === "help") {
        const help = await slack.load(appUrl, "/greenlight", "help", count);
        helpBusy += help.busy;
        // Its answers run after the acks too: the next load starts from an empty queue.
        if (!(await greenlight.built.drain(60_000)))
          throw new Error("/greenlight help work did not drain in 60 s");
        return help.latencies;
      }
      const latencies: number[] = [];
      const before = await slack.answered();
      for (let sent = 0; sent < count; sent += ROUND) {
        const round = await slack.load(appUrl, "/calendar", "month", Math.min(ROUND, count - sent));
        latencies.push(...round.latencies);
        busy += round.busy;
        calendarAcked += round.latencies.length - round.busy;
        // Its response_url answers run after the acks: let them finish before the next round.
        if (!(await greenlight.built.drain(60_000)))
          throw new Error("/calendar work did not drain in 60 s");
      }
      const after = await slack.answered();
      calendarAnswered += after.answered - before.answered;
      calendarRefused += after.refused - before.refused;
      return latencies;
    };

    for (const load of LOADS) await run(load, WARM_UP);
    busy = 0;
    helpBusy = 0;
    calendarAcked = 0;
    calendarAnswered = 0;
    calendarRefused = 0;
    const p99s: Record<Load, number[]> = { bare: [], help: [], calendar: [] };
    const all: Record<Load, number[]> = { bare: [], help: [], calendar: [] };
    // This process's CPU per request (both apps run here, the load generator
    // does not), work after the acks included: less noisy than latencies on
    // a shared machine.
    const cpuMs: Record<Load, number[]> = { bare: [], help: [], calendar: [] };
    const gcPauses: Record<Load, number[]> = { bare: [], help: [], calendar: [] };
    // Each repeat is ROUNDS rounds, and each round runs the three loads one
    // after the other in rotating order: the machine's pace (it drifts by
    // tens of percent over seconds on shared cores) is then the same for the
    // three, and the ratios measure the apps, not the moment.
    for (let repeat = 0; repeat < REPEATS; repeat += 1) {
      const latencies: Record<Load, number[]> = { bare: [], help: [], calendar: [] };
      const cpuUs: Record<Load, number> = { bare: 0, help: 0, calendar: 0 };
      for (let round = 0; round < ROUNDS; round += 1) {
        const turn = repeat * ROUNDS + round;
        const order = [...LOADS.slice(turn % 3), ...LOADS.slice(0, turn % 3)];
        for (const load of order) {
          const cpuBefore = process.cpuUsage();
          const { result, pauses } = await pausesDuring(() => run(load, ROUND));
          const cpu = process.cpuUsage(cpuBefore);
          cpuUs[load] += cpu.user + cpu.system;
          gcPauses[load].push(...pauses);
          latencies[load].push(...result);
        }
      }
      for (const load of LOADS) {
        cpuMs[load].push(cpuUs[load] / 1000 / PER_LOAD);
        p99s[load].push(percentile(latencies[load], 99));
        all[load].push(...latencies[load]);
      }
    }
    const ratio = (load: Load) => p99s[load].map((p99, i) => p99 / (p99s.bare[i] as number));
    if (process.env.BENCH_VERBOSE) {
      for (const load of LOADS) {
        console.log(load, "p99 per repeat:", p99s[load].map((v) => v.toFixed(1)).join(", "));
        console.log(
          load,
          "CPU ms per request per repeat:",
          cpuMs[load].map((v) => v.toFixed(2)).join(", "),
        );
      }
    }
    const tag = `${CONCURRENCY} in flight, ${REPEATS} × ${PER_LOAD} requests; median (min–max) over repeats`;
    const figures: Figure[] = [
      {
        figure: `ack p99, bare Bolt (${tag})`,
        value: `${spread(p99s.bare)} ms`,
        target: "–",
        met: null,
      },
      {
        figure: `ack p99, Greenlight /greenlight help (${tag})`,
        value: `${spread(p99s.help)} ms`,
        target: "–",
        met: null,
      },
      {
        figure: `ack p99, Greenlight /calendar month on a seeded team (${tag})`,
        value: `${spread(p99s.calendar)} ms`,
        target: "–",
        met: null,
      },
      {
        figure: "ack p50 over all repeats: bare / help / calendar month",
        value: LOADS.map((load) => `${percentile(all[load], 50).toFixed(1)} ms`).join(" / "),
        target: "–",
        met: null,
      },
    ];
    figures.push({
      figure:
        "CPU per request in the apps' process, bare / help / calendar month, work after the ack included (median over repeats)",
      value: LOADS.map((load) => `${minMedianMax(cpuMs[load]).median.toFixed(2)} ms`).join(" / "),
      target: "–",
      met: null,
    });
    const perThousand = (value: number) => (value * 1000) / (REPEATS * PER_LOAD);
    figures.push({
      figure:
        "GC pauses in the apps' process per 1,000 requests, bare / help / calendar month: count, ms in all (longest)",
      value: LOADS.map((load) => {
        const pauses = gcPauses[load];
        const total = pauses.reduce((sum, pause) => sum + pause, 0);
        return `${perThousand(pauses.length).toFixed(0)}, ${perThousand(total).toFixed(0)} ms (${Math.max(0, ...pauses).toFixed(1)})`;
      }).join(" / "),
      target: "–",
      met: null,
    });
    for (const load of ["help", "calendar"] as const) {
      const ratios = ratio(load);
      figures.push({
        figure: `ack p99 ratio, Greenlight ${load === "help" ? "/greenlight help" : "/calendar month"} ÷ bare Bolt (same repeat)`,
        value: spread(ratios, 2),
        target: `median ≤ ${TARGET_RATIO}`,
        met: minMedianMax(ratios).median <= TARGET_RATIO,
      });
    }
    figures.push({
      // A busy answer is a fast ack: a ratio that met its target thanks to them must say so.
      figure: "busy answers during the /greenlight help repeats",
      value: String(helpBusy),
      target: "0",
      met: helpBusy === 0,
    });
    figures.push({
      figure: "busy answers during the /calendar month repeats",
      value: String(busy),
      target: "0",
      met: busy === 0,
    });
    figures.push({
      figure:
        "/calendar month answers through response_url accepted by Slack / commands acked without busy (refused)",
      value: `${calendarAnswered} / ${calendarAcked} (${calendarRefused} refused)`,
      target: "all, 0 refused",
      met: calendarAnswered === calendarAcked && calendarRefused === 0,
    });
    return figures;
  } finally {
    await bare.stop();
    await greenlight.stop();
    await slack.stop();
    await temp.drop();
  }
}

if (isMain(import.meta.url)) runAlone("Ack latency", () => ackLatency().finally(dropSeedTemplates));
