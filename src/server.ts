import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isValidSlackRequest, type BufferedIncomingMessage, type HTTPReceiver } from "@slack/bolt";
import type { Database } from "./db/database.ts";
import { INSTALL_PATH, REDIRECT_PATH } from "./install/pages.ts";
import { checkIncomingBody } from "./slack/incoming.ts";
import { noteAcceptedConnection } from "./shared/turns.ts";

/** Extra routes a mode adds (the sandbox serves its page and fake Slack here). */
export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
) => boolean | Promise<boolean>;

export interface ServerOptions {
  database: Database;
  receiver: HTTPReceiver | null;
  /** Checks signatures of malformed bodies before saying what is wrong with them. */
  signingSecret: string;
  extraRoutes?: RouteHandler[];
  /** True in many-workspace mode: GET /slack/install and /slack/oauth_redirect are served. */
  installs?: boolean;
  /** Serve Slack requests for this team only; any other gets 401 (the sandbox). */
  onlyTeamId?: string;
  /** How long /healthz waits for the database before answering 503. */
  healthTimeoutMs?: number;
}

/** Slack signs a timestamp; Bolt refuses old ones but accepts any in the future. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
/** Slack's own payloads stay far below this (a modal view is at most 250 kB). */
export const MAX_BODY_BYTES = 1024 * 1024;
const HEALTH_TIMEOUT_MS = 1500;

function timestampIsInTheFuture(req: IncomingMessage, nowMs: number): boolean {
  const header = req.headers["x-slack-request-timestamp"];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds - nowMs / 1000 > MAX_CLOCK_SKEW_SECONDS;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/**
 * Refuses a body over the limit as soon as it is known to be: from
 * Content-Length before reading anything, or, for a chunked body, at the
 * chunk that crosses the limit. The connection is closed after the answer,
 * so the rest is never read.
 */
function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("connection", "close");
  json(res, 413, { ok: false, error: "request_too_large" });
  res.once("finish", () => req.destroy());
}

/** The whole body, or null when it is over MAX_BODY_BYTES (413 already sent). */
async function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    tooLarge(req, res);
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      tooLarge(req, res);
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function signedBySlack(req: IncomingMessage, body: string, secret: string): boolean {
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return isValidSlackRequest({
    signingSecret: secret,
    body,
    headers: {
      "x-slack-signature": header("x-slack-signature") ?? "",
      "x-slack-request-timestamp": Number(header("x-slack-request-timestamp")),
    },
  });
}

function withTimeout(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

/**
 * Greenlight's HTTP server: Slack's requests at POST /slack/events (read
 * whole up to 1 MB, checked for Slack's shape, then verified and dispatched
 * by Bolt's receiver), GET /healthz, and whatever the mode adds.
 */
export function createHttpServer(options: ServerOptions): Server {
  const healthTimeoutMs = options.healthTimeoutMs ?? HEALTH_TIMEOUT_MS;
  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    try {
      if (path === "/healthz" && req.method === "GET") {
        // A database that stops answering must not hang the probe.
        const ok = await withTimeout(options.database.ping(), healthTimeoutMs);
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
        const body = await readBody(req, res);
        if (body === null) return;
        const raw = body.toString("utf8");
        const check = checkIncomingBody(raw, req.headers["content-type"]);
        if (!check.ok || (options.onlyTeamId && check.teamId !== options.onlyTeamId)) {
          // Bolt would answer an unsigned request 401; so do we, whatever its body.
          if (!signedBySlack(req, raw, options.signingSecret))
            return json(res, 401, { ok: false, error: "invalid_signature" });
          if (!check.ok) return json(res, 400, { ok: false, error: check.problem });
          return json(res, 401, { ok: false, error: "team_not_served" });
        }
        // Bolt reads a body already buffered from `rawBody` instead of the stream.
        (req as BufferedIncomingMessage).rawBody = body;
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
  // Work after the acks waits while a burst's connections are being accepted.
  server.on("connection", noteAcceptedConnection);
  return server;
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
