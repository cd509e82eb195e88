import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const homeOpened = (user: string) => ({
  type: "app_home_opened",
  user,
  channel: "D_X",
  tab: "home",
});

describe("App Home", () => {
  it("shows a person's roles and the approver", async () => {
    await h.slack.command("U_ALICE", "/role", "assign <@U_ALICE> manager");
    await h.slack.command("U_ALICE", "/role", "assign <@U_BOB> approver");
    await h.slack.event(homeOpened("U_ALICE"), { eventId: "Ev1" });
    const home = JSON.stringify(h.fake.homeView("U_ALICE"));
    expect(home).toContain("*Your roles:* manager");
    expect(home).toContain("*Approver:* <@U_BOB>");
  });

  it("handles an event once however often Slack retries it, on any replica", async () => {
    const replica = await h.startReplica();
    const event = homeOpened("U_CAROL");
    const deliveries = await Promise.all([
      h.slack.event(event, { eventId: "EvSame" }),
      replica.slack.event(event, { eventId: "EvSame", retryNum: 1, retryReason: "http_timeout" }),
      h.slack.event(event, { eventId: "EvSame", retryNum: 2, retryReason: "http_timeout" }),
      replica.slack.event(event, { eventId: "EvSame", retryNum: 3, retryReason: "http_error" }),
    ]);
    expect(deliveries.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(h.fake.callsTo("views.publish")).toHaveLength(1);
    expect(await h.database.db.processedEvent.count()).toBe(1);
    await h.slack.event(event, { eventId: "EvOther" });
    expect(h.fake.callsTo("views.publish")).toHaveLength(2);
  });
});
