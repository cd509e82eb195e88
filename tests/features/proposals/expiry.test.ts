import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JOBS } from "../../../src/scheduler/registry.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ACTION, BOB, CAROL, HOUR, driver } from "./helpers.ts";

let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
});

/** One scheduler tick at `at`, as every replica runs it each minute. */
async function tick(at: Date): Promise<void> {
  h.clock.set(at);
  for (const job of JOBS) await job.run(h.app.built.deps, at).catch(() => undefined);
}

describe("a proposal nobody decided before its publish time", () => {
  it("expires within a minute of it, not at the next hand-over: the approver's request says so, the proposer is told", async () => {
    await d.team();
    // Proposed at 10:00 UTC for 12:30; the hand-over is at 09:00, so the next one is tomorrow.
    const publishAt = new Date(h.clock.now().getTime() + 2.5 * HOUR);
    const proposal = await d.propose(CAROL, { publishAt: Math.floor(publishAt.getTime() / 1000) });
    const request = d.request(BOB, proposal.id);

    await tick(new Date(publishAt.getTime() - 60_000));
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "pending",
    );
    await tick(new Date(publishAt.getTime() + 30_000));
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "expired",
    );
    const shown = d.current(request);
    expect(d.hasButton(shown, ACTION.approve)).toBe(false);
    expect(JSON.stringify(shown.blocks)).toContain("Expired");
    const notices = () =>
      d.dmsContaining(CAROL, "expired").filter((m) => d.hasButton(m, ACTION.resubmit));
    expect(notices()).toHaveLength(1);

    // Later ticks (and a second replica's) change nothing.
    await tick(new Date(publishAt.getTime() + 90_000));
    expect(notices()).toHaveLength(1);
  });
});
