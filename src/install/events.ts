import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { SlackRoutes } from "../slack/router.ts";
import type { AfterAck } from "../slack/after-ack.ts";
import type { Deps } from "../deps.ts";
import type { Installations } from "./installations.ts";
import type { WebClient } from "@slack/web-api";
import {
  markTeamInstalled,
  markTeamUninstalled,
  rememberEnterprise,
  removeInstallation,
} from "./store.ts";

/**
 * `app_uninstalled` and `tokens_revoked` (bot tokens): the installation is
 * deleted at once, so nothing more is sent to that team (`slackFor` and Bolt
 * find no token; the scheduler skips teams marked uninstalled). The team's
 * data stays 30 days for a reinstall, then the purge job deletes it. Bolt
 * delivers both events without authorizing them (the tokens are gone).
 */
export function registerInstallEvents(
  routes: SlackRoutes,
  deps: Deps,
  installations: Installations | null,
): void {
  const uninstall = async (
    teamId: string | undefined,
    enterpriseId: string | undefined,
    orgWide: boolean,
  ) => {
    const at = deps.clock();
    if (!installations) {
      // One workspace: no stored installation, the team is marked only.
      if (teamId) await markTeamUninstalled(deps.db, teamId, at);
    } else {
      await removeInstallation(
        deps.db,
        orgWide ? { enterpriseId } : { teamId, enterpriseId: undefined },
        at,
      );
    }
    deps.logger.info(`Greenlight was uninstalled from ${orgWide ? enterpriseId : teamId}`);
  };

  routes.event("app_uninstalled", async ({ context }) => {
    await uninstall(context.teamId, context.enterpriseId, context.isEnterpriseInstall);
  });

  routes.event("tokens_revoked", async ({ event, context }) => {
    // Only the bot's tokens matter: a revoked user token leaves the bot working.
    if ((event.tokens.bot ?? []).length === 0) return;
    await uninstall(context.teamId, context.enterpriseId, context.isEnterpriseInstall);
  });
}

/**
 * Records which Enterprise Grid organisation a workspace belongs to, the
 * first time this process sees it, so that `slackFor(teamId)` finds the
 * organisation's org-wide installation for work outside a request.
 */
export function enterpriseOnFirstContact(
  deps: Deps,
  afterAck: AfterAck,
): Middleware<AnyMiddlewareArgs> {
  const known = new Set<string>();
  return async ({ body, context, next }) => {
    const { teamId, enterpriseId } = context;
    if (teamId && enterpriseId && !known.has(teamId)) {
      // After the ack, like every first-contact write (src/slack/after-ack.ts).
      await afterAck.schedule(body, async () => {
        await rememberEnterprise(deps.db, teamId, enterpriseId);
        known.add(teamId);
      });
    }
    await next();
  };
}

/**
 * One-workspace mode: the bot token works (Bolt's start has just checked it
 * with auth.test), so the workspace it belongs to is served again. Without
 * this a team once marked uninstalled (`tokens_revoked`, `app_uninstalled`)
 * stayed skipped by every scheduled job, and then purged 30 days later,
 * after the app was reinstalled with a new token. (Many workspaces: the
 * OAuth install clears the mark, src/install/store.ts.)
 */
export async function markWorkspaceInstalled(deps: Deps, client: WebClient): Promise<void> {
  const auth = await client.auth.test();
  if (auth.ok && auth.team_id) await markTeamInstalled(deps.db, auth.team_id);
}
