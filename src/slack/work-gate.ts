/**
 * A per-process bound on the work Greenlight does for Slack's requests.
 *
 * Slack waits for nothing but the acknowledgement (3 seconds); everything a
 * listener does after `ack()` (reading the database, rendering, calling Slack)
 * is work the process owes. Without a bound, a burst of commands piles that
 * work up in memory and starves the event loop, so acks themselves get slow.
 * The gate keeps three numbers:
 *
 * - `running`: how many requests may be past their ack at once; the others
 *   wait, in arrival order, for one of them to finish;
 * - `queued`: how many more may be admitted (waiting for a slot, or still
 *   before their ack). A request that finds `running + queued` already
 *   admitted is not admitted at all: the person gets a private "busy" answer
 *   and nothing is done or stored;
 * - `urgent`: a few more running slots for work someone is waiting on with a
 *   deadline (a modal to open within its trigger's 3 s, a submitted form);
 *   such work goes before queued background work, in its own arrival order.
 *
 * Pure bookkeeping: no Slack, no Bolt, no timers.
 */
export interface WorkLimits {
  /** Requests past their ack that may run at once. */
  running: number;
  /** Further requests admitted and waiting (for a slot, or before their ack). */
  queued: number;
  /**
   * Further running slots that only urgent work may take (a modal to open
   * before its trigger_id expires, a submitted form waiting for its answer):
   * a person watching a spinner goes before queued background work, and
   * finds a slot even when background work holds all of `running`.
   */
  urgent?: number;
}

/**
 * Defaults for one process. Few at once: on SQLite the queries run on the
 * event loop itself, and every request running between two acks delays them
 * (measured on 2 shared cores, 200 /calendar month in flight: ack p99 3 s
 * with 2 running, 15 s with 4, 21 s with 16). 500 waiting hold a few
 * megabytes. `npm run bench` measures both.
 */
export const DEFAULT_WORK_LIMITS: WorkLimits = { running: 4, queued: 500, urgent: 4 };

/** One admitted request. */
export interface WorkTicket {
  /**
   * Resolves once the request holds a running slot (at once when one is
   * free), or once it finished without one. Urgent work waits only behind
   * other urgent work.
   */
  startWork(options?: { urgent?: boolean }): Promise<void>;
  /** The request is done: frees its slot (or its place in the queue). Idempotent. */
  finish(): void;
}

export interface WorkGateStats {
  admitted: number;
  running: number;
  /** Admitted requests waiting for a running slot, urgent ones included. */
  waiting: number;
  /** Of those, the urgent ones. */
  urgentWaiting: number;
  /** Requests refused with the busy answer since the process started. */
  refused: number;
}

interface Waiter {
  start(): void;
  /** Resolves the wait without a slot (the request finished while waiting). */
  drop(): void;
}

export class WorkGate {
  private admitted = 0;
  private running = 0;
  private refused = 0;
  private readonly urgentSlots: number;
  private readonly waiters: Waiter[] = [];
  private readonly urgentWaiters: Waiter[] = [];
  private readonly idleWaiters: Array<() => void> = [];

  constructor(readonly limits: WorkLimits = DEFAULT_WORK_LIMITS) {
    if (!(limits.running >= 1) || !(limits.queued >= 0) || !((limits.urgent ?? 0) >= 0))
      throw new RangeError(
        `work limits need running ≥ 1, queued ≥ 0 and urgent ≥ 0: ${JSON.stringify(limits)}`,
      );
    this.urgentSlots = limits.urgent ?? 0;
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
    let waiter: Waiter | null = null;
    let lane: Waiter[] = this.waiters;
    return {
      startWork: (startOptions = {}) => {
        started ??= new Promise<void>((resolve) => {
          if (state !== "admitted") return resolve();
          const urgent = startOptions.urgent === true;
          lane = urgent ? this.urgentWaiters : this.waiters;
          // Arrival order within a lane: a free slot is not taken past someone waiting.
          const ahead = urgent
            ? this.urgentWaiters.length
            : this.urgentWaiters.length + this.waiters.length;
          if (ahead === 0 && this.running < this.capacity(urgent)) {
            this.running += 1;
            state = "running";
            return resolve();
          }
          state = "waiting";
          waiter = {
            start: () => {
              this.running += 1;
              state = "running";
              resolve();
            },
            drop: resolve,
          };
          lane.push(waiter);
        });
        return started;
      },
      finish: () => {
        if (state === "finished") return;
        const held = state === "running";
        if (state === "waiting" && waiter) {
          lane.splice(lane.indexOf(waiter), 1);
          waiter.drop();
        }
        state = "finished";
        this.admitted -= 1;
        if (held) {
          this.running -= 1;
          this.handOver();
        }
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
      waiting: this.waiters.length + this.urgentWaiters.length,
      urgentWaiting: this.urgentWaiters.length,
      refused: this.refused,
    };
  }

  /** Running slots work of this kind may fill. */
  private capacity(urgent: boolean): number {
    return urgent ? this.limits.running + this.urgentSlots : this.limits.running;
  }

  /** Gives free slots to the oldest urgent waiters first, then to the oldest others. */
  private handOver(): void {
    while (this.urgentWaiters.length > 0 && this.running < this.capacity(true))
      this.urgentWaiters.shift()?.start();
    while (
      this.urgentWaiters.length === 0 &&
      this.waiters.length > 0 &&
      this.running < this.capacity(false)
    )
      this.waiters.shift()?.start();
  }
}
