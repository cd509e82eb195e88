import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildStateValues, type FakeView } from "../../../src/sandbox/index.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ACTION, BOB, CAROL, driver } from "./helpers.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** Posts the same signed submission of `view` with `values` twice: the request and its replay. */
async function submitTwice(view: FakeView, userId: string, values: Record<string, unknown>) {
  const payload = {
    type: "view_submission",
    team: { id: h.fake.teamId, domain: h.fake.teamDomain },
    user: { id: userId, name: userId.toLowerCase(), team_id: h.fake.teamId },
    api_app_id: h.fake.appId,
    trigger_id: h.fake.issueTrigger(userId),
    view: { ...view, state: { values: buildStateValues(view.blocks, values) } },
    response_urls: [],
  };
  const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  // The same bytes, the same timestamp, the same signature: a replay.
  const first = await h.slack.post(raw, "application/x-www-form-urlencoded", {}, { timestamp });
  const replay = await h.slack.post(raw, "application/x-www-form-urlencoded", {}, { timestamp });
  return [first, replay] as const;
}

describe("a captured view submission sent again", () => {
  it("within Slack's 5-minute window makes no second proposal", async () => {
    const d = driver(h);
    await d.team();
    const view = await d.openPropose(CAROL);
    const [first, replay] = await submitTwice(view, CAROL, d.values());
    expect([first.status, replay.status]).toEqual([200, 200]);
    // Both were answered at once; their stores run after the answers.
    await h.app.built.answeredWorkDone();
    expect(await d.db.proposal.count()).toBe(1);
    expect(await d.db.auditEntry.count({ where: { action: "proposal.submitted" } })).toBe(1);
  });

  for (const [lang, locale, saved, lost] of [
    ["en", "en-GB", "is saved (round 2)", "this edit was not saved"],
    ["fr", "fr-FR", "est enregistrée (tour 2)", "cette modification n’a donc pas été enregistrée"],
  ] as const) {
    it(`an edit sent again starts one round and says it is saved, not lost (${lang})`, async () => {
      const d = driver(h);
      await d.team();
      h.fake.setLocale(CAROL, locale);
      const proposal = await d.propose(CAROL);
      const editButton = h.fake
        .dmsTo(CAROL)
        .findLast(
          (m) => d.hasButton(m, ACTION.edit) && JSON.stringify(m).includes(`${proposal.id}`),
        );
      await d.click(CAROL, d.snapshot(editButton), ACTION.edit);
      const modal = h.fake.lastView(CAROL)!;
      const requestsBefore = h.fake.dmsTo(BOB).length;

      const responses = await submitTwice(modal, CAROL, d.values({ text: "Edited once" }));
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      await h.app.built.answeredWorkDone();

      const stored = await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
      expect(stored).toMatchObject({ round: 2, text: "Edited once", status: "pending" });
      expect(await d.db.auditEntry.count({ where: { action: "proposal.edited" } })).toBe(1);
      // One new request to the approver, for round 2.
      expect(h.fake.dmsTo(BOB).length - requestsBefore).toBe(1);
      const shown = JSON.stringify(h.fake.view(modal.id)?.blocks);
      expect(shown).toContain(saved);
      expect(shown).not.toContain(lost);
    });
  }

  it("an edit that lost to a decision, sent again, is refused again: its claim was rolled back", async () => {
    const d = driver(h);
    await d.team();
    const proposal = await d.propose(CAROL);
    const editButton = h.fake
      .dmsTo(CAROL)
      .findLast((m) => d.hasButton(m, ACTION.edit) && JSON.stringify(m).includes(`${proposal.id}`));
    await d.click(CAROL, d.snapshot(editButton), ACTION.edit);
    const modal = h.fake.lastView(CAROL)!;
    await d.click(BOB, d.request(BOB, proposal.id), ACTION.approve);

    await submitTwice(modal, CAROL, d.values({ text: "Too late" }));
    await h.app.built.answeredWorkDone();

    expect(await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({
      round: 1,
      status: "approved",
    });
    expect(await d.db.auditEntry.count({ where: { action: "proposal.edited" } })).toBe(0);
    expect(
      await d.db.processedEvent.count({
        where: { eventId: { startsWith: `view_submission:${modal.id}:` } },
      }),
    ).toBe(0);
    expect(JSON.stringify(h.fake.view(modal.id)?.blocks)).toContain("this edit was not saved");
  });

  it("a modal sent back with a field error can still be corrected and submitted", async () => {
    const d = driver(h);
    await d.team();
    const view = await d.openPropose(CAROL);
    const refused = await h.slack.submitView(CAROL, view, d.values({ publishAt: d.inHours(-2) }));
    expect((refused.json as { response_action?: string }).response_action).toBe("errors");
    const accepted = await h.slack.submitView(CAROL, view, d.values());
    expect(accepted.json).toMatchObject({ response_action: "update" });
    expect(await d.db.proposal.count()).toBe(1);
  });
});
