import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Unanswered } from "../../src/slack/unanswered.ts";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe("requests waiting for their answer", () => {
  it("are counted from their arrival until they are answered; quiet() resolves then", async () => {
    const unanswered = new Unanswered();
    const held: Array<() => void> = [];
    server = createServer((_req, res) => {
      unanswered.track(res);
      held.push(() => res.end("ok"));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    const sent = [fetch(url), fetch(url)];
    await expect.poll(() => unanswered.size).toBe(2);
    let quiet = false;
    const waited = unanswered.quiet(60_000).then(() => (quiet = true));
    held.shift()?.();
    await (await sent[0]!).text();
    expect(unanswered.size).toBe(1);
    expect(quiet).toBe(false);
    held.shift()?.();
    await (await sent[1]!).text();
    await waited;
    expect(quiet).toBe(true);
    expect(unanswered.size).toBe(0);
  });

  it("quiet() gives up after its bound when requests keep waiting", async () => {
    const unanswered = new Unanswered();
    server = createServer((_req, res) => unanswered.track(res));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const pending = fetch(url).catch(() => null);
    await expect.poll(() => unanswered.size).toBe(1);
    await unanswered.quiet(20);
    expect(unanswered.size).toBe(1);
    server.closeAllConnections();
    await pending;
    await expect.poll(() => unanswered.size).toBe(0);
  });
});
