/**
 * 1,000 installed workspaces whose webcare hand-over is 09:00, served by two
 * app processes on one PostgreSQL (each with its own connection pool, Slack
 * clients and job runs), against a fake Slack (FakeSlackGrid) that routes
 * each token to its own workspace and enforces about 1 chat.postMessage per
 * second per channel (429 with Retry-After).
 *
 * At 09:00 both instances run the scheduler's tick, as their cron would; the
 * figure is the time from 09:00 to the last reminder Slack accepted (the
 * fake's message timestamps), with duplicates and missing ones counted from
 * what each workspace received (a DM to the person on duty and one line in
 * the duty channel per team).
 *
 * Then ticks with nothing due (every team's work settled), on a scheduler of
 * their own: its SQL statements are counted and their database time summed
 * from Prisma's query events (each statement's duration as the client sees
 * it: from the driver call to its rows, so pool wait, round trip, server
 * time and row parsing), the tick's wall time beside it. Two are printed:
 * the steady idle tick (the scheduler remembers that nothing was owed, and
 * one probe query shows nothing changed: src/scheduler/probe.ts, quiet.ts),
 * and the first tick of that scheduler, which reads what every job reads,
 * as any tick after a change to a schedule does.
 *
 * The two instances are two OS processes (bench/many-teams-instance.ts, one
 * fork each, driven over IPC); the fake Slack and the seeding run here.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../src/db/database.ts";
import { FakeSlackGrid, fakeUser, type FakeSlack } from "../src/sandbox/index.ts";
import {
  BENCH_OAUTH,
  installWorkspaces,
  issueInstalls,
  isMain,
  runAlone,
  tallyDeliveries,
  tempPostgres,
  type Figure,
} from "./support.ts";

const TEAMS = Number(process.env.BENCH_TEAMS ?? 1000);
const SIGNING_SECRET = "benchsigningsecret0123456789abcdef";
const TARGET_SECONDS = 60;
const TARGET_IDLE_MS = 50;

function team(grid: FakeSlackGrid, index: number): FakeSlack {
  const tag = String(index).padStart(4, "0");
  const person = (name: string) => fakeUser(`U${tag}${name.toUpperCase()}`, name, name, "UTC", 0);
  const bot = fakeUser(`U${tag}BOT`, "greenlight", "greenlight", "UTC", 0, { is_bot: true });
  const users = [person("ann"), person("ben"), bot];
  return grid.addTeam({
    teamId: `T${tag}`,
    teamName: `Team ${tag}`,
    botUserId: bot.id,
    users,
    channels: [
      {
        id: `C${tag}DUTY`,
        name: "webcare",
        is_private: false,
        members: users.map((u) => u.id),
      },
    ],
  });
}

interface Instance {
  child: ChildProcess;
  /** The next message of `kind` this instance sends. */
  next(kind: string): Promise<Record<string, unknown>>;
}

function spawnInstance(env: NodeJS.ProcessEnv): Instance {
  const child = fork(fileURLToPath(new URL("./many-teams-instance.ts", import.meta.url)), [], {
    env,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<string, Array<(message: Record<string, unknown>) => void>>();
  const failed = new Promise<never>((_, reject) => {
    child.once("exit", (code) => reject(new Error(`an app instance exited with ${code}`)));
  });
  failed.catch(() => undefined);
  child.on("message", (message: Record<string, unknown>) => {
    const list = waiting.get(String(message.kind)) ?? [];
    list.shift()?.(message);
  });
  return {
    child,
    next(kind) {
      return Promise.race([
        new Promise<Record<string, unknown>>((resolve) => {
          waiting.set(kind, [...(waiting.get(kind) ?? []), resolve]);
        }),
        failed,
      ]);
    },
  };
}

export async function manyTeams(): Promise<Figure[]> {
  const grid = new FakeSlackGrid({
    signingSecret: SIGNING_SECRET,
    clientId: BENCH_OAUTH.clientId,
    clientSecret: BENCH_OAUTH.clientSecret,
  });
  const teams = Array.from({ length: TEAMS }, (_, i) => team(grid, i));
  for (const fake of teams) fake.setRateLimit({ perChannelPerSecond: 1, burst: 1 });
  await grid.start();
  const temp = await tempPostgres();
  const encryptionKey = randomBytes(32);
  const instances: Instance[] = [];
  const seedDb = await openDatabase(temp.url);
  try {
    // 09:00 today (UTC) is the hand-over; the instances' clocks read it when told to tick.
    const handover = new Date();
    handover.setUTCHours(9, 0, 0, 0);
    const today = handover.toISOString().slice(0, 10);

    const db = seedDb.db;
    await db.team.createMany({ data: teams.map((fake) => ({ id: fake.teamId, timezone: "UTC" })) });
    await db.webcareRotation.createMany({
      data: teams.map((fake) => ({
        teamId: fake.teamId,
        startDate: today,
        members: fake.users
          .filter((u) => !u.is_bot)
          .map((u) => u.id)
          .join(","),
        handoverTime: "09:00",
        channelId: fake.channels[0]?.id ?? null,
        setBy: fake.users[0]?.id ?? "",
      })),
    });
    await installWorkspaces({
      db,
      apiUrl: grid.apiUrl,
      installs: issueInstalls(grid, teams),
      encryptionKey,
      scopes: ["chat:write"],
      clock: () => handover,
    });

    // Two app processes on the one database, each with its own pool.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: temp.url,
      SLACK_API_URL: grid.apiUrl,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_CLIENT_ID: BENCH_OAUTH.clientId,
      SLACK_CLIENT_SECRET: BENCH_OAUTH.clientSecret,
      SLACK_STATE_SECRET: BENCH_OAUTH.stateSecret,
      GREENLIGHT_ENCRYPTION_KEY: encryptionKey.toString("base64"),
      BENCH_HANDOVER: handover.toISOString(),
    };
    for (let i = 0; i < 2; i += 1) instances.push(spawnInstance(env));
    await Promise.all(instances.map((instance) => instance.next("ready")));

    // 09:00: both processes tick (every job, as their cron does), at once.
    const t0 = Date.now();
    const ticked = instances.map((instance) => instance.next("ticked"));
    for (const instance of instances) instance.child.send({ kind: "tick", t0 });
    const reports = await Promise.all(ticked);
    const failures = reports.flatMap((r) => r.failed as string[]);
    if (failures.length > 0) console.error("tick failures:", failures.slice(0, 5));

    // What each workspace received: the DM to the person on duty and the duty channel's line.
    const received = teams.flatMap((fake) => [
      fake.messagesIn(fake.channels[0]?.id ?? ""),
      fake.dmsTo(fake.users[0]?.id ?? ""),
    ]);
    const { lost: missing, duplicated: duplicates } = tallyDeliveries(
      received.map((messages) => messages.length),
    );
    let last = t0;
    for (const message of received.flat()) {
      last = Math.max(last, Math.round(Number(message.ts) * 1000));
    }
    const seconds = (last - t0) / 1000;
    if (process.env.BENCH_VERBOSE || process.env.BENCH_DEBUG) {
      const at = received
        .flat()
        .map((m) => Math.round(Number(m.ts) * 1000) - t0)
        .sort((a, b) => a - b);
      const pick = (q: number) => at[Math.min(at.length - 1, Math.floor(q * at.length))];
      console.log(
        `reminders accepted after 09:00 (ms): first ${pick(0)}, median ${pick(0.5)}, p90 ${pick(0.9)}, last ${pick(1)}; ticks done after ${Date.now() - t0} ms; sent per process ${reports.map((r) => r.sent).join(" / ")}`,
      );
      const calls = grid.routedCalls.filter((c) => c.at >= t0);
      const byMethod = new Map<string, number[]>();
      for (const c of calls) byMethod.set(c.method, [...(byMethod.get(c.method) ?? []), c.at - t0]);
      console.log(
        `Slack calls after 09:00: ${calls.length}; ` +
          [...byMethod]
            .map(([m, ats]) => `${m} ×${ats.length} ${Math.min(...ats)}–${Math.max(...ats)} ms`)
            .join(", "),
      );
    }

    // A tick with nothing due (every team's work settled), on one process, its queries counted.
    const idled = instances[0]?.next("idled");
    instances[0]?.child.send({ kind: "idle" });
    interface IdleTick {
      queries: number;
      dbMs: number;
      wallMs: number;
      perJob: Record<string, { queries: number; dbMs: number }>;
    }
    const idle = (await idled) as unknown as IdleTick & { first: IdleTick };
    if (process.env.BENCH_VERBOSE || process.env.BENCH_DEBUG) {
      console.log("first idle tick per job:", JSON.stringify(idle.first.perJob));
      console.log("steady idle tick per job:", JSON.stringify(idle.perJob));
    }
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");

    return [
      {
        figure: `${TEAMS} teams, hand-over 09:00, 2 app processes: 09:00 → last reminder (load average ${load})`,
        value: `${seconds.toFixed(1)} s`,
        target: `≤ ${TARGET_SECONDS} s`,
        met: seconds <= TARGET_SECONDS && failures.length === 0,
      },
      {
        figure: `${TEAMS} teams: duplicate reminders / missing reminders`,
        value: `${duplicates} / ${missing}`,
        target: "0 / 0",
        met: duplicates === 0 && missing === 0,
      },
      {
        figure: `${TEAMS} teams: a scheduler tick with nothing due: database time (Prisma's query durations), queries, wall time`,
        value: `${idle.dbMs.toFixed(1)} ms, ${idle.queries} queries, ${idle.wallMs.toFixed(1)} ms wall`,
        target: `≤ ${TARGET_IDLE_MS} ms`,
        met: idle.dbMs <= TARGET_IDLE_MS,
      },
      {
        figure: `${TEAMS} teams: the first tick with nothing due after a change (every job reads): database time, queries, wall time`,
        value: `${idle.first.dbMs.toFixed(1)} ms, ${idle.first.queries} queries, ${idle.first.wallMs.toFixed(1)} ms wall`,
        target: "(printed beside it)",
        met: null,
      },
    ];
  } finally {
    for (const instance of instances) {
      if (instance.child.exitCode === null) {
        const exited = new Promise((resolve) => instance.child.once("exit", resolve));
        instance.child.send({ kind: "stop" });
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        if (instance.child.exitCode === null) instance.child.kill();
      }
    }
    await seedDb.close();
    await grid.stop();
    await temp.drop();
  }
}

if (isMain(import.meta.url)) runAlone("Many workspaces", manyTeams);
