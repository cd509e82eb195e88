import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { join, sqltag as sql } from "@prisma/client/runtime/client";
import type { Db } from "../db/database.ts";
import { describeSlackError, type SlackFailure } from "../slack/errors.ts";

/**
 * The ledger that makes scheduled work happen exactly once. A job claims
 * (job, scope, period) before it sends anything; whoever does not get the
 * claim — a second replica, a restart, a second `jobs run` — sends nothing.
 *
 * - Claiming never fails a statement: the row is looked up first (the usual
 *   case on every tick after the period was claimed), and only when it is
 *   missing inserted with `ON CONFLICT DO NOTHING`. Ids are 64-bit.
 * - A claim holds a lease and records when the post to Slack actually
 *   starts (`started`). A claim whose post never started (the process died
 *   while waiting on a rate limit, or before its turn) is taken again by
 *   anyone once the lease has expired; one whose post started is never
 *   repeated (Slack may have it).
 * - The outcome follows the one classification (src/slack/errors.ts): sent;
 *   transient → the claim is given back for the next tick; permanent →
 *   failed for good (the caller tells the managers); ambiguous after the post
 *   started → `unknown`, never re-posted.
 */
export const REPLICA_ID = `${hostname()}:${process.pid}`;

/** How long a claim is held before a claim whose post never started may be taken again. */
export const CLAIM_LEASE_MS = 2 * 60_000;

export interface Claim {
  job: string;
  scope: string;
  period: string;
}

/** A claim this process holds: its key and the token that proves it. */
export interface Held {
  key: Claim;
  token: string;
}

function newToken(): string {
  return `${REPLICA_ID}:${randomBytes(6).toString("hex")}`;
}

/**
 * Claims `key`, or returns null when someone else has it (or had it). The
 * lease is wall-clock time (`now` is only for tests of the lease itself):
 * `jobs run --at` moves the period, never the lease.
 */
export async function claim(db: Db, key: Claim, now = new Date()): Promise<Held | null> {
  const token = newToken();
  const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS);
  const existing = await db.jobRun.findUnique({
    where: { job_scope_period: key },
    select: { status: true, startedAt: true, leaseUntil: true },
  });
  if (!existing) {
    const inserted = await db.$queryRaw<Array<{ id: unknown }>>`
      INSERT INTO "JobRun" ("job", "scope", "period", "status", "claimedBy", "claimedAt", "leaseUntil")
      VALUES (${key.job}, ${key.scope}, ${key.period}, 'claimed', ${token}, ${now}, ${leaseUntil})
      ON CONFLICT ("job", "scope", "period") DO NOTHING
      RETURNING "id"`;
    return inserted.length === 1 ? { key, token } : null;
  }
  const abandoned =
    existing.status === "claimed" &&
    existing.startedAt === null &&
    (existing.leaseUntil === null || existing.leaseUntil.getTime() < now.getTime());
  if (!abandoned) return null;
  // Taken over: only if it is still abandoned when the row is written.
  const { count } = await db.jobRun.updateMany({
    where: {
      ...key,
      status: "claimed",
      startedAt: null,
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
    },
    data: { claimedBy: token, claimedAt: now, leaseUntil },
  });
  return count === 1 ? { key, token } : null;
}

/** Rows per INSERT of claimMany: well under SQLite's and PostgreSQL's bound parameters. */
const CLAIM_BATCH = 200;

/**
 * claim() for many keys at once, as a fan-out needs: the missing rows are
 * inserted in one statement per CLAIM_BATCH keys (`ON CONFLICT DO NOTHING`:
 * a replica racing for the same keys gets the others), and only the keys
 * already in the ledger are looked at one by one, for a claim abandoned
 * past its lease. Returns the claims held, in the order of `keys`.
 */
export async function claimMany(db: Db, keys: readonly Claim[], now = new Date()): Promise<Held[]> {
  const token = newToken();
  const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS);
  const won = new Set<string>();
  for (let i = 0; i < keys.length; i += CLAIM_BATCH) {
    const batch = keys.slice(i, i + CLAIM_BATCH);
    const rows = batch.map(
      (key) =>
        sql`(${key.job}, ${key.scope}, ${key.period}, 'claimed', ${token}, ${now}, ${leaseUntil})`,
    );
    const inserted = await db.$queryRaw<Claim[]>`
      INSERT INTO "JobRun" ("job", "scope", "period", "status", "claimedBy", "claimedAt", "leaseUntil")
      VALUES ${join(rows)}
      ON CONFLICT ("job", "scope", "period") DO NOTHING
      RETURNING "job", "scope", "period"`;
    for (const key of inserted) won.add(ledgerKey(key));
  }
  // Already in the ledger: usually settled or someone else's, read in one
  // query; only a claim abandoned past its lease is taken over (one by one).
  const others = keys.filter((key) => !won.has(ledgerKey(key)));
  const abandoned = new Set<string>();
  for (let i = 0; i < others.length; i += CLAIM_BATCH) {
    const batch = others.slice(i, i + CLAIM_BATCH);
    const rows = await db.jobRun.findMany({
      where: {
        status: "claimed",
        startedAt: null,
        AND: [
          { OR: batch.map((key) => ({ job: key.job, scope: key.scope, period: key.period })) },
          { OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
        ],
      },
      select: { job: true, scope: true, period: true },
    });
    for (const row of rows) abandoned.add(ledgerKey(row));
  }
  const held: Held[] = [];
  for (const key of keys) {
    if (won.has(ledgerKey(key))) held.push({ key, token });
    else if (abandoned.has(ledgerKey(key))) {
      const taken = await claim(db, key, now);
      if (taken) held.push(taken);
    }
  }
  return held;
}

/**
 * Records that the post to Slack starts now. False when the claim was taken
 * over meanwhile (our lease ran out while waiting): then do not post.
 */
export async function markStarted(db: Db, held: Held, now = new Date()): Promise<boolean> {
  // "sending" too: a post Slack refused (and that is tried again) keeps its start.
  // Raw: Prisma wraps updateMany in a transaction of its own (BEGIN, UPDATE,
  // COMMIT); one statement is atomic, and a fan-out makes this call per post.
  const count = await db.$executeRaw`
    UPDATE "JobRun" SET "status" = 'sending', "startedAt" = ${now}
    WHERE "job" = ${held.key.job} AND "scope" = ${held.key.scope}
      AND "period" = ${held.key.period} AND "claimedBy" = ${held.token}
      AND "status" IN ('claimed', 'sending')`;
  return count === 1;
}

/**
 * Slack refused the post before taking it (a 429): not started after all. The
 * claim is kept (and its lease renewed) while the caller waits to try again;
 * should the process die meanwhile, the claim is taken again after the lease.
 */
export async function unstart(db: Db, held: Held, now = new Date()): Promise<void> {
  await db.jobRun.updateMany({
    where: { ...held.key, claimedBy: held.token, status: "sending" },
    data: {
      status: "claimed",
      startedAt: null,
      leaseUntil: new Date(now.getTime() + CLAIM_LEASE_MS),
    },
  });
}

async function finish(
  db: Db,
  held: Held,
  status: "sent" | "failed" | "unknown",
  detail: string | null,
): Promise<void> {
  // Raw, one statement: see markStarted.
  await db.$executeRaw`
    UPDATE "JobRun" SET "status" = ${status}, "finishedAt" = ${new Date()}, "detail" = ${detail}
    WHERE "job" = ${held.key.job} AND "scope" = ${held.key.scope}
      AND "period" = ${held.key.period} AND "claimedBy" = ${held.token}`;
}

/** Marks per statement of LedgerMarks: well under both databases' bound parameters. */
const MARK_BATCH = 200;

/**
 * markStarted() and markSent() for a fan-out with many posts in flight: the
 * marks asked for in the same turn of the event loop are written in one
 * statement (one per MARK_BATCH), each caller answered for its own row. The
 * semantics are markStarted's and markSent's, row by row: a start mark is
 * written (and answered) before its post goes out, so "not posted" and "maybe
 * posted" stay apart; only marks that are due at the same moment share a
 * statement, none is held back for others to come.
 *
 * `run` takes each statement (a pool slot: src/scheduler/parallel.ts).
 */
export class LedgerMarks {
  private starts: Array<{ held: Held; done: (error: unknown, started?: boolean) => void }> = [];
  private sents: Array<{ held: Held; detail: string | null; done: (error: unknown) => void }> = [];
  private scheduled = false;
  /** A statement of sent marks is being written: the marks that come meanwhile wait for the next. */
  private writingSents = false;

  constructor(
    private readonly db: Db,
    private readonly run: <T>(statement: () => Promise<T>) => Promise<T> = (s) => s(),
  ) {}

  /** markStarted(): true when the post may go out (the claim is still ours). */
  start(held: Held): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.starts.push({
        held,
        done: (error, started) => (error ? reject(error) : resolve(!!started)),
      });
      this.schedule();
    });
  }

  /** markSent(): the post landed (`detail`: where). */
  sent(held: Held, detail?: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sents.push({
        held,
        detail: detail ?? null,
        done: (error) => (error ? reject(error) : resolve()),
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Every mark asked for in this turn of the event loop goes in the same statement.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const starts = this.starts.splice(0, MARK_BATCH);
    // Sent marks hold nothing back (their posts are out): one statement at a
    // time, each taking every mark that came while the one before was written,
    // not one per turn of the event loop as the answers trickle in.
    const sents = this.writingSents ? [] : this.sents.splice(0, MARK_BATCH);
    if (sents.length > 0) this.writingSents = true;
    // More than one statement's worth of starts: the rest go in the next (at once, in parallel).
    if (this.starts.length > 0 || (this.sents.length > 0 && !this.writingSents)) this.schedule();
    await Promise.all([
      starts.length > 0 &&
        this.run(() =>
          startMany(
            this.db,
            starts.map((s) => s.held),
          ),
        ).then(
          (started) => {
            for (const s of starts) s.done(null, started.has(heldKey(s.held)));
          },
          (error: unknown) => {
            for (const s of starts) s.done(error ?? new Error("start mark failed"));
          },
        ),
      sents.length > 0 &&
        this.run(() => sentMany(this.db, sents))
          .then(
            () => {
              for (const s of sents) s.done(null);
            },
            (error: unknown) => {
              for (const s of sents) s.done(error ?? new Error("sent mark failed"));
            },
          )
          .finally(() => {
            this.writingSents = false;
            if (this.sents.length > 0) this.schedule();
          }),
    ]);
  }
}

function heldKey(held: Held): string {
  return `${ledgerKey(held.key)}|${held.token}`;
}

/**
 * The rows of `helds` (and still held by their tokens), as a condition: one
 * `"scope" IN (…)` for each job, period and token they share (usually one),
 * which the database plans as lookups in the (job, scope, period) index. A
 * condition per row ORed together took PostgreSQL 25–45 ms to plan and run
 * for 200 rows, the IN list 7–9 ms.
 */
function heldRows(helds: readonly Held[]) {
  const groups = new Map<string, { held: Held; scopes: string[] }>();
  for (const held of helds) {
    const key = JSON.stringify([held.key.job, held.key.period, held.token]);
    const group = groups.get(key) ?? { held, scopes: [] };
    group.scopes.push(held.key.scope);
    groups.set(key, group);
  }
  return join(
    [...groups.values()].map(
      ({ held, scopes }) =>
        sql`("job" = ${held.key.job} AND "period" = ${held.key.period} AND "claimedBy" = ${held.token} AND "scope" IN (${join(scopes)}))`,
    ),
    " OR ",
  );
}

/** markStarted() for many claims in one statement: the claims still ours (heldKey). */
async function startMany(db: Db, helds: readonly Held[], now = new Date()): Promise<Set<string>> {
  const rows = await db.$queryRaw<Array<Claim & { claimedBy: string }>>`
    UPDATE "JobRun" SET "status" = 'sending', "startedAt" = ${now}
    WHERE "status" IN ('claimed', 'sending') AND (${heldRows(helds)})
    RETURNING "job", "scope", "period", "claimedBy"`;
  return new Set(rows.map((row) => heldKey({ key: row, token: row.claimedBy })));
}

/** markSent() for many claims in one statement, each with its own detail. */
async function sentMany(
  db: Db,
  marks: ReadonlyArray<{ held: Held; detail: string | null }>,
): Promise<void> {
  // A row is one (job, scope, period): the WHERE has checked its token.
  const details = marks.map(
    ({ held, detail }) =>
      sql`WHEN "job" = ${held.key.job} AND "scope" = ${held.key.scope} AND "period" = ${held.key.period} THEN ${detail}`,
  );
  await db.$executeRaw`
    UPDATE "JobRun" SET "status" = 'sent', "finishedAt" = ${new Date()},
      "detail" = CASE ${join(details, " ")} ELSE "detail" END
    WHERE ${heldRows(marks.map(({ held }) => held))}`;
}

export const markSent = (db: Db, held: Held, detail?: string) =>
  finish(db, held, "sent", detail ?? null);
/** Given up for good: Slack refused it (a person must fix something first). */
export const markFailed = (db: Db, held: Held, detail: string) =>
  finish(db, held, "failed", detail);
/** Slack may have it: never posted again. */
export const markUnknown = (db: Db, held: Held, detail: string) =>
  finish(db, held, "unknown", detail);

/** Gives the period back at once: nothing reached Slack, the next tick tries again. */
export async function release(db: Db, held: Held): Promise<void> {
  await db.jobRun.updateMany({
    where: { ...held.key, claimedBy: held.token },
    data: { status: "claimed", startedAt: null, leaseUntil: new Date(0) },
  });
}

/**
 * The one policy for a claim whose work failed, by the one classification:
 * permanent → failed for good; ambiguous once the post started → unknown,
 * never re-posted; anything else (transient, or any failure before the post
 * started) → given back for the next tick. Returns the classification.
 */
export async function settleFailure(
  db: Db,
  held: Held,
  error: unknown,
  didStart: boolean,
): Promise<SlackFailure> {
  const failure = describeSlackError(error);
  const reason = failure.code === "unknown" ? String(error) : failure.code;
  if (failure.class === "permanent") await markFailed(db, held, reason);
  else if (failure.class === "ambiguous" && didStart) await markUnknown(db, held, reason);
  else await release(db, held);
  return failure;
}

export type OnceOutcome<T> =
  { ran: false } | { ran: true; value: T } | { ran: true; failed: SlackFailure; error: unknown };

/**
 * Claims `key`, then does `work`, which calls `started()` right before its
 * post to Slack (false: the claim was taken over; return without posting).
 * Someone else's claim means nothing to do. When the work throws, the one
 * classification decides: transient (or anything before the post started)
 * gives the period back; permanent records it failed; ambiguous after the
 * start records it unknown. The failure is returned, never thrown, so one
 * failure does not stop the caller's other teams.
 */
export async function once<T>(
  db: Db,
  key: Claim,
  work: (started: () => Promise<boolean>) => Promise<T>,
  detail: (value: T) => string | undefined = () => undefined,
): Promise<OnceOutcome<T>> {
  const held = await claim(db, key);
  if (!held) return { ran: false };
  let didStart = false;
  const started = async () => (didStart = await markStarted(db, held));
  let value: T;
  try {
    value = await work(started);
  } catch (error) {
    return { ran: true, failed: await settleFailure(db, held, error, didStart), error };
  }
  await markSent(db, held, detail(value));
  return { ran: true, value };
}

/**
 * once(), for callers that handle a failure where it is thrown: the outcome
 * is recorded in the ledger by the one policy, then the error is rethrown.
 */
export async function onceOrThrow<T>(
  db: Db,
  key: Claim,
  work: (started: () => Promise<boolean>) => Promise<T>,
  detail: (value: T) => string | undefined = () => undefined,
): Promise<{ ran: false } | { ran: true; value: T }> {
  const outcome = await once(db, key, work, detail);
  if (outcome.ran && "failed" in outcome) throw outcome.error;
  return outcome;
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
  return (await ledgerStates(db, jobs, periods, now)).settled;
}

/**
 * settledKeys, and whether any of those rows is still in flight (claimed or
 * sending): such a row may yet be given back or taken over, so whoever reads
 * it cannot conclude that the period is done for good.
 */
export async function ledgerStates(
  db: Db,
  jobs: readonly string[],
  periods: readonly string[],
  now: Date,
): Promise<{ settled: Set<string>; inFlight: boolean }> {
  if (jobs.length === 0 || periods.length === 0) return { settled: new Set(), inFlight: false };
  const rows = await db.jobRun.findMany({
    where: { job: { in: [...jobs] }, period: { in: [...new Set(periods)] } },
    select: { job: true, scope: true, period: true, status: true, leaseUntil: true },
  });
  return {
    settled: new Set(
      rows
        .filter((row) => !(row.status === "claimed" && row.leaseUntil && row.leaseUntil < now))
        .map((row) => ledgerKey(row)),
    ),
    inFlight: rows.some((row) => row.status === "claimed" || row.status === "sending"),
  };
}

export function ledgerKey(key: Claim): string {
  return `${key.job}|${key.scope}|${key.period}`;
}
