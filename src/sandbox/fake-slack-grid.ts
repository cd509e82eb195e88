/**
 * Many workspaces behind one fake Slack, as one distributable app sees them:
 * Slack's authorize page and `oauth.v2.access` (codes and token refresh), and
 * the Web API routed to the workspace a token belongs to. Each workspace is
 * a strict FakeSlack of its own (its people, channels, messages, calls).
 *
 * As strict as Slack about tokens: no token is `not_authed`; an unknown one
 * `invalid_auth`; a revoked one `token_revoked`; an expired rotating one
 * `token_expired`; a token used for another workspace than its own (a call
 * naming another `team_id`) `invalid_auth`. Codes are single use and expire
 * after 10 minutes; a used refresh token is refused (`invalid_refresh_token`).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeSlack, type FakeSlackOptions } from "./fake-slack.ts";

export interface FakeSlackGridOptions {
  signingSecret: string;
  clientId: string;
  clientSecret: string;
  /** The app's redirect URL, as set on its OAuth & Permissions page. */
  redirectUri?: string;
  /** Slack's token rotation: tokens expire after `tokenLifetimeSeconds` and are refreshed. */
  tokenRotation?: boolean;
  tokenLifetimeSeconds?: number;
  now?: () => number;
}

interface Token {
  /** The workspace (T…) or, for an org-wide install, the organisation (E…). */
  owner: string;
  kind: "bot" | "refresh";
  expiresAt: number | null;
  revoked: boolean;
}

interface Code {
  owner: string;
  userId: string;
  scopes: string;
  redirectUri: string | undefined;
  issuedAt: number;
  used: boolean;
}

export interface OAuthCall {
  grantType: string;
  ok: boolean;
  error?: string;
  at: number;
}

const CODE_TTL_MS = 10 * 60_000;
const SESSION_COOKIE = "d";

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, body: Record<string, unknown>): void {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

/** A Web API call as routed: the workspace it acted in and whose token it carried. */
export interface RoutedCall {
  method: string;
  /** Epoch milliseconds when the call arrived. */
  at: number;
  teamId: string;
  tokenOwner: string;
}

export class FakeSlackGrid {
  readonly teams = new Map<string, FakeSlack>();
  readonly oauthCalls: OAuthCall[] = [];
  readonly routedCalls: RoutedCall[] = [];
  /** The app's redirect URL (known once the app listens). */
  redirectUri: string | undefined;
  private readonly tokens = new Map<string, Token>();
  private readonly codes = new Map<string, Code>();
  private readonly now: () => number;
  private server: Server | null = null;
  private baseUrl: string | null = null;
  private sequence = 0;

  constructor(private readonly options: FakeSlackGridOptions) {
    this.now = options.now ?? Date.now;
    this.redirectUri = options.redirectUri;
  }

  // -------------------------------------------------------------- set-up

  /** A workspace of its own: people, channels and a strict Web API. */
  addTeam(options: Omit<FakeSlackOptions, "signingSecret" | "tokenCheck" | "now">): FakeSlack {
    const teamId = options.teamId ?? `T${String(this.teams.size + 1).padStart(4, "0")}`;
    const fake: FakeSlack = new FakeSlack({
      ...options,
      teamId,
      signingSecret: this.options.signingSecret,
      now: this.now,
      tokenCheck: (token: string): string | null => this.check(token, fake),
    });
    if (this.baseUrl) fake.mountAt(this.baseUrl);
    this.teams.set(teamId, fake);
    return fake;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const fake of this.teams.values()) fake.mountAt(this.baseUrl);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  get url(): string {
    if (!this.baseUrl) throw new Error("FakeSlackGrid is not started");
    return this.baseUrl;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /**
   * The browser cookie of someone signed in to Slack: to `teamId` (a
   * workspace install), or to its organisation with `orgWide` (an org-wide
   * install, by an org admin).
   */
  sessionCookie(teamId: string, userId: string, orgWide = false): string {
    const fake = this.team(teamId);
    const owner = orgWide ? fake.enterpriseId : teamId;
    if (!owner) throw new Error(`${teamId} is not in an organisation`);
    return `${SESSION_COOKIE}=${encodeURIComponent(`${owner}:${userId}`)}`;
  }

  team(teamId: string): FakeSlack {
    const fake = this.teams.get(teamId);
    if (!fake) throw new Error(`No team ${teamId} in the fake Slack`);
    return fake;
  }

  /** Every token Slack has issued for a workspace (or organisation), for leak checks. */
  tokensOf(owner: string): string[] {
    return [...this.tokens.entries()]
      .filter(([, token]) => token.owner === owner)
      .map(([value]) => value);
  }

  /**
   * A completed install without the browser (benchmarks seeding many teams):
   * what `oauth.v2.access` would have returned for a code.
   */
  issueInstall(teamId: string): { token: string; botUserId: string } {
    const fake = this.team(teamId);
    const tokens = this.issueTokens(teamId);
    return { token: tokens.access_token as string, botUserId: fake.botUserId };
  }

  /** The app is uninstalled from (or its tokens revoked in) a workspace or organisation. */
  revokeTokens(owner: string): void {
    for (const token of this.tokens.values()) if (token.owner === owner) token.revoked = true;
  }

  // -------------------------------------------------------------- HTTP

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake.local");
    if (url.pathname === "/oauth/v2/authorize" && req.method === "GET") {
      return this.authorizePage(url, req, res);
    }
    if (url.pathname === "/api/oauth.v2.access") return this.oauthAccess(req, res);
    if (url.pathname.startsWith("/api/")) return this.routeApi(url, req, res);
    if (url.pathname.startsWith("/upload/")) {
      // The upload URL files.getUploadURLExternal gave: the workspace that issued the file id.
      const id = url.pathname.slice("/upload/".length);
      const fake = [...this.teams.values()].find((team) =>
        team.allFiles().some((file) => file.id === id),
      );
      if (fake && (await fake.handle(req, res))) return;
    }
    if (url.pathname.startsWith("/response/")) {
      // response_urls carry their team first: /response/<team>/…
      const teamId = url.pathname.split("/")[2] ?? "";
      const fake = this.teams.get(teamId);
      if (fake && (await fake.handle(req, res))) return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: false, error: "not_found" }));
  }

  /**
   * Slack's authorize page, once the person clicked "Allow": back to the
   * app's redirect URL with a code and the app's own state.
   */
  private authorizePage(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const refuse = (status: number, error: string) => {
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(error);
    };
    if (url.searchParams.get("client_id") !== this.options.clientId) {
      return refuse(400, "invalid_client_id");
    }
    const scopes = url.searchParams.get("scope") ?? "";
    if (scopes === "") return refuse(400, "invalid_scope");
    const redirectUri = url.searchParams.get("redirect_uri") ?? undefined;
    const target = redirectUri ?? this.redirectUri;
    if (!target || (this.redirectUri && target !== this.redirectUri)) {
      return refuse(400, "bad_redirect_uri");
    }
    const session = cookie(req, SESSION_COOKIE);
    const [owner, userId] = (session ?? "").split(":");
    if (!owner || !userId) return refuse(401, "not signed in to Slack");
    const code = `${this.nextSequence()}.${randomBytes(12).toString("hex")}`;
    this.codes.set(code, {
      owner,
      userId,
      scopes,
      redirectUri,
      issuedAt: this.now(),
      used: false,
    });
    const back = new URL(target);
    back.searchParams.set("code", code);
    const state = url.searchParams.get("state");
    if (state !== null) back.searchParams.set("state", state);
    res.writeHead(302, { location: back.href }).end();
  }

  private async oauthAccess(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const args = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const basic = req.headers.authorization?.startsWith("Basic ")
      ? Buffer.from(req.headers.authorization.slice(6), "base64").toString().split(":")
      : [];
    const clientId = args.client_id ?? basic[0];
    const clientSecret = args.client_secret ?? basic[1];
    const grantType = args.grant_type ?? "authorization_code";
    const answer = (body: Record<string, unknown>) => {
      this.oauthCalls.push({
        grantType,
        ok: body.ok === true,
        ...(typeof body.error === "string" ? { error: body.error } : {}),
        at: this.now(),
      });
      sendJson(res, body);
    };
    if (clientId !== this.options.clientId)
      return answer({ ok: false, error: "invalid_client_id" });
    if (clientSecret !== this.options.clientSecret) {
      return answer({ ok: false, error: "bad_client_secret" });
    }
    if (grantType === "refresh_token") {
      const refresh = this.tokens.get(args.refresh_token ?? "");
      if (!refresh || refresh.kind !== "refresh" || refresh.revoked) {
        return answer({ ok: false, error: "invalid_refresh_token" });
      }
      refresh.revoked = true;
      return answer({ ok: true, ...this.issueTokens(refresh.owner), token_type: "bot" });
    }
    if (grantType !== "authorization_code") {
      return answer({ ok: false, error: "invalid_grant_type" });
    }
    const code = this.codes.get(args.code ?? "");
    if (!code || code.used || this.now() - code.issuedAt > CODE_TTL_MS) {
      return answer({ ok: false, error: "invalid_code" });
    }
    if (code.redirectUri !== undefined && args.redirect_uri !== code.redirectUri) {
      return answer({ ok: false, error: "bad_redirect_uri" });
    }
    code.used = true;
    const orgWide = code.owner.startsWith("E");
    const fake = orgWide
      ? [...this.teams.values()].find((team) => team.enterpriseId === code.owner)
      : this.teams.get(code.owner);
    if (!fake) return answer({ ok: false, error: "invalid_team" });
    if (orgWide) {
      for (const team of this.teams.values()) {
        if (team.enterpriseId === code.owner) team.orgWideInstall = true;
      }
    }
    const tokens = this.issueTokens(code.owner);
    answer({
      ok: true,
      app_id: fake.appId,
      authed_user: { id: code.userId },
      scope: code.scopes,
      token_type: "bot",
      ...tokens,
      bot_user_id: fake.botUserId,
      team: orgWide ? null : { id: fake.teamId, name: fake.teamName },
      enterprise: fake.enterpriseId
        ? { id: fake.enterpriseId, name: `${fake.enterpriseId} Org` }
        : null,
      is_enterprise_install: orgWide,
      ...(orgWide
        ? { enterprise_url: `https://${code.owner.toLowerCase()}.enterprise.slack.com/` }
        : {}),
    });
  }

  private issueTokens(owner: string): Record<string, unknown> {
    const random = () => randomBytes(18).toString("hex");
    const serial = this.nextSequence();
    if (!this.options.tokenRotation) {
      const token = `xoxb-${serial}-${random()}`;
      this.tokens.set(token, { owner, kind: "bot", expiresAt: null, revoked: false });
      return { access_token: token };
    }
    const lifetime = this.options.tokenLifetimeSeconds ?? 43_200;
    const access = `xoxe.xoxb-${serial}-${random()}`;
    const refresh = `xoxe-${serial}-${random()}`;
    this.tokens.set(access, {
      owner,
      kind: "bot",
      expiresAt: this.now() + lifetime * 1000,
      revoked: false,
    });
    this.tokens.set(refresh, { owner, kind: "refresh", expiresAt: null, revoked: false });
    return { access_token: access, refresh_token: refresh, expires_in: lifetime };
  }

  /** The Web API: the workspace is the token's own (or, for an org token, the one named). */
  private async routeApi(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const args = new URLSearchParams(body);
    const header = req.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : args.get("token");
    if (!token) return sendJson(res, { ok: false, error: "not_authed" });
    const known = this.tokens.get(token);
    if (!known || known.kind !== "bot") return sendJson(res, { ok: false, error: "invalid_auth" });
    const named = args.get("team_id") ?? url.searchParams.get("team_id");
    const fake = named
      ? this.teams.get(named)
      : (this.teams.get(known.owner) ??
        [...this.teams.values()].find((team) => team.enterpriseId === known.owner));
    if (!fake) return sendJson(res, { ok: false, error: "invalid_auth" });
    this.routedCalls.push({
      method: url.pathname.slice("/api/".length),
      at: this.now(),
      teamId: fake.teamId,
      tokenOwner: known.owner,
    });
    await fake.handle(req, res, body);
  }

  /** null when `token` may act in `fake`'s workspace, else Slack's error. */
  private check(token: string, fake: FakeSlack): string | null {
    const known = this.tokens.get(token);
    if (!known || known.kind !== "bot") return "invalid_auth";
    if (known.revoked) return "token_revoked";
    if (known.expiresAt !== null && this.now() >= known.expiresAt) return "token_expired";
    const mine = known.owner === fake.teamId || known.owner === fake.enterpriseId;
    return mine ? null : "invalid_auth";
  }

  private nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }
}
