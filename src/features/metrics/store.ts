import { join, raw, sqltag as sql } from "@prisma/client/runtime/client";
import { providerOfClient, type Db } from "../../db/database.ts";
import { isUniqueViolation, recordAudit, retryOnceOnUniqueViolation } from "../../db/audit.ts";
import type { MetricsWeek, WorkflowFacts } from "./digest.ts";
import { isGoalFigure, type Goal } from "./goals.ts";
import type { MetricsFigures } from "./input.ts";

/** The only place in the metrics feature that knows Prisma. No rules here. */

export type SaveOutcome = { kind: "created" } | { kind: "replaced"; previousBy: string };

/**
 * Stores one platform's figures for one week, replacing what was there (the
 * unique (teamId, platform, weekStart) holds one row). Two saves racing on a
 * first row: the loser's insert is refused and it replaces instead.
 */
export async function saveMetrics(
  db: Db,
  input: {
    teamId: string;
    platform: string;
    weekStart: string;
    figures: MetricsFigures;
    actorId: string;
  },
): Promise<SaveOutcome> {
  const key = { teamId: input.teamId, platform: input.platform, weekStart: input.weekStart };
  const attempt = () =>
    db.$transaction(async (tx): Promise<SaveOutcome> => {
      const existing = await tx.metricsEntry.findUnique({
        where: { teamId_platform_weekStart: key },
        select: { id: true, loggedBy: true },
      });
      let id: number;
      if (existing) {
        await tx.metricsEntry.update({
          where: { id: existing.id },
          data: { ...input.figures, loggedBy: input.actorId },
        });
        id = existing.id;
      } else {
        const row = await tx.metricsEntry.create({
          data: { ...key, ...input.figures, loggedBy: input.actorId },
          select: { id: true },
        });
        id = row.id;
      }
      await recordAudit(tx, {
        teamId: input.teamId,
        actorId: input.actorId,
        action: existing ? "metrics.replaced" : "metrics.logged",
        subjectType: "metrics",
        subjectId: id,
        detail: { platform: input.platform, weekStart: input.weekStart, ...input.figures },
      });
      return existing ? { kind: "replaced", previousBy: existing.loggedBy } : { kind: "created" };
    });
  return retryOnceOnUniqueViolation(attempt);
}

/** The columns of a week's row the digest reads. */
const metricsSelect = {
  platform: true,
  weekStart: true,
  reach: true,
  impressions: true,
  engagements: true,
  clicks: true,
  conversions: true,
  followersGained: true,
  responseMinutes: true,
  satisfaction: true,
} as const;

/** The rows of the given weeks, as the digest reads them. */
export async function metricsOfWeeks(
  db: Db,
  teamId: string,
  weekStarts: string[],
): Promise<MetricsWeek[]> {
  return db.metricsEntry.findMany({
    where: { teamId, weekStart: { in: weekStarts } },
    select: metricsSelect,
    orderBy: { id: "asc" },
  });
}

export type SubscribeOutcome = "subscribed" | "already";

export async function subscribeChannel(
  db: Db,
  input: { teamId: string; channelId: string; actorId: string; at: Date },
): Promise<SubscribeOutcome> {
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.digestSubscription.findUnique({
        where: { teamId_channelId: { teamId: input.teamId, channelId: input.channelId } },
        select: { id: true },
      });
      if (existing) return "already" as const;
      await tx.digestSubscription.create({
        data: {
          teamId: input.teamId,
          channelId: input.channelId,
          subscribedAt: input.at,
          createdBy: input.actorId,
        },
      });
      await recordAudit(tx, {
        teamId: input.teamId,
        actorId: input.actorId,
        action: "digest.subscribed",
        subjectType: "channel",
        subjectId: input.channelId,
      });
      return "subscribed" as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return "already";
    throw error;
  }
}

export async function unsubscribeChannel(
  db: Db,
  input: { teamId: string; channelId: string; actorId: string },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.digestSubscription.deleteMany({
      where: { teamId: input.teamId, channelId: input.channelId },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "digest.unsubscribed",
      subjectType: "channel",
      subjectId: input.channelId,
    });
    return true;
  });
}

export interface Subscription {
  channelId: string;
  subscribedAt: Date;
}

export async function subscriptionsOf(db: Db, teamId: string): Promise<Subscription[]> {
  return db.digestSubscription.findMany({
    where: { teamId },
    select: { channelId: true, subscribedAt: true },
    orderBy: { id: "asc" },
  });
}

/** Teams with at least one digest channel: the only ones the job has work for. */
export async function teamsWithSubscriptions(db: Db): Promise<string[]> {
  const rows = await db.digestSubscription.findMany({
    select: { teamId: true },
    distinct: ["teamId"],
    orderBy: { teamId: "asc" },
  });
  return rows.map((row) => row.teamId);
}

/** Outcomes that are decisions on the post itself (withdrawn and expired are not). */
const DECIDED = ["approved", "rejected", "changes_requested"];

/** The team's workflow between two instants: [from, to). */
export async function workflowFacts(
  db: Db,
  teamId: string,
  from: Date,
  to: Date,
): Promise<WorkflowFacts> {
  const [proposed, decisions, pendingNow, decidedLater] = await Promise.all([
    db.proposal.count({ where: { teamId, firstProposedAt: { gte: from, lt: to } } }),
    db.decision.findMany({
      where: { proposal: { teamId }, outcome: { in: DECIDED }, decidedAt: { gte: from, lt: to } },
      select: { outcome: true, selfApproved: true, submittedAt: true, decidedAt: true },
    }),
    // Pending at the end of the week: still pending now and submitted before
    // it ended, or decided (in any way) only after it ended.
    db.proposal.count({ where: { teamId, status: "pending", submittedAt: { lt: to } } }),
    db.decision.count({
      where: { proposal: { teamId }, submittedAt: { lt: to }, decidedAt: { gte: to } },
    }),
  ]);
  return workflowOf(proposed, decisions, pendingNow + decidedLater);
}

type DecisionFacts = { outcome: string; selfApproved: boolean; submittedAt: Date; decidedAt: Date };

function workflowOf(
  proposed: number,
  decisions: readonly DecisionFacts[],
  stillPending: number,
): WorkflowFacts {
  return {
    proposed,
    approved: decisions.filter((d) => d.outcome === "approved").length,
    selfApproved: decisions.filter((d) => d.outcome === "approved" && d.selfApproved).length,
    rejected: decisions.filter((d) => d.outcome === "rejected").length,
    changesRequested: decisions.filter((d) => d.outcome === "changes_requested").length,
    decisionMinutes: decisions.map(
      (d) => (d.decidedAt.getTime() - d.submittedAt.getTime()) / 60_000,
    ),
    stillPending,
  };
}

/**
 * workflowFacts() for many teams over the same [from, to), in three queries
 * however many teams (a scheduled digest reads every team due at once). The
 * same counts as workflowFacts, team by team.
 */
export async function workflowFactsOfTeams(
  db: Db,
  teamIds: readonly string[],
  from: Date,
  to: Date,
): Promise<Map<string, WorkflowFacts>> {
  const teams = [...teamIds];
  const [proposed, pendingNow, decisions] = await Promise.all([
    db.proposal.groupBy({
      by: ["teamId"],
      where: { teamId: { in: teams }, firstProposedAt: { gte: from, lt: to } },
      _count: { _all: true },
    }),
    db.proposal.groupBy({
      by: ["teamId"],
      where: { teamId: { in: teams }, status: "pending", submittedAt: { lt: to } },
      _count: { _all: true },
    }),
    // Both kinds of decision in one read: those of the week (decided on the
    // post), and those of rounds submitted before its end and decided after
    // it (still pending at the end of the week).
    db.decision.findMany({
      where: {
        proposal: { teamId: { in: teams } },
        OR: [
          { outcome: { in: DECIDED }, decidedAt: { gte: from, lt: to } },
          { submittedAt: { lt: to }, decidedAt: { gte: to } },
        ],
      },
      select: {
        outcome: true,
        selfApproved: true,
        submittedAt: true,
        decidedAt: true,
        proposal: { select: { teamId: true } },
      },
    }),
  ]);
  const count = (rows: Array<{ teamId: string; _count: { _all: number } }>) =>
    new Map(rows.map((row) => [row.teamId, row._count._all]));
  const proposedBy = count(proposed);
  const pendingBy = count(pendingNow);
  const ofWeek = new Map<string, DecisionFacts[]>();
  const decidedLater = new Map<string, number>();
  for (const { proposal, ...decision } of decisions) {
    const teamId = proposal.teamId;
    if (decision.decidedAt.getTime() >= to.getTime()) {
      decidedLater.set(teamId, (decidedLater.get(teamId) ?? 0) + 1);
    } else {
      ofWeek.set(teamId, [...(ofWeek.get(teamId) ?? []), decision]);
    }
  }
  return new Map(
    teams.map((teamId) => [
      teamId,
      workflowOf(
        proposedBy.get(teamId) ?? 0,
        ofWeek.get(teamId) ?? [],
        (pendingBy.get(teamId) ?? 0) + (decidedLater.get(teamId) ?? 0),
      ),
    ]),
  );
}

/** Sets (or replaces) a team's goal for one platform and figure. */
export async function setGoal(
  db: Db,
  input: { teamId: string; platform: string; figure: string; target: number; actorId: string },
): Promise<{ previous: number | null }> {
  const key = { teamId: input.teamId, platform: input.platform, figure: input.figure };
  const attempt = () =>
    db.$transaction(async (tx) => {
      const existing = await tx.metricsGoal.findUnique({
        where: { teamId_platform_figure: key },
        select: { id: true, target: true },
      });
      const row = existing
        ? await tx.metricsGoal.update({
            where: { id: existing.id },
            data: { target: input.target, setBy: input.actorId },
            select: { id: true },
          })
        : await tx.metricsGoal.create({
            data: { ...key, target: input.target, setBy: input.actorId },
            select: { id: true },
          });
      await recordAudit(tx, {
        teamId: input.teamId,
        actorId: input.actorId,
        action: existing ? "metrics.goal_changed" : "metrics.goal_set",
        subjectType: "metrics_goal",
        subjectId: row.id,
        detail: { platform: input.platform, figure: input.figure, target: input.target },
      });
      return { previous: existing?.target ?? null };
    });
  // Two people setting the same first goal at once: the loser replaces it.
  return retryOnceOnUniqueViolation(attempt);
}

/** Removes a goal; false when there was none. */
export async function removeGoal(
  db: Db,
  input: { teamId: string; platform: string; figure: string; actorId: string },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.metricsGoal.deleteMany({
      where: { teamId: input.teamId, platform: input.platform, figure: input.figure },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "metrics.goal_removed",
      subjectType: "metrics_goal",
      subjectId: `${input.platform}/${input.figure}`,
    });
    return true;
  });
}

/** A team's goals; a row whose figure this version does not know is left out. */
export async function goalsOf(db: Db, teamId: string): Promise<Goal[]> {
  const rows = await db.metricsGoal.findMany({
    where: { teamId },
    select: { platform: true, figure: true, target: true },
    orderBy: { id: "asc" },
  });
  return rows.flatMap((row) => {
    const figure = row.figure;
    return isGoalFigure(figure) ? [{ platform: row.platform, figure, target: row.target }] : [];
  });
}

/** A team's rows of the weeks from `fromWeek` to `toWeek` (Mondays, inclusive), oldest first. */
export async function metricsBetween(
  db: Db,
  teamId: string,
  fromWeek: string,
  toWeek: string,
): Promise<MetricsWeek[]> {
  return db.metricsEntry.findMany({
    where: { teamId, weekStart: { gte: fromWeek, lte: toWeek } },
    select: metricsSelect,
    orderBy: [{ weekStart: "asc" }, { platform: "asc" }],
  });
}

/** goalsOf() for many teams in one query; a team without goals has an empty list. */
export async function goalsOfTeams(
  db: Db,
  teamIds: readonly string[],
): Promise<Map<string, Goal[]>> {
  const rows = await db.metricsGoal.findMany({
    where: { teamId: { in: [...teamIds] } },
    select: { teamId: true, platform: true, figure: true, target: true },
    orderBy: { id: "asc" },
  });
  const byTeam = new Map<string, Goal[]>(teamIds.map((id) => [id, []]));
  for (const { teamId, platform, figure, target } of rows) {
    if (isGoalFigure(figure)) byTeam.get(teamId)?.push({ platform, figure, target });
  }
  return byTeam;
}

/** metricsBetween() for many teams in one query: each team's rows, oldest first. */
export async function metricsOfTeamsBetween(
  db: Db,
  teamIds: readonly string[],
  fromWeek: string,
  toWeek: string,
): Promise<Map<string, MetricsWeek[]>> {
  const rows = await db.metricsEntry.findMany({
    where: { teamId: { in: [...teamIds] }, weekStart: { gte: fromWeek, lte: toWeek } },
    select: { teamId: true, ...metricsSelect },
    orderBy: [{ weekStart: "asc" }, { platform: "asc" }],
  });
  const byTeam = new Map<string, MetricsWeek[]>(teamIds.map((id) => [id, []]));
  for (const { teamId, ...row } of rows) byTeam.get(teamId)?.push(row);
  return byTeam;
}

/** Who logged which platform in a week: what the log modal shows as already done. */
export async function loggedInWeek(
  db: Db,
  teamId: string,
  weekStart: string,
): Promise<Array<{ platform: string; loggedBy: string }>> {
  return db.metricsEntry.findMany({
    where: { teamId, weekStart },
    select: { platform: true, loggedBy: true },
    orderBy: { id: "asc" },
  });
}

/** Every digest subscription of every team, in one query (the scheduler's set-based look). */
export async function allSubscriptions(db: Db): Promise<Array<Subscription & { teamId: string }>> {
  return db.digestSubscription.findMany({
    select: { teamId: true, channelId: true, subscribedAt: true },
    orderBy: { id: "asc" },
  });
}

/**
 * A version of everything a team's digest shows, per team: its figures,
 * goals, proposals and decisions, webcare rotations, covers and absences, and
 * the team's own row (language, timezone). Any insert, update or delete in
 * any of them, by any process or write path (Prisma, raw SQL, triggers),
 * gives the team another version, and the same rows give the same version
 * (a row added then removed again leaves it as it was). Null: the database
 * cannot say (SQLite), so whoever asks reads the team again.
 *
 * PostgreSQL only: a row version is identified by where it is (`ctid`) and
 * the transaction that wrote it (`xmin`); an update writes a new version, so
 * the list of both over the team's rows, hashed, changes with every change.
 * One statement, by the team's indexes; nothing is sent back but one short
 * string per team.
 */
export async function digestInputVersions(
  db: Db,
  teamIds: readonly string[],
): Promise<Map<string, string> | null> {
  if (providerOfClient(db) !== "postgresql") return null;
  const versions = new Map<string, string>();
  if (teamIds.length === 0) return versions;
  const rowVersions = (alias: string) =>
    raw(`string_agg(${alias}.ctid::text || ${alias}.xmin::text, ',' ORDER BY ${alias}.ctid)`);
  const rows = await db.$queryRaw<Array<{ teamId: string; version: string }>>`
    SELECT t."id" AS "teamId", md5(concat_ws(' ', t.ctid::text || t.xmin::text,
      ${join(
        DIGEST_INPUT_TABLES.map(
          (table) =>
            sql`(SELECT ${rowVersions("x")} FROM ${raw(`"${table}"`)} x WHERE x."teamId" = t."id")`,
        ),
      )},
      (SELECT ${rowVersions("d")} FROM "Decision" d JOIN "Proposal" p ON p."id" = d."proposalId"
        WHERE p."teamId" = t."id"))) AS "version"
    FROM "Team" t WHERE t."id" IN (${join([...teamIds])})`;
  for (const row of rows) versions.set(row.teamId, row.version);
  return versions;
}

/** The tables with a teamId that a digest reads (Decision's rows are its proposals' team's). */
const DIGEST_INPUT_TABLES = [
  "MetricsEntry",
  "MetricsGoal",
  "Proposal",
  "WebcareRotation",
  "WebcareCover",
  "WebcareAbsence",
] as const;
