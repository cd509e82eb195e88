import type { WebClient } from "@slack/web-api";

/**
 * Where work outside a request (scheduled jobs, hand-overs, `jobs run`, the
 * outbox) gets the Web API client of a team: its own token, its own rate
 * pacing. Inside a listener, use the `client` Bolt passes instead.
 */
export type SlackFor = (teamId: string) => Promise<WebClient>;

/**
 * The team has no installation (never installed, or uninstalled): nothing may
 * be sent to it. Permanent: retrying cannot help until someone reinstalls.
 */
export class NotInstalledError extends Error {
  constructor(readonly teamId: string) {
    super(`Greenlight is not installed in team ${teamId}`);
    this.name = "NotInstalledError";
  }
}

/** One-workspace mode (`SLACK_BOT_TOKEN`): every team gets the bot's client. */
export function singleWorkspaceClients(client: WebClient): SlackFor {
  return () => Promise.resolve(client);
}
