/**
 * The least a Slack can do, in a process of its own (started with
 * `startBareSlack` in bench/support.ts): a bare `node:http` server that reads
 * each request's body, parses it (JSON or a form, as its content type says)
 * and answers `{"ok":true,"channel":…,"ts":…}`, BENCH_LATENCY_MS later (at
 * once when 0). No token, no limits, no checks: nothing a real or fake Slack
 * could do with less. It tells its parent its port, and stops when the
 * parent sends it anything.
 *
 * Used for the floors under the app's Slack calls: bench/slack-call-cost.ts
 * (CPU per call; none of this process's counts there) and this machine's
 * floor in bench/digest-many-teams.ts.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 0);
let ts = 0;

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    let channel = "";
    try {
      const fields: unknown = request.headers["content-type"]?.startsWith("application/json")
        ? JSON.parse(body)
        : Object.fromEntries(new URLSearchParams(body));
      channel = String((fields as { channel?: unknown }).channel ?? "");
    } catch {
      response.writeHead(400, { "content-type": "application/json; charset=utf-8" });
      response.end('{"ok":false,"error":"invalid_json"}');
      return;
    }
    ts += 1;
    const answer = () =>
      response
        .writeHead(200, { "content-type": "application/json; charset=utf-8" })
        .end(
          JSON.stringify({ ok: true, channel, ts: `1700000000.${String(ts).padStart(6, "0")}` }),
        );
    if (latencyMs > 0) setTimeout(answer, latencyMs);
    else answer();
  });
});

server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on("message", () => server.close(() => process.exit(0)));
