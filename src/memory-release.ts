import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { performance } from "node:perf_hooks";
import { runInNewContext } from "node:vm";

/**
 * Gives memory back once a burst is over. After the scheduler's tick with
 * 1,000 teams due, V8 keeps the heap it grew (200 MB committed for 37 MB
 * live without src/memory-flags.ts, 40–60 MB with it) until its own memory
 * reducer runs: 8 s after the last major GC *and* once allocation has been
 * slow for a while, i.e. 10–20 s after the last post, or not at all. Its
 * start delay is fixed when the heap is made (a Node option, which
 * `node dist/main.js` would not get; setting it at run time does nothing).
 *
 * So the process checks every CHECK_MS: when the heap has grown by more than
 * GROWTH_BYTES since the last collection made here, and the event loop was
 * nearly idle since the last check (nothing is being served or sent), it runs
 * one full collection: a pause of tens of ms at a moment nobody waits, after
 * which V8 releases the emptied pages. While busy, it never collects.
 */
export const CHECK_MS = 2_000;
export const GROWTH_BYTES = 16 * 1024 * 1024;
/** Share of the last CHECK_MS the event loop spent working, below which the process is idle. */
export const IDLE_UTILIZATION = 0.05;

/** True when the heap has grown past the mark and the process is idle. */
export function shouldCollect(
  heapBytes: number,
  markBytes: number,
  loopUtilization: number,
): boolean {
  return heapBytes > markBytes + GROWTH_BYTES && loopUtilization < IDLE_UTILIZATION;
}

/** Starts the check (an unref'd timer: it never keeps the process alive); returns its stop. */
export function releaseMemoryWhenIdle(): () => void {
  // The one way to a full collection on demand from inside the process: the
  // flag makes V8 give each new context a `gc` function.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  let mark = getHeapStatistics().total_heap_size;
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const utilization = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    if (!shouldCollect(getHeapStatistics().total_heap_size, mark, utilization)) return;
    gc();
    mark = getHeapStatistics().total_heap_size;
    // The collection's own work is not a sign of load at the next check.
    last = performance.eventLoopUtilization();
  }, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
