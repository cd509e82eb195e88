import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GROWTH_BYTES, IDLE_UTILIZATION, shouldCollect } from "../../src/memory-release.ts";

const MB = 1024 * 1024;
const MODULE = fileURLToPath(new URL("../../src/memory-release.ts", import.meta.url));

describe("memory release after a burst (src/memory-release.ts)", () => {
  it("collects only when the heap grew past the mark and the loop is idle", () => {
    const mark = 30 * MB;
    expect(shouldCollect(mark + GROWTH_BYTES + MB, mark, 0.01)).toBe(true);
    // Still busy: never in the middle of the work.
    expect(shouldCollect(mark + GROWTH_BYTES + MB, mark, IDLE_UTILIZATION)).toBe(false);
    expect(shouldCollect(mark + GROWTH_BYTES + MB, mark, 0.9)).toBe(false);
    // Not grown enough since the last collection.
    expect(shouldCollect(mark + GROWTH_BYTES, mark, 0)).toBe(false);
  });

  it("gives a burst's heap back once the process is idle, in a real Node process", () => {
    // A burst leaves ~100 MB of garbage in the old generation that V8 alone
    // keeps committed for a while; then the process idles for three checks.
    const script = `
      const { releaseMemoryWhenIdle } = await import(${JSON.stringify(MODULE)});
      const v8 = await import("node:v8");
      releaseMemoryWhenIdle();
      let kept = [];
      for (let i = 0; i < 3e6; i++) {
        kept.push({ i, text: "item " + i });
        if (kept.length > 1e6) kept = [];
      }
      // The old generation: the young one's size is another matter (src/memory-flags.ts).
      const old = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "old_space").space_size;
      const after = old();
      kept = null;
      setTimeout(() => console.log(JSON.stringify({ after, idle: old() })), 6500);
    `;
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    if (run.status !== 0) throw new Error(`node exited ${run.status}: ${run.stderr}`);
    const { after, idle } = JSON.parse(run.stdout.trim().split("\n").at(-1) as string) as {
      after: number;
      idle: number;
    };
    expect(after).toBeGreaterThan(48 * MB);
    expect(idle).toBeLessThan(after / 4);
  });
});
