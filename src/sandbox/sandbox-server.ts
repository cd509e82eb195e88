/**
 * The local sandbox: Greenlight plus a small Slack-like web page on the
 * app's own HTTP server, for trying the app without a Slack workspace.
 *
 * - `/sandbox` serves the page (vanilla HTML/JS/CSS from ./page).
 * - `/sandbox/api/*` and `/sandbox/response/*` are the strict fake Slack
 *   (FakeSlack) the app's Web API client talks to (config.slackApiUrl).
 * - `/sandbox/state`, `/sandbox/command`, `/sandbox/click`, `/sandbox/submit`,
 *   `/sandbox/close`, `/sandbox/jobs/<name>` and `/sandbox/reset` are the
 *   page's JSON endpoints. Commands, clicks and submissions go to the app as
 *   Slack sends them: signed, through `POST /slack/events` (SlackClientSim).
 *
 * Nothing in the app knows it runs in the sandbox.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "@slack/bolt";
import type { Config, LogLevelName } from "../config.ts";
import { createTeamIfMissing, adoptFirstUserTimezone } from "../features/settings/store.ts";
import { startGreenlight, type RunningGreenlight, type StartOptions } from "../runtime.ts";
import { JOB_NAMES, type JobName } from "../scheduler/job.ts";
import { findJob } from "../scheduler/registry.ts";
import { schedulerService } from "../scheduler/scheduler.ts";
import type { RouteHandler } from "../server.ts";
import {
  defaultUsers,
  FakeSlack,
  type FakeChannel,
  type FakeUser,
  type FakeView,
} from "./fake-slack.ts";
import { SlackClientSim, type ClickTarget } from "./slack-client.ts";

export const SANDBOX_TEAM_ID = "T_SANDBOX";
export const SANDBOX_TEAM_NAME = "Greenlight Sandbox";
export const SANDBOX_SIGNING_SECRET = "sandboxsigningsecret0000";
export const SANDBOX_PATH = "/sandbox";
const BOT_USER_ID = "U_GREENLIGHT";

/** The people one can act as, with what the walkthrough has them become. */
export const SANDBOX_PEOPLE: ReadonlyArray<{ id: string; hint: string }> = [
  { id: "U_ALICE", hint: "manager-to-be" },
  { id: "U_BOB", hint: "approver-to-be" },
  { id: "U_CAROL", hint: "creator" },
  { id: "U_DAVE", hint: "analyst" },
];

function sandboxUsers(): FakeUser[] {
  const wanted = new Set([...SANDBOX_PEOPLE.map((p) => p.id), BOT_USER_ID]);
  return defaultUsers(BOT_USER_ID).filter((user) => wanted.has(user.id));
}

function sandboxChannels(): FakeChannel[] {
  const everyone = SANDBOX_PEOPLE.map((p) => p.id);
  return [
    { id: "C_GENERAL", name: "general", is_private: false, members: [...everyone, BOT_USER_ID] },
    { id: "C_SOCIAL", name: "social-media", is_private: false, members: everyone },
    { id: "G_LEADS", name: "leads", is_private: true, members: ["U_ALICE", "U_BOB"] },
  ];
}

// ---------------------------------------------------------------- command text

/**
 * What Slack sends for a command typed with `should_escape: true`: `&`, `<`
 * and `>` escaped, `@name` turned into `<@U…|name>`, `#name` into
 * `<#C…|name>`, `@channel`/`@here`/`@everyone` into `<!channel>` etc.
 * Names match a person's handle, display name or first name, case-insensitively.
 */
export function slackifyCommandText(
  text: string,
  users: readonly FakeUser[],
  channels: readonly FakeChannel[],
): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const withPeople = escaped.replace(
    /(^|[\s(])@([\w.-]+)/g,
    (whole, before: string, name: string) => {
      const lower = name.toLowerCase();
      if (["channel", "here", "everyone"].includes(lower)) return `${before}<!${lower}>`;
      const user = users.find(
        (u) =>
          !u.deleted &&
          (u.name.toLowerCase() === lower ||
            (u.display_name ?? "").toLowerCase() === lower ||
            u.real_name.split(" ")[0]?.toLowerCase() === lower),
      );
      return user ? `${before}<@${user.id}|${user.name}>` : whole;
    },
  );
  return withPeople.replace(/(^|[\s(])#([\w-]+)/g, (whole, before: string, name: string) => {
    const channel = channels.find((c) => c.name.toLowerCase() === name.toLowerCase());
    return channel ? `${before}<#${channel.id}|${channel.name}>` : whole;
  });
}

// ---------------------------------------------------------------- HTTP helpers

// From the project root, so that the compiled dist/sandbox/ finds the page
// in src/ as well (tsc does not copy it).
const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../src/sandbox/page");
const STATIC: Record<string, { file: string; type: string }> = {
  "": { file: "index.html", type: "text/html; charset=utf-8" },
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    })
    .end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw.trim() === "") return {};
  const parsed: unknown = JSON.parse(raw);
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

function text(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  return typeof value === "string" ? value : "";
}

function listenOn(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

// ---------------------------------------------------------------- the sandbox

/** A reply Slack shows itself: the body of a command's ack, or its failure. */
interface LocalEphemeral {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: unknown[];
}

export interface SandboxOptions {
  /** 0 picks a free port. */
  port: number;
  databaseUrl: string;
  /** Where to listen; every interface by default (as `npm start`). */
  host?: string;
  logLevel?: LogLevelName;
  logger?: Logger;
  /** Run the scheduler beside the app (default true). */
  scheduler?: boolean;
}

export interface RunningSandbox {
  /** The page, e.g. http://localhost:3000/sandbox */
  url: string;
  port: number;
  fake: FakeSlack;
  slack: SlackClientSim;
  greenlight: RunningGreenlight;
  config: Config;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const host = options.host;
  const fake = new FakeSlack({
    signingSecret: SANDBOX_SIGNING_SECRET,
    teamId: SANDBOX_TEAM_ID,
    teamName: SANDBOX_TEAM_NAME,
    botUserId: BOT_USER_ID,
    users: sandboxUsers(),
    channels: sandboxChannels(),
  });
  const local: LocalEphemeral[] = [];
  let running: RunningGreenlight | null = null;
  const routes = new SandboxRoutes(fake, local, () => {
    if (!running) throw new Error("the app is still starting");
    return running;
  });

  // startGreenlight calls Bolt's app.init() (auth.test) before its server
  // listens, so the fake cannot answer from the app's server yet. A bootstrap
  // listener holds the port and serves the fake until auth.test arrives, then
  // stops listening so the app's own server takes the port over.
  const bootstrap = createServer((req, res) => {
    res.setHeader("connection", "close");
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === `${SANDBOX_PATH}/api/auth.test`) bootstrap.close();
    if (!path.startsWith(`${SANDBOX_PATH}/api/`) && !path.startsWith(`${SANDBOX_PATH}/response/`)) {
      sendJson(res, 503, { ok: false, error: "starting" });
      return;
    }
    void routes.route(req, res);
  });
  const port = await listenOn(bootstrap, options.port, host);
  // The app calls its own server: loopback, whatever interface it listens on.
  const loopback = `http://127.0.0.1:${port}`;
  fake.mountAt(`${loopback}${SANDBOX_PATH}`);
  routes.slack = new SlackClientSim({
    appUrl: `${loopback}/slack/events`,
    signingSecret: SANDBOX_SIGNING_SECRET,
    fake,
  });
  const config: Config = {
    mode: "sandbox",
    botToken: "xoxb-sandbox",
    signingSecret: SANDBOX_SIGNING_SECRET,
    appToken: undefined,
    databaseUrl: options.databaseUrl,
    port,
    slackApiUrl: fake.apiUrl,
    logLevel: options.logLevel ?? "info",
  };
  const startOptions: StartOptions = {
    config,
    extraRoutes: [routes.route],
    services: options.scheduler === false ? [] : [schedulerService],
    ...(host ? { host } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  try {
    running = await startGreenlight(startOptions);
  } finally {
    if (bootstrap.listening) bootstrap.close();
    bootstrap.closeAllConnections();
  }
  const greenlight = running;
  return {
    url: `http://localhost:${greenlight.port}${SANDBOX_PATH}`,
    port: greenlight.port,
    fake,
    slack: routes.slack,
    greenlight,
    config,
    stop: () => greenlight.stop(),
  };
}

/** The page's endpoints; `route` is the server's extra route. */
class SandboxRoutes {
  private localSequence = 0;
  /** Set once the port is known. */
  slack!: SlackClientSim;

  constructor(
    private readonly fake: FakeSlack,
    private readonly local: LocalEphemeral[],
    private readonly app: () => RunningGreenlight,
  ) {}

  readonly route: RouteHandler = async (req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    if (url.pathname !== SANDBOX_PATH && !url.pathname.startsWith(`${SANDBOX_PATH}/`)) return false;
    const sub = url.pathname.slice(SANDBOX_PATH.length);

    // The fake Slack Web API and response_urls.
    if (sub.startsWith("/api/") || sub.startsWith("/response/")) {
      req.url = `${sub}${url.search}`;
      return this.fake.handle(req, res);
    }

    const file = STATIC[sub];
    if (file && req.method === "GET") {
      const body = await readFile(join(PAGE_DIR, file.file));
      res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(body);
      return true;
    }

    if (sub === "/state" && req.method === "GET") {
      sendJson(res, 200, this.state(url.searchParams.get("as") ?? ""));
      return true;
    }
    if (req.method !== "POST") return false;
    let body: Record<string, unknown>;
    try {
      body = await readJson(req);
    } catch {
      sendJson(res, 400, { ok: false, error: "invalid_json" });
      return true;
    }
    const as = text(body, "as");
    if (!sub.startsWith("/jobs/") && sub !== "/reset" && !this.isPerson(as)) {
      sendJson(res, 400, { ok: false, error: `unknown person "${as}"` });
      return true;
    }
    try {
      switch (sub) {
        case "/command":
          sendJson(res, 200, await this.command(as, body));
          return true;
        case "/click":
          sendJson(res, 200, await this.click(as, body));
          return true;
        case "/submit":
          sendJson(res, 200, await this.submit(as, body));
          return true;
        case "/close":
          sendJson(res, 200, await this.close(as, body));
          return true;
        case "/home":
          sendJson(res, 200, await this.openHome(as));
          return true;
        case "/reset":
          sendJson(res, 200, await this.reset());
          return true;
        default:
          if (sub.startsWith("/jobs/")) {
            sendJson(res, 200, await this.runJob(sub.slice("/jobs/".length)));
            return true;
          }
          return false;
      }
    } catch (error) {
      // Something a person could not do in Slack (an empty required field, a
      // button that is gone): the page shows the reason.
      sendJson(res, 400, {
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
      return true;
    }
  };

  private isPerson(userId: string): boolean {
    return SANDBOX_PEOPLE.some((p) => p.id === userId);
  }

  // -------------------------------------------------------------- state

  private state(as: string): Record<string, unknown> {
    const fake = this.fake;
    const me = this.isPerson(as) ? as : (SANDBOX_PEOPLE[0]?.id ?? "");
    const dmId = fake.dmIdFor(me);
    const mine = fake.ephemeralsTo(me);
    const messagesOf = (channel: string) =>
      [
        ...fake.messagesIn(channel).map((m) => ({
          ts: m.ts,
          user: m.user,
          text: m.text ?? "",
          blocks: m.blocks ?? null,
          edited: m.edited !== undefined,
          ephemeral: false,
        })),
        ...[...mine, ...this.local.filter((l) => l.user === me)]
          .filter((e) => e.channel === channel)
          .map((e) => ({
            ts: e.ts,
            user: BOT_USER_ID,
            text: e.text ?? "",
            blocks: e.blocks ?? null,
            edited: false,
            ephemeral: true,
          })),
      ].sort((a, b) => Number(a.ts) - Number(b.ts));
    const conversations = [
      ...fake.channels
        .filter((c) => c.members.includes(me))
        .map((c) => ({
          id: c.id,
          kind: "channel",
          name: c.name,
          isPrivate: c.is_private,
          botIsMember: c.members.includes(fake.botUserId),
          messages: messagesOf(c.id),
        })),
      {
        id: dmId,
        kind: "dm",
        name: fake.user(fake.botUserId)?.real_name ?? "Greenlight",
        isPrivate: true,
        botIsMember: true,
        messages: messagesOf(dmId),
      },
    ];
    const stack = fake.openViews(me);
    return {
      team: { id: fake.teamId, name: fake.teamName },
      botUserId: fake.botUserId,
      me,
      people: SANDBOX_PEOPLE.map((p) => {
        const user = fake.user(p.id);
        return {
          id: p.id,
          name: user?.name ?? p.id,
          realName: user?.real_name ?? p.id,
          tz: user?.tz ?? "UTC",
          hint: p.hint,
        };
      }),
      users: fake.users.map((u) => ({
        id: u.id,
        name: u.name,
        realName: u.real_name,
        isBot: u.is_bot,
        deleted: u.deleted,
        tz: u.tz,
      })),
      channels: fake.channels.map((c) => ({ id: c.id, name: c.name, isPrivate: c.is_private })),
      conversations,
      modal: stack.at(-1) ?? null,
      modalDepth: stack.length,
      home: fake.homeView(me) ?? null,
      jobs: JOB_NAMES,
    };
  }

  // -------------------------------------------------------------- actions

  private async command(as: string, body: Record<string, unknown>): Promise<unknown> {
    const channel = text(body, "channel") || "C_GENERAL";
    const typed = text(body, "text").trim();
    const match = /^(\/[\w-]+)\s*([\s\S]*)$/.exec(typed);
    if (!match) return { ok: false, error: "Type a slash command, e.g. /greenlight help" };
    const [, command = "", rest = ""] = match;
    if (
      !["/propose", "/role", "/calendar", "/webcare", "/metrics", "/greenlight"].includes(command)
    ) {
      this.addLocal(
        as,
        channel,
        `${command} is not a valid command. In Slack, all messages that start with "/" are interpreted as commands.`,
      );
      return { ok: true };
    }
    const sent = slackifyCommandText(rest, this.fake.users, this.fake.channels);
    const response = await this.slack.command(as, command, sent, { channelId: channel });
    if (response.status !== 200) {
      this.addLocal(
        as,
        channel,
        `${command} failed with the error "dispatch_failed" (HTTP ${response.status})`,
      );
    } else if (response.body.trim() !== "" && response.json === undefined) {
      // A plain-text ack body: Slack shows it to the caller only. (A JSON
      // reply is shown by the fake Slack itself, see SlackClientSim.command.)
      this.addLocal(as, channel, response.body);
    }
    return { ok: true, status: response.status, sent: `${command} ${sent}`.trim() };
  }

  private addLocal(user: string, channel: string, textValue: string, blocks?: unknown[]): void {
    this.localSequence += 1;
    const ts = `${Math.floor(Date.now() / 1000)}.${String(999000 + (this.localSequence % 1000)).padStart(6, "0")}`;
    this.local.push({ user, channel, ts, text: textValue, ...(blocks ? { blocks } : {}) });
  }

  private async click(as: string, body: Record<string, unknown>): Promise<unknown> {
    const actionId = text(body, "actionId");
    const viewId = text(body, "viewId");
    const channel = text(body, "channel");
    const ts = text(body, "ts");
    let target: ClickTarget | undefined;
    if (viewId) target = this.fake.view(viewId);
    else if (body.ephemeral === true)
      target = this.fake.ephemeralsTo(as).find((e) => e.channel === channel && e.ts === ts);
    else target = this.fake.messagesIn(channel).find((m) => m.ts === ts);
    if (!target) throw new Error("That message or view is gone.");
    const response = await this.slack.clickButton(as, target, actionId);
    return { ok: response.status === 200, status: response.status };
  }

  private async submit(as: string, body: Record<string, unknown>): Promise<unknown> {
    const view = this.ownView(as, text(body, "viewId"));
    const values =
      typeof body.values === "object" && body.values !== null
        ? (body.values as Record<string, unknown>)
        : {};
    const response = await this.slack.submitView(as, view, values);
    const answer = (response.json ?? {}) as { response_action?: unknown; errors?: unknown };
    return {
      ok: response.status === 200 && !response.viewError,
      status: response.status,
      viewError: response.viewError ?? null,
      errors: answer.response_action === "errors" ? (answer.errors ?? {}) : null,
    };
  }

  /** The Close button: the view leaves the stack; the app hears of it only if it asked. */
  private async close(as: string, body: Record<string, unknown>): Promise<unknown> {
    const view = this.ownView(as, text(body, "viewId"));
    if (view.notify_on_close === true) {
      const payload = {
        type: "view_closed",
        team: { id: this.fake.teamId, domain: this.fake.teamDomain },
        user: { id: as, name: this.fake.user(as)?.name ?? as, team_id: this.fake.teamId },
        api_app_id: this.fake.appId,
        token: "verification-token-unused",
        view,
        is_cleared: false,
      };
      await this.slack.post(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        "application/x-www-form-urlencoded",
      );
    }
    // An empty answer closes exactly this view, as Slack's client does on Close.
    this.fake.applyViewSubmissionResponse(view.id, 200, undefined);
    return { ok: true };
  }

  /** The person opens the app's Home tab: Slack sends app_home_opened. */
  private async openHome(as: string): Promise<unknown> {
    const home = this.fake.homeView(as);
    const response = await this.slack.event({
      type: "app_home_opened",
      user: as,
      channel: this.fake.dmIdFor(as),
      tab: "home",
      ...(home ? { view: home } : {}),
    });
    return { ok: response.status === 200, status: response.status };
  }

  private ownView(as: string, viewId: string): FakeView {
    const view = this.fake.openViews(as).find((v) => v.id === viewId);
    if (!view) throw new Error("This view is no longer open.");
    return view;
  }

  private async runJob(name: string): Promise<unknown> {
    const job = (JOB_NAMES as readonly string[]).includes(name)
      ? findJob(name as JobName)
      : undefined;
    if (!job) throw new Error(`unknown job "${name}"`);
    const deps = this.app().built.deps;
    const lines = await job.run(deps, deps.clock());
    return { ok: true, job: name, sent: lines };
  }

  /**
   * Forgets the sandbox team: every row of every table with a `teamId` column
   * for it (and what hangs off its proposals), its scheduler ledger rows, the
   * team itself, and everything the fake Slack recorded.
   */
  private async reset(): Promise<unknown> {
    const { database } = this.app();
    const teamId = this.fake.teamId;
    const db = database.db;
    const pg = database.provider === "postgresql";
    const columns: Array<{ tbl: string; col: string }> = pg
      ? await db.$queryRawUnsafe(
          `SELECT table_name AS tbl, column_name AS col FROM information_schema.columns WHERE table_schema = current_schema()`,
        )
      : await db.$queryRawUnsafe(
          `SELECT m.name AS tbl, p.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'`,
        );
    const tablesWith = (column: string) =>
      [...new Set(columns.filter((c) => c.col === column).map((c) => c.tbl))].filter(
        (t) => !t.startsWith("_"),
      );
    const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const p = (n: number) => (pg ? `$${n}` : "?");
    const deleted: Record<string, number> = {};
    await db.$transaction(async (tx) => {
      for (const table of tablesWith("proposalId").filter((t) => t !== "Proposal")) {
        deleted[table] = await tx.$executeRawUnsafe(
          `DELETE FROM ${q(table)} WHERE ${q("proposalId")} IN (SELECT ${q("id")} FROM ${q("Proposal")} WHERE ${q("teamId")} = ${p(1)})`,
          teamId,
        );
      }
      for (const table of tablesWith("teamId")) {
        deleted[table] = await tx.$executeRawUnsafe(
          `DELETE FROM ${q(table)} WHERE ${q("teamId")} = ${p(1)}`,
          teamId,
        );
      }
      deleted.JobRun = await tx.$executeRawUnsafe(
        `DELETE FROM ${q("JobRun")} WHERE ${q("scope")} = ${p(1)} OR substr(${q("scope")}, 1, ${teamId.length + 1}) = ${p(2)}`,
        teamId,
        `${teamId}/`,
      );
      deleted.Team = await tx.$executeRawUnsafe(
        `DELETE FROM ${q("Team")} WHERE ${q("id")} = ${p(1)}`,
        teamId,
      );
    });
    // The running app remembers it has met this team and will not create it
    // again: recreate it as first contact does, with the first person's timezone.
    await createTeamIfMissing(db, teamId);
    const first = this.fake.user(SANDBOX_PEOPLE[0]?.id ?? "");
    if (first) await adoptFirstUserTimezone(db, teamId, first.tz);
    this.fake.reset();
    this.local.length = 0;
    return { ok: true, deleted };
  }
}
