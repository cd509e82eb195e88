import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Outcome } from "../../../src/features/proposals/approval.ts";
import { decide } from "../../../src/features/proposals/store.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { BOB, CAROL, driver } from "./helpers.ts";

/**
 * `decide` writes a decision's consequences in its one claim statement: on
 * PostgreSQL with data-modifying CTEs, on SQLite through the trigger
 * decision_ends_round. Both must leave the same rows, checked here on each
 * database: the proposal's status, the decision, the requests closed, the
 * audit entry (its detail exactly as recordAudit writes the others).
 */
let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
});

const owe = async () => "owed";

async function rowsOf(proposalId: number) {
  const db = d.db;
  return {
    proposal: await db.proposal.findUniqueOrThrow({
      where: { id: proposalId },
      select: { status: true, updatedAt: true },
    }),
    decisions: await db.decision.findMany({
      where: { proposalId },
      select: {
        round: true,
        outcome: true,
        deciderId: true,
        reason: true,
        selfApproved: true,
        decidedAt: true,
      },
    }),
    requests: await db.approvalMessage.findMany({
      where: { proposalId },
      select: { state: true },
      orderBy: { id: "asc" },
    }),
    audit: await db.auditEntry.findMany({
      where: {
        subjectType: "proposal",
        subjectId: String(proposalId),
        action: { not: "proposal.submitted" },
      },
      select: { teamId: true, actorId: true, action: true, detail: true, createdAt: true },
    }),
  };
}

describe("decide", () => {
  const cases: Array<{
    outcome: Outcome;
    decider: string;
    reason: string | null;
    request: string;
    detail: string;
  }> = [
    { outcome: "approved", decider: BOB, reason: null, request: "decided", detail: `{"round":1}` },
    {
      outcome: "rejected",
      decider: BOB,
      reason: "Off-brand « ton »",
      request: "decided",
      detail: `{"round":1,"reason":"Off-brand « ton »"}`,
    },
    {
      outcome: "changes_requested",
      decider: BOB,
      reason: "Shorter",
      request: "decided",
      detail: `{"round":1,"reason":"Shorter"}`,
    },
    {
      outcome: "withdrawn",
      decider: CAROL,
      reason: null,
      request: "withdrawn",
      detail: `{"round":1}`,
    },
    {
      outcome: "expired",
      decider: "system",
      reason: null,
      request: "expired",
      detail: `{"round":1}`,
    },
  ];
  for (const c of cases) {
    it(`${c.outcome}: the proposal, the decision, the request closed and the audit entry, in one claim`, async () => {
      await d.team();
      const proposal = await d.propose(CAROL);
      const now = new Date("2026-11-23T11:00:00Z");

      const result = await decide(
        d.db,
        {
          proposalId: proposal.id,
          round: 1,
          outcome: c.outcome,
          deciderId: c.decider,
          reason: c.reason,
          now,
        },
        owe,
      );

      expect(result).toMatchObject({
        kind: "decided",
        owed: "owed",
        proposal: { id: proposal.id, status: c.outcome, proposerId: CAROL, text: proposal.text },
        messages: [{ approverId: BOB, round: 1, state: c.request }],
        timezone: (await d.db.team.findFirstOrThrow({ where: { id: proposal.teamId } })).timezone,
      });
      const rows = await rowsOf(proposal.id);
      expect(rows.proposal).toEqual({ status: c.outcome, updatedAt: now });
      expect(rows.decisions).toEqual([
        {
          round: 1,
          outcome: c.outcome,
          deciderId: c.decider,
          reason: c.reason,
          selfApproved: false,
          decidedAt: now,
        },
      ]);
      expect(rows.requests).toEqual([{ state: c.request }]);
      expect(rows.audit).toEqual([
        {
          teamId: proposal.teamId,
          actorId: c.decider,
          action: `proposal.${c.outcome}`,
          detail: c.detail,
          createdAt: now,
        },
      ]);
    });
  }

  it("the proposer who approves their own post: self-approved in the decision and the audit", async () => {
    await d.team(CAROL);
    const proposal = await d.propose(CAROL);
    const now = new Date("2026-11-23T11:00:00Z");
    const result = await decide(
      d.db,
      {
        proposalId: proposal.id,
        round: 1,
        outcome: "approved",
        deciderId: CAROL,
        reason: null,
        now,
      },
      owe,
    );
    expect(result).toMatchObject({ kind: "decided", decision: { selfApproved: true } });
    const rows = await rowsOf(proposal.id);
    expect(rows.decisions).toMatchObject([{ selfApproved: true }]);
    expect(rows.audit).toMatchObject([{ detail: `{"round":1,"selfApproved":true}` }]);
  });

  it("a claim that loses writes nothing, and neither does its owe", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const now = new Date("2026-11-23T11:00:00Z");
    const input = { proposalId: proposal.id, round: 1, deciderId: BOB, reason: null, now };
    await decide(d.db, { ...input, outcome: "approved" }, owe);
    const before = await rowsOf(proposal.id);
    let owed = 0;

    const second = await decide(
      d.db,
      { ...input, outcome: "rejected", reason: "late" },
      async () => {
        owed += 1;
      },
    );
    const wrongRound = await decide(d.db, { ...input, round: 2, outcome: "rejected" }, async () => {
      owed += 1;
    });

    expect(second).toEqual({ kind: "lost" });
    expect(wrongRound).toEqual({ kind: "lost" });
    expect(owed).toBe(0);
    expect(await rowsOf(proposal.id)).toEqual(before);
  });

  it("a failure in what is owed leaves nothing half-stored", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const before = await rowsOf(proposal.id);
    await expect(
      decide(
        d.db,
        {
          proposalId: proposal.id,
          round: 1,
          outcome: "approved",
          deciderId: BOB,
          reason: null,
          now: new Date("2026-11-23T11:00:00Z"),
        },
        async () => {
          throw new Error("owe failed");
        },
      ),
    ).rejects.toThrow("owe failed");
    expect(await rowsOf(proposal.id)).toEqual(before);
  });

  it("the unique (proposalId, round) of Decision stands behind the claim: a second decision loses", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    // A round with a decision yet still pending: only the unique index stops a second one.
    await d.db.$executeRawUnsafe(
      `INSERT INTO "Decision" ("proposalId", "round", "outcome", "deciderId", "selfApproved", "submittedAt", "decidedAt") SELECT "id", 1, 'expired', 'system', false, "submittedAt", "submittedAt" FROM "Proposal"`,
    );
    await d.db.proposal.update({ where: { id: proposal.id }, data: { status: "pending" } });
    const before = await rowsOf(proposal.id);
    const result = await decide(
      d.db,
      {
        proposalId: proposal.id,
        round: 1,
        outcome: "approved",
        deciderId: BOB,
        reason: null,
        now: new Date("2026-11-23T11:00:00Z"),
      },
      owe,
    );
    expect(result).toEqual({ kind: "lost" });
    expect(await rowsOf(proposal.id)).toEqual(before);
  });

  it("a decision row written for a round already decided (history, seeds) changes nothing else", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    await d.db.proposal.update({ where: { id: proposal.id }, data: { status: "approved" } });
    const before = await rowsOf(proposal.id);
    await d.db.decision.create({
      data: {
        proposalId: proposal.id,
        round: 1,
        outcome: "approved",
        deciderId: BOB,
        submittedAt: proposal.submittedAt,
        decidedAt: new Date("2026-11-23T11:00:00Z"),
      },
    });
    const after = await rowsOf(proposal.id);
    expect(after.decisions).toHaveLength(1);
    expect({ ...after, decisions: [] }).toEqual({ ...before, decisions: [] });
  });
});
