import { hostname } from "node:os";
import type { Db } from "../db/database.ts";
import { isUniqueViolation } from "../db/audit.ts";

/**
 * The ledger that makes scheduled work happen exactly once. A job claims
 * (job, scope, period) by inserting a row under a unique index before it sends
 * anything; whoever loses the insert — a second replica, a restart, a second
 * `jobs run` — sends nothing. A claim whose sending failed is released so the
 * next tick retries it.
 */
export const REPLICA_ID = `${hostname()}:${process.pid}`;

export interface Claim {
  job: string;
  scope: string;
  period: string;
}

export async function claim(db: Db, key: Claim): Promise<boolean> {
  try {
    await db.jobRun.create({ data: { ...key, claimedBy: REPLICA_ID } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function markSent(db: Db, key: Claim, detail?: string): Promise<void> {
  await db.jobRun.update({
    where: { job_scope_period: key },
    data: { status: "sent", finishedAt: new Date(), detail: detail ?? null },
  });
}

/** Gives the period back so a later tick tries again (nothing reached Slack). */
export async function release(db: Db, key: Claim): Promise<void> {
  await db.jobRun.deleteMany({ where: key });
}

/** Records that the claimed work was given up for good (Slack refused it); no retry. */
export async function markFailed(db: Db, key: Claim, detail: string): Promise<void> {
  await db.jobRun.update({
    where: { job_scope_period: key },
    data: { status: "failed", finishedAt: new Date(), detail },
  });
}

export type OnceOutcome<T> = { ran: false } | { ran: true; value: T };

/**
 * Claims `key`, then does `work` (the Slack calls). Someone else's claim means
 * nothing to do. When the work throws, `retryable(error)` decides: true gives
 * the period back (nothing reached Slack, the next tick tries again), false
 * records it as failed for good. The error is thrown on either way.
 */
export async function once<T>(
  db: Db,
  key: Claim,
  work: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  detail: (value: T) => string | undefined = () => undefined,
): Promise<OnceOutcome<T>> {
  if (!(await claim(db, key))) return { ran: false };
  let value: T;
  try {
    value = await work();
  } catch (error) {
    if (retryable(error)) await release(db, key);
    else await markFailed(db, key, error instanceof Error ? error.message : String(error));
    throw error;
  }
  await markSent(db, key, detail(value));
  return { ran: true, value };
}

/**
 * The (job, scope, period) keys of `jobs` already settled for these periods:
 * one query, whatever the number of teams, so a tick can skip every team
 * whose work is done before touching it. A claim whose lease has run out
 * (its replica died before sending) is not settled: its owner's team is
 * looked at again.
 */
export async function settledKeys(
  db: Db,
  jobs: readonly string[],
  periods: readonly string[],
  now: Date,
): Promise<Set<string>> {
  if (jobs.length === 0 || periods.length === 0) return new Set();
  const rows = await db.jobRun.findMany({
    where: { job: { in: [...jobs] }, period: { in: [...new Set(periods)] } },
    select: { job: true, scope: true, period: true, status: true, leaseUntil: true },
  });
  return new Set(
    rows
      .filter((row) => !(row.status === "claimed" && row.leaseUntil && row.leaseUntil < now))
      .map((row) => ledgerKey(row)),
  );
}

export function ledgerKey(key: Claim): string {
  return `${key.job}|${key.scope}|${key.period}`;
}
