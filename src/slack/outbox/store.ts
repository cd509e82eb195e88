import { join, sqltag as sql } from "@prisma/client/runtime/client";
import type { Db, Tx } from "../../db/database.ts";
import { OUTBOX_LEASE_MS, type OutboxRow } from "./outbox.ts";

/**
 * The outbox's queries. The claim and the batch updates are raw SQL written
 * once for both databases (quoted identifiers, bound values): Prisma's
 * updateMany has neither a LIMIT nor RETURNING with a self-referencing filter.
 */

interface RawRow {
  id: bigint | number | string;
  teamId: string;
  kind: string;
  target: string | null;
  ts: string | null;
  payload: string;
  purpose: string;
  context: string;
  messageKey: string | null;
  attempts: number | bigint;
  createdAt: Date | string;
}

function toRow(raw: RawRow): OutboxRow {
  return {
    id: BigInt(raw.id),
    teamId: raw.teamId,
    kind: raw.kind as OutboxRow["kind"],
    target: raw.target,
    ts: raw.ts,
    payload: raw.payload,
    purpose: raw.purpose,
    context: raw.context,
    messageKey: raw.messageKey,
    attempts: Number(raw.attempts),
    createdAt: new Date(raw.createdAt),
  };
}

export function byId(a: { id: bigint }, b: { id: bigint }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Claims up to `limit` rows that are due, for `token`, in one statement. A
 * row is due when it is pending, its retry time has come, nobody holds a live
 * lease on it, and:
 * - a post or DM has not started (one that started and lost its lease is
 *   settled as `unknown` by `settleInterrupted`, never sent again);
 * - an update without a known ts waits until no post with its message key is
 *   still pending, and an update for which a later update of the same message
 *   exists is left to `skipSuperseded`.
 * The outer WHERE repeats the lease test, so of two replicas claiming at once
 * each row goes to one (PostgreSQL re-checks it on the row it locks; SQLite
 * has one writer at a time).
 */
export async function claimDue(
  db: Db,
  token: string,
  now: Date,
  limit: number,
): Promise<OutboxRow[]> {
  const leaseUntil = new Date(now.getTime() + OUTBOX_LEASE_MS);
  const rows = await db.$queryRaw<RawRow[]>`
    UPDATE "OutboxMessage"
    SET "claimedBy" = ${token}, "leaseUntil" = ${leaseUntil}, "attempts" = "attempts" + 1
    WHERE "id" IN (
      SELECT o."id" FROM "OutboxMessage" o
      WHERE o."status" = 'pending' AND o."notBefore" <= ${now}
        AND (o."leaseUntil" IS NULL OR o."leaseUntil" < ${now})
        AND (o."kind" = 'update' OR o."startedAt" IS NULL)
        AND (o."kind" <> 'update' OR o."ts" IS NOT NULL OR NOT EXISTS (
          SELECT 1 FROM "OutboxMessage" p
          WHERE p."messageKey" = o."messageKey" AND p."kind" <> 'update' AND p."status" = 'pending'))
        AND (o."kind" <> 'update' OR o."messageKey" IS NULL OR NOT EXISTS (
          SELECT 1 FROM "OutboxMessage" n
          WHERE n."messageKey" = o."messageKey" AND n."kind" = 'update' AND n."id" > o."id"))
      ORDER BY o."id"
      LIMIT ${limit})
    AND "status" = 'pending' AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
    RETURNING "id", "teamId", "kind", "target", "ts", "payload", "purpose", "context",
              "messageKey", "attempts", "createdAt"`;
  return rows.map(toRow).sort(byId);
}

/** Updates a later update of the same message makes pointless: never sent. */
export async function skipSuperseded(db: Db, now: Date): Promise<number> {
  return db.$executeRaw`
    UPDATE "OutboxMessage" SET "status" = 'skipped', "error" = 'superseded', "finishedAt" = ${now}
    WHERE "status" = 'pending' AND "kind" = 'update' AND "messageKey" IS NOT NULL
      AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
      AND EXISTS (
        SELECT 1 FROM "OutboxMessage" n
        WHERE n."messageKey" = "OutboxMessage"."messageKey" AND n."kind" = 'update'
          AND n."id" > "OutboxMessage"."id")`;
}

/**
 * Posts whose sending started and whose claim then lapsed (the process died
 * mid-call): Slack may have them. They become `unknown` and are never sent
 * again; returned so their purposes can react.
 */
export async function settleInterrupted(db: Db, now: Date): Promise<OutboxRow[]> {
  const rows = await db.$queryRaw<RawRow[]>`
    UPDATE "OutboxMessage"
    SET "status" = 'unknown', "error" = 'interrupted', "finishedAt" = ${now}
    WHERE "status" = 'pending' AND "kind" <> 'update' AND "startedAt" IS NOT NULL
      AND "leaseUntil" < ${now}
    RETURNING "id", "teamId", "kind", "target", "ts", "payload", "purpose", "context",
              "messageKey", "attempts", "createdAt"`;
  return rows.map(toRow).sort(byId);
}

/**
 * Records that the post is about to start, while the claim is still ours
 * (and extends it). False when the claim was lost: then it must not be sent.
 */
export async function markStarted(db: Db, id: bigint, token: string, now: Date): Promise<boolean> {
  // Raw: Prisma wraps updateMany in a transaction of its own (a second round trip).
  const leaseUntil = new Date(now.getTime() + OUTBOX_LEASE_MS);
  const count = await db.$executeRaw`
    UPDATE "OutboxMessage" SET "startedAt" = ${now}, "leaseUntil" = ${leaseUntil}
    WHERE "id" = ${id} AND "claimedBy" = ${token} AND "status" = 'pending'
      AND "leaseUntil" > ${now}`;
  return count === 1;
}

/** Where the post with this message key landed, or why there is nothing to update. */
export async function deliveredPost(
  db: Db,
  messageKey: string,
): Promise<{ channel: string; ts: string } | "not_delivered" | "none"> {
  const row = await db.outboxMessage.findFirst({
    where: { messageKey, kind: { in: ["dm", "post"] } },
    orderBy: { id: "desc" },
    select: { status: true, resultChannel: true, resultTs: true },
  });
  if (!row) return "none";
  if (row.status === "delivered" && row.resultChannel && row.resultTs) {
    return { channel: row.resultChannel, ts: row.resultTs };
  }
  return "not_delivered";
}

export interface Delivered {
  id: bigint;
  channel: string | null;
  ts: string | null;
}

/** Every delivered row of a claim in one statement, with where each landed. */
export async function finishDelivered(
  db: Db | Tx,
  token: string,
  rows: readonly Delivered[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const ids = join(rows.map((row) => row.id));
  const channel = join(
    rows.map((row) => sql`WHEN ${row.id} THEN ${row.channel}`),
    " ",
  );
  const ts = join(
    rows.map((row) => sql`WHEN ${row.id} THEN ${row.ts}`),
    " ",
  );
  await db.$executeRaw`
    UPDATE "OutboxMessage"
    SET "status" = 'delivered', "finishedAt" = ${now}, "error" = NULL,
        "resultChannel" = CASE "id" ${channel} END, "resultTs" = CASE "id" ${ts} END
    WHERE "id" IN (${ids}) AND "claimedBy" = ${token}`;
}

/** Ends a row for good: failed, unknown or skipped, with the reason. */
export async function finishUndelivered(
  db: Db | Tx,
  token: string,
  id: bigint,
  status: "failed" | "unknown" | "skipped",
  error: string,
  now: Date,
): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id, claimedBy: token, status: "pending" },
    data: { status, error, finishedAt: now },
  });
  return count === 1;
}

/** Gives a row back to be tried again from `notBefore` (nothing reached Slack). */
export async function retryLater(
  db: Db,
  token: string,
  id: bigint,
  error: string,
  notBefore: Date,
): Promise<void> {
  await db.outboxMessage.updateMany({
    where: { id, claimedBy: token, status: "pending" },
    data: { claimedBy: null, leaseUntil: null, startedAt: null, error, notBefore },
  });
}

/** The team's managers, oldest first (who is told what to fix). */
export async function managersOf(db: Db | Tx, teamId: string): Promise<string[]> {
  const rows = await db.roleAssignment.findMany({
    where: { teamId, role: "manager" },
    select: { userId: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => row.userId);
}

/** Finished rows older than `before` (the outbox keeps 90 days). */
export async function pruneFinished(db: Db, before: Date): Promise<number> {
  const { count } = await db.outboxMessage.deleteMany({
    where: { status: { not: "pending" }, finishedAt: { lt: before } },
  });
  return count;
}
