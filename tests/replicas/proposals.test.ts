import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/harness.ts";
import { ACTION, BOB, CAROL, driver } from "../features/proposals/helpers.ts";

// Replicas race here on PostgreSQL only (the "replicas" vitest project): two
// replicas in one test process share one thread, and on SQLite a writer
// blocks the other connection synchronously. Real replicas are processes;
// tests/faults runs those.
let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
});

describe("two replicas on one PostgreSQL", () => {
  it("simultaneous Approve clicks spread over both decide once", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    const replica = await h.startReplica();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? h.slack : replica.slack).clickButton(BOB, request, ACTION.approve),
      ),
    );
    expect(await d.db.decision.count()).toBe(1);
    expect(d.dmsContaining(CAROL, "approved your proposal")).toHaveLength(1);
    expect(d.updatesOf(request)).toHaveLength(1);
  });
});
