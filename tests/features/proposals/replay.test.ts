import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildStateValues } from "../../../src/sandbox/index.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { CAROL, driver } from "./helpers.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe("a captured view submission sent again", () => {
  it("within Slack's 5-minute window makes no second proposal", async () => {
    const d = driver(h);
    await d.team();
    const view = await d.openPropose(CAROL);
    const payload = {
      type: "view_submission",
      team: { id: h.fake.teamId, domain: h.fake.teamDomain },
      user: { id: CAROL, name: "carol", team_id: h.fake.teamId },
      api_app_id: h.fake.appId,
      trigger_id: h.fake.issueTrigger(CAROL),
      view: { ...view, state: { values: buildStateValues(view.blocks, d.values()) } },
      response_urls: [],
    };
    const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    // The same bytes, the same timestamp, the same signature: a replay.
    const first = await h.slack.post(raw, "application/x-www-form-urlencoded", {}, { timestamp });
    const replay = await h.slack.post(raw, "application/x-www-form-urlencoded", {}, { timestamp });
    expect([first.status, replay.status]).toEqual([200, 200]);
    // Both were answered at once; their stores run after the answers.
    await h.app.built.answeredWorkDone();
    expect(await d.db.proposal.count()).toBe(1);
    expect(await d.db.auditEntry.count({ where: { action: "proposal.submitted" } })).toBe(1);
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
