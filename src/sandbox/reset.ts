import type { Database } from "../db/database.ts";
import { adoptFirstUserTimezone, createTeamIfMissing } from "../features/settings/store.ts";
import type { FakeSlack } from "./fake-slack.ts";
import { SANDBOX_PEOPLE } from "./workspace.ts";

/**
 * Forgets the sandbox team: every row of every table with a `teamId` column
 * for it (and what hangs off its proposals), its scheduler ledger rows, the
 * team itself, and everything the fake Slack recorded. Then the team is made
 * again as first contact makes it. Returns the rows deleted per table.
 */
export async function resetSandboxTeam(
  database: Database,
  fake: FakeSlack,
): Promise<Record<string, number>> {
  const teamId = fake.teamId;
  const db = database.db;
  const pg = database.provider === "postgresql";
  const columns: Array<{ tbl: string; col: string }> = pg
    ? await db.$queryRawUnsafe(
        `SELECT table_name AS tbl, column_name AS col FROM information_schema.columns WHERE table_schema = current_schema()`,
      )
    : await db.$queryRawUnsafe(
        `SELECT m.name AS tbl, p.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'`,
      );
  const tablesWith = (column: string) =>
    [...new Set(columns.filter((c) => c.col === column).map((c) => c.tbl))].filter(
      (t) => !t.startsWith("_"),
    );
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const p = (n: number) => (pg ? `$${n}` : "?");
  const deleted: Record<string, number> = {};
  await db.$transaction(async (tx) => {
    for (const table of tablesWith("proposalId").filter((t) => t !== "Proposal")) {
      deleted[table] = await tx.$executeRawUnsafe(
        `DELETE FROM ${q(table)} WHERE ${q("proposalId")} IN (SELECT ${q("id")} FROM ${q("Proposal")} WHERE ${q("teamId")} = ${p(1)})`,
        teamId,
      );
    }
    for (const table of tablesWith("teamId")) {
      deleted[table] = await tx.$executeRawUnsafe(
        `DELETE FROM ${q(table)} WHERE ${q("teamId")} = ${p(1)}`,
        teamId,
      );
    }
    deleted.JobRun = await tx.$executeRawUnsafe(
      `DELETE FROM ${q("JobRun")} WHERE ${q("scope")} = ${p(1)} OR substr(${q("scope")}, 1, ${teamId.length + 1}) = ${p(2)}`,
      teamId,
      `${teamId}/`,
    );
    deleted.Team = await tx.$executeRawUnsafe(
      `DELETE FROM ${q("Team")} WHERE ${q("id")} = ${p(1)}`,
      teamId,
    );
  });
  // The running app remembers it has met this team and will not create it
  // again: recreate it as first contact does, with the first person's timezone.
  await createTeamIfMissing(db, teamId);
  const first = fake.user(SANDBOX_PEOPLE[0]?.id ?? "");
  if (first) await adoptFirstUserTimezone(db, teamId, first.tz);
  fake.reset();
  return deleted;
}
