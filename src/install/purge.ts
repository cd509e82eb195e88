import { subDays } from "date-fns/subDays";
import type { Db } from "../db/database.ts";
import type { Deps } from "../deps.ts";
import type { Job } from "../scheduler/job.ts";
import { pruneOAuthStates, teamsUninstalledBefore } from "./store.ts";
import { STATE_TTL_SECONDS } from "./state.ts";

/** How long a team's data is kept after an uninstall, for a reinstall to find it. */
export const KEEP_AFTER_UNINSTALL_DAYS = 30;

/**
 * Every table that holds a team's data, by its team column. The purge deletes
 * a team's rows from each (rows that hang off a proposal go with it, by
 * cascade). A unit test reads prisma/schema.prisma and fails when a model with
 * a `teamId` is missing here, so no new table keeps data after the purge.
 */
export const TEAM_TABLES = [
  "personLanguage",
  "roleAssignment",
  "auditEntry",
  // Before "proposal": a suggestion may point at the proposal it became.
  "suggestion",
  "visualRequest",
  "proposal",
  "teamGuidelines",
  "webcareRotation",
  "webcareCover",
  "webcareAbsence",
  "webcareCoverRequest",
  "webcareGroupLink",
  "metricsEntry",
  "metricsGoal",
  "digestSubscription",
  "outboxMessage",
] as const;

type TeamTable = (typeof TEAM_TABLES)[number];
type Deletable = { deleteMany(args: { where: { teamId: string } }): Promise<{ count: number }> };

/** Deletes everything Greenlight holds about one team, in one transaction. */
export async function purgeTeam(db: Db, teamId: string): Promise<number> {
  return db.$transaction(async (tx) => {
    let rows = 0;
    for (const table of TEAM_TABLES) {
      const delegate = (tx as unknown as Record<TeamTable, Deletable>)[table];
      rows += (await delegate.deleteMany({ where: { teamId } })).count;
    }
    // The ledger's scopes start with the team id (`T…` or `T…/C…`).
    rows += (
      await tx.jobRun.deleteMany({
        where: { OR: [{ scope: teamId }, { scope: { startsWith: `${teamId}/` } }] },
      })
    ).count;
    // Only if it is still uninstalled: a reinstall that just happened keeps everything.
    const team = await tx.team.deleteMany({ where: { id: teamId, uninstalledAt: { not: null } } });
    if (team.count === 0) throw new ReinstalledMeanwhile();
    return rows + 1;
  });
}

class ReinstalledMeanwhile extends Error {}

/**
 * `purge-uninstalled`: teams uninstalled more than 30 days before `now` (and
 * not installed again) lose all their data; used OAuth states past their
 * validity go too. Running it twice deletes nothing the second time.
 */
export const purgeUninstalledJob: Job = {
  name: "purge-uninstalled",
  // No team to purge, no OAuth state to forget (src/scheduler/probe.ts).
  idle: (probe) => !probe.purgeWork,
  async run(deps: Deps, now: Date): Promise<string[]> {
    const done: string[] = [];
    const before = subDays(now, KEEP_AFTER_UNINSTALL_DAYS);
    for (const teamId of await teamsUninstalledBefore(deps.db, before)) {
      try {
        const rows = await purgeTeam(deps.db, teamId);
        done.push(
          `purged ${teamId}: uninstalled over ${KEEP_AFTER_UNINSTALL_DAYS} days ago (${rows} rows)`,
        );
      } catch (error) {
        if (!(error instanceof ReinstalledMeanwhile)) throw error;
      }
    }
    await pruneOAuthStates(deps.db, new Date(now.getTime() - STATE_TTL_SECONDS * 1000));
    return done;
  },
};
