import { spawnSync } from "node:child_process";

/**
 * Runs a fresh Node (the one running the tests) with `args`, fails when it
 * exits non-zero, and gives the JSON of the last line it printed and what it
 * wrote on stderr. For tests of the heap, which only a process of its own
 * measures.
 */
export function runNodeScript<T>(args: readonly string[]): { result: T; stderr: string } {
  const run = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`node exited ${run.status}: ${run.stderr}`);
  return {
    result: JSON.parse(run.stdout.trim().split("\n").at(-1) as string) as T,
    stderr: run.stderr,
  };
}
