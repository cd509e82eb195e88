/**
 * A per-process bound on the work Greenlight does for Slack's requests.
 *
 * Slack waits for nothing but the acknowledgement (3 seconds); everything a
 * listener does after `ack()` (reading the database, rendering, calling Slack)
 * is work the process owes. Without a bound, a burst of commands piles that
 * work up in memory and starves the event loop, so acks themselves get slow.
 * The gate keeps two numbers:
 *
 * - `running`: how many requests may be past their ack at once; the others
 *   wait, in arrival order, for one of them to finish;
 * - `queued`: how many more may be admitted (waiting for a slot, or still
 *   before their ack). A request that finds `running + queued` already
 *   admitted is not admitted at all: the person gets a private "busy" answer
 *   and nothing is done or stored.
 *
 * Pure bookkeeping: no Slack, no Bolt, no timers.
 */
export interface WorkLimits {
  /** Requests past their ack that may run at once. */
  running: number;
  /** Further requests admitted and waiting (for a slot, or before their ack). */
  queued: number;
}

/**
 * Defaults for one process. Few at once: on SQLite the queries run on the
 * event loop itself, and every request running between two acks delays them
 * (measured on 2 shared cores, 200 /calendar month in flight: ack p99 3 s
 * with 2 running, 15 s with 4, 21 s with 16). 500 waiting hold a few
 * megabytes. `npm run bench` measures both.
 */
export const DEFAULT_WORK_LIMITS: WorkLimits = { running: 4, queued: 500 };

/** One admitted request. */
export interface WorkTicket {
  /** Resolves once the request holds a running slot (at once when one is free). */
  startWork(): Promise<void>;
  /** The request is done: frees its slot (or its place in the queue). Idempotent. */
  finish(): void;
}

export interface WorkGateStats {
  admitted: number;
  running: number;
  waiting: number;
  /** Requests refused with the busy answer since the process started. */
  refused: number;
}

export class WorkGate {
  private admitted = 0;
  private running = 0;
  private refused = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly idleWaiters: Array<() => void> = [];

  constructor(readonly limits: WorkLimits = DEFAULT_WORK_LIMITS) {
    if (!(limits.running >= 1) || !(limits.queued >= 0))
      throw new RangeError(
        `work limits need running ≥ 1 and queued ≥ 0: ${JSON.stringify(limits)}`,
      );
  }

  /**
   * Admits a request, or returns null when the process is full. `always`
   * admits past the bound: for what must not be dropped and cannot be
   * answered "busy" (Events API deliveries such as an uninstall); such
   * requests still wait for a running slot like the others.
   */
  admit(options: { always?: boolean } = {}): WorkTicket | null {
    if (!options.always && this.admitted >= this.limits.running + this.limits.queued) {
      this.refused += 1;
      return null;
    }
    this.admitted += 1;
    let state: "admitted" | "waiting" | "running" | "finished" = "admitted";
    let started: Promise<void> | null = null;
    return {
      startWork: () => {
        started ??= new Promise<void>((resolve) => {
          if (state !== "admitted") return resolve();
          if (this.running < this.limits.running && this.waiters.length === 0) {
            this.running += 1;
            state = "running";
            return resolve();
          }
          state = "waiting";
          this.waiters.push(() => {
            // The slot was handed over; a request that finished while waiting
            // (its listener did not await the ack) gives it back at once.
            if (state === "finished") this.releaseSlot();
            else state = "running";
            resolve();
          });
        });
        return started;
      },
      finish: () => {
        if (state === "finished") return;
        const held = state === "running";
        state = "finished";
        this.admitted -= 1;
        if (held) this.releaseSlot();
        if (this.admitted === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
      },
    };
  }

  /** Resolves when no admitted request is left (at once when none is). */
  idle(): Promise<void> {
    if (this.admitted === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stats(): WorkGateStats {
    return {
      admitted: this.admitted,
      running: this.running,
      waiting: this.waiters.length,
      refused: this.refused,
    };
  }

  /** Hands a freed slot to the oldest waiter, or frees it. */
  private releaseSlot(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.running -= 1;
  }
}
