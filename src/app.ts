import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger } from "@slack/bolt";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { Deps } from "./deps.ts";
import { EventBus } from "./events.ts";
import { registerHome } from "./features/home/home.ts";
import { registerMetrics } from "./features/metrics/commands.ts";
import { registerProposals } from "./features/proposals/commands.ts";
import { registerRoles } from "./features/roles/commands.ts";
import { registerSettings } from "./features/settings/commands.ts";
import { teamOnFirstContact } from "./features/settings/team.ts";
import { registerWebcare } from "./features/webcare/commands.ts";
import { singleWorkspaceClients } from "./install/clients.ts";
import { slackClientOptions } from "./slack/client.ts";
import { dropRepeatedEvents } from "./slack/dedupe.ts";
import { stripNulCharacters } from "./slack/sanitize.ts";

/** Each feature adds its listeners here; nothing feature-specific lives in this file. */
const FEATURES: Array<(app: App, deps: Deps) => void> = [
  registerRoles,
  registerSettings,
  registerProposals,
  registerWebcare,
  registerMetrics,
  registerHome,
];

export interface BuildOptions {
  config: Config;
  database: Database;
  logger?: Logger;
  clock?: () => Date;
  /**
   * Hold the HTTP response until the listener has finished. Tests turn it on
   * so every Slack call has happened when the request returns; in production
   * the ack goes out at once and the work continues.
   */
  processBeforeResponse?: boolean;
}

export interface BuiltApp {
  app: App;
  deps: Deps;
  /** The HTTP receiver in HTTP and sandbox modes (the server routes requests to it). */
  httpReceiver: HTTPReceiver | null;
  socketReceiver: SocketModeReceiver | null;
  /** Resolves when every listener that has started has finished. */
  drain(timeoutMs: number): Promise<boolean>;
}

const LEVELS: Record<Config["logLevel"], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

export function buildApp(options: BuildOptions): BuiltApp {
  const { config } = options;
  const logLevel = LEVELS[config.logLevel];
  const httpReceiver =
    config.mode === "socket"
      ? null
      : new HTTPReceiver({
          signingSecret: config.signingSecret,
          processBeforeResponse: options.processBeforeResponse ?? false,
          logLevel,
          ...(options.logger ? { logger: options.logger } : {}),
        });
  const socketReceiver =
    config.mode === "socket"
      ? new SocketModeReceiver({ appToken: config.appToken as string, logLevel })
      : null;
  const app = new App({
    token: config.botToken,
    receiver: (httpReceiver ?? socketReceiver) as HTTPReceiver,
    logLevel,
    ...(options.logger ? { logger: options.logger } : {}),
    deferInitialization: true,
    // Bounded retries (429s wait for Retry-After), a 15 s timeout, and no
    // repeat of a chat.postMessage whose outcome is unknown: src/slack/client.ts.
    clientOptions: slackClientOptions(config.slackApiUrl),
  });

  const deps: Deps = {
    db: options.database.db,
    clock: options.clock ?? (() => new Date()),
    logger: app.logger,
    events: new EventBus(),
    slackFor: singleWorkspaceClients(app.client),
  };

  // Count listeners in flight, so a shutdown can let them finish.
  let inFlight = 0;
  const idleWaiters: Array<() => void> = [];
  app.use(async ({ next }) => {
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
      if (inFlight === 0) idleWaiters.splice(0).forEach((wake) => wake());
    }
  });
  app.use(stripNulCharacters());
  app.use(dropRepeatedEvents(deps.db));
  app.use(teamOnFirstContact(deps));
  for (const register of FEATURES) register(app, deps);

  app.error(async (error) => {
    deps.logger.error(error);
  });

  return {
    app,
    deps,
    httpReceiver,
    socketReceiver,
    drain(timeoutMs) {
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
