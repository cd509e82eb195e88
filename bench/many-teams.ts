/**
 * 1,000 installed workspaces whose webcare hand-over is 09:00, served by two
 * app instances on one PostgreSQL (each with its own connection pool, Slack
 * clients and job runs), against a fake Slack (FakeSlackGrid) that routes
 * each token to its own workspace and enforces about 1 chat.postMessage per
 * second per channel (429 with Retry-After).
 *
 * At 09:00 both instances run the scheduler's tick, as their cron would; the
 * figure is the time from 09:00 to the last reminder Slack accepted, with
 * duplicates and missing ones counted from what each workspace received (a DM
 * to the person on duty and one line in the duty channel per team).
 *
 * Then a tick with nothing due (every team's reminder settled): its database
 * queries are counted and timed (the wall time of the tick bounds its
 * database time from above).
 *
 * The instances run in this process, not as two OS processes: they share
 * nothing but the database and the fake Slack, which is what the exactly-once
 * and per-team isolation guarantees rest on.
 */
import { randomBytes } from "node:crypto";
import { LogLevel, type Logger } from "@slack/bolt";
import { openDatabase } from "../src/db/database.ts";
import { Installations } from "../src/install/installations.ts";
import { startGreenlight, type RunningGreenlight } from "../src/runtime.ts";
import { JOBS } from "../src/scheduler/registry.ts";
import { FakeSlackGrid, type FakeSlack } from "../src/sandbox/index.ts";
import { slackClientOptions } from "../src/slack/client.ts";
import { isMain, runAlone, tempPostgres, type Figure } from "./support.ts";

const TEAMS = Number(process.env.BENCH_TEAMS ?? 1000);
const SIGNING_SECRET = "benchsigningsecret0123456789abcdef";
const CLIENT_ID = "111.222";
const CLIENT_SECRET = "benchclientsecret0123456789";
const TARGET_SECONDS = 60;
const TARGET_IDLE_MS = 50;

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

function team(grid: FakeSlackGrid, index: number): FakeSlack {
  const tag = String(index).padStart(4, "0");
  const person = (name: string) => ({
    id: `U${tag}${name.toUpperCase()}`,
    name,
    real_name: name,
    tz: "UTC",
    tz_offset: 0,
    locale: "en-US",
    is_bot: false,
    deleted: false,
    is_admin: false,
    is_owner: false,
  });
  const bot = { ...person("greenlight"), id: `U${tag}BOT`, is_bot: true };
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

export async function manyTeams(): Promise<Figure[]> {
  const grid = new FakeSlackGrid({
    signingSecret: SIGNING_SECRET,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  });
  const teams = Array.from({ length: TEAMS }, (_, i) => team(grid, i));
  for (const fake of teams) fake.setRateLimit({ perChannelPerSecond: 1, burst: 1 });
  await grid.start();
  const temp = await tempPostgres();
  const encryptionKey = randomBytes(32);
  const apps: RunningGreenlight[] = [];
  let queries = 0;
  const seedDb = await openDatabase(temp.url, { onQuery: () => (queries += 1) });
  try {
    // 09:00 today (UTC) is the hand-over; the instances' clock starts there.
    const handover = new Date();
    handover.setUTCHours(9, 0, 0, 0);
    const today = handover.toISOString().slice(0, 10);
    let startedAt = Date.now();
    const clock = () => new Date(handover.getTime() + (Date.now() - startedAt));

    const db = seedDb.db;
    const installations = new Installations({
      db,
      encryptionKey,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      clientOptions: slackClientOptions(grid.apiUrl),
      logger: quiet,
      clock,
    });
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
    for (const fake of teams) {
      const { token, botUserId } = grid.issueInstall(fake.teamId);
      await installations.storeInstallation({
        team: { id: fake.teamId, name: fake.teamName },
        enterprise: undefined,
        user: { id: fake.users[0]?.id ?? "", token: undefined, scopes: undefined },
        bot: { token, id: fake.botId, userId: botUserId, scopes: ["chat:write"] },
        isEnterpriseInstall: false,
        tokenType: "bot",
        authVersion: "v2",
      });
    }

    for (let i = 0; i < 2; i += 1) {
      apps.push(
        await startGreenlight({
          config: {
            mode: "http",
            botToken: undefined,
            signingSecret: SIGNING_SECRET,
            appToken: undefined,
            databaseUrl: temp.url,
            port: 0,
            slackApiUrl: grid.apiUrl,
            logLevel: "error",
            oauth: {
              clientId: CLIENT_ID,
              clientSecret: CLIENT_SECRET,
              stateSecret: "benchstatesecret0123456789",
              encryptionKey,
            },
          },
          host: "127.0.0.1",
          clock,
        }),
      );
    }

    // 09:00: both instances tick (every job), at once, as their cron would.
    startedAt = Date.now();
    const firstCall = grid.routedCalls.length;
    const tick = (app: RunningGreenlight) =>
      Promise.all(JOBS.map((job) => job.run(app.built.deps, clock()).catch((e: unknown) => e)));
    await Promise.all(apps.map(tick));
    const posts = grid.routedCalls.slice(firstCall).filter((c) => c.method === "chat.postMessage");
    const last = Math.max(...posts.map((c) => c.at));
    if (process.env.BENCH_DEBUG) {
      const late = grid.routedCalls.slice(firstCall).filter((c) => c.at - startedAt > 5000);
      console.log("late calls", late.length, JSON.stringify(late.slice(0, 5)));
      console.log("calls", grid.routedCalls.length - firstCall, "posts", posts.length);
    }
    const seconds = (last - startedAt) / 1000;
    let duplicates = 0;
    let missing = 0;
    for (const fake of teams) {
      const announced = fake.messagesIn(fake.channels[0]?.id ?? "").length;
      const onDuty = fake.users[0]?.id ?? "";
      const dms = fake.dmsTo(onDuty).length;
      duplicates += Math.max(0, announced - 1) + Math.max(0, dms - 1);
      missing += (announced === 0 ? 1 : 0) + (dms === 0 ? 1 : 0);
    }

    // A tick with nothing due: every job once, on one instance.
    const idleDb = await openDatabase(temp.url, { onQuery: () => (queries += 1) });
    const first = apps[0];
    if (!first) throw new Error("no app instance");
    const idleDeps = { ...first.built.deps, db: idleDb.db };
    await Promise.all(JOBS.map((job) => job.run(idleDeps, clock()).catch(() => undefined)));
    queries = 0;
    const idleStarted = performance.now();
    await Promise.all(
      JOBS.map(async (job) => {
        const before = queries;
        const t = performance.now();
        await job.run(idleDeps, clock()).catch(() => undefined);
        if (process.env.BENCH_DEBUG) {
          console.log(job.name, queries - before, (performance.now() - t).toFixed(1));
        }
      }),
    );
    const idleMs = performance.now() - idleStarted;
    const idleQueries = queries;
    await idleDb.close();

    return [
      {
        figure: `${TEAMS} teams, hand-over 09:00, 2 instances: 09:00 → last reminder`,
        value: `${seconds.toFixed(1)} s`,
        target: `≤ ${TARGET_SECONDS} s`,
        met: seconds <= TARGET_SECONDS,
      },
      {
        figure: `${TEAMS} teams: duplicate reminders / missing reminders`,
        value: `${duplicates} / ${missing}`,
        target: "0 / 0",
        met: duplicates === 0 && missing === 0,
      },
      {
        figure: `${TEAMS} teams: a tick with nothing due (database queries, time)`,
        value: `${idleQueries} queries, ${idleMs.toFixed(1)} ms`,
        target: `≤ ${TARGET_IDLE_MS} ms`,
        met: idleMs <= TARGET_IDLE_MS,
      },
    ];
  } finally {
    for (const app of apps) await app.stop();
    await seedDb.close();
    await grid.stop();
    await temp.drop();
  }
}

if (isMain(import.meta.url)) runAlone("Many workspaces", manyTeams);
