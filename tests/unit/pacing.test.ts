import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SlackPacer, TokenBucket } from "../../src/slack/pacing.ts";

// Fake timers and a clock that follows them: the order of calls is checked, never a duration.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** How many of `takes` have resolved. */
function counter(takes: Array<Promise<void>>) {
  let done = 0;
  for (const take of takes) void take.then(() => (done += 1));
  return () => done;
}

describe("the Slack pacer", () => {
  it("lets the burst (minus what it keeps in hand) go at once, then one call per refill", async () => {
    const bucket = new TokenBucket({ perSecond: 50, burst: 50 }, () => Date.now());
    const done = counter(Array.from({ length: 50 }, () => bucket.take()));
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(45); // five kept in hand for the clocks
    await vi.advanceTimersByTimeAsync(21); // one token at 49/s takes about 20.4 ms
    expect(done()).toBe(46);
    await vi.advanceTimersByTimeAsync(200);
    expect(done()).toBe(50);
  });

  it("waits out a 429: nothing goes before Retry-After", async () => {
    const bucket = new TokenBucket({ perSecond: 5, burst: 5 }, () => Date.now());
    bucket.pause(1_000);
    const done = counter([bucket.take()]);
    await vi.advanceTimersByTimeAsync(999);
    expect(done()).toBe(0);
    await vi.advanceTimersByTimeAsync(300);
    expect(done()).toBe(1);
  });

  it("paces each team on its own and leaves other methods alone", async () => {
    const pacer = new SlackPacer({ "chat.postMessage": { perSecond: 1, burst: 1 } });
    const done = counter([
      pacer.take("T1", "chat.postMessage"),
      pacer.take("T1", "chat.postMessage"),
      pacer.take("T2", "chat.postMessage"),
      pacer.take("T1", "chat.update"),
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(3); // T1's second post waits for its turn
  });

  it("stays within Slack's window when the first calls reach Slack later than their turns", async () => {
    // Slack's side, as the fake Slack (and Slack) count: a bucket of 50 at 50 a
    // second that starts full when the first call *arrives*, refilled continuously.
    const remote = { tokens: 50, at: -1 };
    let refused = 0;
    const arrive = () => {
      const t = Date.now();
      if (remote.at < 0) remote.at = t;
      remote.tokens = Math.min(50, remote.tokens + ((t - remote.at) / 1000) * 50);
      remote.at = t;
      if (remote.tokens < 1) refused += 1;
      else remote.tokens -= 1;
    };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const pacer = new SlackPacer({ "chat.postMessage": { perSecond: 50, burst: 50 } }, () =>
      Date.now(),
    );
    // 16 posts in flight; the first ledger writes (cold connections, a busy
    // machine) take 400 ms, later ones 2 ms; each call is answered 100 ms later.
    let posts = 300;
    let firstWrites = 16;
    const worker = async () => {
      for (; posts > 0; posts -= 1) {
        await pacer.take("T1", "chat.postMessage");
        await sleep(firstWrites-- > 0 ? 400 : 2);
        await pacer.send("T1", "chat.postMessage");
        arrive();
        await sleep(100);
      }
    };
    const run = Promise.all(Array.from({ length: 16 }, worker));
    await vi.advanceTimersByTimeAsync(20_000);
    await run;
    expect(posts).toBeLessThanOrEqual(0);
    expect(refused).toBe(0);
  });

  it("lets a send go at once when nothing bunched", async () => {
    const pacer = new SlackPacer({ "chat.postMessage": { perSecond: 5, burst: 5 } }, () =>
      Date.now(),
    );
    await pacer.take("T1", "chat.postMessage");
    const done = counter([pacer.send("T1", "chat.postMessage")]);
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(1);
  });
});
