import type { Db } from "../../db/database.ts";
import { isUniqueViolation, recordAudit } from "../../db/audit.ts";
import { asLang, type Lang } from "../../i18n/lang.ts";

export interface TeamSettings {
  id: string;
  timezone: string;
  timezoneSource: string;
  digestDay: number;
  digestTime: string;
  /** The language of the team's channel posts. */
  language: Lang;
}

const select = {
  id: true,
  timezone: true,
  timezoneSource: true,
  digestDay: true,
  digestTime: true,
  language: true,
};

/** Creates the team on first contact; a no-op afterwards. Returns true when it was created. */
export async function createTeamIfMissing(db: Db, teamId: string): Promise<boolean> {
  if (await db.team.findUnique({ where: { id: teamId }, select: { id: true } })) return false;
  try {
    await db.team.create({ data: { id: teamId } });
    return true;
  } catch (error) {
    // Two first requests at once (or two replicas): the other one created it.
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function findTeam(db: Db, teamId: string): Promise<TeamSettings | null> {
  const team = await db.team.findUnique({ where: { id: teamId }, select });
  return team && { ...team, language: asLang(team.language) };
}

/** The team's settings; a team Greenlight has not met yet reads as the defaults. */
export async function getTeam(db: Db, teamId: string): Promise<TeamSettings> {
  return (
    (await findTeam(db, teamId)) ?? {
      id: teamId,
      timezone: "UTC",
      timezoneSource: "default",
      digestDay: 1,
      digestTime: "09:00",
      language: "en",
    }
  );
}

/** The first person's timezone, unless someone already set one. */
export async function adoptFirstUserTimezone(
  db: Db,
  teamId: string,
  timezone: string,
): Promise<void> {
  await db.team.updateMany({
    where: { id: teamId, timezoneSource: "default" },
    data: { timezone, timezoneSource: "first_user" },
  });
}

export async function listTeamIds(db: Db): Promise<string[]> {
  const rows = await db.team.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  return rows.map((row) => row.id);
}

export async function saveSettings(
  db: Db,
  teamId: string,
  actorId: string,
  settings: { timezone: string; digestDay: number; digestTime: string; language?: Lang },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.team.update({
      where: { id: teamId },
      data: {
        ...settings,
        timezoneSource: "manager",
        ...(settings.language ? { languageSource: "manager" } : {}),
      },
    });
    await recordAudit(tx, {
      teamId,
      actorId,
      action: "settings.changed",
      subjectType: "team",
      subjectId: teamId,
      detail: settings,
    });
  });
}

/**
 * The language of each team's channel posts, in one query for many teams;
 * a team Greenlight has not met yet reads as the default (English).
 */
export async function teamLanguages(
  db: Db,
  teamIds: readonly string[],
): Promise<Map<string, Lang>> {
  const rows = await db.team.findMany({
    where: { id: { in: [...teamIds] } },
    select: { id: true, language: true },
  });
  const byId = new Map(rows.map((row) => [row.id, asLang(row.language)]));
  return new Map(teamIds.map((id) => [id, byId.get(id) ?? "en"]));
}

/** A team's settings as the scheduler needs them. */
export type TeamSchedule = Pick<TeamSettings, "id" | "timezone" | "digestDay" | "digestTime">;

export interface TeamSchedules {
  /** The team's settings; the defaults for a team not met yet; null when it is uninstalled. */
  of(teamId: string): TeamSchedule | null;
}

/**
 * Every team's schedule settings in one query. An uninstalled team reads as
 * null: nothing is sent to it any more.
 */
export async function teamSchedules(db: Db): Promise<TeamSchedules> {
  const rows = await db.team.findMany({
    select: { id: true, timezone: true, digestDay: true, digestTime: true, uninstalledAt: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    of(teamId) {
      const row = byId.get(teamId);
      if (!row) return { id: teamId, timezone: "UTC", digestDay: 1, digestTime: "09:00" };
      if (row.uninstalledAt) return null;
      return {
        id: row.id,
        timezone: row.timezone,
        digestDay: row.digestDay,
        digestTime: row.digestTime,
      };
    },
  };
}
