/**
 * The weekly digest fanned out to 500 subscribed channels, against the fake
 * Slack enforcing about 1 message per second per channel and a workspace-wide
 * limit (a token bucket: WORKSPACE_PER_SECOND, burst WORKSPACE_BURST), both
 * answering 429 with Retry-After as Slack does. The job runs once, as the
 * scheduler runs it (`weeklyDigestJob.run`), with the app's own WebClient.
 *
 * The bound: each channel gets one message, so the per-channel limit never
 * binds; the workspace bucket lets WORKSPACE_BURST go at once and then
 * WORKSPACE_PER_SECOND a second, so no client can finish sooner than
 * (CHANNELS − WORKSPACE_BURST) / WORKSPACE_PER_SECOND seconds.
 * Every Web API call takes LATENCY_MS (Slack's own latency, modelled), so
 * the bound is that time plus one round trip for the last message.
 * Targets: within 10 % of the bound, 0 lost, 0 duplicated.
 */
import { openDatabase } from "../src/db/database.ts";
import { weeklyDigestJob } from "../src/features/metrics/digest-job.ts";
import { startGreenlight } from "../src/runtime.ts";
import { FakeSlack, defaultUsers, type FakeChannel } from "../src/sandbox/index.ts";
import { isMain, runAlone, tempSqlite, type Figure, benchConfig } from "./support.ts";

const SIGNING_SECRET = "benchsigningsecret0123456789abcdef";
const CHANNELS = 500;
const PER_CHANNEL_PER_SECOND = 1;
const WORKSPACE_PER_SECOND = 50;
const WORKSPACE_BURST = 50;
const TARGET_OVER_BOUND = 0.1;
const LATENCY_MS = 100;
const TIME_LIMIT_MS = 120_000;

export async function digestFanout(): Promise<Figure[]> {
  const botUserId = "U_GREENLIGHT";
  const channels: FakeChannel[] = Array.from({ length: CHANNELS }, (_, i) => ({
    id: `C_DIGEST${String(i).padStart(4, "0")}`,
    name: `digest-${i}`,
    is_private: false,
    members: ["U_ALICE", botUserId],
  }));
  const fake = new FakeSlack({
    signingSecret: SIGNING_SECRET,
    botUserId,
    users: defaultUsers(botUserId),
    channels,
  });
  await fake.start();
  const temp = tempSqlite();
  const database = await openDatabase(temp.url);
  const config = benchConfig(temp.url, fake.apiUrl, SIGNING_SECRET);
  const app = await startGreenlight({ config, database, host: "127.0.0.1" });
  try {
    // A team whose digest (Mondays 00:00 UTC) is due whenever this runs, subscribed a month ago.
    const db = database.db;
    await db.team.create({ data: { id: fake.teamId, digestDay: 1, digestTime: "00:00" } });
    const subscribedAt = new Date(Date.now() - 30 * 24 * 3600_000);
    await db.digestSubscription.createMany({
      data: channels.map((c) => ({
        teamId: fake.teamId,
        channelId: c.id,
        subscribedAt,
        createdBy: "U_ALICE",
      })),
    });
    fake.setRateLimit({
      perChannelPerSecond: PER_CHANNEL_PER_SECOND,
      burst: 1,
      workspacePerSecond: WORKSPACE_PER_SECOND,
      workspaceBurst: WORKSPACE_BURST,
    });
    fake.setLatency(LATENCY_MS);
    fake.calls.length = 0;

    const started = performance.now();
    let error: unknown = null;
    const run = weeklyDigestJob.run(app.built.deps, new Date()).catch((e: unknown) => {
      error = e;
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      run.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), TIME_LIMIT_MS);
      }),
    ]);
    clearTimeout(timer);
    const seconds = (performance.now() - started) / 1000;

    const perChannel = channels.map((c) => fake.messagesIn(c.id).length);
    const lost = perChannel.filter((n) => n === 0).length;
    const duplicated = perChannel.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const posts = fake.callsTo("chat.postMessage");
    const limited = posts.filter((c) => c.response.error === "ratelimited").length;
    const bound = (CHANNELS - WORKSPACE_BURST) / WORKSPACE_PER_SECOND + LATENCY_MS / 1000;
    const over = seconds / bound - 1;
    if (error) console.log(`digest job reported: ${String(error).slice(0, 300)}`);
    const limits = `1 team, ${PER_CHANNEL_PER_SECOND}/s/channel, workspace ${WORKSPACE_PER_SECOND}/s burst ${WORKSPACE_BURST}, ${LATENCY_MS} ms per call`;
    return [
      {
        figure: `digest fan-out to ${CHANNELS} channels (${limits}): total time${timedOut ? " (stopped at the time limit)" : ""}`,
        value: `${seconds.toFixed(2)} s (bound ${bound.toFixed(2)} s, ${over >= 0 ? "+" : ""}${(over * 100).toFixed(1)} %)`,
        target: `≤ bound + ${TARGET_OVER_BOUND * 100} % (${(bound * (1 + TARGET_OVER_BOUND)).toFixed(2)} s)`,
        met: !timedOut && over <= TARGET_OVER_BOUND,
      },
      {
        figure: "digest fan-out: channels without the digest (lost)",
        value: String(lost),
        target: "0",
        met: lost === 0,
      },
      {
        figure: "digest fan-out: extra copies (duplicated)",
        value: String(duplicated),
        target: "0",
        met: duplicated === 0,
      },
      {
        figure: "digest fan-out: chat.postMessage calls (429 answers)",
        value: `${posts.length} (${limited})`,
        target: "–",
        met: null,
      },
    ];
  } finally {
    await app.stop();
    await fake.stop();
    await temp.drop();
  }
}

if (isMain(import.meta.url)) runAlone("Digest fan-out", digestFanout);
