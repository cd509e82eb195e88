/**
 * Greenlight under load, as production runs it (`node dist/main.js` in its
 * own process, HTTP mode, a seeded team of 2,000 proposals), on SQLite and
 * on PostgreSQL, driven from this process with signed requests:
 *
 * - 200 concurrent `/calendar month` (bursts of 200 sent at once), and 200
 *   concurrent proposal submissions (200 people each submit the propose
 *   modal at the same moment): ack p99 per burst. Target: < 1 s. Each burst
 *   is built and signed here, then sent and timed by a process of its own
 *   (bench/burst-side.ts), each request on a new connection; the answers are
 *   checked here after the timing, while this process also serves the fake
 *   Slack the app calls.
 * - 5,000 `/calendar month` sent as fast as they are acked (200 in flight):
 *   the process's peak RSS while they and their work run. Target: ≤ 300 MB.
 *
 * Busy answers (the process full, src/slack/work-gate.ts) are counted: they
 * are fast acks, so a figure that met its target thanks to them says so.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { defaultUsers, FakeSlack, type FakeUser, type FakeView } from "../src/sandbox/index.ts";
import { BurstClient, startBurstSender } from "./bursts.ts";
import { BUSY_TEAM, dropSeedTemplates, SEED_PEOPLE, SEED_TEAM, seededDatabase } from "./seed.ts";
import {
  buildIfStale,
  isBusyAnswer,
  isMain,
  memoryMb,
  percentile,
  runAlone,
  sleep,
  spawnGreenlight,
  spread,
  waitUntil,
  type Figure,
} from "./support.ts";

const SIGNING_SECRET = "benchsigningsecret0123456789abcdef";
const QUICK = process.env.BENCH_QUICK === "1";
/** BENCH_LOAD_ONLY=proposals: the proposal bursts alone (no /calendar bursts, no flood). */
const PROPOSALS_ONLY = process.env.BENCH_LOAD_ONLY === "proposals";
/** BENCH_LOAD_DB=sqlite or postgresql: one database only. */
const ONLY_DB = process.env.BENCH_LOAD_DB?.toLowerCase();
/** Node flags for the app's process alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
const APP_NODE_ARGS = process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
const BURST = 200;
const CALENDAR_BURSTS = QUICK ? 1 : 3;
const PROPOSAL_BURSTS = QUICK ? 1 : 3;
const FLOOD = 5_000;
const FLOOD_IN_FLIGHT = 200;
const ACK_TARGET_MS = 1_000;
const PEAK_TARGET_MB = 300;
const DRAIN_LIMIT_MS = 180_000;

const proposers: FakeUser[] = Array.from({ length: BURST }, (_, i) => ({
  id: `U_P${String(i).padStart(3, "0")}`,
  name: `proposer${i}`,
  real_name: `Proposer ${i}`,
  tz: "Europe/Paris",
  tz_offset: 3600,
  is_bot: false,
  deleted: false,
  is_admin: false,
  is_owner: false,
  locale: "en-GB",
}));

const VERBOSE = process.env.BENCH_VERBOSE === "1";

/** CPU milliseconds a process has used so far (user + system), from /proc. */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * BENCH_VERBOSE=1: what a burst cost each side, printed per burst: wall
 * time, the app's CPU, this process's (it builds the requests and serves the
 * fake Slack the app calls) and its event loop's longest delay, and the
 * monotonic clock's span (to find the burst in the app's --cpu-prof profile).
 */
function burstProbe(appPid: number) {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  const startedUs = process.hrtime.bigint() / 1000n;
  const appCpu = processCpuMs(appPid);
  const ownCpu = process.cpuUsage();
  return (what: string, acks: readonly number[]) => {
    loop.disable();
    const own = process.cpuUsage(ownCpu);
    if (!VERBOSE) return;
    const sorted = [...acks].sort((a, b) => a - b);
    console.log(
      `  ${what}: p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms, p50 ${percentile(sorted, 50).toFixed(0)} ms; wall ${(performance.now() - started).toFixed(0)} ms, app CPU ${(processCpuMs(appPid) - appCpu).toFixed(0)} ms, bench process CPU ${((own.user + own.system) / 1000).toFixed(0)} ms, its loop delay max ${(loop.max / 1e6).toFixed(0)} ms; load ${loadavg()[0]?.toFixed(2)}; monotonic µs ${startedUs}–${process.hrtime.bigint() / 1000n}`,
    );
  };
}

interface Timed {
  ms: number;
  busy: boolean;
}

async function timedSend(send: () => Promise<{ status: number; body: string }>): Promise<Timed> {
  const started = performance.now();
  const response = await send();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${response.body}`);
  return { ms, busy: isBusyAnswer(response.body) };
}

/** Sends `count` requests with `inFlight` at a time, each as soon as one is acked. */
async function closedLoop(
  count: number,
  inFlight: number,
  send: (i: number) => Promise<Timed>,
): Promise<Timed[]> {
  const results: Timed[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      results.push(await send(i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return results;
}

export async function load(): Promise<Figure[]> {
  buildIfStale();
  const figures: Figure[] = [];
  const now = new Date();
  for (const kind of ["SQLite", "PostgreSQL"] as const) {
    if (ONLY_DB && ONLY_DB !== kind.toLowerCase()) continue;
    const temp = await seededDatabase(kind, BUSY_TEAM, now);
    const fake = new FakeSlack({
      signingSecret: SIGNING_SECRET,
      teamId: SEED_TEAM,
      users: [...defaultUsers(), ...proposers],
    });
    await fake.start();
    const sender = await startBurstSender();
    const app = await spawnGreenlight({
      databaseUrl: temp.url,
      slackApiUrl: fake.apiUrl,
      signingSecret: SIGNING_SECRET,
      nodeArgs: APP_NODE_ARGS,
    });
    try {
      const slack = new BurstClient(
        { appUrl: app.url, signingSecret: SIGNING_SECRET, fake },
        sender,
      );
      const user = SEED_PEOPLE.approver;
      const answers = () => fake.ephemeralsTo(user).length;
      const calendar = () => timedSend(() => slack.command(user, "/calendar", "month"));
      /** Waits until every admitted /calendar has answered (a busy one answered in its ack). */
      const drained = async (expected: number) => {
        if (!(await waitUntil(() => answers() >= expected, DRAIN_LIMIT_MS)))
          throw new Error(`${kind}: ${expected - answers()} /calendar answers missing`);
      };

      /** A burst's acks, timed by the burst sender; a non-200 answer fails the bench. */
      const timedBurst = async (start: () => Array<Promise<unknown>>): Promise<Timed[]> => {
        const { timed } = await slack.burst(start);
        const failed = timed.find((r) => r.status !== 200);
        if (failed) throw new Error(`HTTP ${failed.status}: ${failed.body}`);
        if (VERBOSE) {
          const connect = timed.map((r) => r.connectMs);
          console.log(
            `  connections established: p50 ${percentile(connect, 50).toFixed(0)} ms, p99 ${percentile(connect, 99).toFixed(0)} ms after their send`,
          );
        }
        return timed.map((r) => ({ ms: r.ms, busy: isBusyAnswer(r.body) }));
      };
      const calendarBurst = (size: number) =>
        timedBurst(() =>
          Array.from({ length: size }, () => slack.command(user, "/calendar", "month")),
        );

      // Warm-up, for the app and the burst sender alike: 50 in bursts of 10.
      for (let i = 0; i < 5; i += 1) await calendarBurst(10);
      await drained(50);

      const calendarP99: number[] = [];
      let calendarBusy = 0;
      for (let burst = 0; burst < (PROPOSALS_ONLY ? 0 : CALENDAR_BURSTS); burst += 1) {
        const before = answers();
        const probe = burstProbe(app.pid);
        const results = await calendarBurst(BURST);
        probe(
          `${kind} /calendar burst ${burst + 1}`,
          results.map((r) => r.ms),
        );
        calendarP99.push(
          percentile(
            results.map((r) => r.ms),
            99,
          ),
        );
        calendarBusy += results.filter((r) => r.busy).length;
        await drained(before + BURST);
      }

      const proposalP99: number[] = [];
      let proposalBusy = 0;
      /** Forms answered, then shown "Nothing was saved" (their store failed). */
      let proposalNotStored = 0;
      /** From the burst's start to the result in the form (views.update), p99 per burst. */
      const resultShownP99: number[] = [];
      for (let burst = 0; burst < PROPOSAL_BURSTS; burst += 1) {
        const storedBefore = fake.dmsTo(user).length;
        const views: FakeView[] = [];
        for (const proposer of proposers) {
          // The last burst's result may still be open: wait for the new form.
          const shownBefore = fake.openViews(proposer.id).at(-1)?.id;
          const opened = () => {
            const top = fake.openViews(proposer.id).at(-1);
            return top && top.id !== shownBefore ? top : undefined;
          };
          await slack.command(proposer.id, "/propose", "");
          if (!(await waitUntil(() => opened() !== undefined, 30_000)))
            throw new Error(`${kind}: the propose modal did not open for ${proposer.id}`);
          views.push(opened()!);
        }
        const publishAt = Math.floor(Date.now() / 1000) + 3 * 24 * 3600;
        const sentAt = Date.now();
        const probe = burstProbe(app.pid);
        const results = await timedBurst(() =>
          proposers.map((proposer, i) =>
            slack.submitView(proposer.id, views[i]!, {
              text: `Launch post ${burst}-${i}, see you there!`,
              platforms: ["linkedin"],
              publishAt,
              goal: "awareness",
              contentType: "text",
            }),
          ),
        );
        probe(
          `${kind} proposal burst ${burst + 1}`,
          results.map((r) => r.ms),
        );
        proposalP99.push(
          percentile(
            results.map((r) => r.ms),
            99,
          ),
        );
        const busy = results.filter((r) => r.busy).length;
        proposalBusy += busy;
        // An answered form is then updated with its result (saved, or the form back).
        const answered = views.filter((_, i) => !results[i]!.busy);
        const shown = (view: FakeView) => JSON.stringify(fake.view(view.id)?.blocks ?? []);
        if (
          !(await waitUntil(
            () => answered.every((view) => !shown(view).includes("Sending for approval")),
            DRAIN_LIMIT_MS,
          ))
        )
          throw new Error(`${kind}: submitted forms still say "Sending" after the burst`);
        const notStored = answered.filter((view) =>
          shown(view).includes("Nothing was saved"),
        ).length;
        proposalNotStored += notStored;
        const updatedAt = new Map(
          fake
            .callsTo("views.update")
            .map((call) => [String(call.args.view_id), call.at.getTime()] as const),
        );
        resultShownP99.push(
          percentile(
            answered.map((view) => (updatedAt.get(view.id) ?? Number.NaN) - sentAt),
            99,
          ),
        );
        // Each stored proposal reaches the approver as a DM.
        if (
          !(await waitUntil(
            () => fake.dmsTo(user).length >= storedBefore + BURST - busy - notStored,
            DRAIN_LIMIT_MS,
          ))
        )
          throw new Error(`${kind}: approval requests missing after the proposal burst`);
      }

      const tag = `${kind}, node dist/main.js`;
      const proposalFigure: Figure = {
        figure: `ack p99, ${BURST} concurrent proposal submissions (${PROPOSAL_BURSTS} bursts; median (min–max)), ${tag}`,
        value: `${spread(proposalP99, 0)} ms; ${proposalBusy} busy answers; result in the form (views.update) p99 ${spread(resultShownP99, 0)} ms after the burst began; ${proposalNotStored} not stored`,
        target: `< ${ACK_TARGET_MS} ms`,
        met: Math.max(...proposalP99) < ACK_TARGET_MS,
      };
      if (PROPOSALS_ONLY) {
        figures.push(proposalFigure);
        continue;
      }

      // 5,000 commands as fast as they are acked; memory sampled every 100 ms.
      await sleep(1_000);
      const before = memoryMb(app.pid);
      let peak = before.rss;
      const sampler = setInterval(() => {
        peak = Math.max(peak, memoryMb(app.pid).rss);
      }, 100);
      const floodStart = answers();
      const started = performance.now();
      const flood = await closedLoop(FLOOD, FLOOD_IN_FLIGHT, calendar);
      const sentIn = (performance.now() - started) / 1000;
      await drained(floodStart + FLOOD);
      clearInterval(sampler);
      peak = Math.max(peak, memoryMb(app.pid).rss);
      const floodBusy = flood.filter((r) => r.busy).length;
      fake.calls.length = 0;

      figures.push(
        {
          figure: `ack p99, ${BURST} concurrent /calendar month (${CALENDAR_BURSTS} bursts; median (min–max)), ${tag}`,
          value: `${spread(calendarP99, 0)} ms; ${calendarBusy} busy answers`,
          target: `< ${ACK_TARGET_MS} ms`,
          met: Math.max(...calendarP99) < ACK_TARGET_MS,
        },
        proposalFigure,
        {
          figure: `peak RSS, ${FLOOD} /calendar month as fast as acked (${FLOOD_IN_FLIGHT} in flight), ${tag}`,
          value: `${peak.toFixed(0)} MB (from ${before.rss.toFixed(0)} MB; sent in ${sentIn.toFixed(1)} s; ${floodBusy} busy answers; p99 ack ${percentile(
            flood.map((r) => r.ms),
            99,
          ).toFixed(0)} ms)`,
          target: `≤ ${PEAK_TARGET_MB} MB`,
          met: peak <= PEAK_TARGET_MB,
        },
      );
    } finally {
      await app.stop();
      await sender.stop();
      await fake.stop();
      await temp.drop();
    }
  }
  return figures;
}

if (isMain(import.meta.url)) runAlone("Load", () => load().finally(dropSeedTemplates));
