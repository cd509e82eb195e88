import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ACTION, BOB, CAROL, DAVE, driver } from "./helpers.ts";

let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
});

/** The proposer's confirmation with its Edit button, as she saw it. */
function confirmation(id: number) {
  return d.snapshot(
    h.fake
      .dmsTo(CAROL)
      .findLast((m) => d.hasButton(m, ACTION.edit) && JSON.stringify(m).includes(`#${id}`)),
  );
}

describe("editing a pending proposal", () => {
  it("starts a new round: the old request says edited and decides nothing, a new one shows what changed", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const first = d.request(BOB, proposal.id);

    await d.click(CAROL, confirmation(proposal.id), ACTION.edit);
    const modal = h.fake.lastView(CAROL)!;
    expect(modal.title).toEqual({ type: "plain_text", text: "Edit your proposal" });
    expect(JSON.stringify(modal.blocks)).toContain("Our spring collection is live!");
    const response = await h.slack.submitView(
      CAROL,
      modal,
      d.values({ text: "Our *spring* collection is live :tada:", platforms: ["linkedin"] }),
    );
    expect(response.json).toMatchObject({ response_action: "update" });

    const stored = await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(stored).toMatchObject({ status: "pending", round: 2, platforms: "linkedin" });
    expect(await d.db.decision.count()).toBe(0);

    // The old request: "edited", no buttons.
    const old = d.current(first);
    expect(d.hasButton(old, ACTION.approve)).toBe(false);
    expect(old.text).toMatch(/Edited\* by <@U_CAROL>: round 2 is in a newer message/);
    // A click on the stale screen decides nothing and says why.
    await d.click(BOB, first, ACTION.approve);
    expect(d.lastPrivate(BOB)).toMatch(/edited proposal #\d+ since this request/);
    expect(await d.db.decision.count()).toBe(0);

    // The new request: verbatim text, what changed, buttons.
    const second = d.request(BOB, proposal.id);
    expect(second.ts).not.toBe(first.ts);
    const shown = JSON.stringify(second.blocks);
    expect(shown).toContain("while round 1 was waiting for you");
    expect(shown).toContain("platforms (was X, LinkedIn)");
    expect(shown).toContain('"text":"Our *spring* collection is live :tada:"');
    await d.click(BOB, second, ACTION.approve);
    expect(await d.db.decision.findMany()).toEqual([
      expect.objectContaining({ round: 2, outcome: "approved" }),
    ]);
    const audit = await d.db.auditEntry.findMany({
      where: { subjectType: "proposal" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "proposal.submitted",
      "proposal.edited",
      "proposal.approved",
    ]);
  });

  it("only the proposer edits, only while pending; an edit saved after a decision is refused in the modal", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const edit = confirmation(proposal.id);
    await d.click(DAVE, edit, ACTION.edit);
    expect(d.lastPrivate(DAVE)).toMatch(/Only <@U_CAROL>, who proposed it, can edit/);

    await d.click(CAROL, edit, ACTION.edit);
    const modal = h.fake.lastView(CAROL)!;
    await d.click(BOB, d.request(BOB, proposal.id), ACTION.approve);
    const late = await h.slack.submitView(CAROL, modal, d.values({ text: "Too late" }));
    // Answered at once; the form then comes back with why, and what Carol typed.
    expect(late.json).toMatchObject({ response_action: "update" });
    const shown = h.fake.view(modal.id)!;
    expect(JSON.stringify(shown.blocks)).toMatch(/no longer waiting.*this edit was not saved/);
    expect(JSON.stringify(shown.blocks)).toContain('"initial_value":"Too late"');
    expect(shown.submit).toMatchObject({ text: "Send for approval" });
    const stored = await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(stored).toMatchObject({
      status: "approved",
      round: 1,
      text: "Our spring collection is live!",
    });
    await d.click(CAROL, edit, ACTION.edit);
    expect(d.lastPrivate(CAROL)).toMatch(/is no longer waiting \(it is approved\)/);
  });

  it("an edit and an Approve on the same round at once: exactly one wins", async () => {
    await d.team();
    const replica = await h.startReplica();
    for (let i = 0; i < 4; i += 1) {
      const proposal = await d.propose(CAROL, { text: `Race ${i}` });
      const request = d.request(BOB, proposal.id);
      await d.click(CAROL, confirmation(proposal.id), ACTION.edit);
      const modal = h.fake.lastView(CAROL)!;
      await Promise.all([
        h.slack.submitView(CAROL, modal, d.values({ text: `Race ${i} edited` })),
        replica.slack.clickButton(BOB, request, ACTION.approve),
      ]);
      const stored = await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
      const decisions = await d.db.decision.findMany({ where: { proposalId: proposal.id } });
      if (stored.status === "approved") {
        // The decision won: round 1 approved, the edit refused.
        expect(stored).toMatchObject({ round: 1, text: `Race ${i}` });
        expect(decisions).toHaveLength(1);
      } else {
        // The edit won: round 2 pending, nothing decided.
        expect(stored).toMatchObject({ status: "pending", round: 2, text: `Race ${i} edited` });
        expect(decisions).toHaveLength(0);
        expect(d.hasButton(d.current(request), ACTION.approve)).toBe(false);
      }
    }
  });
});
