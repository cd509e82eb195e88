import type { App, Logger, ReceiverEvent } from "@slack/bolt";

interface Pending {
  acked: boolean;
  work: Array<() => Promise<void>>;
}

/**
 * Work a global middleware owes a request but that must not delay its
 * acknowledgement (Slack gives 3 s, and a first contact may wait on a
 * 15 s users.info): it runs right after the ack, before the listener's own
 * work after `await ack()` goes on — so the listener still sees its result —
 * or when the request ends if nothing acked it, or at once when the request
 * was acknowledged before any middleware ran (Events API deliveries).
 *
 * Installed on `app.processEvent` before the other wrappers, so "after the
 * ack" means after the HTTP answer is handed to the receiver and the request
 * holds a running slot (src/slack/busy.ts).
 */
export class AfterAck {
  private readonly pending = new WeakMap<object, Pending>();

  constructor(
    app: App,
    private readonly logger: Logger,
  ) {
    const process = app.processEvent.bind(app);
    app.processEvent = async (event: ReceiverEvent): Promise<void> => {
      const state: Pending = { acked: false, work: [] };
      this.pending.set(event.body, state);
      try {
        await process({
          ...event,
          ack: async (response?: unknown) => {
            await event.ack(response);
            await this.flush(state);
          },
        });
      } finally {
        await this.flush(state);
      }
    };
  }

  /**
   * Runs `work` once the request whose body this is has been acknowledged.
   * A failure is logged and goes no further: the listener answers for itself.
   */
  async schedule(body: object, work: () => Promise<void>): Promise<void> {
    const state = this.pending.get(body);
    if (!state || state.acked) {
      await this.attempt(work);
      return;
    }
    state.work.push(work);
  }

  private async flush(state: Pending): Promise<void> {
    state.acked = true;
    for (let next = state.work.shift(); next; next = state.work.shift()) await this.attempt(next);
  }

  private async attempt(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn(`Work after the acknowledgement failed: ${String(error)}`);
    }
  }
}
