import type { Db } from "../../db/database.ts";
import { recordAudit } from "../../db/audit.ts";
import type { LocalDate } from "../../shared/local-date.ts";
import type { Cover } from "./rotation.ts";

/** A saved rotation version with what the reminder needs besides the order. */
export interface StoredRotation {
  startDate: LocalDate;
  members: string[];
  handoverTime: string;
  channelId: string | null;
  setBy: string;
}

const rotationSelect = {
  startDate: true,
  members: true,
  handoverTime: true,
  channelId: true,
  setBy: true,
};

/** Every version of the team's rotation, oldest first. */
export async function listRotations(db: Db, teamId: string): Promise<StoredRotation[]> {
  const rows = await db.webcareRotation.findMany({
    where: { teamId },
    select: rotationSelect,
    orderBy: { startDate: "asc" },
  });
  return rows.map((row) => ({
    ...row,
    members: row.members === "" ? [] : row.members.split(","),
  }));
}

/** Teams that have set a rotation at least once. */
export async function teamsWithRotation(db: Db): Promise<string[]> {
  const rows = await db.webcareRotation.findMany({
    select: { teamId: true },
    distinct: ["teamId"],
    orderBy: { teamId: "asc" },
  });
  return rows.map((row) => row.teamId);
}

/**
 * Saves a version starting on `startDate`; a second save the same day
 * replaces the first. Returns whether it replaced one.
 */
export async function saveRotation(
  db: Db,
  input: {
    teamId: string;
    startDate: LocalDate;
    members: string[];
    handoverTime: string;
    channelId: string | null;
    actorId: string;
  },
): Promise<{ replaced: boolean }> {
  return db.$transaction(async (tx) => {
    const key = { teamId_startDate: { teamId: input.teamId, startDate: input.startDate } };
    const existing = await tx.webcareRotation.findUnique({ where: key, select: { id: true } });
    const data = {
      members: input.members.join(","),
      handoverTime: input.handoverTime,
      channelId: input.channelId,
      setBy: input.actorId,
    };
    if (existing) await tx.webcareRotation.update({ where: key, data });
    else
      await tx.webcareRotation.create({
        data: { teamId: input.teamId, startDate: input.startDate, ...data },
      });
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "webcare.rotation_set",
      subjectType: "webcare_rotation",
      subjectId: input.startDate,
      detail: {
        members: input.members,
        handoverTime: input.handoverTime,
        channelId: input.channelId,
        replaced: existing !== null,
      },
    });
    return { replaced: existing !== null };
  });
}

/** Covers on the days from `from` to `to`, both included. */
export async function listCovers(
  db: Db,
  teamId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<Cover[]> {
  return db.webcareCover.findMany({
    where: { teamId, date: { gte: from, lte: to } },
    select: { date: true, userId: true },
    orderBy: { date: "asc" },
  });
}

/** One cover per day: a second one for the same day replaces the first. */
export async function saveCover(
  db: Db,
  input: { teamId: string; date: LocalDate; userId: string; actorId: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = { teamId_date: { teamId: input.teamId, date: input.date } };
    const existing = await tx.webcareCover.findUnique({ where: key, select: { userId: true } });
    if (existing) {
      await tx.webcareCover.update({
        where: key,
        data: { userId: input.userId, createdBy: input.actorId },
      });
    } else {
      await tx.webcareCover.create({
        data: {
          teamId: input.teamId,
          date: input.date,
          userId: input.userId,
          createdBy: input.actorId,
        },
      });
    }
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "webcare.cover_set",
      subjectType: "webcare_cover",
      subjectId: input.date,
      detail: { userId: input.userId, replaced: existing?.userId ?? null },
    });
  });
}

/** Every rotation version of every team, with only what says when it is due. */
export async function allRotationTimes(
  db: Db,
): Promise<
  Array<{ teamId: string; startDate: string; handoverTime: string; channelId: string | null }>
> {
  return db.webcareRotation.findMany({
    select: { teamId: true, startDate: true, handoverTime: true, channelId: true },
    orderBy: [{ teamId: "asc" }, { startDate: "asc" }],
  });
}
