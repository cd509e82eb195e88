import { randomBytes } from "node:crypto";
import { LogLevel, type Logger } from "@slack/bolt";
import type { Config } from "../../src/config.ts";
import { startGreenlight, type RunningGreenlight } from "../../src/runtime.ts";
import {
  FakeSlackGrid,
  fakeUser,
  SlackClientSim,
  type FakeChannel,
  type FakeSlack,
  type FakeUser,
} from "../../src/sandbox/index.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { SIGNING_SECRET, TestClock } from "./harness.ts";

export const CLIENT_ID = "1234567890.9876543210";
export const CLIENT_SECRET = "clientsecret0123456789abcdef";
export const STATE_SECRET = "statesecret-0123456789-abcdef";
export const ENCRYPTION_KEY = randomBytes(32).toString("base64");

/** The app's configuration in many-workspace mode (OAuth installs, no bot token), over HTTP. */
export function oauthConfig(
  databaseUrl: string,
  slackApiUrl: string,
  logLevel: Config["logLevel"],
): Config {
  return {
    mode: "http",
    botToken: undefined,
    signingSecret: SIGNING_SECRET,
    appToken: undefined,
    databaseUrl,
    port: 0,
    slackApiUrl,
    logLevel,
    oauth: {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      stateSecret: STATE_SECRET,
      encryptionKey: Buffer.from(ENCRYPTION_KEY, "base64"),
    },
  };
}

/** People and channels of one workspace; ids carry the team's letter so none is shared. */
function workspace(letter: string): { users: FakeUser[]; channels: FakeChannel[]; bot: string } {
  const bot = `U${letter}BOT`;
  const person = (name: string, extra: Partial<FakeUser> = {}): FakeUser =>
    fakeUser(`U${letter}${name.toUpperCase()}`, name, name, "Europe/Paris", 3600, extra);
  const users = [
    person("ann", { is_admin: true, is_owner: true }),
    person("ben"),
    person("cid"),
    { ...person("greenlight", { is_bot: true }), id: bot },
  ];
  const channels: FakeChannel[] = [
    {
      id: `C${letter}GENERAL`,
      name: "general",
      is_private: false,
      members: users.map((u) => u.id),
    },
  ];
  return { users, channels, bot };
}

/** A browser: cookies per origin (host and port), redirects not followed. */
export class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  constructor(extraCookies: Record<string, string> = {}) {
    for (const [origin, cookie] of Object.entries(extraCookies)) this.setCookie(origin, cookie);
  }

  setCookie(origin: string, header: string): void {
    const [pair, ...attributes] = header.split(";");
    const [name, ...value] = (pair ?? "").trim().split("=");
    if (!name) return;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
    if (expired) jar.delete(name);
    else jar.set(name, value.join("="));
    this.jars.set(origin, jar);
  }

  cookieHeader(origin: string): string {
    return [...(this.jars.get(origin) ?? new Map<string, string>()).entries()]
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
  }

  async get(url: string): Promise<{ status: number; location: string | null; body: string }> {
    const origin = new URL(url).origin;
    const response = await fetch(url, {
      redirect: "manual",
      headers: { cookie: this.cookieHeader(origin) },
    });
    for (const header of response.headers.getSetCookie()) this.setCookie(origin, header);
    return {
      status: response.status,
      location: response.headers.get("location"),
      body: await response.text(),
    };
  }
}

export interface InstallHarness {
  grid: FakeSlackGrid;
  teamA: FakeSlack;
  teamB: FakeSlack;
  slackA: SlackClientSim;
  slackB: SlackClientSim;
  app: RunningGreenlight;
  appUrl: string;
  config: Config;
  clock: TestClock;
  testDb: TestDatabase;
  logs: string[];
  startReplica(): Promise<RunningGreenlight>;
  /** The whole install as Slack and a browser do it; returns the final page. */
  install(
    team: FakeSlack,
    userId: string,
    options?: { orgWide?: boolean; browser?: Browser },
  ): Promise<{ status: number; body: string; redirect: string; browser: Browser }>;
  close(): Promise<void>;
}

/** A logger that keeps every line, at every level (for the no-token-in-logs check). */
function collectingLogger(lines: string[]): Logger {
  let level = LogLevel.DEBUG;
  const keep =
    (prefix: string) =>
    (...messages: unknown[]) => {
      lines.push(
        `${prefix} ${messages.map((m) => (typeof m === "string" ? m : (JSON.stringify(m) ?? String(m)))).join(" ")}`,
      );
    };
  return {
    debug: keep("debug"),
    info: keep("info"),
    warn: keep("warn"),
    error: keep("error"),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

export async function startInstallHarness(
  options: { tokenRotation?: boolean; now?: string; enterpriseId?: string } = {},
): Promise<InstallHarness> {
  const clock = new TestClock(new Date(options.now ?? "2026-11-23T10:00:00Z"));
  const grid = new FakeSlackGrid({
    signingSecret: SIGNING_SECRET,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    tokenRotation: options.tokenRotation ?? false,
  });
  const a = workspace("A");
  const b = workspace("B");
  const teamA = grid.addTeam({
    teamId: "TA0001",
    teamName: "Agency A",
    users: a.users,
    channels: a.channels,
    botUserId: a.bot,
    ...(options.enterpriseId ? { enterpriseId: options.enterpriseId } : {}),
  });
  const teamB = grid.addTeam({
    teamId: "TB0002",
    teamName: "Brand B",
    users: b.users,
    channels: b.channels,
    botUserId: b.bot,
    ...(options.enterpriseId ? { enterpriseId: options.enterpriseId } : {}),
  });
  await grid.start();
  const testDb = await createTestDatabase();
  const logs: string[] = [];
  const config = oauthConfig(testDb.url, grid.apiUrl, "debug");
  const replicas: RunningGreenlight[] = [];
  const start = async () => {
    const running = await startGreenlight({
      config,
      database: await testDb.open(),
      clock: clock.now,
      processBeforeResponse: true,
      host: "127.0.0.1",
      logger: collectingLogger(logs),
    });
    replicas.push(running);
    return running;
  };
  const app = await start();
  const appUrl = `http://127.0.0.1:${app.port}`;
  grid.redirectUri = `${appUrl}/slack/oauth_redirect`;
  const sim = (fake: FakeSlack) =>
    new SlackClientSim({
      appUrl: `${appUrl}/slack/events`,
      signingSecret: SIGNING_SECRET,
      fake,
      // What a command does after its answer has reached the fake when it returns.
      workAfterAnswers: (triggerId) => app.built.answeredWorkDone(triggerId),
    });

  return {
    grid,
    teamA,
    teamB,
    slackA: sim(teamA),
    slackB: sim(teamB),
    app,
    appUrl,
    config,
    clock,
    testDb,
    logs,
    startReplica: start,
    async install(team, userId, installOptions = {}) {
      const browser =
        installOptions.browser ??
        new Browser({
          [grid.url]: grid.sessionCookie(team.teamId, userId, installOptions.orgWide ?? false),
        });
      const start = await browser.get(`${appUrl}/slack/install`);
      if (start.status !== 302 || !start.location) {
        throw new Error(`/slack/install answered ${start.status}: ${start.body}`);
      }
      const authorize = await browser.get(start.location);
      if (authorize.status !== 302 || !authorize.location) {
        throw new Error(`Slack's authorize page answered ${authorize.status}: ${authorize.body}`);
      }
      const done = await browser.get(authorize.location);
      return { status: done.status, body: done.body, redirect: authorize.location, browser };
    },
    async close() {
      for (const running of replicas) await running.stop();
      await grid.stop();
      await testDb.drop();
    },
  };
}
