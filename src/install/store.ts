import type { Db } from "../db/database.ts";
import { isUniqueViolation } from "../db/audit.ts";

/** An installation row as stored: token fields are ciphertexts (src/install/crypto.ts). */
export interface StoredInstallation {
  id: string;
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  installerUserId: string;
  botUserId: string;
  botId: string | null;
  botToken: string;
  botRefreshToken: string | null;
  botTokenExpiresAt: Date | null;
  details: string;
}

const select = {
  id: true,
  teamId: true,
  enterpriseId: true,
  isEnterpriseInstall: true,
  installerUserId: true,
  botUserId: true,
  botId: true,
  botToken: true,
  botRefreshToken: true,
  botTokenExpiresAt: true,
  details: true,
} as const;

/**
 * Stores an installation (a reinstall replaces the previous one) and brings
 * a known team back: its uninstall mark cleared, so its kept data is served
 * again and not purged.
 */
export async function saveInstallation(db: Db, row: StoredInstallation): Promise<void> {
  const data = { ...row, refreshClaimedUntil: null };
  await db.$transaction(async (tx) => {
    await tx.installation.upsert({ where: { id: row.id }, create: data, update: data });
    if (row.teamId) {
      // A new team's row is created on its first request (with the first
      // person's timezone); here only a known team is brought back.
      await tx.team.updateMany({
        where: { id: row.teamId },
        data: { uninstalledAt: null, enterpriseId: row.enterpriseId },
      });
    } else if (row.enterpriseId) {
      // An org-wide install: every workspace of the organisation is served again.
      await tx.team.updateMany({
        where: { enterpriseId: row.enterpriseId },
        data: { uninstalledAt: null },
      });
    }
  });
}

export async function findInstallation(db: Db, id: string): Promise<StoredInstallation | null> {
  return db.installation.findUnique({ where: { id }, select });
}

/**
 * The installation that serves a workspace: its own, else its organisation's
 * org-wide install (the enterprise id comes from the request, or from what
 * the team's first contact recorded).
 */
export async function findInstallationForTeam(
  db: Db,
  teamId: string,
  enterpriseId?: string,
): Promise<StoredInstallation | null> {
  const own = await findInstallation(db, teamId);
  if (own) return own;
  const orgId =
    enterpriseId ??
    (await db.team.findUnique({ where: { id: teamId }, select: { enterpriseId: true } }))
      ?.enterpriseId;
  if (!orgId) return null;
  return db.installation.findFirst({ where: { id: orgId, isEnterpriseInstall: true }, select });
}

/** Records the organisation of a workspace seen in a request (for org-wide installs). */
export async function rememberEnterprise(
  db: Db,
  teamId: string,
  enterpriseId: string,
): Promise<void> {
  await db.team.updateMany({ where: { id: teamId, enterpriseId: null }, data: { enterpriseId } });
}

/**
 * Deletes an installation at once (uninstall, tokens revoked) and marks the
 * teams it served as uninstalled: their data is kept 30 days, then purged.
 */
export async function removeInstallation(
  db: Db,
  where: { teamId?: string | undefined; enterpriseId?: string | undefined },
  at: Date,
): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const ids = [where.teamId, where.enterpriseId].filter((id): id is string => Boolean(id));
    await tx.installation.deleteMany({ where: { id: { in: ids } } });
    const teams = where.teamId
      ? [where.teamId]
      : where.enterpriseId
        ? (
            await tx.team.findMany({
              where: { enterpriseId: where.enterpriseId },
              select: { id: true },
            })
          ).map((team) => team.id)
        : [];
    await tx.team.updateMany({
      where: { id: { in: teams }, uninstalledAt: null },
      data: { uninstalledAt: at },
    });
    return teams;
  });
}

/**
 * Claims the refresh of a rotating token: only the replica whose conditional
 * update changes the row refreshes; the others keep using the current token
 * (still valid: the refresh starts well before expiry).
 */
export async function claimTokenRefresh(
  db: Db,
  id: string,
  seenExpiry: Date,
  now: Date,
  until: Date,
): Promise<boolean> {
  // One conditional UPDATE (update, not updateMany: on SQLite updateMany reads
  // first inside a transaction, and two replicas upgrading their read locks at
  // once wait on each other until the busy timeout).
  try {
    await db.installation.update({
      where: {
        id,
        botTokenExpiresAt: seenExpiry,
        OR: [{ refreshClaimedUntil: null }, { refreshClaimedUntil: { lt: now } }],
      },
      data: { refreshClaimedUntil: until },
      select: { id: true },
    });
    return true;
  } catch (error) {
    // P2025: no row matched — someone else holds the claim or refreshed already.
    if ((error as { code?: unknown } | null)?.code === "P2025") return false;
    throw error;
  }
}

export async function saveRefreshedToken(
  db: Db,
  id: string,
  token: { botToken: string; botRefreshToken: string; botTokenExpiresAt: Date },
): Promise<void> {
  await db.installation.updateMany({
    where: { id },
    data: { ...token, refreshClaimedUntil: null },
  });
}

/** Gives a refresh claim back (the refresh failed): the next use tries again. */
export async function releaseTokenRefresh(db: Db, id: string): Promise<void> {
  await db.installation.updateMany({ where: { id }, data: { refreshClaimedUntil: null } });
}

/** True the first time a state nonce is used; false for a replay. */
export async function useOAuthState(db: Db, nonce: string): Promise<boolean> {
  try {
    await db.usedOAuthState.create({ data: { nonce } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Used states older than their validity can go: an expired state is refused anyway. */
export async function pruneOAuthStates(db: Db, before: Date): Promise<number> {
  return (await db.usedOAuthState.deleteMany({ where: { usedAt: { lt: before } } })).count;
}

/** Teams uninstalled before `before` and not installed again. */
export async function teamsUninstalledBefore(db: Db, before: Date): Promise<string[]> {
  const rows = await db.team.findMany({
    where: { uninstalledAt: { lt: before } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => row.id);
}

/** Marks one-workspace mode's team installed again (its bot token works). */
export async function markTeamInstalled(db: Db, teamId: string): Promise<void> {
  await db.team.updateMany({
    where: { id: teamId, uninstalledAt: { not: null } },
    data: { uninstalledAt: null },
  });
}

/** Marks a team uninstalled (one-workspace mode has no installation row to delete). */
export async function markTeamUninstalled(db: Db, teamId: string, at: Date): Promise<void> {
  await db.team.updateMany({
    where: { id: teamId, uninstalledAt: null },
    data: { uninstalledAt: at },
  });
}
