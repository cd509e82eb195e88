import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { SlackFor } from "./clients.ts";
import type { Installations } from "./installations.ts";

/**
 * `slackFor` in many-workspace mode: one WebClient per team, built on the
 * team's own bot token. Each client has its own request queue and waits out
 * its own 429s (Retry-After), so one team's rate limits or revoked token never
 * hold up another team's calls. A refreshed token gets a new client.
 */
export function teamClients(installations: Installations, options: WebClientOptions): SlackFor {
  const clients = new Map<string, { token: string; client: WebClient }>();
  return async (teamId) => {
    const token = await installations.botTokenFor(teamId);
    const known = clients.get(teamId);
    if (known && known.token === token) return known.client;
    const client = new WebClient(token, { ...options, teamId });
    clients.set(teamId, { token, client });
    return client;
  };
}
