/**
 * Shared pieces of the benchmarks: fresh temporary databases (a SQLite file,
 * a new PostgreSQL database that is dropped afterwards), free ports, figures
 * and the combined table, a silent logger, installs on the fake Slack of many
 * workspaces, and the tallies of what reached Slack.
 */
import { randomBytes } from "node:crypto";
import { fork, spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { request as httpRequest, type Agent } from "node:http";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LogLevel, type Logger } from "@slack/bolt";
import pg from "pg";
import type { Config } from "../src/config.ts";
import type { Db } from "../src/db/database.ts";
import { Installations } from "../src/install/installations.ts";
import type { FakeSlack, FakeSlackGrid, RecordedCall } from "../src/sandbox/index.ts";
import { busyMessages } from "../src/slack/busy.ts";
import { slackClientOptions } from "../src/slack/client.ts";

export const ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/postgres";

/** One line of the combined table. `met` is null for figures without a target. */
export interface Figure {
  figure: string;
  value: string;
  target: string;
  met: boolean | null;
  /** The machine's 1-minute load average when the figure was taken (the machine is shared). */
  load?: number;
}

/** Stamps figures with the load average now (those not stamped yet): call it right after a bench. */
export function stampLoad(figures: Figure[]): Figure[] {
  const now = loadavg()[0] ?? Number.NaN;
  for (const figure of figures) figure.load ??= now;
  return figures;
}

export interface TempDatabase {
  kind: "SQLite" | "PostgreSQL";
  url: string;
  drop(): Promise<void>;
}

/** A fresh copy of a database (closed: nothing may be connected to it). */
export async function copyDatabase(source: TempDatabase): Promise<TempDatabase> {
  if (source.kind === "PostgreSQL") return tempPostgres(source);
  const copy = tempSqlite();
  copyFileSync(source.url.replace(/^file:/, ""), copy.url.replace(/^file:/, ""));
  return copy;
}

export function tempSqlite(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), "greenlight-bench-"));
  return {
    kind: "SQLite",
    url: `file:${join(dir, "bench.db")}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs statements on the PostgreSQL server's maintenance database. */
export async function adminQuery(...statements: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    for (const sql of statements) await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** The database name of a PostgreSQL URL. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** A new PostgreSQL database, empty or a copy of `template`. */
export async function tempPostgres(template?: TempDatabase): Promise<TempDatabase> {
  const name = `greenlight_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(
    template
      ? `CREATE DATABASE "${name}" TEMPLATE "${databaseName(template.url)}"`
      : `CREATE DATABASE "${name}"`,
  );
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind: "PostgreSQL",
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A port nothing listens on right now (for a child process that needs a fixed PORT). */
export function freePort(): Promise<number> {
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

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The p-th percentile (0–100) of a list of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function printTable(title: string, figures: readonly Figure[]): void {
  console.log(`\n${title}`);
  console.log("| figure | value | target | met | load avg |");
  console.log("|---|---|---|---|---|");
  for (const f of figures) {
    const met = f.met === null ? "–" : f.met ? "yes" : "NO";
    const load = f.load === undefined ? "–" : f.load.toFixed(1);
    console.log(`| ${f.figure} | ${f.value} | ${f.target} | ${met} | ${load} |`);
  }
}

/** True when the module at `metaUrl` is the script node was asked to run. */
export function isMain(metaUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(script).href === metaUrl;
}

/** Runs a bench on its own (`tsx bench/x.ts`): prints its table, exits non-zero on error. */
export function runAlone(title: string, bench: () => Promise<Figure[]>): void {
  bench().then(
    (figures) => {
      printTable(title, stampLoad(figures));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** The app's configuration for a bench: HTTP mode on a free port, quiet logs. */
export function benchConfig(
  databaseUrl: string,
  slackApiUrl: string,
  signingSecret: string,
): Config {
  return {
    mode: "http",
    botToken: "xoxb-bench-token",
    signingSecret,
    appToken: undefined,
    databaseUrl,
    port: 0,
    slackApiUrl,
    logLevel: "error",
  };
}

/** min, median and max of a list. */
export function minMedianMax(values: readonly number[]): {
  min: number;
  median: number;
  max: number;
} {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? NaN,
    median: percentile(sorted, 50),
    max: sorted.at(-1) ?? NaN,
  };
}

/** "median (min–max)" of a list, with `digits` decimals. */
export function spread(values: readonly number[], digits = 1): string {
  const { min, median, max } = minMedianMax(values);
  return `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;
}

/** Resident memory of a process, now and at its peak (VmHWM), in MB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

export interface AppProcess {
  pid: number;
  port: number;
  url: string;
  /** ms from spawn to the first 200 on /healthz. */
  healthyMs: number;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * The production command, `node dist/main.js`, in its own process (so its
 * memory is its own), in HTTP mode against `slackApiUrl`; resolves once
 * /healthz answers 200.
 */
export async function spawnGreenlight(options: {
  databaseUrl: string;
  slackApiUrl: string;
  signingSecret: string;
  env?: Record<string, string>;
  /** Node's own flags for the app's process (e.g. --cpu-prof, refused in NODE_OPTIONS). */
  nodeArgs?: readonly string[];
}): Promise<AppProcess> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "dist/main.js"], {
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_SIGNING_SECRET: options.signingSecret,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      SLACK_API_URL: options.slackApiUrl,
      LOG_LEVEL: "warn",
      ...options.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  let healthyMs = NaN;
  for (let i = 0; i < 400 && child.exitCode === null; i += 1) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) {
        healthyMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  if (!child.pid || Number.isNaN(healthyMs)) {
    child.kill("SIGKILL");
    throw new Error(`node dist/main.js did not become healthy (exit ${child.exitCode})`);
  }
  return {
    pid: child.pid,
    port,
    url: `http://127.0.0.1:${port}/slack/events`,
    healthyMs,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** The newest modification time of any file under `dir` (0 when none). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Builds dist/ when it is missing or older than src/ (the benches that start
 * `node dist/main.js` need it). Returns a note when the build failed but an
 * older dist/ is used; throws when there is none.
 */
export function buildIfStale(): string | null {
  const dist = "dist/main.js";
  if (existsSync(dist) && statSync(dist).mtimeMs >= newest("src")) return null;
  console.log("dist/ is missing or older than src/: npm run build");
  const built = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (built.status === 0) return null;
  if (!existsSync(dist)) throw new Error(`npm run build failed (exit ${built.status}), no dist/`);
  return `npm run build failed (exit ${built.status}): measured on the older dist/`;
}

/** Polls `done` every 50 ms until it holds or `timeoutMs` passes; false on timeout. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** True when an answer (a response body, a message text) is Greenlight's "busy", in any language. */
export function isBusyAnswer(text: string): boolean {
  return text.includes(busyMessages("en").busy) || text.includes(busyMessages("fr").busy);
}

/** A Bolt logger for app instances whose logs a bench does not read; errors shown with BENCH_DEBUG set. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (...messages: unknown[]) => {
    if (process.env.BENCH_DEBUG) console.error(...messages);
  },
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** The OAuth app of the many-workspace benches: credentials the fake Slack grid is given. */
export const BENCH_OAUTH = {
  clientId: "111.222",
  clientSecret: "benchclientsecret0123456789",
  stateSecret: "benchstatesecret0123456789",
} as const;

/** A workspace's completed install, as Slack issued it (FakeSlackGrid.issueInstall). */
export interface IssuedInstall {
  teamId: string;
  teamName: string;
  token: string;
  botId: string;
  botUserId: string;
  /** The person who installed. */
  userId: string;
}

/** Issues each workspace's install from the grid (in this process). */
export function issueInstalls(grid: FakeSlackGrid, teams: readonly FakeSlack[]): IssuedInstall[] {
  return teams.map((fake) => ({
    teamId: fake.teamId,
    teamName: fake.teamName,
    botId: fake.botId,
    userId: fake.users[0]?.id ?? "",
    ...grid.issueInstall(fake.teamId),
  }));
}

/**
 * Installs each workspace as the OAuth callback stores it (its first person
 * installs), its bot token encrypted with `encryptionKey`. `installs`: from
 * issueInstalls, or from a fake Slack in another process.
 */
export async function installWorkspaces(options: {
  db: Db;
  apiUrl: string;
  installs: readonly IssuedInstall[];
  encryptionKey: Buffer;
  scopes: string[];
  clock: () => Date;
}): Promise<void> {
  const installations = new Installations({
    db: options.db,
    encryptionKey: options.encryptionKey,
    clientId: BENCH_OAUTH.clientId,
    clientSecret: BENCH_OAUTH.clientSecret,
    clientOptions: slackClientOptions(options.apiUrl),
    logger: silentLogger,
    clock: options.clock,
  });
  for (const install of options.installs) {
    await installations.storeInstallation({
      team: { id: install.teamId, name: install.teamName },
      enterprise: undefined,
      user: { id: install.userId, token: undefined, scopes: undefined },
      bot: {
        token: install.token,
        id: install.botId,
        userId: install.botUserId,
        scopes: options.scopes,
      },
      isEnterpriseInstall: false,
      tokenType: "bot",
      authVersion: "v2",
    });
  }
}

/**
 * Messages owed once each, from how many copies of each arrived: `lost`,
 * those that never arrived; `duplicated`, the copies beyond the first.
 */
export function tallyDeliveries(copies: Iterable<number>): { lost: number; duplicated: number } {
  let lost = 0;
  let duplicated = 0;
  for (const n of copies) {
    if (n === 0) lost += 1;
    duplicated += Math.max(0, n - 1);
  }
  return { lost, duplicated };
}

/** How many of these Web API calls Slack answered 429 (`ratelimited`). */
export function rateLimited(calls: readonly RecordedCall[]): number {
  return calls.filter((call) => call.response.error === "ratelimited").length;
}

/** Awaits `job` for at most `limitMs`: the seconds it took, whether it ran out of time, what it threw. */
export async function withTimeLimit(
  job: Promise<unknown>,
  limitMs: number,
): Promise<{ seconds: number; timedOut: boolean; error: unknown }> {
  const started = performance.now();
  let error: unknown = null;
  const run = job.catch((e: unknown) => {
    error = e;
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    run.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), limitMs);
    }),
  ]);
  clearTimeout(timer);
  return { seconds: (performance.now() - started) / 1000, timedOut, error };
}

/**
 * The least a Slack can do (bench/bare-http-side.ts), in a process of its
 * own: it parses each call's body and answers ok, `latencyMs` later.
 */
export async function startBareSlack(
  latencyMs = 0,
): Promise<{ apiUrl: string; port: number; stop(): void }> {
  const server = fork(fileURLToPath(new URL("./bare-http-side.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_LATENCY_MS: String(latencyMs) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    server.once("message", (message) => resolve(message as { port: number }));
    server.once("exit", (code) => reject(new Error(`bare-http-side exited (${code})`)));
  });
  return { apiUrl: `http://127.0.0.1:${port}/api/`, port, stop: () => server.send("stop") };
}

/** One POST of `body` over bare node:http through `agent`; its answer's JSON. */
export function postOverHttp(
  url: string,
  body: string,
  agent: Agent,
  headers: Record<string, string>,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(
      url,
      {
        method: "POST",
        agent,
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        response.on("error", reject);
      },
    );
    call.on("error", reject);
    call.end(body);
  });
}
