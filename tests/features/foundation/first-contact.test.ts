import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";

const ALICE = "U_ALICE"; // Europe/Amsterdam in the fake Slack

let h: Harness;
beforeEach(async () => {
  // As in production: the HTTP answer leaves at the ack, not when the work ends.
  h = await startHarness({ processBeforeResponse: false });
});
afterEach(async () => {
  await h.close();
});

describe("a team's first request", () => {
  it("is acknowledged before the first-contact users.info answers, which is then used", async () => {
    let releaseUsersInfo!: () => void;
    const usersInfoMayAnswer = new Promise<void>((resolve) => (releaseUsersInfo = resolve));
    // Every attempt (the client retries a timed-out call) waits for the ack:
    // were users.info awaited before it, this request would never be answered.
    h.fake.failNext("users.info", { holdUntil: usersInfoMayAnswer, times: 10 });
    const order: string[] = [];

    const response = await h.slack.command(ALICE, "/greenlight", "help");
    order.push("ack");
    expect(h.fake.callsTo("users.info")).toHaveLength(0);
    releaseUsersInfo();
    expect(response.status).toBe(200);

    // The first contact still happens, after the ack, with users.info's answer.
    expect(await h.app.built.drain(20_000)).toBe(true);
    expect(await h.database.db.team.findUnique({ where: { id: h.fake.teamId } })).toMatchObject({
      timezone: "Europe/Amsterdam",
      timezoneSource: "first_user",
    });
    order.push(...h.fake.callsTo("users.info").map(() => "users.info answered"));
    expect(order[0]).toBe("ack");
    expect(order).toContain("users.info answered");
  });
});
