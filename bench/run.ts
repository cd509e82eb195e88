/**
 * `npm run bench`: builds dist/ when it is missing or older than src/, runs
 * every benchmark one after the other and prints one combined table.
 * Not part of `npm test`. Benchmarks measure on a shared machine: timings are
 * only comparable within one run.
 */
import { ackLatency } from "./ack-latency.ts";
import { approvalRoundTrips } from "./approval-round-trips.ts";
import { digestFanout } from "./digest-fanout.ts";
import { startup } from "./start.ts";
import { buildIfStale, printTable, type Figure } from "./support.ts";

const BENCHES: Array<[string, () => Promise<Figure[]>]> = [
  ["start-up and idle memory", startup],
  ["ack latency", ackLatency],
  ["approval round trips", approvalRoundTrips],
  ["digest fan-out", digestFanout],
];

async function main(): Promise<void> {
  const figures: Figure[] = [];
  let failed = false;
  let buildNote: string | null = null;
  try {
    buildNote = buildIfStale();
  } catch (error) {
    console.error(String(error));
    BENCHES.shift(); // no dist/ to start: every other bench still runs
    figures.push({
      figure: "start-up and idle memory",
      value: "not run: build failed",
      target: "–",
      met: false,
    });
    failed = true;
  }
  for (const [name, bench] of BENCHES) {
    console.log(`\n… ${name}`);
    try {
      figures.push(...(await bench()));
    } catch (error) {
      failed = true;
      console.error(`${name} failed:`, error);
      figures.push({ figure: name, value: "failed to run", target: "–", met: false });
    }
  }
  printTable("Greenlight benchmarks", figures);
  if (buildNote) console.log(`\nNote: ${buildNote}`);
  const missed = figures.filter((f) => f.met === false).length;
  console.log(`\n${missed === 0 ? "All targets met." : `${missed} figure(s) miss their target.`}`);
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
