/**
 * Ack latency of a slash command under load: 50 requests in flight, signed
 * as Slack signs them, against Greenlight (HTTP mode, processBeforeResponse
 * false as in production, `/greenlight help`, whose answer travels in the ack
 * itself (as the help and usage lines of /greenlight and /role do); replies that need the database
 * or Slack go through response_url after the ack) and against a bare Bolt app whose only
 * listener acks, on the same receiver type (HTTPReceiver) in the same run.
 * The two are measured in alternating rounds so that load from elsewhere on
 * the machine falls on both. Target: p99(Greenlight) / p99(bare Bolt) ≤ 1.3.
 */
import { fork, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { openDatabase } from "../src/db/database.ts";
import { startGreenlight } from "../src/runtime.ts";
import { isMain, percentile, runAlone, tempSqlite, type Figure, benchConfig } from "./support.ts";

const SIGNING_SECRET = "benchsigningsecret0123456789abcdef";
const CONCURRENCY = 50;
const WARM_UP = 20;
const MEASURED = 1_000;
const ROUNDS = 4; // alternating: bare, app, bare, app, … (MEASURED split between them)
const TARGET_RATIO = 1.3;

/** The load-generating process (bench/slack-side.ts) and a typed way to ask it for a load. */
async function startSlackSide() {
  const child: ChildProcess = fork(fileURLToPath(new URL("./slack-side.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_SIGNING_SECRET: SIGNING_SECRET },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`slack-side exited (${code})`));
      child.once("exit", onExit);
      child.once("message", (message) => {
        child.off("exit", onExit);
        resolve(message as T);
      });
    });
  const { apiUrl } = await next<{ apiUrl: string }>();
  return {
    apiUrl,
    /** Sends `count` commands with CONCURRENCY in flight; each ack's latency (ms). */
    async load(appUrl: string, command: string, text: string, count: number): Promise<number[]> {
      const answer = next<{ latencies: number[]; failures: number }>();
      child.send({ type: "load", appUrl, command, text, count, concurrency: CONCURRENCY });
      const { latencies, failures } = await answer;
      if (failures > 0) throw new Error(`${failures} of ${count} ${command} requests not acked`);
      return latencies;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ type: "stop" });
      await exited;
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

export async function ackLatency(): Promise<Figure[]> {
  const slack = await startSlackSide();
  const temp = tempSqlite();
  const config = benchConfig(temp.url, slack.apiUrl, SIGNING_SECRET);
  const greenlight = await startGreenlight({
    config,
    database: await openDatabase(temp.url),
    processBeforeResponse: false,
    host: "127.0.0.1",
  });
  const bare = await startBareBolt(slack.apiUrl);
  try {
    const appUrl = `http://127.0.0.1:${greenlight.port}/slack/events`;
    const runApp = (n: number) => slack.load(appUrl, "/greenlight", "help", n);
    const runBare = (n: number) => slack.load(bare.url, "/bench", "", n);

    await runBare(WARM_UP);
    await runApp(WARM_UP);
    await greenlight.built.drain(10_000);
    const app: number[] = [];
    const base: number[] = [];
    // CPU time of this process (the app under test) per request: far less
    // sensitive than latency to what else runs on the machine.
    const cpu = { app: 0, base: 0 };
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    const perRound = Math.ceil(MEASURED / (ROUNDS / 2));
    for (let round = 0; round < ROUNDS; round += 1) {
      const since = process.cpuUsage();
      if (round % 2 === 0) {
        base.push(...(await runBare(perRound)));
        cpu.base += cpuMs(since);
      } else {
        app.push(...(await runApp(perRound)));
        // Its response_url answers run after the acks: let them finish before the next round.
        await greenlight.built.drain(30_000);
        cpu.app += cpuMs(since);
      }
    }
    const ratio = percentile(app, 99) / percentile(base, 99);
    if (process.env.BENCH_VERBOSE) {
      for (const [name, xs] of [
        ["app", app],
        ["bare", base],
      ] as const)
        console.log(
          name,
          [50, 90, 95, 99, 100].map((p) => percentile(xs, p).toFixed(1)).join(" / "),
        );
    }
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    const tag = `${CONCURRENCY} in flight, ${app.length} requests`;
    return [
      {
        figure: `ack p50, Greenlight /greenlight help (${tag})`,
        value: ms(percentile(app, 50)),
        target: "–",
        met: null,
      },
      {
        figure: `ack p99, Greenlight /greenlight help (${tag})`,
        value: ms(percentile(app, 99)),
        target: "–",
        met: null,
      },
      {
        figure: `ack p50, bare Bolt (${tag})`,
        value: ms(percentile(base, 50)),
        target: "–",
        met: null,
      },
      {
        figure: `ack p99, bare Bolt (${tag})`,
        value: ms(percentile(base, 99)),
        target: "–",
        met: null,
      },
      {
        figure: "CPU per command, Greenlight (ack with the help answer) / bare Bolt (empty ack)",
        value: `${(cpu.app / app.length).toFixed(2)} ms / ${(cpu.base / base.length).toFixed(2)} ms`,
        target: "–",
        met: null,
      },
      {
        figure: "ack p99 ratio, Greenlight / bare Bolt",
        value: ratio.toFixed(2),
        target: `≤ ${TARGET_RATIO}`,
        met: ratio <= TARGET_RATIO,
      },
    ];
  } finally {
    await bare.stop();
    await greenlight.stop();
    await slack.stop();
    await temp.drop();
  }
}

if (isMain(import.meta.url)) runAlone("Ack latency", ackLatency);
