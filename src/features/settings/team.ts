import type { Middleware, AnyMiddlewareArgs } from "@slack/bolt";
import type { Deps } from "../../deps.ts";
import { lookupUser } from "../../slack/users.ts";
import { adoptFirstUserTimezone, createTeamIfMissing } from "./store.ts";
import { canonicalTimezone } from "./settings.ts";

/**
 * Global middleware: a team record for every workspace, created on first
 * contact, with the first person's timezone (from users.info) until a manager
 * sets one. Teams already seen by this process skip the database entirely.
 */
export function teamOnFirstContact(deps: Deps): Middleware<AnyMiddlewareArgs> {
  const known = new Set<string>();
  return async ({ context, client, next }) => {
    const teamId = context.teamId;
    if (teamId && !known.has(teamId)) {
      const created = await createTeamIfMissing(deps.db, teamId);
      if (created && context.userId) {
        const user = await lookupUser(client, context.userId).catch((error: unknown) => {
          deps.logger.warn(`users.info failed for the first user of ${teamId}: ${String(error)}`);
          return null;
        });
        const timezone = user?.kind === "person" && user.tz ? canonicalTimezone(user.tz) : null;
        if (timezone) await adoptFirstUserTimezone(deps.db, teamId, timezone);
      }
      known.add(teamId);
    }
    await next();
  };
}
