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
 * GROWTH_BYTES past the smallest it was since the last collection made here,
 * and the event loop was nearly idle since the last check (nothing is being
 * served or sent), it runs one full collection that compacts: a pause of
 * 40–100 ms at a moment nobody waits, after which V8 releases the emptied
 * pages. While busy, it never collects.
 *
 * A plain full collection is not enough: it frees the objects but moves only
 * the pages V8's heuristics pick, so the old generation stays as fragmented
 * as the burst left it. Measured after the 1,000-team tick: 24 MB live in
 * 48 MB committed after a plain one (RSS 142 MB), 25 MB after a compacting
 * one (RSS 114–120 MB, what V8's own reducer reaches when it comes).
 */
export const CHECK_MS = 2_000;
export const GROWTH_BYTES = 8 * 1024 * 1024;
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

/**
 * One full collection that compacts every page. V8 reads the flag at each
 * full collection, so it holds for this one only; Node 20 and 24 both know
 * it (tests/unit/memory-release.test.ts).
 */
export function collectCompacting(gc: () => void): void {
  setFlagsFromString("--compact-on-every-full-gc");
  try {
    gc();
  } finally {
    setFlagsFromString("--no-compact-on-every-full-gc");
  }
}

/** Starts the check (an unref'd timer: it never keeps the process alive); returns its stop. */
export function releaseMemoryWhenIdle(): () => void {
  // The one way to a full collection on demand from inside the process: the
  // flag makes V8 give each new context a `gc` function.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  // The smallest heap seen since the last collection made here. It follows
  // the heap down (start-up's module loading leaves more than an idle process
  // keeps, and V8 shrinks it on its own at times), so that growth is
  // counted from what the process really needed, not from a peak.
  let mark = getHeapStatistics().total_heap_size;
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const utilization = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    const heap = getHeapStatistics().total_heap_size;
    mark = Math.min(mark, heap);
    if (!shouldCollect(heap, mark, utilization)) return;
    collectCompacting(gc);
    mark = getHeapStatistics().total_heap_size;
    // The collection's own work is not a sign of load at the next check.
    last = performance.eventLoopUtilization();
  }, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
