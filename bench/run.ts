/**
 * `npm run bench`: builds dist/ when it is missing or older than src/, runs
 * every benchmark one after the other and prints one combined table.
 * Not part of `npm test`. Benchmarks measure on a shared machine: timings are
 * only comparable within one run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ackLatency } from "./ack-latency.ts";
import { approvalRoundTrips } from "./approval-round-trips.ts";
import { digestFanout } from "./digest-fanout.ts";
import { startup } from "./start.ts";
import { printTable, type Figure } from "./support.ts";

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

/** Builds when needed; returns a note when the start-up bench runs on an older dist/ (or cannot run). */
function buildIfStale(): string | null {
  const dist = "dist/main.js";
  if (existsSync(dist) && statSync(dist).mtimeMs >= newest("src")) return null;
  console.log("dist/ is missing or older than src/: npm run build");
  const built = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (built.status === 0) return null;
  if (!existsSync(dist)) throw new Error(`npm run build failed (exit ${built.status}), no dist/`);
  return `npm run build failed (exit ${built.status}): start-up measured on the older dist/`;
}

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
