import { performance } from "node:perf_hooks";

/**
 * Work after an ack gives the event loop away between its steps (each SQLite
 * statement, a transaction's start, /calendar's render and send, the start
 * of the work after an ack) with `nextTurn`, so that requests that arrived
 * meanwhile are read and acknowledged between the steps.
 *
 * One turn is not enough when the requests come on new connections, as a
 * burst from Slack may: Node 20's event loop (libuv 1.46) accepts one
 * connection per turn (measured: 200 connections made at once are accepted
 * over 200 turns). A request is read on the turn after its connection's, so
 * with the waiting steps of eight running requests in every turn (2–5 ms
 * each), the last of 200 submissions waited for a second or more of other
 * requests' work before it was even accepted.
 *
 * So a step waits until a whole turn has passed without a connection
 * accepted: while a burst's connections are still being taken one a turn,
 * the turns stay short and the steps wait. A step never waits more than
 * `MAX_HOLD_MS`, so work goes on under a steady stream of new connections;
 * with none arriving it waits for one whole turn.
 */
export const MAX_HOLD_MS = 250;

/** Connections accepted by this process's HTTP servers so far. */
let accepted = 0;

/** Called by the HTTP server for each connection it accepts (src/server.ts). */
export function noteAcceptedConnection(): void {
  accepted += 1;
}

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Resolves on a later turn of the event loop, after the I/O that is ready
 * has been served, once a whole turn has passed in which no connection was
 * accepted (or `MAX_HOLD_MS` after the call).
 */
export async function nextTurn(): Promise<void> {
  const started = performance.now();
  // Called from an I/O callback, the first immediate runs in this very
  // turn's check phase, before any further poll phase; each one after it is
  // queued from a check phase and runs in the next turn, after its poll.
  await immediate();
  let seen: number;
  do {
    seen = accepted;
    await immediate();
  } while (accepted !== seen && performance.now() - started < MAX_HOLD_MS);
}
