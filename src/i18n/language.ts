import type { WebClient } from "@slack/web-api";
import type { Db, Tx } from "../db/database.ts";
import type { Deps } from "../deps.ts";
import { lookupUser, type SlackUser } from "../slack/users.ts";
import { isLang, langFromLocale, type Lang } from "./lang.ts";
import { RECENT_TRUST_MS } from "./recent.ts";
import {
  adoptTeamLanguage,
  findPersonLanguages,
  findTeamLanguage,
  saveLanguageChoice,
  saveSlackLocale,
  type PersonLanguageRow,
} from "./store.ts";

/**
 * Slack's locale is read once (users.info with include_locale) and kept in the
 * database; a reading older than this is read again, so a person who switches
 * Slack to French gets French within a day.
 */
export const LOCALE_FRESH_MS = 24 * 60 * 60 * 1000;

type LanguageDeps = Pick<Deps, "db" | "clock" | "logger" | "recentLanguages">;

/**
 * The language a person reads Greenlight in: their own choice
 * (`/greenlight language`), else their Slack locale. Call it after the ack:
 * usually one query; users.info only for someone never seen or last read more
 * than a day ago. `client` is the listener's client, or the team's client in a
 * scheduled job.
 */
export async function langOf(
  deps: LanguageDeps,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<Lang> {
  const langs = await langsOf(deps, client, teamId, [userId]);
  return langs.get(userId) as Lang;
}

/** Several people's languages with one query (a decision's approver and proposer, a DM fan-out). */
export async function langsOf(
  deps: LanguageDeps,
  client: WebClient,
  teamId: string,
  userIds: readonly string[],
): Promise<Map<string, Lang>> {
  const unique = [...new Set(userIds)];
  const rows = new Map(
    (await findPersonLanguages(deps.db, teamId, unique)).map((row) => [row.userId, row]),
  );
  const now = deps.clock();
  const result = new Map<string, Lang>();
  let teamLang: Lang | undefined;
  for (const userId of unique) {
    const row = rows.get(userId);
    const known = knownLanguage(row, now);
    if (known) {
      result.set(userId, known.lang);
      deps.recentLanguages?.remember(teamId, userId, known.lang, known.trustedUntil);
      continue;
    }
    const read = await readSlackLocale(deps, client, teamId, userId, now);
    if (read !== undefined) {
      result.set(userId, read);
      deps.recentLanguages?.remember(teamId, userId, read, now.getTime() + RECENT_TRUST_MS);
      continue;
    }
    // Slack could not tell (a bot, an unknown id, an outage): an older reading, else the team's.
    // Not trusted in place of a lookup: the next request asks Slack again.
    const fallback = row?.slackLocale
      ? langFromLocale(row.slackLocale)
      : (teamLang ??= await findTeamLanguage(deps.db, teamId));
    result.set(userId, fallback);
    deps.recentLanguages?.remember(teamId, userId, fallback);
  }
  return result;
}

/**
 * Languages as the database knows them, without asking Slack: for messages
 * rendered inside a transaction (the outbox's), where no network call may
 * hold the transaction open. A person never seen reads as the team's
 * language; a reading older than a day is still used (the next interaction
 * refreshes it).
 */
export async function storedLangsOf(
  db: Db | Tx,
  teamId: string,
  userIds: readonly string[],
): Promise<Map<string, Lang>> {
  const unique = [...new Set(userIds)];
  const rows = new Map(
    (await findPersonLanguages(db, teamId, unique)).map((row) => [row.userId, row]),
  );
  const result = new Map<string, Lang>();
  let teamLang: Lang | undefined;
  for (const userId of unique) {
    const row = rows.get(userId);
    result.set(userId, storedLang(row) ?? (teamLang ??= await findTeamLanguage(db, teamId)));
  }
  return result;
}

/**
 * A person's language from their stored row alone (their choice, else the
 * last Slack locale read); null when neither is known and the team's
 * language applies. The one reading of a stored row, also for queries that
 * fetch the row with something else (a decision's claim).
 */
export function storedLang(
  row: { choice: string | null; slackLocale: string | null } | null | undefined,
): Lang | null {
  if (isLang(row?.choice)) return row.choice;
  if (row?.slackLocale) return langFromLocale(row.slackLocale);
  return null;
}

/**
 * A person's choice wins; a Slack locale read within a day is trusted. With
 * the language, until when this process may answer in it without reading
 * the row again (RecentLanguages): RECENT_TRUST_MS at most, and never past
 * the day a Slack locale is trusted for, so that the day's rule holds for
 * answers given from memory too.
 */
function knownLanguage(
  row: PersonLanguageRow | undefined,
  now: Date,
): { lang: Lang; trustedUntil: number } | null {
  if (!row) return null;
  const recentUntil = now.getTime() + RECENT_TRUST_MS;
  if (isLang(row.choice)) return { lang: row.choice, trustedUntil: recentUntil };
  if (row.localeReadAt && now.getTime() - row.localeReadAt.getTime() < LOCALE_FRESH_MS) {
    if (!row.slackLocale) return null;
    return {
      lang: langFromLocale(row.slackLocale),
      trustedUntil: Math.min(recentUntil, row.localeReadAt.getTime() + LOCALE_FRESH_MS),
    };
  }
  return null;
}

/** users.info, remembered; undefined when Slack did not give a person's locale. */
async function readSlackLocale(
  deps: LanguageDeps,
  client: WebClient,
  teamId: string,
  userId: string,
  now: Date,
): Promise<Lang | undefined> {
  let locale: string | null = null;
  try {
    const user = await lookupUser(client, userId);
    if (user.kind === "person") locale = user.locale;
  } catch (error) {
    deps.logger.warn(`users.info failed reading the locale of ${userId}: ${String(error)}`);
    return undefined;
  }
  // Remembered even when empty, so a bot or unknown id is not asked again for a day.
  await saveSlackLocale(deps.db, teamId, userId, locale, now);
  return locale ? langFromLocale(locale) : undefined;
}

/** What the person chose with `/greenlight language` (null: they follow Slack). */
export async function languageChoiceOf(
  deps: Pick<Deps, "db">,
  teamId: string,
  userId: string,
): Promise<Lang | null> {
  const [row] = await findPersonLanguages(deps.db, teamId, [userId]);
  return isLang(row?.choice) ? row.choice : null;
}

/**
 * `/greenlight language fr|en` (a language) or `auto` (null). This process's
 * memory of the person's language changes with it, so that answers given
 * from memory (help in the acknowledgement) follow at once; other replicas
 * follow within RECENT_TRUST_MS.
 */
export async function chooseLanguage(
  deps: LanguageDeps,
  teamId: string,
  userId: string,
  choice: Lang | null,
): Promise<void> {
  await saveLanguageChoice(deps.db, teamId, userId, choice);
  if (choice === null) deps.recentLanguages?.forget(teamId, userId);
  else
    deps.recentLanguages?.remember(
      teamId,
      userId,
      choice,
      deps.clock().getTime() + RECENT_TRUST_MS,
    );
}

/**
 * Keeps the locale of a users.info answer a feature asked for anyway (the
 * person named in `/role assign`), saving a second call when their language
 * is needed.
 */
export async function rememberLocale(
  deps: LanguageDeps,
  teamId: string,
  user: SlackUser,
): Promise<void> {
  if (user.kind === "person" && user.locale) {
    await saveSlackLocale(deps.db, teamId, user.id, user.locale, deps.clock());
    // The locale may have changed: the next answer to them looks it up.
    deps.recentLanguages?.forget(teamId, user.id);
  }
}

/** The language of the team's channel posts (digests, duty announcements, cover requests). */
export async function teamLangOf(deps: Pick<Deps, "db">, teamId: string): Promise<Lang> {
  return findTeamLanguage(deps.db, teamId);
}

/**
 * A new manager's language becomes the team's while nobody has chosen one in
 * `/greenlight settings` and no earlier manager gave theirs.
 */
export async function adoptFirstManagerLanguage(
  deps: LanguageDeps,
  client: WebClient,
  teamId: string,
  managerId: string,
): Promise<void> {
  const lang = await langOf(deps, client, teamId, managerId);
  await adoptTeamLanguage(deps.db, teamId, lang);
}
