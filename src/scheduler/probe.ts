import { subDays } from "date-fns/subDays";
import type { Db } from "../db/database.ts";
import { KEEP_AFTER_UNINSTALL_DAYS } from "../install/purge.ts";
import { STATE_TTL_SECONDS } from "../install/state.ts";

/**
 * One query at the start of each scheduler tick that says, for every job at
 * once, whether it can have anything to do: most minutes nothing is due, and
 * asking each job's own questions (a dozen statements, several reading every
 * team) would cost far more than this one look. Each answer is a superset of
 * the job's own condition (a job told "maybe" runs as before and decides
 * itself); only a "certainly nothing" skips a job, and only in the
 * scheduler's tick (`jobs run` and tests call the jobs directly).
 *
 * `stamp` is the version of ScheduleChange (prisma/schema.prisma): read first,
 * before any job reads its data, so a change committed while the tick runs
 * shows up as a new stamp on the next tick.
 */
export interface TickProbe {
  /** ScheduleChange's version; null when its row is missing (then nothing is remembered). */
  stamp: number | null;
  /** Some channel subscribes to the weekly digest. */
  subscriptions: boolean;
  /** Some proposal waits for a decision (approval reminders). */
  pendingProposals: boolean;
  /** Some pending proposal's publish time has passed (expiry). */
  overdueProposals: boolean;
  /** Some outbox row is pending and not held by a live lease. */
  outboxWork: boolean;
  /** Today's prune has been claimed, and its claim is not abandoned. */
  prunedToday: boolean;
  /** A team uninstalled long enough ago to be purged, or used OAuth states to forget. */
  purgeWork: boolean;
}

interface ProbeRow {
  stamp: unknown;
  subscriptions: unknown;
  pendingProposals: unknown;
  overdueProposals: unknown;
  outboxWork: unknown;
  prunedToday: unknown;
  purgeWork: unknown;
}

/** SQLite answers EXISTS with 0/1 (a number or a bigint), PostgreSQL with a boolean. */
const yes = (value: unknown): boolean => Boolean(Number(value));

/**
 * `now` is the jobs' time (the clock, `--at`); `wall` the real time, which
 * the ledger's and the outbox's leases are measured in.
 */
export async function readTickProbe(db: Db, now: Date, wall = new Date()): Promise<TickProbe> {
  const purgeBefore = subDays(now, KEEP_AFTER_UNINSTALL_DAYS);
  const statesBefore = new Date(now.getTime() - STATE_TTL_SECONDS * 1000);
  // The prune job's period (src/scheduler/prune.ts): the UTC date of `now`.
  const pruneDay = now.toISOString().slice(0, 10);
  const rows = await db.$queryRaw<ProbeRow[]>`
    SELECT
      (SELECT "version" FROM "ScheduleChange" WHERE "id" = 1) AS "stamp",
      EXISTS (SELECT 1 FROM "DigestSubscription") AS "subscriptions",
      EXISTS (SELECT 1 FROM "Proposal" WHERE "status" = 'pending') AS "pendingProposals",
      EXISTS (SELECT 1 FROM "Proposal"
              WHERE "status" = 'pending' AND "publishAt" <= ${now}) AS "overdueProposals",
      EXISTS (SELECT 1 FROM "OutboxMessage"
              WHERE "status" = 'pending'
                AND ("leaseUntil" IS NULL OR "leaseUntil" < ${wall})) AS "outboxWork",
      EXISTS (SELECT 1 FROM "JobRun"
              WHERE "job" = 'prune' AND "scope" = 'all' AND "period" = ${pruneDay}
                AND NOT ("status" = 'claimed' AND "startedAt" IS NULL
                         AND ("leaseUntil" IS NULL OR "leaseUntil" < ${wall}))) AS "prunedToday",
      (EXISTS (SELECT 1 FROM "Team" WHERE "uninstalledAt" < ${purgeBefore})
       OR EXISTS (SELECT 1 FROM "UsedOAuthState" WHERE "usedAt" < ${statesBefore})) AS "purgeWork"`;
  const row = rows[0];
  if (!row) throw new Error("the scheduler's probe returned no row");
  return {
    stamp: row.stamp === null || row.stamp === undefined ? null : Number(row.stamp),
    subscriptions: yes(row.subscriptions),
    pendingProposals: yes(row.pendingProposals),
    overdueProposals: yes(row.overdueProposals),
    outboxWork: yes(row.outboxWork),
    prunedToday: yes(row.prunedToday),
    purgeWork: yes(row.purgeWork),
  };
}
