import type { WebClient } from "@slack/web-api";
import type { Db } from "../../db/database.ts";
import { lookupUser } from "../../slack/users.ts";
import { hasRole } from "./store.ts";

/**
 * May this person change roles and settings? Managers (from our database) and
 * Slack workspace admins/owners (from users.info, read on every check: the
 * message a click came from proves nothing).
 */
export async function isManagerOrAdmin(
  db: Db,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<{ manager: boolean; admin: boolean }> {
  if (await hasRole(db, teamId, userId, "manager")) return { manager: true, admin: false };
  const user = await lookupUser(client, userId);
  return { manager: false, admin: user.kind === "person" && user.isAdmin };
}
