import type { Db, Tx } from "../db/database.ts";
import { asLang, type Lang } from "./lang.ts";

export interface PersonLanguageRow {
  userId: string;
  slackLocale: string | null;
  localeReadAt: Date | null;
  choice: string | null;
}

export async function findPersonLanguages(
  db: Db | Tx,
  teamId: string,
  userIds: readonly string[],
): Promise<PersonLanguageRow[]> {
  return db.personLanguage.findMany({
    where: { teamId, userId: { in: [...userIds] } },
    select: { userId: true, slackLocale: true, localeReadAt: true, choice: true },
  });
}

/** What users.info said about a person's locale (null: it said nothing usable), and when. */
export async function saveSlackLocale(
  db: Db,
  teamId: string,
  userId: string,
  slackLocale: string | null,
  readAt: Date,
): Promise<void> {
  await db.personLanguage.upsert({
    where: { teamId_userId: { teamId, userId } },
    create: { teamId, userId, slackLocale, localeReadAt: readAt },
    update: { slackLocale, localeReadAt: readAt },
  });
}

/**
 * Forgets what Slack last said about a person's locale, so the next
 * interaction reads it again (the sandbox, when its page changes a pretend
 * person's Slack language). Their own choice, if any, is kept.
 */
export async function forgetSlackLocale(db: Db, teamId: string, userId: string): Promise<void> {
  await db.personLanguage.updateMany({
    where: { teamId, userId },
    data: { slackLocale: null, localeReadAt: null },
  });
}

/** `/greenlight language fr|en` (a language) or `auto` (null: follow Slack). */
export async function saveLanguageChoice(
  db: Db,
  teamId: string,
  userId: string,
  choice: Lang | null,
): Promise<void> {
  await db.personLanguage.upsert({
    where: { teamId_userId: { teamId, userId } },
    create: { teamId, userId, choice },
    update: { choice },
  });
}

export async function findTeamLanguage(db: Db | Tx, teamId: string): Promise<Lang> {
  const team = await db.team.findUnique({ where: { id: teamId }, select: { language: true } });
  return asLang(team?.language);
}

/** The first manager's language becomes the team's, unless a manager already chose one. */
export async function adoptTeamLanguage(db: Db, teamId: string, lang: Lang): Promise<void> {
  await db.team.updateMany({
    where: { id: teamId, languageSource: "default" },
    data: { language: lang, languageSource: "first_manager" },
  });
}
