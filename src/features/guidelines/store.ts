import type { Db } from "../../db/database.ts";
import { recordAudit } from "../../db/audit.ts";
import { firstLine } from "./guidelines.ts";

export interface Guidelines {
  text: string;
  updatedBy: string;
  updatedAt: Date;
}

export async function findGuidelines(db: Db, teamId: string): Promise<Guidelines | null> {
  return db.teamGuidelines.findUnique({
    where: { teamId },
    select: { text: true, updatedBy: true, updatedAt: true },
  });
}

/** The one line the propose modal shows, or null when the team has no guidelines. */
export async function guidelinesReminderLine(db: Db, teamId: string): Promise<string | null> {
  const found = await findGuidelines(db, teamId);
  return found ? firstLine(found.text) : null;
}

/** Saves (or, with an empty text, removes) the team's guidelines, audited. */
export async function saveGuidelines(
  db: Db,
  input: { teamId: string; text: string; actorId: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    if (input.text === "") {
      await tx.teamGuidelines.deleteMany({ where: { teamId: input.teamId } });
    } else {
      await tx.teamGuidelines.upsert({
        where: { teamId: input.teamId },
        create: { teamId: input.teamId, text: input.text, updatedBy: input.actorId },
        update: { text: input.text, updatedBy: input.actorId },
      });
    }
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: input.text === "" ? "guidelines.cleared" : "guidelines.saved",
      subjectType: "guidelines",
      subjectId: input.teamId,
      detail: { length: input.text.length },
    });
  });
}
