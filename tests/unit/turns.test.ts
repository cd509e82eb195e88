import { createServer, connect, type Server, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nextTurn, TURN_BUDGET_MS } from "../../src/shared/turns.ts";

// Steps of work after an ack (src/shared/turns.ts) share each turn of the
// event loop with the requests that arrive meanwhile. A loopback socket
// stands for a request arriving: its data is read in the poll phase.
let server: Server;
let client: Socket;
let received: () => void = () => {};

beforeEach(async () => {
  server = createServer((socket) => socket.on("data", () => received()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  client = connect(port, "127.0.0.1");
  await new Promise<void>((resolve) => client.once("connect", resolve));
});

afterEach(async () => {
  client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** CPU work longer than a turn's budget, as a SQLite statement or a render is. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe("nextTurn", () => {
  it("lets what arrived during a long step be read before the next waiting step", async () => {
    const order: string[] = [];
    received = () => order.push("request read");
    const step = async (name: string, sendsRequest: boolean) => {
      await nextTurn();
      order.push(name);
      if (sendsRequest) client.write("x");
      busyFor(TURN_BUDGET_MS * 3);
    };
    // Both wait for the same turn; the first step's request is ready before the second runs.
    await Promise.all([step("first step", true), step("second step", false)]);
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(["first step", "request read", "second step"]);
  });

  it("still runs every step while requests keep arriving each turn", async () => {
    let reads = 0;
    // A steady stream: each read triggers the next request.
    received = () => {
      reads += 1;
      client.write("x");
    };
    client.write("x");
    let done = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let i = 0; i < 3; i += 1) {
          await nextTurn();
          busyFor(TURN_BUDGET_MS);
        }
        done += 1;
      }),
    );
    received = () => {};
    expect(done).toBe(20);
    expect(reads).toBeGreaterThan(0);
  });

  it("runs several short steps in one turn", async () => {
    const order: string[] = [];
    received = () => order.push("request read");
    const step = async (name: string) => {
      await nextTurn();
      order.push(name);
      if (name === "a") client.write("x");
    };
    await Promise.all([step("a"), step("b"), step("c")]);
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(["a", "b", "c", "request read"]);
  });
});
