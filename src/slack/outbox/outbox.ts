import { randomBytes } from "node:crypto";
import { join, sqltag as sql } from "@prisma/client/runtime/client";
import { z } from "zod";
import { hostname } from "node:os";
import type { Db, Tx } from "../../db/database.ts";
import type { OutgoingMessage } from "../dm.ts";

/**
 * The transactional outbox: every Slack message owed after a state change is
 * written as a row in the same transaction as the change, so the change and
 * the promise to tell people about it commit together or not at all. The
 * worker (./worker.ts) delivers the rows: right after the request's
 * transaction (`deliverOutbox(deps, batch)`) and on every scheduler tick (the
 * `outbox` job), in every replica. Each row is claimed once, with a lease, by
 * a conditional update; see ./worker.ts for the error policy.
 */

/** A direct message to one person (opened with conversations.open). */
export interface DmItem {
  kind: "dm";
  userId: string;
}

/** A post in a channel the bot is in (public channels are joined first). */
export interface PostItem {
  kind: "post";
  channel: string;
}

/**
 * chat.update of a message Greenlight posted. Where the message is, when the
 * caller knows it (`channel` and `ts`); else the worker waits for the post
 * with the same `messageKey` and updates what it delivered.
 */
export interface UpdateItem {
  kind: "update";
  channel?: string | null;
  ts?: string | null;
}

export type OutboxItem = (DmItem | PostItem | UpdateItem) & {
  message: OutgoingMessage;
  /**
   * Names the message this row posts or updates, e.g. `approval-message:12`:
   * an update names the post it changes, and of several updates with one key
   * only the latest is sent. Required for an update without `channel`/`ts`.
   */
  messageKey?: string;
  /** Whose hooks run after delivery or failure (./purposes.ts); default "notice". */
  purpose?: string;
  /** What the purpose's hooks need (JSON). */
  context?: Record<string, string | number | boolean | null>;
  /** At most one row with this key is ever written (a notice told once). */
  dedupeKey?: string;
};

/** A row as the worker reads it. */
export interface OutboxRow {
  id: bigint;
  teamId: string;
  kind: "dm" | "post" | "update";
  target: string | null;
  ts: string | null;
  payload: string;
  purpose: string;
  context: string;
  messageKey: string | null;
  attempts: number;
  createdAt: Date;
}

/** Rows written by one state change, already claimed for the process that wrote them. */
export interface OutboxBatch {
  token: string;
  rows: OutboxRow[];
  /** Some rows wait for an earlier post; the worker claims them like any other. */
  waiting: boolean;
}

/** How long a claim is held before another replica may take a row whose send never started. */
export const OUTBOX_LEASE_MS = 2 * 60_000;

export const REPLICA = `${hostname()}:${process.pid}`;

/** A claim token: this replica, and a random part so two claims in one process differ. */
export function claimToken(): string {
  return `${REPLICA}:${randomBytes(6).toString("hex")}`;
}

export const rowSelect = {
  id: true,
  teamId: true,
  kind: true,
  target: true,
  ts: true,
  payload: true,
  purpose: true,
  context: true,
  messageKey: true,
  attempts: true,
  createdAt: true,
} as const;

/** What enqueue's INSERT returns of each row (checked: the statement is written by hand). */
const InsertedRows = z.array(
  z.object({
    // BigInt in the schema: a bigint or a number, as the driver gives it.
    id: z.union([z.bigint(), z.number().int()]).transform((id) => BigInt(id)),
    kind: z.enum(["dm", "post", "update"]),
    target: z.string().nullable(),
    ts: z.string().nullable(),
    payload: z.string(),
    purpose: z.string(),
    context: z.string(),
    messageKey: z.string().nullable(),
    attempts: z.union([z.bigint(), z.number().int()]).transform(Number),
    claimedBy: z.string().nullable(),
  }),
);

function targetOf(item: OutboxItem): { target: string | null; ts: string | null } {
  switch (item.kind) {
    case "dm":
      return { target: item.userId, ts: null };
    case "post":
      return { target: item.channel, ts: null };
    case "update":
      return { target: item.channel ?? null, ts: item.ts ?? null };
  }
}

function ready(item: OutboxItem): boolean {
  return item.kind !== "update" || Boolean(item.channel && item.ts);
}

/**
 * Writes the messages owed by a state change; call it inside that change's
 * transaction. Rows that can be sent at once are claimed for the caller (one
 * INSERT, no second statement), so `deliverOutbox(deps, batch)` right after
 * the commit sends them without claiming again; should the process die first,
 * the lease runs out and any replica's worker sends them.
 *
 * Rows with a `dedupeKey` are written only if no row with that key exists
 * (checked first; a concurrent writer of the same key fails the transaction
 * with a unique violation).
 */
export async function enqueue(
  tx: Tx | Db,
  teamId: string,
  items: readonly OutboxItem[],
): Promise<OutboxBatch> {
  const token = claimToken();
  let wanted = [...items];
  const keys = wanted.flatMap((item) => (item.dedupeKey ? [item.dedupeKey] : []));
  if (keys.length > 0) {
    const taken = await tx.outboxMessage.findMany({
      where: { dedupeKey: { in: keys } },
      select: { dedupeKey: true },
    });
    const seen = new Set(taken.map((row) => row.dedupeKey));
    wanted = wanted.filter((item) => !item.dedupeKey || !seen.has(item.dedupeKey));
  }
  if (wanted.length === 0) return { token, rows: [], waiting: false };
  const now = new Date();
  const leaseUntil = new Date(now.getTime() + OUTBOX_LEASE_MS);
  // One INSERT written by hand: every state change that tells someone runs
  // it inside its transaction (a burst of proposals, 200 at once), and
  // Prisma's createManyAndReturn cost about 1 ms of CPU more per call, its
  // query compiler most of it; on SQLite that CPU is the event loop's.
  const values = wanted.map((item) => {
    const { target, ts } = targetOf(item);
    const claim = ready(item) ? { claimedBy: token, leaseUntil, attempts: 1 } : null;
    return sql`(${teamId}, ${item.kind}, ${target}, ${ts}, ${JSON.stringify(item.message)},
      ${item.purpose ?? "notice"}, ${JSON.stringify(item.context ?? {})}, ${item.messageKey ?? null},
      ${item.dedupeKey ?? null}, 'pending', ${claim?.attempts ?? 0}, ${now},
      ${claim?.claimedBy ?? null}, ${claim?.leaseUntil ?? null}, ${now})`;
  });
  const returned = await tx.$queryRaw<unknown[]>`
    INSERT INTO "OutboxMessage" ("teamId", "kind", "target", "ts", "payload", "purpose",
      "context", "messageKey", "dedupeKey", "status", "attempts", "notBefore", "claimedBy",
      "leaseUntil", "createdAt")
    VALUES ${join(values, ", ")}
    RETURNING "id", "kind", "target", "ts", "payload", "purpose", "context", "messageKey",
      "attempts", "claimedBy"`;
  const rows = InsertedRows.parse(returned).map((row) => ({ ...row, teamId, createdAt: now }));
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    token,
    rows: rows
      .filter((row) => row.claimedBy === token)
      .map(({ claimedBy: _claimedBy, ...row }) => row as OutboxRow),
    waiting: rows.some((row) => row.claimedBy !== token),
  };
}
