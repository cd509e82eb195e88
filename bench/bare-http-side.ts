/**
 * The least a Slack can do, in a process of its own, for the machine's floor
 * in bench/digest-many-teams.ts: a bare `node:http` server that reads each
 * request's JSON body and answers `{"ok":true}` LATENCY_MS later. No token,
 * no limits, no checks: nothing a real or fake Slack could do with less.
 * It tells its parent its port, then serves until killed.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 100);

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const ok = (() => {
      try {
        JSON.parse(Buffer.concat(chunks).toString("utf8"));
        return true;
      } catch {
        return false;
      }
    })();
    setTimeout(() => {
      response.writeHead(ok ? 200 : 400, { "content-type": "application/json" });
      response.end(ok ? '{"ok":true,"ts":"1.000001"}' : '{"ok":false,"error":"invalid_json"}');
    }, latencyMs);
  });
});

server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
