import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { Database } from "../../../src/db/database.ts";
import { FakeSlack, SlackClientSim } from "../../../src/sandbox/index.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { SIGNING_SECRET } from "../../support/harness.ts";

/** The repository root: every child process runs there. */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const APP_SCRIPT = fileURLToPath(new URL("./app-process.ts", import.meta.url));
const CLI_SCRIPT = fileURLToPath(new URL("../../../src/cli.ts", import.meta.url));

export function childEnv(databaseUrl: string, fake: FakeSlack): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: databaseUrl,
    SLACK_API_URL: fake.apiUrl,
    SLACK_BOT_TOKEN: "xoxb-faults-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    LOG_LEVEL: "error",
  };
}

/** A port free right now (PORT must be 1–65535, so the app cannot be asked for 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function collect(child: ChildProcess): () => string {
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode);
  }
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

export interface AppProcess {
  child: ChildProcess;
  port: number;
  /** Drives this process as Slack would. */
  slack: SlackClientSim;
  output(): string;
  healthz(): Promise<{ status: number; ms: number }>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns one app process (like src/main.ts) and waits until /healthz answers 200. */
export async function startAppProcess(databaseUrl: string, fake: FakeSlack): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", APP_SCRIPT], {
    cwd: ROOT,
    env: { ...childEnv(databaseUrl, fake), PORT: String(await freePort()) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = collect(child);
  const deadline = Date.now() + 30_000;
  let port = 0;
  while (port === 0) {
    const match = /listening (\d+)/.exec(output());
    if (match) port = Number(match[1]);
    else if (child.exitCode !== null) throw new Error(`app process exited:\n${output()}`);
    else if (Date.now() > deadline) throw new Error(`app process did not start:\n${output()}`);
    else await sleep(50);
  }
  const base = `http://127.0.0.1:${port}`;
  const healthz = async () => {
    const started = Date.now();
    const response = await fetch(`${base}/healthz`);
    await response.text();
    return { status: response.status, ms: Date.now() - started };
  };
  while ((await healthz().catch(() => ({ status: 0 }))).status !== 200) {
    if (Date.now() > deadline) throw new Error(`/healthz never answered 200:\n${output()}`);
    await sleep(50);
  }
  return {
    child,
    port,
    slack: new SlackClientSim({
      appUrl: `${base}/slack/events`,
      signingSecret: SIGNING_SECRET,
      fake,
    }),
    output,
    healthz,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      return exited(child);
    },
  };
}

/**
 * Two app processes on one fresh database, talking to one fake Slack: two
 * replicas behind a load balancer. `database` is the test's own connection.
 */
export interface ProcessPair {
  fake: FakeSlack;
  testDb: TestDatabase;
  database: Database;
  a: AppProcess;
  b: AppProcess;
  /** Stops both processes (their exit codes), then the fake Slack and the database. */
  stop(): Promise<Array<number | null>>;
}

export async function startProcessPair(): Promise<ProcessPair> {
  const fake = new FakeSlack({ signingSecret: SIGNING_SECRET });
  await fake.start();
  const testDb = await createTestDatabase();
  const database = await testDb.open();
  const [a, b] = await Promise.all([
    startAppProcess(testDb.url, fake),
    startAppProcess(testDb.url, fake),
  ]);
  return {
    fake,
    testDb,
    database,
    a,
    b,
    async stop() {
      const codes = await Promise.all([a.stop(), b.stop()]);
      await database.close();
      await fake.stop();
      await testDb.drop();
      return codes;
    },
  };
}

export interface CliRun {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  done: Promise<number | null>;
}

/** `npm run greenlight -- <args>` as its own process (tsx, as the npm script runs it). */
export function startCli(args: string[], databaseUrl: string, fake: FakeSlack): CliRun {
  const child = spawn(process.execPath, ["--import", "tsx", CLI_SCRIPT, ...args], {
    cwd: ROOT,
    env: childEnv(databaseUrl, fake),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = collect(child);
  return { child, output, done: exited(child) };
}

export async function runCli(
  args: string[],
  databaseUrl: string,
  fake: FakeSlack,
): Promise<{ code: number | null; output: string }> {
  const run = startCli(args, databaseUrl, fake);
  const code = await run.done;
  return { code, output: run.output() };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
