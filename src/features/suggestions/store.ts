import type { Db } from "../../db/database.ts";
import { isUniqueViolation, recordAudit } from "../../db/audit.ts";

export interface SuggestionRecord {
  id: number;
  teamId: string;
  url: string;
  why: string | null;
  suggestedBy: string;
  status: "open" | "proposed" | "dismissed";
  closedBy: string | null;
  closedAt: Date | null;
  proposalId: number | null;
  createdAt: Date;
}

const select = {
  id: true,
  teamId: true,
  url: true,
  why: true,
  suggestedBy: true,
  status: true,
  closedBy: true,
  closedAt: true,
  proposalId: true,
  createdAt: true,
} as const;

type Row = Omit<SuggestionRecord, "status"> & { status: string };

function toRecord(row: Row): SuggestionRecord {
  const status =
    row.status === "proposed" ? "proposed" : row.status === "dismissed" ? "dismissed" : "open";
  return { ...row, status };
}

/**
 * Saves a suggestion, audited. `claim` names the request (the command's
 * trigger_id): it is claimed in the same transaction, so a replayed or retried
 * delivery — on any replica — saves nothing the second time (null).
 */
export async function createSuggestion(
  db: Db,
  input: { teamId: string; userId: string; url: string; why: string | null; claim: string },
): Promise<SuggestionRecord | null> {
  try {
    return await db.$transaction(async (tx) => {
      await tx.processedEvent.create({ data: { eventId: input.claim } });
      const row = await tx.suggestion.create({
        data: {
          teamId: input.teamId,
          url: input.url,
          why: input.why,
          suggestedBy: input.userId,
        },
        select,
      });
      await recordAudit(tx, {
        teamId: input.teamId,
        actorId: input.userId,
        action: "suggestion.created",
        subjectType: "suggestion",
        subjectId: row.id,
        detail: { url: input.url },
      });
      return toRecord(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

export async function findSuggestion(
  db: Db,
  teamId: string,
  id: number,
): Promise<SuggestionRecord | null> {
  const row = await db.suggestion.findFirst({ where: { id, teamId }, select });
  return row ? toRecord(row) : null;
}

/** The oldest `take` open suggestions and how many are open in all (for "and N more"). */
export async function openSuggestions(
  db: Db,
  teamId: string,
  take: number,
): Promise<{ items: SuggestionRecord[]; total: number }> {
  const where = { teamId, status: "open" };
  const [rows, total] = await Promise.all([
    db.suggestion.findMany({ where, select, orderBy: { id: "asc" }, take }),
    db.suggestion.count({ where }),
  ]);
  return { items: rows.map(toRecord), total };
}

/**
 * Dismisses an open suggestion, audited. One conditional UPDATE decides: of
 * two people clicking at once (or a Dismiss racing a proposal made from it),
 * exactly one changes the row; the others get false.
 */
export async function dismissSuggestion(
  db: Db,
  input: { teamId: string; id: number; actorId: string; now: Date },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.suggestion.updateMany({
      where: { id: input.id, teamId: input.teamId, status: "open" },
      data: { status: "dismissed", closedBy: input.actorId, closedAt: input.now },
    });
    if (count !== 1) return false;
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "suggestion.dismissed",
      subjectType: "suggestion",
      subjectId: input.id,
      detail: {},
    });
    return true;
  });
}
