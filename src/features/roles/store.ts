import type { Db, Tx } from "../../db/database.ts";
import { recordAudit } from "../../db/audit.ts";
import { EXCLUSIVE_ROLES, type Role } from "./roles.ts";

export interface Assignment {
  userId: string;
  role: string;
}

export async function listAssignments(db: Db, teamId: string): Promise<Assignment[]> {
  return db.roleAssignment.findMany({
    where: { teamId },
    select: { userId: true, role: true },
    orderBy: { createdAt: "asc" },
  });
}

export async function holdersOf(db: Db | Tx, teamId: string, role: Role): Promise<string[]> {
  const rows = await db.roleAssignment.findMany({
    where: { teamId, role },
    select: { userId: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => row.userId);
}

export async function hasRole(
  db: Db,
  teamId: string,
  userId: string,
  role: Role,
): Promise<boolean> {
  const row = await db.roleAssignment.findUnique({
    where: { teamId_userId_role: { teamId, userId, role } },
    select: { id: true },
  });
  return row !== null;
}

export async function findApprover(db: Db, teamId: string): Promise<string | null> {
  const row = await db.roleAssignment.findUnique({
    where: { teamId_exclusiveRole: { teamId, exclusiveRole: "approver" } },
    select: { userId: true },
  });
  return row?.userId ?? null;
}

/** Which of `teamIds` have an approver, in one query (the scheduler's set-based look). */
export async function teamsWithApprover(db: Db, teamIds: readonly string[]): Promise<Set<string>> {
  const rows = await db.roleAssignment.findMany({
    where: { teamId: { in: [...teamIds] }, exclusiveRole: "approver" },
    select: { teamId: true },
  });
  return new Set(rows.map((row) => row.teamId));
}

export type AssignOutcome =
  | { kind: "assigned"; replaced: string | null }
  | { kind: "unchanged" }
  /** A first-manager assignment that lost: the team has (had) a manager already. */
  | { kind: "firstManagerTaken" };

/** Has this team ever had a manager? Then nobody may name "the first" one any more. */
export async function teamEverHadManager(db: Db, teamId: string): Promise<boolean> {
  const team = await db.team.findUnique({
    where: { id: teamId },
    select: { firstManagerAt: true },
  });
  return team?.firstManagerAt != null;
}

/**
 * Gives a role. For the approver, whoever held it loses it in the same
 * transaction; should two assignments race, the unique index refuses the
 * second (P2002) and the caller reports it.
 */
export async function assignRole(
  db: Db,
  input: { teamId: string; userId: string; role: Role; actorId: string; bootstrap: boolean },
): Promise<AssignOutcome> {
  const exclusive = EXCLUSIVE_ROLES.has(input.role);
  return db.$transaction(async (tx) => {
    if (input.role === "manager") {
      // The first manager is claimed once, by a conditional update on the
      // team: of any number of simultaneous first assignments exactly one
      // sets it (PostgreSQL re-checks the condition after the row lock;
      // SQLite runs one write transaction at a time). A later manager leaves
      // the first date as it is.
      const { count } = await tx.team.updateMany({
        where: { id: input.teamId, firstManagerAt: null },
        data: { firstManagerAt: new Date() },
      });
      if (input.bootstrap && count === 0) return { kind: "firstManagerTaken" } as const;
    }
    const existing = await tx.roleAssignment.findUnique({
      where: {
        teamId_userId_role: { teamId: input.teamId, userId: input.userId, role: input.role },
      },
      select: { id: true },
    });
    if (existing) return { kind: "unchanged" } as const;
    let replaced: string | null = null;
    if (exclusive) {
      const previous = await tx.roleAssignment.findUnique({
        where: { teamId_exclusiveRole: { teamId: input.teamId, exclusiveRole: input.role } },
        select: { id: true, userId: true },
      });
      if (previous) {
        // deleteMany: a concurrent assignment may have removed it already;
        // then our insert below meets the unique index and reports the race.
        await tx.roleAssignment.deleteMany({ where: { id: previous.id } });
        replaced = previous.userId;
      }
    }
    await tx.roleAssignment.create({
      data: {
        teamId: input.teamId,
        userId: input.userId,
        role: input.role,
        exclusiveRole: exclusive ? input.role : null,
        assignedBy: input.actorId,
      },
    });
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "role.assigned",
      subjectType: "user",
      subjectId: input.userId,
      detail: { role: input.role, replaced, bootstrap: input.bootstrap },
    });
    return { kind: "assigned", replaced } as const;
  });
}

export type UnassignOutcome = "removed" | "notHolding" | "lastManager";

/**
 * Takes a role away. The last manager cannot be removed: a team always keeps
 * one once it has had one (the first-manager rule never reopens). Removing a
 * manager locks the team row first, so two managers removing each other at
 * the same moment cannot both succeed.
 */
export async function unassignRole(
  db: Db,
  input: { teamId: string; userId: string; role: Role; actorId: string },
): Promise<UnassignOutcome> {
  return db.$transaction(async (tx) => {
    if (input.role === "manager") {
      await tx.$executeRaw`UPDATE "Team" SET "id" = "id" WHERE "id" = ${input.teamId}`;
      const managers = await tx.roleAssignment.findMany({
        where: { teamId: input.teamId, role: "manager" },
        select: { userId: true },
      });
      if (!managers.some((m) => m.userId === input.userId)) return "notHolding" as const;
      if (managers.length === 1) return "lastManager" as const;
    }
    const { count } = await tx.roleAssignment.deleteMany({
      where: { teamId: input.teamId, userId: input.userId, role: input.role },
    });
    if (count === 0) return "notHolding" as const;
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "role.unassigned",
      subjectType: "user",
      subjectId: input.userId,
      detail: { role: input.role },
    });
    return "removed" as const;
  });
}
