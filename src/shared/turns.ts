import { performance } from "node:perf_hooks";

/**
 * Work after an ack gives the event loop away between its steps (each SQLite
 * statement, rendering, sending) with `nextTurn`, so that requests that
 * arrived meanwhile are read and acknowledged between the steps. With one
 * `setImmediate` per step, every step waiting for the next turn ran in that
 * turn's check phase, one after another: with four requests past their ack,
 * about four steps of 2–3 ms each, 8–12 ms during which no ack could go out.
 *
 * Here the steps of one turn share a budget: once `TURN_BUDGET_MS` have gone
 * since the turn's first step started, the next ones wait for the following
 * turn, after its poll phase (where incoming requests are read and acked).
 * The first step of a turn always runs, so work never stops: when nothing
 * arrives, turns follow each other at once and the work goes at full speed;
 * under a steady stream of requests it still gets at least one step a turn.
 */
export const TURN_BUDGET_MS = 2;

/** When the current turn's check phase began (set by its marker), in performance.now() ms. */
let turnStart = Number.NEGATIVE_INFINITY;
let markerQueued = false;

/**
 * Queues a marker in the next check phase, ahead of the steps queued after
 * it: it notes when that turn's steps begin. Queued only while steps wait,
 * so an idle process has nothing pending.
 */
function queueMarker(): void {
  if (markerQueued) return;
  markerQueued = true;
  setImmediate(() => {
    markerQueued = false;
    turnStart = performance.now();
  });
}

/**
 * Resolves in a later turn of the event loop, after the I/O that is ready
 * has been served, and within the turn's budget of work steps.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const attempt = (): void => {
      if (performance.now() - turnStart > TURN_BUDGET_MS) {
        // This turn's steps have had their time: the next turn, after its poll phase.
        queueMarker();
        setImmediate(attempt);
        return;
      }
      resolve();
    };
    queueMarker();
    setImmediate(attempt);
  });
}
