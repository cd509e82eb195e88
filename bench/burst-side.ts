/**
 * The sender of load.ts's bursts, in a process of its own: it gets every
 * request of a burst ready-made (signed bodies and headers, built by the
 * bench's Slack client beforehand), sends them all at once over new
 * connections, and times each from its send to the last byte of its answer.
 *
 * Apart from the bench's main process because that one builds the requests,
 * checks each answer against Block Kit and serves the fake Slack the app
 * calls during the burst (views.update, chat.postMessage, response_urls):
 * on the same event loop, that work delayed the reading of the acks and
 * counted as the app's latency (200 submissions cost the bench's process
 * 0.5–0.7 s of CPU during the burst). Here a request costs the sender
 * little more than node:http's own work.
 *
 * Protocol (IPC): sends {ready} once ready; answers {type:"burst", url,
 * requests} with {results} in the order of `requests`; exits on {type:"stop"}.
 */
import { request as httpRequest } from "node:http";

export interface PreparedRequest {
  headers: Record<string, string>;
  body: string;
}

export interface BurstResult {
  ms: number;
  /** From the send to the connection's establishment (the app's accept backlog shows here). */
  connectMs: number;
  status: number;
  body: string;
}

export type BurstSideMessage =
  { type: "burst"; url: string; requests: PreparedRequest[] } | { type: "stop" };

function send(url: string, prepared: PreparedRequest): Promise<BurstResult> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(prepared.body, "utf8");
    const started = performance.now();
    let connectMs = Number.NaN;
    // A new connection per request (agent: false), as requests from Slack's
    // many senders arrive: every burst meets the same connection set-up.
    const req = httpRequest(
      url,
      {
        method: "POST",
        agent: false,
        headers: { ...prepared.headers, "content-length": String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            ms: performance.now() - started,
            connectMs,
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.once("socket", (socket) =>
      socket.once("connect", () => {
        connectMs = performance.now() - started;
      }),
    );
    req.on("error", reject);
    req.end(body);
  });
}

process.on("message", (message: BurstSideMessage) => {
  if (message.type === "stop") process.exit(0);
  const { url, requests } = message;
  void Promise.all(requests.map((prepared) => send(url, prepared))).then(
    (results) => process.send?.({ results }),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});

process.send?.({ ready: true });
