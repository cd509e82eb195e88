import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pollOutbox } from "../../../src/slack/outbox/index.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ACTION, ALICE, BOB, CAROL, driver } from "./helpers.ts";

// Nothing the approval loop owes is lost when Slack fails: every message is
// written to the outbox with the state change and delivered by the worker.
let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
});

/** The next scheduler ticks, once every retry time has come. */
async function laterTick(): Promise<void> {
  await d.db.outboxMessage.updateMany({
    where: { status: "pending" },
    data: { notBefore: new Date(0), leaseUntil: new Date(0) },
  });
  await pollOutbox(h.app.built.deps);
}

function clickableRequests(userId: string): number {
  return h.fake.dmsTo(userId).filter((m) => d.hasButton(m, ACTION.approve)).length;
}

describe("the approval request", () => {
  it("is retried when Slack is rate limiting, then the approver decides it", async () => {
    await d.team();
    h.fake.failNext("chat.postMessage", { error: "ratelimited" });
    const proposal = await d.propose(CAROL);
    expect(clickableRequests(BOB)).toBe(0);
    expect(h.fake.dmsTo(CAROL)).toHaveLength(1); // the confirmation went out

    await laterTick();
    expect(clickableRequests(BOB)).toBe(1);
    await d.click(BOB, d.request(BOB, proposal.id), ACTION.approve);
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "approved",
    );
    await laterTick();
    expect(clickableRequests(BOB)).toBe(0); // updated in place, never sent twice
  });

  it("that Slack refuses for good: the proposer is told, the managers are told what to fix", async () => {
    await d.team();
    h.fake.failNext("chat.postMessage", { error: "account_inactive" });
    const proposal = await d.propose(CAROL);
    const told = d.dmsContaining(CAROL, "could not be delivered");
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain(`#${proposal.id}`);
    expect(told[0]?.text).toContain(`<@${BOB}>`);
    const managers = d.dmsContaining(ALICE, "account_inactive");
    expect(managers).toHaveLength(1);
    expect(managers[0]?.text).toContain("has left the workspace");
    await laterTick();
    expect(clickableRequests(BOB)).toBe(0);
    expect(d.dmsContaining(CAROL, "could not be delivered")).toHaveLength(1);
  });

  it("whose answer was lost is not sent twice, and a click on it still decides", async () => {
    await d.team();
    h.fake.failNext("chat.postMessage", { error: "internal_error", applyThenFail: true });
    const proposal = await d.propose(CAROL);
    await laterTick();
    expect(clickableRequests(BOB)).toBe(1);
    const stored = await d.db.approvalMessage.findFirstOrThrow({
      where: { proposalId: proposal.id },
    });
    expect(stored.ts).toBeNull(); // nobody knows where it landed

    await d.click(BOB, d.request(BOB, proposal.id), ACTION.approve);
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "approved",
    );
    expect(clickableRequests(BOB)).toBe(0); // its buttons are gone
    expect(d.dmsContaining(CAROL, "approved")).not.toHaveLength(0);
  });
});

describe("after a decision", () => {
  it("the proposer's notice is retried when Slack fails for a moment", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    const before = h.fake.dmsTo(CAROL).length;
    // The update of the request and of the confirmation pass; the notice meets a 503 five times.
    h.fake.failNext("conversations.open", { status: 503, times: 5 });
    await d.click(BOB, request, ACTION.approve);
    expect(h.fake.dmsTo(CAROL)).toHaveLength(before);
    await laterTick();
    expect(h.fake.dmsTo(CAROL)).toHaveLength(before + 1);
    await laterTick();
    expect(h.fake.dmsTo(CAROL)).toHaveLength(before + 1);
  });

  it("a failed chat.update of the request is retried until its buttons are gone", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    h.fake.failNext("chat.update", { error: "ratelimited", times: 2 });
    await d.click(BOB, request, ACTION.approve);
    expect(d.hasButton(d.current(request), ACTION.approve)).toBe(true);
    await laterTick();
    expect(d.hasButton(d.current(request), ACTION.approve)).toBe(false);
    expect(JSON.stringify(d.current(request).blocks)).toContain("Approved");
  });
});
