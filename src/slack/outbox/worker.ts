import type { Tx } from "../../db/database.ts";
import type { Deps } from "../../deps.ts";
import { postJoining, sendDirectMessage, type OutgoingMessage, type Posted } from "../dm.ts";
import { describeSlackError, type SlackFailure } from "../errors.ts";
import { slackProblemNotice } from "./messages.ts";
import { storedLangsOf } from "../../i18n/language.ts";
import {
  claimToken,
  enqueue,
  type OutboxBatch,
  type OutboxItem,
  type OutboxRow,
} from "./outbox.ts";
import { outboxPurpose } from "./purposes.ts";
import {
  claimDue,
  deliveredPost,
  finishDelivered,
  finishUndelivered,
  managersOf,
  markStarted,
  retryLater,
  settleInterrupted,
  skipSuperseded,
} from "./store.ts";

/**
 * The outbox worker: sends claimed rows and records each outcome with the one
 * error policy (src/slack/errors.ts):
 *
 * - delivered: recorded with where the message landed (its channel and ts),
 *   and the purpose's `delivered` hook runs in the same transaction;
 * - transient (rate limit, no connection, 5xx on a call safe to repeat): the
 *   row is given back and tried again after Retry-After or a backoff, for as
 *   long as it takes; a pending proposal's approval request is never dropped;
 * - permanent (`not_in_channel`, `account_inactive`, `invalid_auth`…): the row
 *   fails, the purpose's `failed` hook runs (an approval request tells the
 *   proposer), and each manager gets one DM saying what to fix;
 * - ambiguous (a timeout or 5xx after a post was sent, `internal_error`…): the
 *   row is `unknown` and never sent again. A chat.update is safe to repeat, so
 *   for updates ambiguous counts as transient.
 *
 * A post (or DM) records `startedAt` while its claim is held, right before the
 * call. If the process dies before that, the lease runs out and any replica
 * sends the row; if it dies after, the row is settled as `unknown`.
 */

export interface DeliveryReport {
  /** One line per message delivered. */
  sent: string[];
  /** One line per message that failed for good or may have been delivered. */
  failed: string[];
}

type Outcome =
  | { kind: "delivered"; where: Posted | null }
  | { kind: "retry"; failure: SlackFailure }
  | { kind: "failed" | "unknown"; failure: SlackFailure }
  | { kind: "skipped"; reason: string }
  | { kind: "lost" };

/** Rows delivered together per worker pass, and teams served at once. */
const CLAIM_LIMIT = 50;
const TEAMS_AT_ONCE = 8;
const MAX_BACKOFF_MS = 10 * 60_000;

/** When to try again after a transient failure: Retry-After, else 5 s doubling up to 10 minutes. */
export function retryDelayMs(attempts: number, failure: SlackFailure): number {
  const backoff = Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** Math.max(0, attempts - 1));
  return Math.max(failure.retryAfterMs ?? 0, backoff);
}

async function send(deps: Deps, token: string, row: OutboxRow): Promise<Outcome> {
  const message = JSON.parse(row.payload) as OutgoingMessage;
  let where: { channel: string; ts: string } | null = null;
  if (row.kind === "update") {
    if (row.target && row.ts) where = { channel: row.target, ts: row.ts };
    else if (row.messageKey) {
      const found = await deliveredPost(deps.db, row.messageKey);
      if (found === "none" || found === "not_delivered") {
        return { kind: "skipped", reason: `the message to update was ${found.replace("_", " ")}` };
      }
      where = found;
    } else return { kind: "skipped", reason: "nothing to update" };
  } else if (!(await markStarted(deps.db, row.id, token, new Date()))) {
    return { kind: "lost" };
  }
  try {
    const client = await deps.slackFor(row.teamId);
    switch (row.kind) {
      case "dm":
        return {
          kind: "delivered",
          where: await sendDirectMessage(client, String(row.target), message),
        };
      case "post":
        return { kind: "delivered", where: await postJoining(client, String(row.target), message) };
      case "update":
        if (!where) return { kind: "skipped", reason: "nothing to update" };
        await client.chat.update({ channel: where.channel, ts: where.ts, ...message });
        return { kind: "delivered", where: null };
    }
  } catch (error) {
    const failure = describeSlackError(error);
    if (failure.class === "transient" || (failure.class === "ambiguous" && row.kind === "update")) {
      return { kind: "retry", failure };
    }
    return { kind: failure.class === "permanent" ? "failed" : "unknown", failure };
  }
}

function describe(row: OutboxRow): string {
  const what =
    row.kind === "dm"
      ? `DM to ${row.target}`
      : row.kind === "post"
        ? `post in ${row.target}`
        : `update of ${row.messageKey ?? `${row.target}/${row.ts}`}`;
  return `${row.purpose} ${what} (team ${row.teamId}, #${row.id})`;
}

/** Slack answers that concern only the message, not something a manager can fix. */
const NOT_FOR_MANAGERS = new Set([
  "message_not_found",
  "cant_update_message",
  "edit_window_closed",
]);

/** What a permanent failure was about: whose team, and the message's kind and target. */
export interface FailedSend {
  teamId: string;
  kind: "dm" | "post" | "update";
  target: string | null;
}

/** One DM per manager about a permanent failure, once per (problem, place, manager). */
async function tellManagers(tx: Tx, what: FailedSend, failure: SlackFailure): Promise<OutboxBatch> {
  const managers = await managersOf(tx, what.teamId);
  // Each manager in their language, as the database knows it (no users.info in a transaction).
  const langs = await storedLangsOf(tx, what.teamId, managers);
  return enqueue(
    tx,
    what.teamId,
    managers.map((managerId) => ({
      kind: "dm" as const,
      userId: managerId,
      message: slackProblemNotice(what.kind, what.target, failure.code, langs.get(managerId)),
      purpose: MANAGER_NOTICE,
      dedupeKey: `slack-problem:${what.teamId}:${failure.code}:${what.target ?? ""}:${managerId}`,
    })),
  );
}

/**
 * For senders outside the outbox (the scheduled jobs): Slack refused a
 * message for good; each manager is told once what to fix, through the
 * outbox. Not for failures that concern only the message itself.
 */
export async function tellManagersOnce(
  deps: Deps,
  what: FailedSend,
  failure: SlackFailure,
): Promise<DeliveryReport> {
  if (failure.class !== "permanent" || NOT_FOR_MANAGERS.has(failure.code)) {
    return { sent: [], failed: [] };
  }
  const batch = await deps.db.$transaction((tx) => tellManagers(tx, what, failure));
  return deliverOutbox(deps, batch);
}

/** Notices to managers: their own failure tells nobody (that would never end). */
export const MANAGER_NOTICE = "manager-notice";

function parseContext(row: OutboxRow): unknown {
  try {
    return JSON.parse(row.context) as unknown;
  } catch {
    return {};
  }
}

/**
 * Records one undelivered outcome, with its purpose's hook and the managers'
 * notice in the same transaction. Returns what that wrote, to be sent next.
 */
async function settleFailure(
  deps: Deps,
  token: string | null,
  row: OutboxRow,
  status: "failed" | "unknown",
  failure: SlackFailure,
): Promise<OutboxBatch[]> {
  const purpose = outboxPurpose(row.purpose);
  const now = new Date();
  return deps.db.$transaction(async (tx) => {
    if (token && !(await finishUndelivered(tx, token, row.id, status, failure.code, now)))
      return [];
    const batches: OutboxBatch[] = [];
    const context = parseContext(row);
    const instead: OutboxItem[] = (await purpose?.failed?.(tx, row, context, failure)) ?? [];
    if (instead.length > 0) batches.push(await enqueue(tx, row.teamId, instead));
    const managersCare =
      status === "failed" &&
      row.purpose !== MANAGER_NOTICE &&
      purpose?.tellManagers !== false &&
      !NOT_FOR_MANAGERS.has(failure.code);
    if (managersCare) batches.push(await tellManagers(tx, row, failure));
    return batches;
  });
}

/** Sends claimed rows in order (one team's rows one after the other) and records each outcome. */
async function sendClaimed(
  deps: Deps,
  token: string,
  rows: readonly OutboxRow[],
  report: DeliveryReport,
): Promise<OutboxBatch[]> {
  const next: OutboxBatch[] = [];
  const delivered: Array<{ row: OutboxRow; where: Posted | null }> = [];
  for (const row of rows) {
    const outcome = await send(deps, token, row);
    switch (outcome.kind) {
      case "delivered":
        delivered.push({ row, where: outcome.where });
        break;
      case "retry": {
        const delay = retryDelayMs(row.attempts, outcome.failure);
        await retryLater(
          deps.db,
          token,
          row.id,
          outcome.failure.code,
          new Date(Date.now() + delay),
        );
        deps.logger.warn(
          `outbox: ${describe(row)}: ${outcome.failure.code}; trying again in ${Math.round(delay / 1000)} s`,
        );
        break;
      }
      case "failed":
      case "unknown":
        next.push(...(await settleFailure(deps, token, row, outcome.kind, outcome.failure)));
        report.failed.push(
          `${describe(row)}: ${outcome.failure.code}${outcome.kind === "unknown" ? " (may have been delivered; not sent again)" : ""}`,
        );
        deps.logger.error(`outbox: ${report.failed.at(-1)}`);
        break;
      case "skipped":
        await finishUndelivered(deps.db, token, row.id, "skipped", outcome.reason, new Date());
        break;
      case "lost":
        break;
    }
  }
  await recordDelivered(deps, token, delivered);
  for (const { row } of delivered) report.sent.push(describe(row));
  return next;
}

/** One statement for the plain rows; a transaction for rows whose purpose records where they landed. */
async function recordDelivered(
  deps: Deps,
  token: string,
  delivered: ReadonlyArray<{ row: OutboxRow; where: Posted | null }>,
): Promise<void> {
  const now = new Date();
  const hooked = delivered.filter(({ row }) => outboxPurpose(row.purpose)?.delivered);
  const plain = delivered.filter(({ row }) => !outboxPurpose(row.purpose)?.delivered);
  await finishDelivered(
    deps.db,
    token,
    plain.map(({ row, where }) => ({
      id: row.id,
      channel: where?.channel ?? null,
      ts: where?.ts ?? null,
    })),
    now,
  );
  for (const { row, where } of hooked) {
    await deps.db.$transaction(async (tx) => {
      await finishDelivered(
        tx,
        token,
        [{ id: row.id, channel: where?.channel ?? null, ts: where?.ts ?? null }],
        now,
      );
      if (where) await outboxPurpose(row.purpose)?.delivered?.(tx, row, parseContext(row), where);
    });
  }
}

/** Groups rows by team and serves a few teams at once, so one slow team delays no other. */
async function sendByTeam(
  deps: Deps,
  token: string,
  rows: readonly OutboxRow[],
  report: DeliveryReport,
): Promise<OutboxBatch[]> {
  const teams = new Map<string, OutboxRow[]>();
  for (const row of rows) teams.set(row.teamId, [...(teams.get(row.teamId) ?? []), row]);
  const queue = [...teams.values()];
  const next: OutboxBatch[] = [];
  const worker = async () => {
    for (let team = queue.shift(); team; team = queue.shift()) {
      try {
        next.push(...(await sendClaimed(deps, token, team, report)));
      } catch (error) {
        // A database failure for one team: its rows keep their claim and come back after the lease.
        report.failed.push(`team ${team[0]?.teamId}: ${String(error)}`);
        deps.logger.error(`outbox: team ${team[0]?.teamId}: ${String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(TEAMS_AT_ONCE, queue.length) }, worker));
  return next;
}

/**
 * Delivers what a state change wrote (its batches, already claimed), then
 * whatever those led to (a proposer told, managers told). Call it right after
 * the transaction commits; with Bolt's processBeforeResponse the messages have
 * reached Slack when the request returns.
 */
export async function deliverOutbox(
  deps: Deps,
  batches: OutboxBatch | ReadonlyArray<OutboxBatch>,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], failed: [] };
  let pending = (Array.isArray(batches) ? batches : [batches]) as OutboxBatch[];
  let waiting = false;
  // Follow-ups of follow-ups are bounded: a manager notice begets nothing.
  for (let round = 0; round < 4 && pending.length > 0; round += 1) {
    const next: OutboxBatch[] = [];
    for (const batch of pending) {
      waiting ||= batch.waiting;
      if (batch.rows.length > 0)
        next.push(...(await sendByTeam(deps, batch.token, batch.rows, report)));
    }
    pending = next;
  }
  if (waiting) {
    const polled = await pollOutbox(deps);
    report.sent.push(...polled.sent);
    report.failed.push(...polled.failed);
  }
  return report;
}

/**
 * One pass of the worker, as each scheduler tick runs it in every replica:
 * settles interrupted posts and superseded updates, then claims due rows and
 * sends them, until none is left (bounded).
 */
export async function pollOutbox(deps: Deps, maxPasses = 20): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], failed: [] };
  const now = new Date();
  await skipSuperseded(deps.db, now);
  for (const row of await settleInterrupted(deps.db, now)) {
    const failure: SlackFailure = { class: "ambiguous", code: "interrupted" };
    report.failed.push(`${describe(row)}: interrupted (may have been delivered; not sent again)`);
    await deliverOutbox(deps, await settleFailure(deps, null, row, "unknown", failure));
  }
  for (let pass = 0; pass < maxPasses; pass += 1) {
    const token = claimToken();
    const rows = await claimDue(deps.db, token, new Date(), CLAIM_LIMIT);
    if (rows.length === 0) break;
    const next = await sendByTeam(deps, token, rows, report);
    const followUps = await deliverOutbox(deps, next);
    report.sent.push(...followUps.sent);
    report.failed.push(...followUps.failed);
    if (rows.length < CLAIM_LIMIT) break;
  }
  return report;
}
