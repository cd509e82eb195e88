import type { Middleware, AnyMiddlewareArgs } from "@slack/bolt";
import type { Deps } from "../../deps.ts";
import type { AfterAck } from "../../slack/after-ack.ts";
import { lookupUser } from "../../slack/users.ts";
import { adoptFirstUserTimezone, createTeamIfMissing } from "./store.ts";
import { canonicalTimezone } from "./settings.ts";

/**
 * Global middleware: a team record for every workspace, created on first
 * contact, with the first person's timezone (from users.info) until a manager
 * sets one. Teams already seen by this process skip the database entirely.
 *
 * All of it happens after the acknowledgement (src/slack/after-ack.ts): the
 * database and a users.info that may take its 15 s must not cost a team's
 * first request its 3 s. The listener's work after its ack still finds the
 * team made; what it answers in the ack itself reads the defaults.
 */
export function teamOnFirstContact(deps: Deps, afterAck: AfterAck): Middleware<AnyMiddlewareArgs> {
  const known = new Set<string>();
  return async ({ body, context, client, next }) => {
    const teamId = context.teamId;
    const userId = context.userId;
    if (teamId && !known.has(teamId)) {
      await afterAck.schedule(body, async () => {
        if (known.has(teamId)) return;
        const created = await createTeamIfMissing(deps.db, teamId);
        if (created && userId) {
          const user = await lookupUser(client, userId).catch((error: unknown) => {
            deps.logger.warn(`users.info failed for the first user of ${teamId}: ${String(error)}`);
            return null;
          });
          const timezone = user?.kind === "person" && user.tz ? canonicalTimezone(user.tz) : null;
          if (timezone) await adoptFirstUserTimezone(deps.db, teamId, timezone);
        }
        known.add(teamId);
      });
    }
    await next();
  };
}
