/**
 * The local sandbox: Greenlight plus a small Slack-like web page on the
 * app's own HTTP server, for trying the app without a Slack workspace.
 *
 * - `/sandbox` serves the page (vanilla HTML/JS/CSS from ./page).
 * - `/sandbox/api/*` and `/sandbox/response/*` are the strict fake Slack
 *   (FakeSlack) the app's Web API client talks to (config.slackApiUrl).
 * - `/sandbox/state`, `/sandbox/command`, `/sandbox/click`, `/sandbox/submit`,
 *   `/sandbox/close`, `/sandbox/jobs/<name>` and `/sandbox/reset` are the
 *   page's JSON endpoints (./routes.ts).
 *
 * The parts: the workspace (./workspace.ts), what Slack makes of typed
 * command text (./command-text.ts), the page's view of it all (./state.ts),
 * forgetting the team (./reset.ts). Nothing in the app knows it runs in the
 * sandbox.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { Logger } from "@slack/bolt";
import { sandboxRefusal, type Config, type LogLevelName } from "../config.ts";
import { startGreenlight, type RunningGreenlight, type StartOptions } from "../runtime.ts";
import { schedulerService } from "../scheduler/scheduler.ts";
import { listen } from "../server.ts";
import { FakeSlack } from "./fake-slack.ts";
import { sendJson } from "./http.ts";
import { SANDBOX_PATH, SandboxRoutes } from "./routes.ts";
import { SlackClientSim } from "./slack-client.ts";
import { LocalReplies } from "./state.ts";
import {
  SANDBOX_BOT_USER_ID,
  SANDBOX_TEAM_ID,
  SANDBOX_TEAM_NAME,
  sandboxChannels,
  sandboxUsers,
} from "./workspace.ts";

export { SANDBOX_PATH } from "./routes.ts";
export { SANDBOX_PEOPLE, SANDBOX_TEAM_ID, SANDBOX_TEAM_NAME } from "./workspace.ts";
/** Loopback only: the sandbox signs requests as anyone, so only this machine may reach it. */
export const SANDBOX_HOST = "127.0.0.1";

export interface SandboxOptions {
  /** 0 picks a free port. */
  port: number;
  /** A SQLite file (file:…); PostgreSQL is refused. */
  databaseUrl: string;
  logLevel?: LogLevelName;
  logger?: Logger;
  /** Run the scheduler beside the app (default true). */
  scheduler?: boolean;
}

export interface RunningSandbox {
  /** The page, e.g. http://127.0.0.1:3000/sandbox */
  url: string;
  port: number;
  fake: FakeSlack;
  slack: SlackClientSim;
  greenlight: RunningGreenlight;
  config: Config;
  stop(): Promise<void>;
}

/**
 * Starts the sandbox on 127.0.0.1, with a signing secret made now (never
 * written anywhere), serving T_SANDBOX only; its scheduler works for that
 * team alone. Refused on PostgreSQL and with NODE_ENV=production.
 */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const refusal = sandboxRefusal(options.databaseUrl, process.env.NODE_ENV);
  if (refusal) throw new Error(refusal);
  const signingSecret = randomBytes(24).toString("hex");
  const fake = new FakeSlack({
    signingSecret,
    teamId: SANDBOX_TEAM_ID,
    teamName: SANDBOX_TEAM_NAME,
    botUserId: SANDBOX_BOT_USER_ID,
    users: sandboxUsers(),
    channels: sandboxChannels(),
  });
  let running: RunningGreenlight | null = null;
  const routes = new SandboxRoutes(fake, new LocalReplies(), () => {
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
  const port = await listen(bootstrap, options.port, SANDBOX_HOST);
  const loopback = `http://${SANDBOX_HOST}:${port}`;
  fake.mountAt(`${loopback}${SANDBOX_PATH}`);
  routes.slack = new SlackClientSim({
    appUrl: `${loopback}/slack/events`,
    signingSecret,
    fake,
    // The page shows a command's answer when the command returns, work after its ack included.
    workAfterAnswers: async (triggerId) => running?.built.answeredWorkDone(triggerId),
  });
  const config: Config = {
    mode: "sandbox",
    botToken: "xoxb-sandbox",
    signingSecret,
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
    host: SANDBOX_HOST,
    onlyTeamId: SANDBOX_TEAM_ID,
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
    url: `http://${SANDBOX_HOST}:${greenlight.port}${SANDBOX_PATH}`,
    port: greenlight.port,
    fake,
    slack: routes.slack,
    greenlight,
    config,
    stop: () => greenlight.stop(),
  };
}
