import type { Deps } from "../deps.ts";
import { pruneFinished } from "../slack/outbox/store.ts";
import type { Job } from "./job.ts";
import { once } from "./ledger.ts";

/** How long the ledger, the processed events and the delivered messages are kept. */
export const KEEP_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps the bookkeeping tables from growing without bound: ledger rows,
 * Events API ids and finished outbox rows older than 90 days are deleted,
 * once a day (claimed in the ledger like any job). The audit trail is kept.
 * A ledger row is only needed while its period can still be due (a day, a
 * week); a notice told "once" is told again if its cause is still there 90
 * days later.
 */
export async function pruneOld(deps: Deps, now: Date): Promise<string[]> {
  const before = new Date(now.getTime() - KEEP_DAYS * DAY_MS);
  const day = now.toISOString().slice(0, 10);
  const outcome = await once(deps.db, { job: "prune", scope: "all", period: day }, async () => {
    const jobRuns = await deps.db.jobRun.deleteMany({ where: { claimedAt: { lt: before } } });
    const events = await deps.db.processedEvent.deleteMany({
      where: { receivedAt: { lt: before } },
    });
    const messages = await pruneFinished(deps.db, before);
    return `pruned before ${before.toISOString().slice(0, 10)}: ${jobRuns.count} ledger rows, ${events.count} processed events, ${messages} delivered messages`;
  });
  if (!outcome.ran) return [];
  if ("failed" in outcome) throw outcome.error;
  return [outcome.value];
}

export const pruneJob: Job = {
  name: "prune",
  run: pruneOld,
  // Today's prune is claimed and not abandoned: its claim would be refused (./probe.ts).
  idle: (probe) => probe.prunedToday,
};
