import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SigningOptions } from "../../src/sandbox/index.ts";
import { startHarness, type Harness } from "../support/harness.ts";

// Forged or replayed requests: a bad signature, a timestamp 10 minutes old or
// 10 minutes ahead. Each is refused with 401 and changes nothing.
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const ALICE = "U_ALICE";
const BOB = "U_BOB";
const CAROL = "U_CAROL";

function forgeries(): Array<[string, SigningOptions]> {
  const now = Math.floor(Date.now() / 1000);
  return [
    ["a bad signature", { signature: "v0=" + "0".repeat(64) }],
    ["a timestamp 10 minutes old", { timestamp: now - 10 * 60 }],
    ["a timestamp 10 minutes ahead", { timestamp: now + 10 * 60 }],
  ];
}

/** Everything a request could have changed: rows and Slack calls. */
async function footprint(h: Harness) {
  const db = h.database.db;
  return {
    calls: h.fake.calls.length,
    proposals: await db.proposal.count(),
    decisions: await db.decision.count(),
    roles: await db.roleAssignment.count(),
    audit: await db.auditEntry.count(),
    events: await db.processedEvent.count(),
    metrics: await db.metricsEntry.count(),
  };
}

/** A team with an approver and one pending proposal from Carol; returns Bob's request. */
async function pendingProposal(h: Harness) {
  await h.slack.command(ALICE, "/role", `assign <@${ALICE}> manager`);
  await h.slack.command(ALICE, "/role", `assign <@${BOB}> approver`);
  await h.slack.command(CAROL, "/propose", "");
  const view = h.fake.lastView(CAROL)!;
  await h.slack.submitView(CAROL, view, {
    text: "A signed post",
    platforms: ["linkedin"],
    publishAt: Math.floor(h.clock.now().getTime() / 1000) + 48 * 3600,
    goal: "awareness",
    contentType: "text",
  });
  const request = h.fake
    .dmsTo(BOB)
    .find((m) => JSON.stringify(m.blocks ?? []).includes("proposal_approve"));
  if (!request) throw new Error("no approval request");
  return structuredClone(request);
}

describe("forged and replayed requests get 401 and do nothing", () => {
  for (const [what, signing] of forgeries()) {
    it(`slash command with ${what}`, async () => {
      const before = await footprint(h);
      const response = await h.slack.command(ALICE, "/role", `assign <@${ALICE}> manager`, signing);
      expect(response.status).toBe(401);
      expect(await footprint(h)).toEqual(before);
    });

    it(`block_actions (Approve) with ${what}`, async () => {
      const request = await pendingProposal(h);
      const before = await footprint(h);
      const response = await h.slack.clickButton(BOB, request, "proposal_approve", signing);
      expect(response.status).toBe(401);
      expect(await footprint(h)).toEqual(before);
      expect((await h.database.db.proposal.findFirstOrThrow()).status).toBe("pending");
    });

    it(`view_submission (Propose) with ${what}`, async () => {
      await h.slack.command(ALICE, "/role", `assign <@${ALICE}> manager`);
      await h.slack.command(CAROL, "/propose", "");
      const view = h.fake.lastView(CAROL)!;
      const before = await footprint(h);
      const response = await h.slack.submitView(
        CAROL,
        view,
        {
          text: "A forged post",
          platforms: ["linkedin"],
          publishAt: Math.floor(h.clock.now().getTime() / 1000) + 48 * 3600,
          goal: "awareness",
          contentType: "text",
        },
        signing,
      );
      expect(response.status).toBe(401);
      expect(await footprint(h)).toEqual(before);
    });

    it(`event (app_home_opened) with ${what}`, async () => {
      const before = await footprint(h);
      const response = await h.slack.event(
        { type: "app_home_opened", user: ALICE, channel: "D_ALICE", tab: "home" },
        { eventId: "EvForged", ...signing },
      );
      expect(response.status).toBe(401);
      expect(await footprint(h)).toEqual(before);
    });
  }

  it("a made-up signature over a plausible body is refused", async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = new URLSearchParams({ command: "/role", text: "list", user_id: ALICE }).toString();
    const response = await h.slack.post(body, "application/x-www-form-urlencoded", {
      "x-slack-request-timestamp": String(now),
      "x-slack-signature": "v0=" + "a".repeat(64),
    });
    expect(response.status).toBe(401);
    expect(h.fake.calls.filter((call) => call.method !== "auth.test")).toHaveLength(0);
  });
});
