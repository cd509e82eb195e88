import type { Installation, InstallationQuery, InstallationStore, Logger } from "@slack/bolt";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { Db } from "../db/database.ts";
import { NotInstalledError } from "./clients.ts";
import { decryptSecret, encryptSecret } from "./crypto.ts";
import {
  claimTokenRefresh,
  findInstallation,
  findInstallationForTeam,
  releaseTokenRefresh,
  removeInstallation,
  saveInstallation,
  saveRefreshedToken,
  type StoredInstallation,
} from "./store.ts";

/**
 * Installations on the project's database, for Bolt's InstallProvider (which
 * stores what `oauth.v2.access` returned and fetches it to authorize every
 * request) and for `slackFor(teamId)` (work outside a request).
 *
 * Tokens are encrypted before they reach Prisma and decrypted only here.
 * Rotating tokens (Slack's token rotation) are refreshed before Bolt would do
 * it itself (Bolt refreshes within 2 hours of expiry, uncoordinated): from
 * REFRESH_BEFORE_MS before expiry, one replica claims the refresh in the
 * database and the others keep using the current token, which is still valid.
 */
export const REFRESH_BEFORE_MS = 3 * 60 * 60_000;
/** How long a refresh claim holds before another replica may take it over. */
const REFRESH_CLAIM_MS = 60_000;

export interface InstallationsOptions {
  db: Db;
  encryptionKey: Buffer;
  clientId: string;
  clientSecret: string;
  /** The Web API client options of the app (SLACK_API_URL, retries, timeout). */
  clientOptions: WebClientOptions;
  logger: Logger;
  clock: () => Date;
}

/** Details kept in clear beside the encrypted tokens: everything but the tokens. */
type Details = Omit<Installation, "bot" | "user"> & {
  bot?: { scopes: string[] };
  user: { id: string; scopes?: string[] | undefined };
};

export class Installations implements InstallationStore {
  private readonly noTokenClient: WebClient;

  constructor(private readonly options: InstallationsOptions) {
    this.noTokenClient = new WebClient(undefined, options.clientOptions);
  }

  // ---------------------------------------------------------- Bolt's InstallationStore

  async storeInstallation<AuthVersion extends "v1" | "v2">(
    installation: Installation<AuthVersion, boolean>,
  ): Promise<void> {
    const bot = installation.bot;
    if (!bot) throw new Error("The installation has no bot token: the bot scopes are missing");
    const isOrg = installation.isEnterpriseInstall === true;
    const id = isOrg ? installation.enterprise?.id : installation.team?.id;
    if (!id) throw new Error("The installation names neither its team nor its organisation");
    const details: Details = {
      ...installation,
      bot: { scopes: bot.scopes },
      user: { id: installation.user.id, scopes: installation.user.scopes },
    };
    await saveInstallation(this.options.db, {
      id,
      teamId: isOrg ? null : (installation.team?.id ?? null),
      enterpriseId: installation.enterprise?.id ?? null,
      isEnterpriseInstall: isOrg,
      installerUserId: installation.user.id,
      botUserId: bot.userId,
      botId: bot.id,
      botToken: this.seal(id, "botToken", bot.token),
      botRefreshToken: bot.refreshToken ? this.seal(id, "botRefreshToken", bot.refreshToken) : null,
      botTokenExpiresAt: bot.expiresAt ? new Date(bot.expiresAt * 1000) : null,
      details: JSON.stringify(details),
    });
  }

  async fetchInstallation(
    query: InstallationQuery<boolean>,
  ): Promise<Installation<"v1" | "v2", boolean>> {
    const row =
      query.isEnterpriseInstall && query.enterpriseId
        ? await findInstallation(this.options.db, query.enterpriseId)
        : query.teamId
          ? await findInstallationForTeam(this.options.db, query.teamId, query.enterpriseId)
          : null;
    if (!row) throw new NotInstalledError(query.teamId ?? query.enterpriseId ?? "unknown");
    return this.toInstallation(await this.fresh(row));
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await removeInstallation(
      this.options.db,
      query.isEnterpriseInstall
        ? { enterpriseId: query.enterpriseId }
        : { teamId: query.teamId, enterpriseId: undefined },
      this.options.clock(),
    );
  }

  // ---------------------------------------------------------- for slackFor

  /** The team's bot token, refreshed first when it is about to expire. */
  async botTokenFor(teamId: string): Promise<string> {
    const row = await findInstallationForTeam(this.options.db, teamId);
    if (!row) throw new NotInstalledError(teamId);
    return this.open(row.id, "botToken", (await this.fresh(row)).botToken);
  }

  /** Decrypts one stored installation: fails at start when the key is not the one used. */
  async checkKey(db: Db): Promise<void> {
    const row = await db.installation.findFirst({ select: { id: true, botToken: true } });
    if (row) this.open(row.id, "botToken", row.botToken);
  }

  // ---------------------------------------------------------- internals

  private seal(id: string, field: string, secret: string): string {
    return encryptSecret(this.options.encryptionKey, secret, `${id}/${field}`);
  }

  private open(id: string, field: string, stored: string): string {
    return decryptSecret(this.options.encryptionKey, stored, `${id}/${field}`);
  }

  /**
   * The row with a token that stays valid for a while: refreshed (once,
   * across replicas) when it expires within REFRESH_BEFORE_MS.
   */
  private async fresh(row: StoredInstallation): Promise<StoredInstallation> {
    const expiresAt = row.botTokenExpiresAt;
    if (!expiresAt || !row.botRefreshToken) return row;
    const now = this.options.clock();
    if (expiresAt.getTime() - now.getTime() > REFRESH_BEFORE_MS) return row;
    const { db } = this.options;
    const until = new Date(now.getTime() + REFRESH_CLAIM_MS);
    if (!(await claimTokenRefresh(db, row.id, expiresAt, now, until))) {
      // Another replica refreshes it, or has just done so: read what is stored now.
      return (await findInstallation(db, row.id)) ?? row;
    }
    try {
      const refreshed = await this.noTokenClient.oauth.v2.access({
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
        grant_type: "refresh_token",
        refresh_token: this.open(row.id, "botRefreshToken", row.botRefreshToken),
      });
      if (!refreshed.access_token || !refreshed.refresh_token || !refreshed.expires_in) {
        throw new Error("oauth.v2.access answered a refresh without a token");
      }
      const token = {
        botToken: this.seal(row.id, "botToken", refreshed.access_token),
        botRefreshToken: this.seal(row.id, "botRefreshToken", refreshed.refresh_token),
        botTokenExpiresAt: new Date(now.getTime() + refreshed.expires_in * 1000),
      };
      await saveRefreshedToken(db, row.id, token);
      this.options.logger.info(`Refreshed the bot token of ${row.id} (token rotation)`);
      return { ...row, ...token };
    } catch (error) {
      await releaseTokenRefresh(db, row.id);
      // The current token is still valid until it expires: keep serving with it.
      this.options.logger.error(
        `Could not refresh the bot token of ${row.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (expiresAt.getTime() <= now.getTime()) throw error;
      return row;
    }
  }

  private toInstallation(row: StoredInstallation): Installation<"v1" | "v2", boolean> {
    const details = JSON.parse(row.details) as Details;
    return {
      ...details,
      user: { ...details.user, token: undefined, scopes: details.user.scopes },
      bot: {
        id: row.botId ?? "",
        userId: row.botUserId,
        scopes: details.bot?.scopes ?? [],
        token: this.open(row.id, "botToken", row.botToken),
        ...(row.botRefreshToken
          ? { refreshToken: this.open(row.id, "botRefreshToken", row.botRefreshToken) }
          : {}),
        ...(row.botTokenExpiresAt
          ? { expiresAt: Math.floor(row.botTokenExpiresAt.getTime() / 1000) }
          : {}),
      },
    } as Installation<"v1" | "v2", boolean>;
  }
}
