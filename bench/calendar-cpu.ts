/**
 * CPU per `/calendar month` on the ack bench's seeded team (2,000 proposals):
 * the work after the ack (reading the month, rendering it, posting it to
 * response_url) as this process pays for it, the ack included. The commands
 * come from the ack bench's load generator and the answers go to its fake
 * Slack, both in processes of their own, so nothing but the app counts here.
 *
 * ROUNDS rounds of ROUND commands, IN_FLIGHT at a time, drained after each:
 * min, median and max over the rounds of CPU ms per command. Less noisy than
 * latencies on a shared machine, and what the ack p99 of `/calendar month`
 * pays for. BENCH_DB=PostgreSQL runs it on PostgreSQL; CALENDAR_CPU_PROFILE=
 * file.cpuprofile writes a CPU profile of the measured rounds, and
 * CALENDAR_HEAP_PROFILE=file.heapprofile a sampling profile of everything
 * they allocate (collected or not: what the young generation's GCs pay for).
 */
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { openDatabase } from "../src/db/database.ts";
import { startGreenlight } from "../src/runtime.ts";
import { startSlackSide } from "./ack-latency.ts";
import { BUSY_TEAM, dropSeedTemplates, seededDatabase } from "./seed.ts";
import { benchConfig, isMain, runAlone, spread, type Figure } from "./support.ts";

const SIGNING_SECRET = "benchsigningsecret0123456789abcdef";
const QUICK = process.env.BENCH_QUICK === "1";
const ROUNDS = Number(process.env.CALENDAR_CPU_ROUNDS ?? (QUICK ? 5 : 15));
const ROUND = 100;
const IN_FLIGHT = 10;

export async function calendarCpu(): Promise<Figure[]> {
  const kind = process.env.BENCH_DB === "PostgreSQL" ? "PostgreSQL" : "SQLite";
  const slack = await startSlackSide();
  const temp = await seededDatabase(kind, BUSY_TEAM, new Date());
  const greenlight = await startGreenlight({
    config: benchConfig(temp.url, slack.apiUrl, SIGNING_SECRET),
    database: await openDatabase(temp.url),
    processBeforeResponse: false,
    host: "127.0.0.1",
  });
  const appUrl = `http://127.0.0.1:${greenlight.port}/slack/events`;
  const round = async () => {
    const { latencies, busy } = await slack.load(appUrl, "/calendar", "month", ROUND, IN_FLIGHT);
    if (busy > 0) throw new Error(`${busy} busy answers: the round measured less work`);
    if (!(await greenlight.built.drain(60_000))) throw new Error("work did not drain in 60 s");
    return latencies;
  };
  const profile = process.env.CALENDAR_CPU_PROFILE;
  const heapProfile = process.env.CALENDAR_HEAP_PROFILE;
  const session = profile || heapProfile ? new Session() : undefined;
  try {
    for (let i = 0; i < 3; i += 1) await round();
    if (session) session.connect();
    if (session && heapProfile) {
      await session.post("HeapProfiler.enable");
      await session.post("HeapProfiler.startSampling", {
        samplingInterval: 16_384,
        // Everything allocated, kept or not: what the young generation's collections pay for.
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    }
    if (session && profile) {
      await session.post("Profiler.setSamplingInterval", { interval: 100 });
      await session.post("Profiler.start");
    }
    const before = await slack.answered();
    const cpuMs: number[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const cpu = process.cpuUsage();
      await round();
      const used = process.cpuUsage(cpu);
      cpuMs.push((used.user + used.system) / 1000 / ROUND);
    }
    const after = await slack.answered();
    if (session && profile) {
      const { profile: taken } = await session.post("Profiler.stop");
      await writeFile(profile, JSON.stringify(taken));
    }
    if (session && heapProfile) {
      const { profile: taken } = await session.post("HeapProfiler.stopSampling");
      await writeFile(heapProfile, JSON.stringify(taken));
    }
    session?.disconnect();
    const answered = after.answered - before.answered;
    if (answered !== ROUNDS * ROUND || after.refused !== before.refused) {
      throw new Error(`${answered} answers accepted of ${ROUNDS * ROUND}`);
    }
    if (process.env.BENCH_VERBOSE) console.log(cpuMs.map((v) => v.toFixed(2)).join(", "));
    return [
      {
        figure: `CPU per /calendar month on ${kind}, seeded team (${ROUNDS} rounds of ${ROUND}, ${IN_FLIGHT} in flight; median (min–max) over rounds)`,
        value: `${spread(cpuMs, 2)} ms`,
        target: "–",
        met: null,
      },
    ];
  } finally {
    await greenlight.stop();
    await slack.stop();
    await temp.drop();
  }
}

if (isMain(import.meta.url))
  runAlone("CPU per /calendar month", () => calendarCpu().finally(dropSeedTemplates));
