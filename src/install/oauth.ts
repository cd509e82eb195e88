import type { HTTPReceiverOptions, Installation, InstallURLOptions, Logger } from "@slack/bolt";
import { createTeamIfMissing } from "../features/settings/store.ts";
import type { KnownBlock } from "@slack/types";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { OAuthConfig } from "../config.ts";
import type { Db } from "../db/database.ts";
import { assignRole, holdersOf } from "../features/roles/store.ts";
import { sendDirectMessage } from "../slack/dm.ts";
import type { Installations } from "./installations.ts";
import { welcomeText } from "./messages.ts";
import { langFromLocale, type Lang } from "../i18n/lang.ts";
import { rememberLocale } from "../i18n/language.ts";
import { lookupUser } from "../slack/users.ts";
import { INSTALL_PATH, REDIRECT_PATH, sendInstallFailedPage, sendInstalledPage } from "./pages.ts";
import { botScopesFromManifest } from "./scopes.ts";
import { SingleUseStateStore } from "./state.ts";

type OAuthReceiverOptions = Pick<
  HTTPReceiverOptions,
  "clientId" | "clientSecret" | "stateSecret" | "installationStore" | "scopes" | "installerOptions"
>;

export interface OAuthOptions {
  config: OAuthConfig;
  slackApiUrl: string;
  db: Db;
  installations: Installations;
  clientOptions: WebClientOptions;
  logger: Logger;
}

/**
 * Bolt's own OAuth (its InstallProvider, built by the HTTP receiver from
 * these options): `GET /slack/install` redirects to Slack's authorize page
 * with a state tied to the browser by a cookie; `GET /slack/oauth_redirect`
 * checks the state, exchanges the code with `oauth.v2.access` (at
 * SLACK_API_URL), stores the installation, then — here — makes the installer
 * the first manager, sends the welcome DM and shows a page.
 */
export function oauthReceiverOptions(options: OAuthOptions): OAuthReceiverOptions {
  const { config, db, logger } = options;
  return {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    stateSecret: config.stateSecret,
    installationStore: options.installations,
    scopes: botScopesFromManifest(),
    installerOptions: {
      directInstall: true,
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      stateStore: new SingleUseStateStore(db, config.stateSecret),
      // Slack's authorize page sits beside its Web API (a fake Slack's too).
      authorizationUrl: new URL("../oauth/v2/authorize", options.slackApiUrl).href,
      clientOptions: options.clientOptions,
      callbackOptions: {
        successAsync: async (installation, _installOptions, _req, res) => {
          await welcome(options, installation);
          sendInstalledPage(res, {
            name: installation.team?.name ?? installation.enterprise?.name ?? "your workspace",
            teamId: installation.team?.id,
          });
        },
        failureAsync: async (error, _installOptions: InstallURLOptions, _req, res) => {
          logger.warn(`Install failed: ${error.code}: ${error.message}`);
          sendInstallFailedPage(res, error.code);
        },
      },
    },
  };
}

/**
 * The installer becomes the first manager (when the workspace has none: a
 * reinstall keeps the managers it had) and is told what to do next. A failed
 * DM does not undo the install: the page still says it worked.
 */
async function welcome(options: OAuthOptions, installation: Installation): Promise<void> {
  const teamId = installation.team?.id;
  const installerId = installation.user.id;
  try {
    if (teamId && (await holdersOf(options.db, teamId, "manager")).length === 0) {
      // The first-manager claim is a flag on the team row: make sure it exists.
      await createTeamIfMissing(options.db, teamId);
      await assignRole(options.db, {
        teamId,
        userId: installerId,
        role: "manager",
        actorId: installerId,
        bootstrap: true,
      });
    }
    const token = installation.bot?.token;
    if (!token) return;
    const client = new WebClient(token, options.clientOptions);
    // In the installer's Slack language; English when Slack does not say.
    const installer = await lookupUser(client, installerId).catch(() => null);
    if (teamId && installer) {
      await rememberLocale(
        { db: options.db, clock: () => new Date(), logger: options.logger },
        teamId,
        installer,
      );
    }
    const lang = langFromLocale(installer?.kind === "person" ? installer.locale : null);
    await sendDirectMessage(client, installerId, welcomeMessage(lang));
  } catch (error) {
    options.logger.error(
      `Welcome after installing in ${teamId ?? installation.enterprise?.id}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export function welcomeMessage(lang: Lang): { text: string; blocks: KnownBlock[] } {
  const t = welcomeText(lang);
  return {
    text: t.welcomeFallback,
    blocks: [
      { type: "header", text: { type: "plain_text", text: t.welcomeTitle } },
      { type: "section", text: { type: "mrkdwn", text: t.welcomeBody } },
      { type: "section", text: { type: "mrkdwn", text: t.welcomeSteps.join("\n") } },
      { type: "context", elements: [{ type: "mrkdwn", text: t.welcomeHelp }] },
    ],
  };
}
