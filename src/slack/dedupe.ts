import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Db } from "../db/database.ts";
import { isUniqueViolation } from "../db/audit.ts";

/**
 * Slack retries an event it thinks was not acknowledged (X-Slack-Retry-Num),
 * and behind a load balancer the retry may reach another replica. The first
 * delivery inserts its event_id; any later one finds it taken and stops here.
 */
export function dropRepeatedEvents(db: Db): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === "string" && eventId !== "") {
      try {
        await db.processedEvent.create({ data: { eventId } });
      } catch (error) {
        if (isUniqueViolation(error)) return;
        throw error;
      }
    }
    await next();
  };
}
