import { z } from "zod";
import type { Db, Tx } from "../../db/database.ts";
import { isUniqueViolation, recordAudit } from "../../db/audit.ts";
import { join, raw, sqltag as sql, type Sql } from "@prisma/client/runtime/client";
import { providerOfClient } from "../../db/database.ts";
import { asLang, type Lang } from "../../i18n/lang.ts";
import { storedLang } from "../../i18n/language.ts";
import {
  DECIDE_CONDITIONS,
  LIVE_REQUEST_STATE,
  type DecideCondition,
  type DecideRule,
  type Outcome,
} from "./approval.ts";
import { excerptShownBy } from "./messages.en.ts";
import { parsePreviousRound, snapshotRound, type PreviousRound } from "./rounds.ts";
import type { ValidProposal } from "./validation.ts";
import { parseVisuals, serializeVisuals, type Visual } from "./visuals.ts";

/** A proposal as the feature sees it (platforms as a list). */
export interface ProposalRecord {
  id: number;
  teamId: string;
  proposerId: string;
  text: string;
  platforms: string[];
  publishAt: Date;
  goal: string;
  contentType: string;
  linkUrl: string | null;
  notes: string | null;
  status: string;
  round: number;
  submittedAt: Date;
  proposerChannel: string | null;
  proposerTs: string | null;
  lastRemindedOn: string | null;
  visuals: Visual[];
  /** The round before this one, as it was; null in round 1. */
  previousRound: PreviousRound | null;
  /** The length of the proposer's text before Slack's input cut it, when it was cut. */
  textCutFrom: number | null;
}

export interface ApprovalMessageRecord {
  id: number;
  proposalId: number;
  round: number;
  approverId: string;
  /** Where the request landed; null until the outbox has delivered it. */
  channel: string | null;
  ts: string | null;
  state: string;
}

export interface DecisionRecord {
  round: number;
  outcome: string;
  deciderId: string;
  reason: string | null;
  selfApproved: boolean;
  decidedAt: Date;
}

const proposalSelect = {
  id: true,
  teamId: true,
  proposerId: true,
  text: true,
  platforms: true,
  publishAt: true,
  goal: true,
  contentType: true,
  linkUrl: true,
  notes: true,
  status: true,
  round: true,
  submittedAt: true,
  proposerChannel: true,
  proposerTs: true,
  lastRemindedOn: true,
  visuals: true,
  previousRound: true,
  textCutFrom: true,
} as const;

const messageSelect = {
  id: true,
  proposalId: true,
  round: true,
  approverId: true,
  channel: true,
  ts: true,
  state: true,
} as const;

const decisionSelect = {
  round: true,
  outcome: true,
  deciderId: true,
  reason: true,
  selfApproved: true,
  decidedAt: true,
} as const;

type Row = Omit<ProposalRecord, "platforms" | "visuals" | "previousRound"> & {
  platforms: string;
  visuals: string;
  previousRound: string | null;
};

function toRecord(row: Row): ProposalRecord {
  return {
    ...row,
    platforms: row.platforms === "" ? [] : row.platforms.split(","),
    visuals: parseVisuals(row.visuals),
    previousRound: parsePreviousRound(row.previousRound),
  };
}

/** The columns a submission sets; visuals only when some were attached (an edit keeps the others). */
function fields(value: ValidProposal) {
  return {
    text: value.text,
    platforms: value.platforms.join(","),
    publishAt: value.publishAt,
    goal: value.goal,
    contentType: value.contentType,
    linkUrl: value.linkUrl,
    notes: value.notes,
    ...(value.visuals ? { visuals: serializeVisuals(value.visuals) } : {}),
  };
}

/**
 * What a state change owes, computed inside its transaction: the outbox rows
 * (src/slack/outbox/) that tell people about it, written with it.
 */
export type Owe<In, Out> = (tx: Tx, changed: In) => Promise<Out>;

interface NewProposal {
  teamId: string;
  proposerId: string;
  value: ValidProposal;
  now: Date;
  /** The submitted modal (view id and hash), claimed once. */
  submission: string;
  textCutFrom?: number | null;
  suggestionId?: number;
}

/**
 * What a new round's messages need from the team, read by the statement that
 * stores the round: its timezone, its approver, and the stored languages of
 * the proposer and the approver (the team's when unknown).
 */
export interface RoundContext {
  timezone: string;
  approverId: string | null;
  langs: ReadonlyMap<string, Lang>;
}

/** What a new proposal's transaction owes, with the context its statement read. */
export type OweNew<Out> = (tx: Tx, proposal: ProposalRecord, context: RoundContext) => Promise<Out>;

/**
 * Claims a submission (a modal's view id and hash) once, inside the
 * transaction that stores what it made: false when it was claimed already (a
 * replayed or retried request). ON CONFLICT DO NOTHING rather than a unique
 * violation: no error to catch, and on PostgreSQL a concurrent claim of the
 * same key waits for the first one's commit, then finds it taken.
 */
async function claimSubmission(tx: Tx, submission: string, now: Date): Promise<boolean> {
  const claimed = await tx.$executeRaw`
    INSERT INTO "ProcessedEvent" ("eventId", "receivedAt") VALUES (${submission}, ${now})
    ON CONFLICT DO NOTHING`;
  return claimed === 1;
}

/**
 * Creates a proposal from one submitted modal. `submission` names that
 * submission (view id and hash): it is claimed in the same transaction, so a
 * captured request replayed within Slack's 5-minute window (or a retry that
 * reaches another replica) makes no second proposal; null when it was
 * already used. `suggestionId`: it came from a suggestion's "Propose this",
 * which is closed in the same transaction by one conditional update: when
 * someone else proposed or dismissed it first, nothing is stored and
 * SuggestionClosedError is thrown (one proposal per suggestion, however many
 * people opened the form).
 *
 * The hot path of a burst of submissions, written by hand (see
 * `insertProposalRow`): on SQLite every statement's CPU is spent on the event
 * loop, and the acks of the submissions behind it wait for it.
 */
export async function createProposal<Out>(
  db: Db,
  input: NewProposal,
  owe: OweNew<Out>,
): Promise<{ proposal: ProposalRecord; owed: Out } | null> {
  try {
    return await insertProposal(db, input, owe);
  } catch (error) {
    // A concurrent claim of the same submission on SQLite cannot wait: it fails instead.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** The suggestion a new proposal came from was proposed or dismissed first by someone else. */
export class SuggestionClosedError extends Error {
  constructor(readonly suggestionId: number) {
    super(`suggestion ${suggestionId} is no longer open`);
    this.name = "SuggestionClosedError";
  }
}

/** An integer column: a number, or a bigint where the driver gives one. */
const wholeNumber = z.union([z.number().int(), z.bigint()]).transform(Number);

/** What the insert of a new proposal returns: its id and what its messages need. */
const InsertedProposalRow = z.object({
  id: wholeNumber,
  teamTimezone: z.string().nullable(),
  teamLanguage: z.string().nullable(),
  approverId: z.string().nullable(),
  proposerChoice: z.string().nullable(),
  proposerLocale: z.string().nullable(),
  approverChoice: z.string().nullable(),
  approverLocale: z.string().nullable(),
});

/**
 * What the insert returns besides the id, as SQL `expr AS "name"` over the
 * new proposal's row (`p`, the CTE on PostgreSQL; the inserted row,
 * `"Proposal"`, in SQLite's RETURNING): the team's timezone and language,
 * its approver, the proposer's and the approver's stored languages.
 */
function insertedContext(p: string) {
  const approver = `(SELECT r."userId" FROM "RoleAssignment" r
    WHERE r."teamId" = ${p}."teamId" AND r."exclusiveRole" = 'approver')`;
  const language = (column: "choice" | "slackLocale", userId: string) =>
    `(SELECT l."${column}" FROM "PersonLanguage" l
      WHERE l."teamId" = ${p}."teamId" AND l."userId" = ${userId})`;
  const team = (column: "timezone" | "language") =>
    `(SELECT t."${column}" FROM "Team" t WHERE t."id" = ${p}."teamId")`;
  return raw(
    [
      ["teamTimezone", team("timezone")],
      ["teamLanguage", team("language")],
      ["approverId", approver],
      ["proposerChoice", language("choice", `${p}."proposerId"`)],
      ["proposerLocale", language("slackLocale", `${p}."proposerId"`)],
      ["approverChoice", language("choice", approver)],
      ["approverLocale", language("slackLocale", approver)],
    ]
      .map(([name, expr]) => `${expr} AS "${name}"`)
      .join(",\n"),
  );
}

/** The audit entry of a new proposal, as recordAudit writes every other one. */
function submittedDetail(input: NewProposal): string {
  return JSON.stringify({
    round: 1,
    visuals: input.value.visuals?.length ?? 0,
    ...(input.suggestionId !== undefined ? { suggestion: input.suggestionId } : {}),
  });
}

/**
 * The new proposal's row, its audit entry and its submission's claim, and
 * the context its messages need, in as few statements as each database
 * allows: one on PostgreSQL (data-modifying CTEs; no row when the claim was
 * taken), three on SQLite (the claim, the insert returning the context from
 * subqueries, the audit entry). Through Prisma's query builder the same
 * work was nine statements and about 11 ms of CPU per proposal, most of it
 * the query compiler and the mapping of rows. Null: the submission was
 * claimed already.
 */
async function insertProposalRow(
  tx: Tx,
  input: NewProposal,
): Promise<z.infer<typeof InsertedProposalRow> | null> {
  const { value, now } = input;
  const columns = sql`"teamId", "proposerId", "text", "platforms", "publishAt", "goal",
    "contentType", "linkUrl", "notes", "status", "round", "firstProposedAt", "submittedAt",
    "visuals", "textCutFrom", "createdAt", "updatedAt"`;
  const values = sql`${input.teamId}, ${input.proposerId}, ${value.text},
    ${value.platforms.join(",")}, ${value.publishAt}, ${value.goal}, ${value.contentType},
    ${value.linkUrl}, ${value.notes}, 'pending', 1, ${now}, ${now},
    ${serializeVisuals(value.visuals ?? [])}, ${input.textCutFrom ?? null}, ${now}, ${now}`;
  const detail = submittedDetail(input);
  let rows: unknown[];
  if (providerOfClient(tx) === "postgresql") {
    rows = await tx.$queryRaw<unknown[]>`
      WITH claim AS (
        INSERT INTO "ProcessedEvent" ("eventId", "receivedAt") VALUES (${input.submission}, ${now})
        ON CONFLICT DO NOTHING RETURNING "eventId"),
      p AS (
        INSERT INTO "Proposal" (${columns}) SELECT ${values} FROM claim
        RETURNING "id", "teamId", "proposerId"),
      audit AS (
        INSERT INTO "AuditEntry" ("teamId", "actorId", "action", "subjectType", "subjectId",
          "detail", "createdAt")
        SELECT p."teamId", p."proposerId", 'proposal.submitted', 'proposal', p."id"::text,
          ${detail}, ${now}
        FROM p)
      SELECT p."id", ${insertedContext("p")} FROM p`;
  } else {
    if (!(await claimSubmission(tx, input.submission, now))) return null;
    rows = await tx.$queryRaw<unknown[]>`
      INSERT INTO "Proposal" (${columns}) VALUES (${values})
      RETURNING "id", ${insertedContext(`"Proposal"`)}`;
    const inserted = rows[0] as { id?: unknown } | undefined;
    if (inserted) {
      await tx.$executeRaw`
        INSERT INTO "AuditEntry" ("teamId", "actorId", "action", "subjectType", "subjectId",
          "detail", "createdAt")
        VALUES (${input.teamId}, ${input.proposerId}, 'proposal.submitted', 'proposal',
          ${String(inserted.id)}, ${detail}, ${now})`;
    }
  }
  if (rows.length === 0) return null;
  if (rows.length !== 1) throw new Error(`insertProposalRow: ${rows.length} rows returned`);
  return InsertedProposalRow.parse(rows[0]);
}

async function insertProposal<Out>(
  db: Db,
  input: NewProposal,
  owe: OweNew<Out>,
): Promise<{ proposal: ProposalRecord; owed: Out } | null> {
  return db.$transaction(async (tx) => {
    const row = await insertProposalRow(tx, input);
    if (!row) return null;
    if (input.suggestionId !== undefined) {
      const { count } = await tx.suggestion.updateMany({
        where: { id: input.suggestionId, teamId: input.teamId, status: "open" },
        data: {
          status: "proposed",
          closedBy: input.proposerId,
          closedAt: input.now,
          proposalId: row.id,
        },
      });
      // Rolls back the proposal and the submission's claim: the form can be closed or sent again.
      if (count !== 1) throw new SuggestionClosedError(input.suggestionId);
      await recordAudit(tx, {
        teamId: input.teamId,
        actorId: input.proposerId,
        action: "suggestion.proposed",
        subjectType: "suggestion",
        subjectId: input.suggestionId,
        detail: { proposal: row.id },
      });
    }
    const { value, now } = input;
    // The row as inserted: nothing else has seen it yet.
    const proposal: ProposalRecord = {
      id: row.id,
      teamId: input.teamId,
      proposerId: input.proposerId,
      text: value.text,
      platforms: [...value.platforms],
      publishAt: value.publishAt,
      goal: value.goal,
      contentType: value.contentType,
      linkUrl: value.linkUrl,
      notes: value.notes,
      status: "pending",
      round: 1,
      submittedAt: now,
      proposerChannel: null,
      proposerTs: null,
      lastRemindedOn: null,
      visuals: parseVisuals(serializeVisuals(value.visuals ?? [])),
      previousRound: null,
      textCutFrom: input.textCutFrom ?? null,
    };
    const teamLang = asLang(row.teamLanguage);
    const langs = new Map<string, Lang>([
      [
        input.proposerId,
        storedLang({ choice: row.proposerChoice, slackLocale: row.proposerLocale }) ?? teamLang,
      ],
    ]);
    if (row.approverId !== null && row.approverId !== input.proposerId) {
      langs.set(
        row.approverId,
        storedLang({ choice: row.approverChoice, slackLocale: row.approverLocale }) ?? teamLang,
      );
    }
    const context: RoundContext = {
      timezone: row.teamTimezone ?? "UTC",
      approverId: row.approverId,
      langs,
    };
    return { proposal, owed: await owe(tx, proposal, context) };
  });
}

/** What starting a new round changed besides the proposal itself. */
export interface NextRound {
  proposal: ProposalRecord;
  /** The approver's requests of the round that was pending (an edit), now marked `edited`. */
  editedMessages: ApprovalMessageRecord[];
  /** The round that ended: decided (a resubmission) or still pending (an edit). */
  from: "decided" | "pending";
}

/**
 * Starts the next round of a proposal, once. `from: "decided"` resubmits a
 * proposal that was sent back or expired; `from: "pending"` is an edit of
 * the round still waiting for the approver (`round` is the one the proposer
 * saw). The conditional update (`status`, `round`) lets exactly one of an
 * edit and a decision on the same round through, and one of two
 * resubmissions; "lost" when it did not hold (or the proposal is not the
 * proposer's), and nothing is written. The round before is kept, to show the
 * approver what changed.
 *
 * `submission` names the submitted modal (view id and hash), claimed in the
 * same transaction as for a new proposal: the same request sent again (a
 * retry, a replay within Slack's 5-minute window) finds the round it started
 * and is "replayed", not refused as an edit that lost to another change.
 */
export async function startNextRound<Out>(
  db: Db,
  input: {
    proposalId: number;
    proposerId: string;
    from: "decided" | "pending";
    round?: number;
    value: ValidProposal;
    now: Date;
    textCutFrom?: number | null;
    submission: string;
  },
  owe: Owe<NextRound, Out>,
): Promise<NextRoundResult<Out>> {
  try {
    return await db.$transaction(async (tx) => {
      if (!(await claimSubmission(tx, input.submission, input.now)))
        return { kind: "replayed" } as const;
      const started = await nextRound(tx, input, owe);
      // Rolls the claim back with the rest: the same request may yet be refused again, not replayed.
      if (!started) throw new RoundLost();
      return { kind: "started", ...started } as const;
    });
  } catch (error) {
    if (error instanceof RoundLost) return { kind: "lost" };
    // A concurrent claim of the same submission on SQLite fails instead of waiting.
    if (isUniqueViolation(error)) return { kind: "replayed" };
    throw error;
  }
}

export type NextRoundResult<Out> =
  ({ kind: "started"; owed: Out } & NextRound) | { kind: "lost" } | { kind: "replayed" };

/** Inside startNextRound's transaction: the round did not start, roll back its claim. */
class RoundLost extends Error {}

async function nextRound<Out>(
  tx: Tx,
  input: Parameters<typeof startNextRound<Out>>[1],
  owe: Owe<NextRound, Out>,
): Promise<(NextRound & { owed: Out }) | null> {
  const before = await tx.proposal.findUnique({
    where: { id: input.proposalId },
    select: proposalSelect,
  });
  if (!before || before.proposerId !== input.proposerId) return null;
  const round = input.round ?? before.round;
  const { count } = await tx.proposal.updateMany({
    where: {
      id: input.proposalId,
      proposerId: input.proposerId,
      round,
      status: input.from === "pending" ? "pending" : { in: ["changes_requested", "expired"] },
    },
    data: {
      ...fields(input.value),
      status: "pending",
      round: round + 1,
      submittedAt: input.now,
      lastRemindedOn: null,
      previousRound: JSON.stringify(snapshotRound(toRecord(before))),
      textCutFrom: input.textCutFrom ?? null,
      // The new round gets its own confirmation; until it is delivered, none is known.
      proposerChannel: null,
      proposerTs: null,
    },
  });
  if (count !== 1) return null;
  const row = await tx.proposal.findUniqueOrThrow({
    where: { id: input.proposalId },
    select: proposalSelect,
  });
  const editedMessages =
    input.from === "pending"
      ? await tx.approvalMessage.updateManyAndReturn({
          where: { proposalId: input.proposalId, round, state: "active" },
          data: { state: "edited" },
          select: messageSelect,
        })
      : [];
  editedMessages.sort((a, b) => a.id - b.id);
  await recordAudit(tx, {
    teamId: row.teamId,
    actorId: input.proposerId,
    action: input.from === "pending" ? "proposal.edited" : "proposal.resubmitted",
    subjectType: "proposal",
    subjectId: row.id,
    detail: { round: row.round, visuals: input.value.visuals?.length ?? null },
  });
  const next: NextRound = { proposal: toRecord(row), editedMessages, from: input.from };
  return { ...next, owed: await owe(tx, next) };
}

export async function findProposal(db: Db, id: number): Promise<ProposalRecord | null> {
  const row = await db.proposal.findUnique({ where: { id }, select: proposalSelect });
  return row ? toRecord(row) : null;
}

export async function findDecision(
  db: Db | Tx,
  proposalId: number,
  round: number,
): Promise<DecisionRecord | null> {
  return db.decision.findUnique({
    where: { proposalId_round: { proposalId, round } },
    select: decisionSelect,
  });
}

/**
 * Where the proposer's confirmation of `round` landed (the outbox's delivery
 * hook); a confirmation of an earlier round delivered late changes nothing.
 */
export async function setProposerMessage(
  tx: Tx,
  input: { proposalId: number; round: number; channel: string; ts: string },
): Promise<void> {
  await tx.proposal.updateMany({
    where: { id: input.proposalId, round: input.round },
    data: { proposerChannel: input.channel, proposerTs: input.ts },
  });
}

/** A request to the approver, written before it is delivered (its channel and ts come later). */
export async function addApprovalMessage(
  tx: Tx,
  input: { proposalId: number; round: number; approverId: string },
): Promise<number> {
  // By hand: part of every new round's transaction, the hot path of a burst (createProposal).
  const rows = await tx.$queryRaw<unknown[]>`
    INSERT INTO "ApprovalMessage" ("proposalId", "round", "approverId", "state", "createdAt")
    VALUES (${input.proposalId}, ${input.round}, ${input.approverId}, 'active', ${new Date()})
    RETURNING "id"`;
  return InsertedId.parse(rows[0]).id;
}

const InsertedId = z.object({ id: wholeNumber });

/** Where a request landed (the outbox's delivery hook, or the first click on it). */
export async function setApprovalMessageWhere(
  db: Db | Tx,
  id: number,
  where: { channel: string; ts: string },
): Promise<void> {
  await db.approvalMessage.updateMany({
    where: { id, ts: null },
    data: { channel: where.channel, ts: where.ts },
  });
}

/**
 * The approver's live request of this round whose delivery nobody recorded
 * (Slack's answer was lost): a click on it tells where it is.
 */
export async function findUnplacedRequest(
  db: Db,
  input: { proposalId: number; round: number; approverId: string },
): Promise<ApprovalMessageRecord | null> {
  return db.approvalMessage.findFirst({
    where: { ...input, state: "active", ts: null },
    select: messageSelect,
    orderBy: { id: "desc" },
  });
}

/** What a round's messages need from the team: its timezone and approver. */
export async function teamContext(
  db: Db | Tx,
  teamId: string,
): Promise<{ timezone: string; approverId: string | null }> {
  const team = await db.team.findUnique({ where: { id: teamId }, select: { timezone: true } });
  const approver = await db.roleAssignment.findUnique({
    where: { teamId_exclusiveRole: { teamId, exclusiveRole: "approver" } },
    select: { userId: true },
  });
  return { timezone: team?.timezone ?? "UTC", approverId: approver?.userId ?? null };
}

export async function findApprovalMessage(
  db: Db,
  proposalId: number,
  channel: string,
  ts: string,
): Promise<ApprovalMessageRecord | null> {
  return db.approvalMessage.findFirst({
    where: { proposalId, channel, ts },
    select: messageSelect,
  });
}

export interface Decided {
  kind: "decided";
  proposal: ProposalRecord;
  decision: DecisionRecord;
  messages: ApprovalMessageRecord[];
  /** The team's timezone, read by the claim itself. */
  timezone: string;
  /** The proposer's and the decider's stored languages (the team's when unknown), read by the claim. */
  langs: ReadonlyMap<string, Lang>;
}

export type DecideResult<Out> = (Decided & { owed: Out }) | { kind: "lost" };

/**
 * Each condition of the rule of approval.ts as a clause of the claim's
 * WHERE (written once for both databases: quoted identifiers, bound values).
 */
const DECIDE_SQL: { [C in DecideCondition]: (rule: DecideRule) => Sql } = {
  approver: (rule) => sql`EXISTS (
    SELECT 1 FROM "RoleAssignment" r
    WHERE r."teamId" = "Proposal"."teamId" AND r."exclusiveRole" = 'approver'
      AND r."userId" = ${rule.approverId})`,
  pending_round: (rule) => pendingRound(rule.round),
  live_request: (rule) => sql`EXISTS (
    SELECT 1 FROM "ApprovalMessage" m
    WHERE m."proposalId" = "Proposal"."id" AND m."channel" = ${rule.channel}
      AND m."ts" = ${rule.ts} AND m."approverId" = ${rule.approverId}
      AND m."round" = ${rule.round} AND m."state" = ${LIVE_REQUEST_STATE})`,
  before_publish: (rule) => sql`"Proposal"."publishAt" > ${rule.now}`,
};

/** Every decision's own condition: still pending, in this round. */
const pendingRound = (round: number) =>
  sql`"Proposal"."status" = 'pending' AND "Proposal"."round" = ${round}`;

type RawDate = Date | string | number | bigint;

interface ClaimedRow {
  id: number | bigint;
  teamId: string;
  proposerId: string;
  text: string;
  platforms: string;
  publishAt: RawDate;
  goal: string;
  contentType: string;
  linkUrl: string | null;
  notes: string | null;
  round: number | bigint;
  submittedAt: RawDate;
  proposerChannel: string | null;
  proposerTs: string | null;
  lastRemindedOn: string | null;
  visuals: string;
  previousRound: string | null;
  textCutFrom: number | bigint | null;
  teamTimezone: string | null;
  teamLanguage: string | null;
  proposerChoice: string | null;
  proposerLocale: string | null;
  deciderChoice: string | null;
  deciderLocale: string | null;
  /** JSON: the approval requests the claim closed (RawMessage[]). */
  messages: string;
}

/** A raw DateTime: a Date on PostgreSQL, what the SQLite adapter stored on SQLite. */
function rawDate(value: RawDate): Date {
  return value instanceof Date
    ? value
    : new Date(typeof value === "bigint" ? Number(value) : value);
}

function claimedRecord(row: ClaimedRow, status: string): ProposalRecord {
  return toRecord({
    id: Number(row.id),
    teamId: row.teamId,
    proposerId: row.proposerId,
    text: row.text,
    platforms: row.platforms,
    publishAt: rawDate(row.publishAt),
    goal: row.goal,
    contentType: row.contentType,
    linkUrl: row.linkUrl,
    notes: row.notes,
    status,
    round: Number(row.round),
    submittedAt: rawDate(row.submittedAt),
    proposerChannel: row.proposerChannel,
    proposerTs: row.proposerTs,
    lastRemindedOn: row.lastRemindedOn,
    visuals: row.visuals,
    previousRound: row.previousRound,
    textCutFrom: row.textCutFrom === null ? null : Number(row.textCutFrom),
  });
}

/**
 * The state a decision leaves the round's live approval requests in (the
 * trigger decision_ends_round says the same on SQLite).
 */
function closedRequestState(outcome: Outcome): string {
  return outcome === "approved" || outcome === "rejected" || outcome === "changes_requested"
    ? "decided"
    : outcome;
}

/**
 * What the claim returns, as [name, SQL expression] over the claimed proposal
 * `p` joined by `claimJoins`: the proposal's columns, the team's timezone and
 * language, the proposer's (`lp`) and the decider's (`ld`) stored languages.
 */
const CLAIMED_PROPOSAL = [
  "id",
  "teamId",
  "proposerId",
  "text",
  "platforms",
  "publishAt",
  "goal",
  "contentType",
  "linkUrl",
  "notes",
  "round",
  "submittedAt",
  "proposerChannel",
  "proposerTs",
  "lastRemindedOn",
  "visuals",
  "previousRound",
  "textCutFrom",
] as const;

const CLAIMED: ReadonlyArray<readonly [keyof Omit<ClaimedRow, "messages">, string]> = [
  ...CLAIMED_PROPOSAL.map((column) => [column, `p."${column}"`] as const),
  ["teamTimezone", `t."timezone"`],
  ["teamLanguage", `t."language"`],
  ["proposerChoice", `lp."choice"`],
  ["proposerLocale", `lp."slackLocale"`],
  ["deciderChoice", `ld."choice"`],
  ["deciderLocale", `ld."slackLocale"`],
];

const claimJoins = (decider: string) => sql`
  LEFT JOIN "Team" t ON t."id" = p."teamId"
  LEFT JOIN "PersonLanguage" lp ON lp."teamId" = p."teamId" AND lp."userId" = p."proposerId"
  LEFT JOIN "PersonLanguage" ld ON ld."teamId" = p."teamId" AND ld."userId" = ${decider}`;

/** A raw approval request of the claim's JSON list. */
interface RawMessage {
  id: number;
  proposalId: number;
  round: number;
  approverId: string;
  channel: string | null;
  ts: string | null;
}

interface ClaimInput {
  proposalId: number;
  round: number;
  outcome: Outcome;
  deciderId: string;
  reason: string | null;
  now: Date;
  conditions: Sql[];
  /** The audit entry's detail when the proposer approved their own post, and when not. */
  detail: { self: string; other: string };
}

/**
 * The claim on PostgreSQL: one statement of data-modifying CTEs. The
 * conditional UPDATE of the proposal lets exactly one attempt through (a
 * concurrent one waits for the row, then re-checks `status` and `round`);
 * the decision, the closing of the live requests and the audit entry are
 * written from its RETURNING in the same statement, so they happen with it
 * or not at all. `took` returns exactly the requests this statement closed
 * (a concurrent hand-over's are re-checked and left to it).
 */
async function claimOnPostgres(tx: Tx, input: ClaimInput): Promise<ClaimedRow[]> {
  const { outcome, deciderId: decider, now } = input;
  const selfApproved = outcome === "approved" ? sql`p."proposerId" = ${decider}` : sql`false`;
  return tx.$queryRaw<ClaimedRow[]>`
    WITH claimed AS (
      UPDATE "Proposal" SET "status" = ${outcome}, "updatedAt" = ${now}
      WHERE ${join(input.conditions, " AND ")}
      RETURNING ${raw(CLAIMED_PROPOSAL.map((column) => `"${column}"`).join(", "))}),
    decision AS (
      INSERT INTO "Decision" ("proposalId", "round", "outcome", "deciderId", "reason",
        "selfApproved", "submittedAt", "decidedAt")
      SELECT p."id", p."round", ${outcome}, ${decider}, ${input.reason}, ${selfApproved},
        p."submittedAt", ${now}
      FROM claimed p),
    took AS (
      UPDATE "ApprovalMessage" SET "state" = ${closedRequestState(outcome)}
      WHERE "proposalId" IN (SELECT "id" FROM claimed) AND "state" = ${LIVE_REQUEST_STATE}
      RETURNING "id", "proposalId", "round", "approverId", "channel", "ts"),
    audit AS (
      INSERT INTO "AuditEntry" ("teamId", "actorId", "action", "subjectType", "subjectId",
        "detail", "createdAt")
      SELECT p."teamId", ${decider}, ${`proposal.${outcome}`}, 'proposal', p."id"::text,
        CASE WHEN ${selfApproved} THEN ${input.detail.self} ELSE ${input.detail.other} END, ${now}
      FROM claimed p)
    SELECT ${raw(CLAIMED.map(([name, expr]) => `${expr} AS "${name}"`).join(", "))},
      (SELECT coalesce(json_agg(took ORDER BY took."id"), '[]')::text FROM took) AS "messages"
    FROM claimed p ${claimJoins(decider)}`;
}

/**
 * The claim on SQLite, which has no data-modifying CTEs: the decision is
 * inserted from the proposal, under the same conditions, and the trigger
 * `decision_ends_round` (prisma/migrations/sqlite/0012_decision_ends_round)
 * does the rest in the same statement: the proposal's status, the live
 * requests closed, the audit entry. SQLite has one writer at a time, and the
 * unique (proposalId, round) of Decision stands behind the conditions. The
 * RETURNING subqueries run before the trigger, so the requests listed are the
 * live ones it closes (`state = 'active'`, the trigger's own filter).
 */
async function claimOnSqlite(tx: Tx, input: ClaimInput): Promise<ClaimedRow[]> {
  const { outcome, deciderId: decider, now } = input;
  const selfApproved =
    outcome === "approved" ? sql`"Proposal"."proposerId" = ${decider}` : sql`false`;
  const rows = await tx.$queryRaw<Array<{ claimed: string; messages: string }>>`
    INSERT INTO "Decision" ("proposalId", "round", "outcome", "deciderId", "reason",
      "selfApproved", "submittedAt", "decidedAt")
    SELECT "Proposal"."id", "Proposal"."round", ${outcome}, ${decider}, ${input.reason},
      ${selfApproved}, "Proposal"."submittedAt", ${now}
    FROM "Proposal"
    WHERE ${join(input.conditions, " AND ")}
    RETURNING
      (SELECT json_object(${raw(CLAIMED.map(([name, expr]) => `'${name}', ${expr}`).join(", "))})
        FROM "Proposal" p ${claimJoins(decider)}
        WHERE p."id" = "Decision"."proposalId") AS "claimed",
      (SELECT json_group_array(json_object('id', m."id", 'proposalId', m."proposalId",
          'round', m."round", 'approverId', m."approverId", 'channel', m."channel", 'ts', m."ts"))
        FROM (SELECT * FROM "ApprovalMessage"
          WHERE "proposalId" = "Decision"."proposalId" AND "state" = ${LIVE_REQUEST_STATE}
          ORDER BY "id") m) AS "messages"`;
  return rows.map((row) => ({
    ...(JSON.parse(row.claimed) as ClaimedRow),
    messages: row.messages,
  }));
}

/**
 * Ends the current round with `outcome`, once, in one statement (see
 * `claimOnPostgres` and `claimOnSqlite`): the conditional claim
 * (`status = 'pending' AND round = n`, plus, for an approver's click, every
 * condition of the rule in approval.ts) that lets exactly one of any number
 * of simultaneous attempts through, on any replica, with the decision, the
 * live approval requests closed and the audit entry. The unique
 * (proposalId, round) of Decision is the database's own guarantee behind it.
 * The statement also returns what the owed messages need (the proposal, the
 * requests it closed, the team's timezone and language, the proposer's and
 * the decider's stored languages), so nothing is read before or after it.
 * Statements: BEGIN, the claim, what `owe` writes (one outbox INSERT),
 * COMMIT.
 */
export async function decide<Out>(
  db: Db,
  input: {
    proposalId: number;
    round: number;
    outcome: Outcome;
    deciderId: string;
    reason: string | null;
    now: Date;
    /** Expiry only: the publish time must have passed. */
    publishedBy?: Date;
    /** An approver's click only: the rule of approval.ts for this click. */
    rule?: DecideRule;
  },
  owe: Owe<Decided, Out>,
): Promise<DecideResult<Out>> {
  const { rule } = input;
  if (rule && (rule.round !== input.round || rule.approverId !== input.deciderId))
    throw new Error("decide: the rule names another round or another decider");
  const conditions = [
    sql`"Proposal"."id" = ${input.proposalId}`,
    ...(rule
      ? DECIDE_CONDITIONS.map((condition) => DECIDE_SQL[condition](rule))
      : [pendingRound(input.round)]),
    ...(input.publishedBy ? [sql`"Proposal"."publishAt" <= ${input.publishedBy}`] : []),
  ];
  // The audit entry's detail, as recordAudit writes every other one.
  const detail = (selfApproved: boolean) =>
    JSON.stringify({
      round: input.round,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(selfApproved ? { selfApproved: true } : {}),
    });
  const claim = providerOfClient(db) === "postgresql" ? claimOnPostgres : claimOnSqlite;
  try {
    return await db.$transaction(async (tx) => {
      const rows = await claim(tx, {
        ...input,
        conditions,
        detail: { self: detail(true), other: detail(false) },
      });
      const claimed = rows[0];
      if (rows.length !== 1 || !claimed) return { kind: "lost" } as const;
      const proposal = claimedRecord(claimed, input.outcome);
      const teamLang = asLang(claimed.teamLanguage);
      const langs = new Map<string, Lang>([
        [
          input.deciderId,
          storedLang({ choice: claimed.deciderChoice, slackLocale: claimed.deciderLocale }) ??
            teamLang,
        ],
        [
          proposal.proposerId,
          storedLang({ choice: claimed.proposerChoice, slackLocale: claimed.proposerLocale }) ??
            teamLang,
        ],
      ]);
      // Self-approval: the proposer, being the approver, approved their own post.
      const selfApproved = input.outcome === "approved" && input.deciderId === proposal.proposerId;
      const state = closedRequestState(input.outcome);
      const messages = (JSON.parse(claimed.messages) as RawMessage[])
        .map((m) => ({
          id: Number(m.id),
          proposalId: Number(m.proposalId),
          round: Number(m.round),
          approverId: m.approverId,
          channel: m.channel,
          ts: m.ts,
          state,
        }))
        .sort((a, b) => a.id - b.id);
      const decided: Decided = {
        kind: "decided",
        proposal,
        decision: {
          round: input.round,
          outcome: input.outcome,
          deciderId: input.deciderId,
          reason: input.reason,
          selfApproved,
          decidedAt: input.now,
        },
        messages,
        timezone: claimed.teamTimezone ?? "UTC",
        langs,
      };
      return { ...decided, owed: await owe(tx, decided) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: "lost" };
    throw error;
  }
}

export async function pendingProposals(db: Db, teamId: string): Promise<ProposalRecord[]> {
  const rows = await db.proposal.findMany({
    where: { teamId, status: "pending" },
    select: proposalSelect,
    orderBy: { submittedAt: "asc" },
  });
  return rows.map(toRecord);
}

/** Pending proposals whose publish time has passed (they are about to expire). */
export async function overdueProposals(
  db: Db,
  teamId: string,
  now: Date,
): Promise<ProposalRecord[]> {
  const rows = await db.proposal.findMany({
    where: { teamId, status: "pending", publishAt: { lte: now } },
    select: proposalSelect,
    orderBy: { id: "asc" },
  });
  return rows.map(toRecord);
}

/**
 * Moves a proposal's live approval messages away from their approver: marks
 * them `moved` and hands them to `owe` (which writes their updates and the
 * new request), all in one transaction. Only the messages this call moved
 * are handed over, so two hand-overs never update one twice.
 */
export async function moveActiveMessages<Out>(
  db: Db,
  input: { proposalId: number; teamId: string; actorId: string; toApproverId: string | null },
  owe: Owe<{ proposal: ProposalRecord | null; moved: ApprovalMessageRecord[] }, Out>,
): Promise<{ moved: ApprovalMessageRecord[]; owed: Out }> {
  return db.$transaction(async (tx) => {
    const moved = await tx.approvalMessage.updateManyAndReturn({
      where: { proposalId: input.proposalId, state: "active" },
      data: { state: "moved" },
      select: messageSelect,
    });
    moved.sort((a, b) => a.id - b.id);
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "proposal.reassigned",
      subjectType: "proposal",
      subjectId: input.proposalId,
      detail: { to: input.toApproverId, from: moved.map((m) => m.approverId) },
    });
    // Read in the transaction: still pending, this round (a decision may have just won).
    const row = await tx.proposal.findFirst({
      where: { id: input.proposalId, status: "pending" },
      select: proposalSelect,
    });
    const proposal = row ? toRecord(row) : null;
    return { moved, owed: await owe(tx, { proposal, moved }) };
  });
}

/**
 * Pending proposals of every team whose publish time has passed, oldest
 * first: what the per-minute expiry job expires (one query for all teams).
 */
export async function overdueEverywhere(
  db: Db,
  now: Date,
  limit: number,
  onlyTeamId?: string,
): Promise<ProposalRecord[]> {
  const rows = await db.proposal.findMany({
    where: {
      status: "pending",
      publishAt: { lte: now },
      ...(onlyTeamId !== undefined ? { teamId: onlyTeamId } : {}),
    },
    select: proposalSelect,
    orderBy: [{ publishAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  return rows.map(toRecord);
}

/** What a `/calendar` line shows of a post. */
export interface CalendarPost extends Pick<
  ProposalRecord,
  "id" | "proposerId" | "platforms" | "publishAt" | "status"
> {
  /**
   * The start of the post's text, enough for its excerpt: its first
   * CALENDAR_TEXT_START characters, or the whole text when those put too
   * little on one line (a start made mostly of blank lines).
   */
  textStart: string;
}

/** What `/calendar` reads, in one statement (see `readCalendar`). */
export interface CalendarRead {
  /** The team's timezone; null when the team has no row yet (UTC then). */
  timezone: string | null;
  /** Some pending proposal's publish time has passed: it must expire first. */
  overdue: boolean;
  /** Approved and pending posts whose publish time falls in [from, to), by time then id. */
  posts: CalendarPost[];
}

/**
 * How many characters (code points, as `substr` counts them on SQLite and
 * PostgreSQL alike) of each post's text `/calendar` reads. A line shows an
 * excerpt of 60 code points, which needs 62 once runs of whitespace are
 * collapsed (`excerptShownBy`): 200 leaves room for a start of blank lines,
 * indentation or spaced-out emoji (138 characters that collapsing removes)
 * before the rare second read, while posts of up to 3,000 characters
 * (hundreds on average) are read, parsed and checked as 200 at most.
 */
export const CALENDAR_TEXT_START = 200;

/**
 * One post as the statement's JSON array lists it: id, proposer, the text's
 * first CALENDAR_TEXT_START characters, 1 when the text is longer (else 0),
 * platforms, publishAt, status.
 */
const CalendarRow = z.tuple([
  z.number().int(),
  z.string(),
  z.string(),
  // One literal of two values: a union would record an issue for each 1 it tries as 0.
  z.literal([0, 1]),
  z.string(),
  // PostgreSQL: epoch milliseconds; SQLite: what its adapter stored (ISO text).
  z.union([z.string(), z.number()]),
  z.enum(["approved", "pending"]),
]);
const CalendarRows = z.array(CalendarRow);

/**
 * `/calendar`'s reads in one raw statement: the team's timezone, whether a
 * pending proposal is overdue, and the posts of [from, to) as one JSON
 * array. A busy team's month is hundreds of rows; through Prisma's query
 * builder the three reads cost 6–8 ms of CPU on the event loop (its query
 * compiler and the mapping of each row), this statement about 2 ms, measured
 * on the bench's seeded team (343 posts, bench/ack-latency.ts). On SQLite
 * that CPU delays every acknowledgement waiting behind it. The rows are
 * checked with zod: the statement is written by hand.
 *
 * Of each text it reads only the start a line shows (CALENDAR_TEXT_START
 * characters): the JSON string, its parse and zod's pass grew with the
 * posts' length (up to 3,000 characters), and so did the garbage collector's
 * pauses that set `/calendar month`'s ack p99. Whether the text goes on is
 * compared in bytes, which needs no count of characters (and SQLite's
 * `length` of a text stops at a NUL, as its `substr` does: only SQLite can
 * store one; such a post then takes the second read).
 * A post whose start puts too little on one line while its text goes on is
 * read whole in a second statement, only when there is one, so that every
 * line shows exactly what the whole text would.
 */
export async function readCalendar(
  db: Db,
  teamId: string,
  from: Date,
  to: Date,
): Promise<CalendarRead> {
  const wanted = sql`"teamId" = ${teamId} AND "status" IN ('approved', 'pending')
    AND "publishAt" >= ${from} AND "publishAt" < ${to}`;
  const cut = raw(String(CALENDAR_TEXT_START));
  const posts =
    providerOfClient(db) === "postgresql"
      ? sql`(SELECT coalesce(json_agg(json_build_array("id", "proposerId",
            substr("text", 1, ${cut}),
            (octet_length("text") > octet_length(substr("text", 1, ${cut})))::int,
            "platforms", (extract(epoch FROM "publishAt") * 1000)::bigint, "status")
            ORDER BY "publishAt", "id"), '[]')::text
          FROM "Proposal" WHERE ${wanted})`
      : // The subquery hands on each text's start and size, not the whole text.
        sql`(SELECT json_group_array(json_array("id", "proposerId", "textStart",
            "textBytes" > length(CAST("textStart" AS BLOB)), "platforms", "publishAt", "status"))
          FROM (SELECT "id", "proposerId", substr("text", 1, ${cut}) AS "textStart",
              length(CAST("text" AS BLOB)) AS "textBytes", "platforms", "publishAt", "status"
            FROM "Proposal" WHERE ${wanted} ORDER BY "publishAt", "id"))`;
  const [row] = await db.$queryRaw<
    Array<{ timezone: string | null; overdue: unknown; posts: string }>
  >`SELECT
      (SELECT "timezone" FROM "Team" WHERE "id" = ${teamId}) AS "timezone",
      EXISTS (SELECT 1 FROM "Proposal" WHERE "teamId" = ${teamId} AND "status" = 'pending'
        AND "publishAt" <= ${from}) AS "overdue",
      ${posts} AS "posts"`;
  if (!row) throw new Error("readCalendar: the statement returned no row");
  const shortStarts: number[] = [];
  const list = CalendarRows.parse(JSON.parse(row.posts)).map(
    ([id, proposerId, textStart, goesOn, platforms, publishAt, status]): CalendarPost => {
      if (goesOn === 1 && !excerptShownBy(textStart)) shortStarts.push(id);
      return {
        id,
        proposerId,
        textStart,
        platforms: platforms === "" ? [] : platforms.split(","),
        publishAt: rawDate(publishAt),
        status,
      };
    },
  );
  if (shortStarts.length > 0) {
    // Rare (a start of blank lines or spaces): these posts' whole texts.
    const whole = await db.proposal.findMany({
      where: { id: { in: shortStarts } },
      select: { id: true, text: true },
    });
    const textOf = new Map(whole.map((p) => [p.id, p.text]));
    for (const post of list) post.textStart = textOf.get(post.id) ?? post.textStart;
  }
  // SQLite's json_group_array keeps its subquery's order in practice, not by contract.
  list.sort((a, b) => a.publishAt.getTime() - b.publishAt.getTime() || a.id - b.id);
  return { timezone: row.timezone, overdue: Boolean(Number(row.overdue)), posts: list };
}

export async function markReminded(db: Db, ids: number[], localDate: string): Promise<void> {
  if (ids.length === 0) return;
  await db.proposal.updateMany({
    where: { id: { in: ids } },
    data: { lastRemindedOn: localDate },
  });
}

/** The team's webcare hand-over time (the latest rotation's), or null when none is set. */
export async function handoverTime(db: Db, teamId: string): Promise<string | null> {
  const row = await db.webcareRotation.findFirst({
    where: { teamId },
    select: { handoverTime: true },
    orderBy: [{ startDate: "desc" }, { id: "desc" }],
  });
  return row?.handoverTime ?? null;
}

/**
 * Adds visuals to a pending proposal. The update holds only if the list is
 * still the one read (optimistic), so two designers adding at once both land,
 * one after the other; null when the proposal is no longer pending. The
 * designers' requests close, and `owe` writes the messages, in the same
 * transaction.
 */
export async function addVisuals<Out>(
  db: Db,
  input: { proposalId: number; actorId: string; visuals: readonly Visual[] },
  merge: (current: Visual[], added: readonly Visual[]) => Visual[],
  owe: Owe<
    { proposal: ProposalRecord; requests: VisualRequestRecord[]; live: ApprovalMessageRecord[] },
    Out
  >,
): Promise<{ proposal: ProposalRecord; owed: Out } | null> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const result = await db.$transaction(async (tx) => {
      const before = await tx.proposal.findUnique({
        where: { id: input.proposalId },
        select: { status: true, visuals: true, teamId: true },
      });
      if (!before || before.status !== "pending") return null;
      const merged = merge(parseVisuals(before.visuals), input.visuals);
      const { count } = await tx.proposal.updateMany({
        where: { id: input.proposalId, status: "pending", visuals: before.visuals },
        data: { visuals: serializeVisuals(merged) },
      });
      if (count !== 1) return "retry" as const;
      const requests = await tx.visualRequest.updateManyAndReturn({
        where: { proposalId: input.proposalId, state: "open" },
        data: { state: "done" },
        select: visualRequestSelect,
      });
      await recordAudit(tx, {
        teamId: before.teamId,
        actorId: input.actorId,
        action: "proposal.visual_added",
        subjectType: "proposal",
        subjectId: input.proposalId,
        detail: { files: input.visuals.map((v) => v.id) },
      });
      const proposal = toRecord(
        await tx.proposal.findUniqueOrThrow({
          where: { id: input.proposalId },
          select: proposalSelect,
        }),
      );
      const live = await tx.approvalMessage.findMany({
        where: { proposalId: proposal.id, round: proposal.round, state: "active" },
        select: messageSelect,
        orderBy: { id: "asc" },
      });
      return { proposal, owed: await owe(tx, { proposal, requests, live }) };
    });
    if (result !== "retry") return result;
  }
  return null;
}

export interface VisualRequestRecord {
  id: number;
  proposalId: number;
  designerId: string;
  state: string;
}

const visualRequestSelect = {
  id: true,
  proposalId: true,
  designerId: true,
  state: true,
} as const;

/**
 * Records "ask this designer for a visual" for a proposal, once per
 * (proposal, designer): inside the transaction that writes the DM's outbox
 * row, so a retry or a second replica never asks twice. Returns the
 * designers asked by this call.
 */
export async function claimVisualRequests(
  tx: Tx,
  input: { proposalId: number; teamId: string; designerIds: readonly string[]; actorId: string },
): Promise<string[]> {
  if (input.designerIds.length === 0) return [];
  const asked = await tx.visualRequest.findMany({
    where: { proposalId: input.proposalId, designerId: { in: [...input.designerIds] } },
    select: { designerId: true },
  });
  const known = new Set(asked.map((row) => row.designerId));
  const fresh = input.designerIds.filter((id) => !known.has(id));
  if (fresh.length === 0) return [];
  // A concurrent writer of the same pair fails this transaction (unique index): nothing is doubled.
  await tx.visualRequest.createMany({
    data: fresh.map((designerId) => ({
      proposalId: input.proposalId,
      teamId: input.teamId,
      designerId,
    })),
  });
  for (const designerId of fresh) {
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "proposal.visual_requested",
      subjectType: "proposal",
      subjectId: input.proposalId,
      detail: { designer: designerId },
    });
  }
  return fresh;
}

/** Closes the open designer requests of a proposal that no longer needs them; returns them. */
export async function closeVisualRequests(
  tx: Tx,
  proposalId: number,
): Promise<VisualRequestRecord[]> {
  return tx.visualRequest.updateManyAndReturn({
    where: { proposalId, state: "open" },
    data: { state: "closed" },
    select: visualRequestSelect,
  });
}

/** Pending proposals that need a visual, have none, and asked this designer for one. */
export async function proposalsToIllustrate(
  db: Db,
  teamId: string,
  designerId: string,
): Promise<ProposalRecord[]> {
  const rows = await db.proposal.findMany({
    where: {
      teamId,
      status: "pending",
      visuals: "[]",
      visualRequests: { some: { designerId, state: "open" } },
    },
    select: proposalSelect,
    orderBy: { publishAt: "asc" },
  });
  return rows.map(toRecord);
}

/** Teams with at least one pending proposal: the only ones approval reminders and expiry concern. */
export async function teamsWithPendingProposals(db: Db): Promise<string[]> {
  const rows = await db.proposal.findMany({
    where: { status: "pending" },
    select: { teamId: true },
    distinct: ["teamId"],
    orderBy: { teamId: "asc" },
  });
  return rows.map((row) => row.teamId);
}

/**
 * The webcare hand-over time of each of `teamIds` that has a rotation (its
 * latest version's, as `handoverTime` reads it), in one query.
 */
export async function handoverTimes(
  db: Db,
  teamIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await db.webcareRotation.findMany({
    where: { teamId: { in: [...teamIds] } },
    select: { teamId: true, handoverTime: true },
    orderBy: [{ teamId: "asc" }, { startDate: "asc" }, { id: "asc" }],
  });
  // Oldest first: the last one written for a team is its latest.
  return new Map(rows.map((row) => [row.teamId, row.handoverTime]));
}
