import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger } from "@slack/bolt";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { Deps } from "./deps.ts";
import { EventBus } from "./events.ts";
import { registerGuidelines } from "./features/guidelines/commands.ts";
import { registerHome } from "./features/home/home.ts";
import { registerMetrics } from "./features/metrics/commands.ts";
import { registerProposals } from "./features/proposals/commands.ts";
import { registerRoles } from "./features/roles/commands.ts";
import { registerSuggestions } from "./features/suggestions/commands.ts";
import { registerSettings } from "./features/settings/commands.ts";
import { teamOnFirstContact } from "./features/settings/team.ts";
import { registerWebcare } from "./features/webcare/commands.ts";
import { singleWorkspaceClients, singleWorkspaceTokens, teamTokens } from "./install/clients.ts";
import { enterpriseOnFirstContact, registerInstallEvents } from "./install/events.ts";
import { Installations } from "./install/installations.ts";
import { oauthReceiverOptions } from "./install/oauth.ts";
import { withoutSecrets } from "./install/redact.ts";
import { teamClients } from "./install/team-clients.ts";
import { slackClientOptions } from "./slack/client.ts";
import { RecentLanguages } from "./i18n/recent.ts";
import { slackPacer } from "./slack/pacing.ts";
import { AfterAck } from "./slack/after-ack.ts";
import { boundWorkAfterAck } from "./slack/busy.ts";
import { answerEveryRequest } from "./slack/answer-every-request.ts";
import { dropRepeatedEvents } from "./slack/dedupe.ts";
import { DEFAULT_WORK_LIMITS, WorkGate, type WorkLimits } from "./slack/work-gate.ts";
import { stripNulCharacters } from "./slack/sanitize.ts";
import { routeRequests, type SlackRoutes } from "./slack/router.ts";

/** Each feature adds its listeners here; nothing feature-specific lives in this file. */
const FEATURES: Array<(routes: SlackRoutes, deps: Deps) => void> = [
  registerRoles,
  registerSettings,
  registerProposals,
  registerGuidelines,
  registerSuggestions,
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
  /** The local sandbox: its one team (scheduled jobs work for it alone). */
  onlyTeamId?: string;
  /** The bound on work after the ack (src/slack/work-gate.ts); tests make it small. */
  workLimits?: WorkLimits;
}

export interface BuiltApp {
  app: App;
  deps: Deps;
  /** The HTTP receiver in HTTP and sandbox modes (the server routes requests to it). */
  httpReceiver: HTTPReceiver | null;
  /** The installation store in many-workspace mode, else null. */
  installations: Installations | null;
  socketReceiver: SocketModeReceiver | null;
  /** Admits each request or answers "busy"; bounds what runs after the acks. */
  workGate: WorkGate;
  /** Resolves when every listener that has started has finished. */
  drain(timeoutMs: number): Promise<boolean>;
  /**
   * Resolves when the work left to run after answers (src/slack/busy.ts,
   * afterAnswer and ackThenWork) has ended: all of it, or only that of the
   * request with this trigger_id.
   */
  answeredWorkDone(triggerId?: string): Promise<void>;
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
  const logger = withoutSecrets(options.logger, logLevel);
  const clock = options.clock ?? (() => new Date());
  // Bounded retries (429s wait for Retry-After), a 15 s timeout, and no
  // repeat of a chat.postMessage whose outcome is unknown: src/slack/client.ts.
  const clientOptions = { ...slackClientOptions(config.slackApiUrl), logger };
  const installations = config.oauth
    ? new Installations({
        db: options.database.db,
        encryptionKey: config.oauth.encryptionKey,
        clientId: config.oauth.clientId,
        clientSecret: config.oauth.clientSecret,
        clientOptions,
        logger,
        clock,
      })
    : null;
  const httpReceiver =
    config.mode === "socket"
      ? null
      : new HTTPReceiver({
          signingSecret: config.signingSecret,
          processBeforeResponse: options.processBeforeResponse ?? false,
          logLevel,
          logger,
          // Many workspaces: Bolt's InstallProvider, built by the receiver from
          // these options (Bolt ignores the App's OAuth options when it is given
          // its receiver, and our server must route to this one).
          ...(config.oauth && installations
            ? oauthReceiverOptions({
                config: config.oauth,
                slackApiUrl: config.slackApiUrl,
                db: options.database.db,
                installations,
                clientOptions,
                logger,
              })
            : {}),
        });
  const socketReceiver =
    config.mode === "socket"
      ? new SocketModeReceiver({ appToken: config.appToken as string, logLevel })
      : null;
  const app = new App({
    ...(installations ? {} : { token: config.botToken }),
    receiver: (httpReceiver ?? socketReceiver) as HTTPReceiver,
    logLevel,
    logger,
    deferInitialization: true,
    // Bolt's conversation store (context.conversation) is unused here, and its
    // middleware made and rejected an Error with a stack trace for every request.
    convoStore: false,
    clientOptions,
  });

  const deps: Deps = {
    db: options.database.db,
    clock,
    logger: app.logger,
    events: new EventBus(),
    slackFor: installations
      ? teamClients(installations, clientOptions)
      : singleWorkspaceClients(app.client),
    slackTokenFor: installations
      ? teamTokens(installations, config.slackApiUrl)
      : singleWorkspaceTokens(app.client),
    recentLanguages: new RecentLanguages(),
    pacer: slackPacer(config.postsPerSecond),
    ...(options.onlyTeamId ? { onlyTeamId: options.onlyTeamId } : {}),
  };

  // Before answerEveryRequest wraps processEvent: "after the ack" is after the real one.
  const afterAck = new AfterAck(app, deps.logger);
  // First: it answers whatever the middleware and listeners after it leave unanswered.
  app.use(answerEveryRequest(app, deps.recentLanguages));
  app.use(stripNulCharacters());
  app.use(dropRepeatedEvents(deps.db));
  app.use(teamOnFirstContact(deps, afterAck));
  if (installations) app.use(enterpriseOnFirstContact(deps, afterAck));
  // One Bolt listener per kind of request, routing by id (src/slack/router.ts).
  const routes = routeRequests(app);
  for (const register of FEATURES) register(routes, deps);
  registerInstallEvents(routes, deps, installations);

  const workGate = new WorkGate(options.workLimits ?? DEFAULT_WORK_LIMITS);
  const answered = boundWorkAfterAck(app, workGate, deps.recentLanguages);

  app.error(async (error) => {
    deps.logger.error(error);
  });

  return {
    app,
    deps,
    installations,
    httpReceiver,
    socketReceiver,
    workGate,
    answeredWorkDone: (triggerId) => answered.answeredWorkDone(triggerId),
    drain(timeoutMs) {
      // Every request from its admission to its end, queued ones included.
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([
        workGate.idle().then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
    },
  };
}
