import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "./db/database.ts";
import type { HTTPReceiver } from "@slack/bolt";
import { INSTALL_PATH, REDIRECT_PATH } from "./install/pages.ts";

/** Extra routes a mode adds (the sandbox serves its page and fake Slack here). */
export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
) => boolean | Promise<boolean>;

export interface ServerOptions {
  database: Database;
  receiver: HTTPReceiver | null;
  extraRoutes?: RouteHandler[];
  /** True in many-workspace mode: GET /slack/install and /slack/oauth_redirect are served. */
  installs?: boolean;
}

/** Slack signs a timestamp; Bolt refuses old ones but accepts any in the future. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

function timestampIsInTheFuture(req: IncomingMessage, nowMs: number): boolean {
  const header = req.headers["x-slack-request-timestamp"];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds - nowMs / 1000 > MAX_CLOCK_SKEW_SECONDS;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/**
 * Greenlight's HTTP server: Slack's requests at POST /slack/events (verified
 * by Bolt's receiver), GET /healthz, and whatever the mode adds.
 */
export function createHttpServer(options: ServerOptions): Server {
  return createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    try {
      if (path === "/healthz" && req.method === "GET") {
        const ok = await options.database.ping();
        return json(
          res,
          ok ? 200 : 503,
          ok ? { ok: true } : { ok: false, error: "database_unreachable" },
        );
      }
      if (path === "/slack/events" && options.receiver) {
        if (req.method !== "POST")
          return json(res, 405, { ok: false, error: "method_not_allowed" });
        if (timestampIsInTheFuture(req, Date.now())) {
          return json(res, 401, { ok: false, error: "invalid_timestamp" });
        }
        return options.receiver.requestListener(req, res);
      }
      // Many-workspace mode: Bolt's InstallProvider serves the install and its callback.
      if (
        options.installs &&
        options.receiver &&
        req.method === "GET" &&
        (path === INSTALL_PATH || path === REDIRECT_PATH)
      ) {
        return options.receiver.requestListener(req, res);
      }
      for (const route of options.extraRoutes ?? []) {
        if (await route(req, res)) return;
      }
      json(res, 404, { ok: false, error: "not_found" });
    } catch (error) {
      if (!res.headersSent) json(res, 500, { ok: false, error: "internal_error" });
      else res.end();
      console.error(error);
    }
  });
}

export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
