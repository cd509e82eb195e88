/**
 * Pacing of Slack Web API calls, per workspace and per method: a token
 * bucket for each (team, method) that a sender takes a token from before each
 * call, so that a fan-out goes at the rate Slack allows instead of running
 * into a 429 and then waiting out a whole-second Retry-After. A 429 still
 * can happen (other replicas, other apps' traffic, a limit lower than
 * configured); the caller's own 429 handling stays behind this.
 *
 * Per process: replicas each pace themselves.
 *
 * Two gates per (team, method), both at the same pace:
 * - `take()`, the turn: a caller waits here before anything else (before the
 *   ledger records that its post starts), so the long waits of a fan-out
 *   happen while nothing is started;
 * - `send()`, the wire: right before the HTTP call. Slack counts calls when
 *   they *arrive* and starts its window at the first one; the work between a
 *   turn and the call (a database write, a cold connection) is not the same
 *   for every call, so turns alone let arrivals bunch: when the first calls
 *   go out later than their turns (cold start, a busy machine) the turn
 *   bucket's clock runs ahead of Slack's by that lag, and once the lag
 *   exceeds what is kept in hand Slack answers 429 (a whole second lost).
 *   The send bucket starts full and is only spent by calls that actually go
 *   out, so its clock starts with the first call, like Slack's; it rarely
 *   waits (only when calls bunch) and then only briefly.
 */

/** A rate: `perSecond` calls a second on average, at most `burst` at once. */
export interface Pace {
  perSecond: number;
  burst: number;
}

/**
 * chat.postMessage's workspace-wide pace when SLACK_POSTS_PER_SECOND is not
 * set. Slack documents about one message per second per channel and "a
 * workspace-wide limit" without a figure (a few hundred a minute in
 * practice): 5 a second (300 a minute) stays under it. A fan-out to N
 * channels posts one message per channel, so only this limit binds.
 */
export const DEFAULT_POST_PACE: Pace = { perSecond: 5, burst: 5 };

/**
 * Room kept for the clocks: Slack starts counting when the first call
 * arrives, and calls arrive a little earlier or later than they left (a
 * slower database write before one, a new connection), so the bucket runs
 * at 98 % of the pace and keeps a tenth of its burst (at least two calls) in
 * hand. At 50 a second this costs 2 % of the time plus 100 ms.
 */
const RATE_MARGIN = 0.98;
const burstInHand = (burst: number) => (burst > 2 ? Math.max(2, Math.ceil(burst / 10)) : 0);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One bucket; callers are served in the order they asked. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private tail: Promise<void> = Promise.resolve();
  private readonly perMs: number;
  private readonly burst: number;

  constructor(
    pace: Pace,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perMs = (pace.perSecond * RATE_MARGIN) / 1000;
    this.burst = Math.max(1, pace.burst - burstInHand(pace.burst));
    this.tokens = this.burst;
    this.last = now();
  }

  /** Resolves when this caller may make its call. */
  take(): Promise<void> {
    const turn = this.tail.then(() => this.next());
    this.tail = turn;
    return turn;
  }

  /** Slack said to wait: no call before `ms` from now, and the bucket starts empty then. */
  pause(ms: number): void {
    this.tokens = -ms * this.perMs;
    this.last = this.now();
  }

  private async next(): Promise<void> {
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(this.burst, this.tokens + (t - this.last) * this.perMs);
      this.last = t;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.max(1, Math.ceil((1 - this.tokens) / this.perMs)));
    }
  }
}

/** The buckets of one process, by (team, method): the turn's and the wire's. */
export class SlackPacer {
  private readonly buckets = new Map<string, { turns: TokenBucket; sends: TokenBucket }>();

  constructor(
    private readonly paces: Readonly<Record<string, Pace>>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  private pair(teamId: string, method: string) {
    const pace = this.paces[method];
    if (!pace) return null;
    const key = `${teamId}/${method}`;
    let pair = this.buckets.get(key);
    if (!pair) {
      pair = { turns: new TokenBucket(pace, this.now), sends: new TokenBucket(pace, this.now) };
      this.buckets.set(key, pair);
      // Bounded: a bucket left alone for a while is full again anyway, so the oldest may go.
      if (this.buckets.size > 10_000) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
    }
    return pair;
  }

  /** Waits for this team's turn to call `method` (at once for a method that is not paced). */
  async take(teamId: string, method: string): Promise<void> {
    await this.pair(teamId, method)?.turns.take();
  }

  /**
   * Right before the HTTP call, after `take()` and whatever the caller does
   * in between: waits until the call may go on the wire (usually at once).
   */
  async send(teamId: string, method: string): Promise<void> {
    await this.pair(teamId, method)?.sends.take();
  }

  /** Slack answered 429 with Retry-After `ms` for this team and method. */
  pause(teamId: string, method: string, ms: number): void {
    const pair = this.pair(teamId, method);
    pair?.turns.pause(ms);
    pair?.sends.pause(ms);
  }
}

/**
 * The process's pacer: chat.postMessage at `postsPerSecond` a workspace
 * (SLACK_POSTS_PER_SECOND; a second's worth at once), else the default.
 */
export function slackPacer(postsPerSecond?: number): SlackPacer {
  const posts =
    postsPerSecond === undefined
      ? DEFAULT_POST_PACE
      : { perSecond: postsPerSecond, burst: Math.max(1, Math.floor(postsPerSecond)) };
  return new SlackPacer({ "chat.postMessage": posts });
}
