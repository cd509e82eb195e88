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
