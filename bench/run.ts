/**
 * `npm run bench`: builds dist/ when it is missing or older than src/, runs
 * every benchmark one after the other and prints one combined table.
 * Not part of `npm test`. Benchmarks measure on a shared machine: timings are
 * only comparable within one run.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { ackLatency } from "./ack-latency.ts";
import { approvalRoundTrips } from "./approval-round-trips.ts";
import { digestFanout } from "./digest-fanout.ts";
import { digestManyTeams } from "./digest-many-teams.ts";
import { largeTeam } from "./large-team.ts";
import { load } from "./load.ts";
import { manyTeams } from "./many-teams.ts";
import { dropSeedTemplates } from "./seed.ts";
import { startup } from "./start.ts";
import { buildIfStale, printTable, stampLoad, type Figure } from "./support.ts";

const BENCHES: Array<[string, () => Promise<Figure[]>]> = [
  ["start-up and memory", startup],
  ["ack latency", ackLatency],
  ["load: concurrent commands and memory", load],
  ["approval round trips", approvalRoundTrips],
  ["large team", largeTeam],
  ["digest fan-out", digestFanout],
  ["digest fan-out over many workspaces", digestManyTeams],
  ["many workspaces: 1,000 teams at 09:00", manyTeams],
];

/** Where the figures were taken: CPU, cores, memory, Node, load average at the end. */
function machine(): string {
  const cpu = cpus()[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown CPU";
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load average ${load}`;
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  let failed = false;
  let buildNote: string | null = null;
  try {
    buildNote = buildIfStale();
  } catch (error) {
    console.error(String(error));
    // No dist/ to start: the benches of the production process cannot run, the others still do.
    for (const name of ["start-up and memory", "load: concurrent commands and memory"]) {
      const i = BENCHES.findIndex(([bench]) => bench === name);
      if (i >= 0) BENCHES.splice(i, 1);
    }
    figures.push({
      figure: "start-up and idle memory",
      value: "not run (and no load bench): build failed",
      target: "–",
      met: false,
    });
    failed = true;
  }
  for (const [name, bench] of BENCHES) {
    console.log(`\n… ${name}`);
    try {
      const these = stampLoad(await bench());
      printTable(name, these); // as they come: a long run stopped halfway still shows them
      figures.push(...these);
    } catch (error) {
      failed = true;
      console.error(`${name} failed:`, error);
      figures.push({ figure: name, value: "failed to run", target: "–", met: false });
    }
  }
  await dropSeedTemplates();
  printTable("Greenlight benchmarks", figures);
  console.log(`\nMachine: ${machine()}`);
  if (buildNote) console.log(`\nNote: ${buildNote}`);
  const missed = figures.filter((f) => f.met === false).length;
  console.log(`\n${missed === 0 ? "All targets met." : `${missed} figure(s) miss their target.`}`);
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
