/**
 * Start-to-healthy time and memory (RSS) of the production command
 * (`node dist/main.js`, after `npm run build`) on SQLite and on PostgreSQL:
 *
 * - start → healthy, first start (it migrates) and restart; target ≤ 2 s;
 * - idle RSS 10 s after healthy, on an empty database; target ≤ 120 MB;
 * - RSS 10 s after the scheduler's first tick with 1,000 teams whose webcare
 *   hand-over is due (1,000 DMs and 1,000 channel posts), once the tick's
 *   sends have stopped; target ≤ 120 MB;
 * - the exit code on SIGTERM; target 0.
 */
import { format } from "date-fns";
import { openDatabase } from "../src/db/database.ts";
import { FakeSlack } from "../src/sandbox/index.ts";
import {
  isMain,
  memoryMb,
  runAlone,
  sleep,
  spawnGreenlight,
  tempPostgres,
  tempSqlite,
  waitUntil,
  type Figure,
  type TempDatabase,
} from "./support.ts";

const SIGNING_SECRET = "benchsigningsecret0000";
const SETTLE_MS = 10_000;
const TEAMS = 1_000;
const RSS_TARGET_MB = 120;

async function measureStart(label: string, databaseUrl: string, slackApiUrl: string) {
  const app = await spawnGreenlight({ databaseUrl, slackApiUrl, signingSecret: SIGNING_SECRET });
  await sleep(SETTLE_MS);
  const { rss } = memoryMb(app.pid);
  const exitCode = await app.stop();
  return { label, healthyMs: app.healthyMs, rss, exitCode };
}

/** 1,000 teams whose webcare reminder is due today (hand-over 00:00 UTC), posting in #general. */
async function seedTeams(temp: TempDatabase): Promise<void> {
  const database = await openDatabase(temp.url);
  try {
    const ids = Array.from({ length: TEAMS }, (_, i) => `T_BENCH${String(i).padStart(4, "0")}`);
    const today = format(new Date(), "yyyy-MM-dd");
    await database.db.team.createMany({ data: ids.map((id) => ({ id, timezone: "UTC" })) });
    await database.db.webcareRotation.createMany({
      data: ids.map((teamId) => ({
        teamId,
        startDate: today,
        members: "U_ALICE,U_BOB,U_CAROL",
        handoverTime: "00:00",
        channelId: "C_GENERAL",
        setBy: "U_ALICE",
      })),
    });
  } finally {
    await database.close();
  }
}

async function measureAfterTick(temp: TempDatabase) {
  await seedTeams(temp);
  const fake = new FakeSlack({ signingSecret: SIGNING_SECRET });
  await fake.start();
  try {
    const app = await spawnGreenlight({
      databaseUrl: temp.url,
      slackApiUrl: fake.apiUrl,
      signingSecret: SIGNING_SECRET,
    });
    try {
      const posts = () => fake.callsTo("chat.postMessage").length;
      // node-cron ticks at the next minute; its sends may take a while on a busy machine.
      const sent = await waitUntil(() => posts() >= 2 * TEAMS, 240_000);
      let last = -1;
      while (posts() !== last) {
        last = posts();
        await sleep(3_000);
      }
      const tickDone = performance.now();
      await sleep(SETTLE_MS);
      const { rss, peak } = memoryMb(app.pid);
      return { sent, posts: posts(), rss, peak, settledAfterMs: performance.now() - tickDone };
    } finally {
      await app.stop();
    }
  } finally {
    await fake.stop();
  }
}

export async function startup(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const fake = new FakeSlack({ signingSecret: SIGNING_SECRET });
  await fake.start();
  const rows = [];
  for (const make of [async () => tempSqlite(), tempPostgres]) {
    const temp = await make();
    try {
      // The first start creates and migrates; the second is a plain restart.
      rows.push(await measureStart(`${temp.kind}, first start (migrates)`, temp.url, fake.apiUrl));
      rows.push(await measureStart(`${temp.kind}, restart`, temp.url, fake.apiUrl));
    } finally {
      await temp.drop();
    }
  }
  await fake.stop();
  for (const row of rows) {
    figures.push(
      {
        figure: `start → healthy, node dist/main.js, ${row.label}`,
        value: `${row.healthyMs.toFixed(0)} ms`,
        target: "≤ 2000 ms",
        met: row.healthyMs <= 2000,
      },
      {
        figure: `idle RSS ${SETTLE_MS / 1000} s after healthy, ${row.label}`,
        value: `${row.rss.toFixed(1)} MB`,
        target: `≤ ${RSS_TARGET_MB} MB`,
        met: row.rss <= RSS_TARGET_MB,
      },
      {
        figure: `exit code on SIGTERM, ${row.label}`,
        value: String(row.exitCode),
        target: "0",
        met: row.exitCode === 0,
      },
    );
  }

  // Both databases at once: the tick comes at the same minute for both.
  const temps = [tempSqlite(), await tempPostgres()];
  try {
    const ticks = await Promise.all(temps.map((temp) => measureAfterTick(temp)));
    ticks.forEach((tick, i) => {
      figures.push({
        figure: `RSS ${SETTLE_MS / 1000} s after the first tick with ${TEAMS} teams due (${tick.posts} posts), ${temps[i]!.kind}`,
        value: tick.sent
          ? `${tick.rss.toFixed(1)} MB (peak ${tick.peak.toFixed(1)} MB)`
          : `tick unfinished after 240 s (${tick.posts} posts): ${tick.rss.toFixed(1)} MB`,
        target: `≤ ${RSS_TARGET_MB} MB`,
        met: tick.sent && tick.rss <= RSS_TARGET_MB,
      });
    });
  } finally {
    for (const temp of temps) await temp.drop();
  }
  return figures;
}

if (isMain(import.meta.url)) runAlone("Start-up and memory", startup);
