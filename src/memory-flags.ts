import { setFlagsFromString } from "node:v8";

/**
 * V8 flags for a small, mostly idle service, set at run time. Imported first
 * by src/main.ts before any other module is loaded (see there why), and
 * whatever starts `node dist/main.js` (npm start, a container, a process
 * manager) gets them without a Node option to remember.
 *
 * V8's defaults suit a browser tab that allocates fast and briefly; measured
 * on this app (README, "Benchmarks"):
 * - the young generation doubles from 1 MB up to 16 MB per semi-space (32 MB
 *   committed) as soon as start-up's module loading keeps it busy, and stays
 *   there: 10 s after /healthz it held 2 MB of live objects in 32 MB;
 * - after a major GC the old generation may grow to up to 4× what survived
 *   before the next one: after the first tick with 1,000 teams due, 37 MB
 *   were live in 200 MB committed (RSS 297 MB);
 * - Prisma's query compiler is a 1.8 MB WebAssembly module. V8 compiles it
 *   with its baseline compiler (Liftoff), then recompiles the functions that
 *   run often with its optimizing one (TurboFan) on background threads: that
 *   took RSS to a 160–180 MB peak at start and left 15–25 MB of freed
 *   compiler memory in those threads' malloc arenas. Liftoff's code is
 *   slower, but the compiler's share of a query is small next to the database
 *   round trip: the 1,000-team tick took the same CPU time with it.
 *
 * Each flag is read by V8 when it uses it (not once, when the heap is made),
 * so setting it here works; a semi-space *maximum* would not. Node warns on
 * stderr of a flag it does not know: tests/unit/memory-flags.test.ts checks,
 * on the Node running the tests (20, and 24 in CI), that none is unknown and
 * that the young generation stays small.
 */
export const MEMORY_FLAGS = [
  // The young generation keeps its initial 1 MB semi-spaces.
  "--semi-space-growth-factor=1",
  // The old generation may grow to 1.5× what survived a major GC before the
  // next one, instead of up to 4×.
  "--heap-growing-percent=50",
  // WebAssembly is compiled once, by Liftoff.
  "--liftoff-only",
] as const;

for (const flag of MEMORY_FLAGS) setFlagsFromString(flag);
