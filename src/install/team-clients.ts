import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { SlackFor } from "./clients.ts";
import type { Installations } from "./installations.ts";

/**
 * Clients kept at most. A WebClient holds about 25 KB (1,000 of them took
 * 25 MB of heap), and scheduled work goes through every installed team, a
 * few at a time (src/scheduler/parallel.ts): kept forever, they would grow
 * with the number of teams. The least recently used goes first; its team
 * gets a new client when its turn comes again.
 */
export const MAX_TEAM_CLIENTS = 100;

/**
 * `slackFor` in many-workspace mode: one WebClient per team, built on the
 * team's own bot token. Each client has its own request queue and waits out
 * its own 429s (Retry-After), so one team's rate limits or revoked token never
 * hold up another team's calls. A refreshed token gets a new client. A call
 * in flight keeps its client whatever the cache drops.
 */
export function teamClients(
  installations: Pick<Installations, "botTokenFor">,
  options: WebClientOptions,
  max: number = MAX_TEAM_CLIENTS,
): SlackFor {
  // A Map iterates in insertion order: each use moves its team to the end.
  const clients = new Map<string, { token: string; client: WebClient }>();
  return async (teamId) => {
    const token = await installations.botTokenFor(teamId);
    const known = clients.get(teamId);
    clients.delete(teamId);
    const entry =
      known && known.token === token
        ? known
        : { token, client: new WebClient(token, { ...options, teamId }) };
    clients.set(teamId, entry);
    if (clients.size > max) {
      const oldest = clients.keys().next().value;
      if (oldest !== undefined) clients.delete(oldest);
    }
    return entry.client;
  };
}
