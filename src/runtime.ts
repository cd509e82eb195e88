import type { Server } from "node:http";
import type { Logger } from "@slack/bolt";
import { buildApp, type BuiltApp } from "./app.ts";
import type { Config } from "./config.ts";
import type { WorkLimits } from "./slack/work-gate.ts";
import { openDatabase, type Database } from "./db/database.ts";
import { markWorkspaceInstalled } from "./install/events.ts";
import { closeServer, createHttpServer, listen, type RouteHandler } from "./server.ts";

/** Something that runs beside the app and must stop cleanly (the scheduler). */
export interface Service {
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  /** An open database; by default the one DATABASE_URL names is opened (and migrated). */
  database?: Database;
  logger?: Logger;
  clock?: () => Date;
  processBeforeResponse?: boolean;
  workLimits?: WorkLimits;
  host?: string;
  extraRoutes?: RouteHandler[];
  /** Serve Slack requests for this team only (the sandbox). */
  onlyTeamId?: string;
  /** Services started once the app serves, stopped before the database closes. */
  services?: Array<(built: BuiltApp) => Service | Promise<Service>>;
}

export interface RunningGreenlight {
  port: number;
  built: BuiltApp;
  database: Database;
  /** Stop taking requests, let in-flight work finish, stop services, close the database. */
  stop(): Promise<void>;
}

export async function startGreenlight(options: StartOptions): Promise<RunningGreenlight> {
  const database = options.database ?? (await openDatabase(options.config.databaseUrl));
  const built = buildApp({
    config: options.config,
    database,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onlyTeamId ? { onlyTeamId: options.onlyTeamId } : {}),
    ...(options.processBeforeResponse !== undefined
      ? { processBeforeResponse: options.processBeforeResponse }
      : {}),
    ...(options.workLimits ? { workLimits: options.workLimits } : {}),
  });
  // A wrong GREENLIGHT_ENCRYPTION_KEY stops the start here, before anything is served.
  await built.installations?.checkKey(database.db);
  await built.app.init();
  const server: Server = createHttpServer({
    database,
    receiver: built.httpReceiver,
    installs: built.installations !== null,
    signingSecret: options.config.signingSecret,
    ...(options.onlyTeamId ? { onlyTeamId: options.onlyTeamId } : {}),
    ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
  });
  const port = await listen(server, options.config.port, options.host);
  if (built.socketReceiver) await built.app.start();
  // One workspace: the token works (init checked it), so its team is served
  // again if it was marked uninstalled. After listening, because the sandbox
  // serves its fake Slack API from this very server.
  if (!built.installations && options.config.botToken) {
    await markWorkspaceInstalled(built.deps, built.app.client);
  }

  const services: Service[] = [];
  for (const start of options.services ?? []) services.push(await start(built));

  let stopping: Promise<void> | null = null;
  return {
    port,
    built,
    database,
    stop() {
      stopping ??= (async () => {
        await closeServer(server);
        if (built.socketReceiver) await built.app.stop();
        const drained = await built.drain(10_000);
        if (!drained)
          built.deps.logger.warn("Stopped waiting for listeners still running after 10 s");
        for (const service of services.reverse()) await service.stop();
        await database.close();
      })();
      return stopping;
    },
  };
}
