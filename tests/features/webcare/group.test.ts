import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webcareRemindersJob } from "../../../src/features/webcare/reminders.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, BOB, CAROL, depsOf, dmTexts, teamWithManager, webcareReply } from "./support.ts";

const GROUP = "<!subteam^S_WEBCARE|@webcare>";

let h: Harness;
beforeEach(async () => {
  // Monday 23 November 2026, 10:00 UTC; Carol is the manager.
  h = await startHarness({ now: "2026-11-23T10:00:00Z" });
  await teamWithManager(h, CAROL);
  await webcare(CAROL, `rotation <@${ALICE}> <@${BOB}>`);
});
afterEach(async () => {
  await h.close();
});

const webcare = (userId: string, text: string) => webcareReply(h, userId, text);

const members = () => h.fake.usergroup("S_WEBCARE")?.users;
const handOver = (at: string) => webcareRemindersJob.run(depsOf(h), new Date(at));

describe("the webcare user group", () => {
  it("a manager links it: its only member is today's person, then each hand-over's", async () => {
    expect(await webcare(CAROL, `group ${GROUP}`)).toMatch(/@webcare now follows webcare duty/);
    expect(members()).toEqual([ALICE]);
    const sent = await handOver("2026-11-24T09:00:00Z");
    expect(sent.join("\n")).toMatch(/user group @webcare set to U_BOB/);
    expect(members()).toEqual([BOB]);
    // Once per hand-over: a later tick does not call Slack again.
    const calls = h.fake.callsTo("usergroups.users.update").length;
    await handOver("2026-11-24T12:00:00Z");
    expect(h.fake.callsTo("usergroups.users.update")).toHaveLength(calls);
    expect(await webcare(CAROL, "group off")).toMatch(/no longer follows/);
    await handOver("2026-11-25T09:00:00Z");
    expect(members()).toEqual([BOB]);
  });

  it("only a manager links it; an unknown group is refused; nothing stored", async () => {
    expect(await webcare(BOB, `group ${GROUP}`)).toMatch(/Only a manager/);
    expect(await webcare(CAROL, "group <!subteam^S_NOPE|@nope>")).toMatch(
      /cannot find the user group @nope/,
    );
    expect(await webcare(CAROL, "group webcare")).toMatch(
      /^Usage: \/webcare group .*not a user group/,
    );
    expect(await h.database.db.webcareGroupLink.count()).toBe(0);
    expect(members()).toEqual([]);
  });

  it("on a free plan, linking says user groups need a paid plan and stores nothing", async () => {
    h.fake.plan = "free";
    expect(await webcare(CAROL, `group ${GROUP}`)).toMatch(/need a paid Slack plan/);
    expect(await h.database.db.webcareGroupLink.count()).toBe(0);
  });

  it.each([
    ["the plan became free", () => (h.fake.plan = "free"), /paid Slack plan/],
    [
      "admins restricted group editing",
      () => (h.fake.usergroupsRestricted = true),
      /only lets some people/,
    ],
    [
      "the group was deleted",
      () => h.fake.usergroups.splice(0, h.fake.usergroups.length),
      /no longer exists/,
    ],
  ])("when %s, managers are told once and the link turns off", async (_, breakIt, reason) => {
    await webcare(CAROL, `group ${GROUP}`);
    breakIt();
    await handOver("2026-11-24T09:00:00Z");
    const told = dmTexts(h, CAROL).filter((t) =>
      t.includes("refused to update the webcare user group"),
    );
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(reason);
    expect(await h.database.db.webcareGroupLink.count()).toBe(0);
    // The reminder itself still went out; later hand-overs leave the group alone.
    expect(h.fake.dmsTo(BOB)).toHaveLength(1);
    const calls = h.fake.callsTo("usergroups.users.update").length;
    await handOver("2026-11-25T09:00:00Z");
    expect(h.fake.callsTo("usergroups.users.update")).toHaveLength(calls);
    expect(dmTexts(h, CAROL).filter((t) => t.includes("refused"))).toHaveLength(1);
  });
});
