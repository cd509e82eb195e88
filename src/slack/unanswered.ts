import type { ServerResponse } from "node:http";

/**
 * Slack requests this process has begun to read and not yet answered. The
 * event loop is one for the whole process, so the count is too: work after
 * an ack that is about to start asks `quiet()` first, and acks (Slack waits
 * 3 s for them, nobody waits for background work) go first.
 */
export class Unanswered {
  private count = 0;
  private readonly waiters: Array<() => void> = [];

  /** Counts `res` until it is sent or its connection closes. */
  track(res: ServerResponse): void {
    this.count += 1;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.count -= 1;
      if (this.count === 0) this.waiters.splice(0).forEach((wake) => wake());
    };
    res.once("finish", end);
    res.once("close", end);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Resolves once no request is waiting for its answer, or after `maxMs`
   * at most: under a steady stream of requests, work must still progress.
   */
  quiet(maxMs: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const at = this.waiters.indexOf(wake);
        if (at >= 0) this.waiters.splice(at, 1);
        resolve();
      }, maxMs);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(wake);
    });
  }
}

/** The process's one count (one event loop). */
export const unanswered = new Unanswered();
