import type { WebClient } from "@slack/web-api";
import type { Db } from "../../db/database.ts";
import { lookupUser } from "../../slack/users.ts";
import { hasRole } from "./store.ts";

/**
 * The one permission policy for running the team: may this person change
 * roles, settings, the webcare rotation, metrics subscriptions? Managers
 * (from our database) and Slack workspace admins/owners (from users.info,
 * read on every check: the message a click came from proves nothing).
 */
export async function mayManageTeam(
  db: Db,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<boolean> {
  if (await hasRole(db, teamId, userId, "manager")) return true;
  const user = await lookupUser(client, userId);
  return user.kind === "person" && user.isAdmin;
}

/** Roles whose work suggestions feed: they see them in App Home, propose or dismiss them. */
export const SUGGESTION_HANDLERS = ["creator", "manager"] as const;

/**
 * May this person propose or dismiss a suggestion from App Home? Creators and
 * managers (PRODUCT.md: "creators and the manager see open suggestions"),
 * read from the database on every click.
 */
export function mayHandleSuggestions(roles: readonly string[]): boolean {
  return roles.some((role) => (SUGGESTION_HANDLERS as readonly string[]).includes(role));
}
