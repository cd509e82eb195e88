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

/** What a post through a client shared by many teams needs of one team: its token and where to send it. */
export interface SlackCredentials {
  token: string;
  slackApiUrl: string;
}

/**
 * A team's credentials without a WebClient of its own, for a fan-out over
 * many workspaces that posts through one shared client: building a
 * WebClient costs about 0.14 ms of CPU (70 ms for 500 teams at a due
 * minute), for a token. Rejects with NotInstalledError as `SlackFor` does.
 */
export type SlackTokenFor = (teamId: string) => Promise<SlackCredentials>;

/** One-workspace mode: the bot's token for every team. */
export function singleWorkspaceTokens(client: WebClient): SlackTokenFor {
  const credentials = { token: client.token ?? "", slackApiUrl: client.slackApiUrl };
  return () => Promise.resolve(credentials);
}

/** Many-workspace mode: the team's installation's bot token (refreshed as `botTokenFor` does). */
export function teamTokens(
  installations: { botTokenFor(teamId: string): Promise<string> },
  slackApiUrl: string,
): SlackTokenFor {
  return async (teamId) => ({ token: await installations.botTokenFor(teamId), slackApiUrl });
}
