import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, BOB, CAROL, webcareReply } from "./support.ts";

let h: Harness;
beforeEach(async () => {
  // Monday 23 November 2026, 10:00 UTC.
  h = await startHarness({ now: "2026-11-23T10:00:00Z" });
  // Alice becomes the first manager; the team's timezone is pinned to UTC.
  await h.slack.command(ALICE, "/role", `assign <@${ALICE}> manager`);
  await h.database.db.team.updateMany({ data: { timezone: "UTC", timezoneSource: "manager" } });
});
afterEach(async () => {
  await h.close();
});

const webcare = (userId: string, text: string) => webcareReply(h, userId, text);

async function stored() {
  const db = h.database.db;
  return {
    rotations: await db.webcareRotation.count(),
    covers: await db.webcareCover.count(),
  };
}

describe("/webcare", () => {
  it("says there is no rotation yet", async () => {
    expect(await webcare(BOB, "")).toMatch(/No webcare rotation yet/);
    expect(await webcare(BOB, "schedule")).toMatch(/No webcare rotation yet/);
  });

  it("a manager sets the rotation from today; who and schedule read it", async () => {
    const reply = await webcare(ALICE, `rotation <@${BOB}|bob> <@${CAROL}> <@${ALICE}> at 08:30`);
    expect(reply).toMatch(/Webcare rotation set/);
    expect(reply).toMatch(/No duty channel/);
    const rows = await h.database.db.webcareRotation.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      startDate: "2026-11-23",
      members: `${BOB},${CAROL},${ALICE}`,
      handoverTime: "08:30",
      channelId: null,
      setBy: ALICE,
    });
    const audit = await h.database.db.auditEntry.findMany({
      where: { action: "webcare.rotation_set" },
    });
    expect(audit).toHaveLength(1);

    expect(await webcare(CAROL, "")).toMatch(new RegExp(`Today: <@${BOB}> is on webcare duty`));
    const tomorrow = await webcare(CAROL, "who 2026-11-24");
    expect(tomorrow).toContain(`<@${CAROL}> is on webcare duty`);
    expect(tomorrow).toContain(`Handed over by <@${BOB}>`);
    expect(tomorrow).toContain(`next: <@${ALICE}>`);

    await webcare(CAROL, "schedule");
    const schedule = h.fake.ephemeralsTo(CAROL).at(-1);
    const blocks = JSON.stringify(schedule?.blocks);
    expect(blocks).toContain("next 14 days");
    expect(blocks).toContain("Sun 6 Dec 2026"); // the 14th day
    expect(blocks).not.toContain("Mon 7 Dec 2026");
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("schedule shows at most 60 days", async () => {
    await webcare(ALICE, `rotation <@${BOB}> <@${CAROL}>`);
    await webcare(BOB, "schedule 60");
    const blocks = JSON.stringify(h.fake.ephemeralsTo(BOB).at(-1)?.blocks);
    expect(blocks).toContain("next 60 days");
    expect(blocks).toContain("Thu 21 Jan 2027"); // the 60th day
    expect(blocks).not.toContain("Fri 22 Jan 2027");
    expect(await webcare(BOB, "schedule 61")).toMatch(/^Usage: \/webcare schedule.*at most 60/);
  });

  it("setting it again the same day replaces it", async () => {
    await webcare(ALICE, `rotation <@${BOB}> <@${CAROL}>`);
    expect(await webcare(ALICE, `rotation <@${CAROL}> <@${BOB}> in <#C_SOCIAL|social>`)).toMatch(
      /replaced/,
    );
    const rows = await h.database.db.webcareRotation.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.members).toBe(`${CAROL},${BOB}`);
    expect(rows[0]?.channelId).toBe("C_SOCIAL");
    expect(
      await h.database.db.auditEntry.count({ where: { action: "webcare.rotation_set" } }),
    ).toBe(2);
  });

  it("only managers and workspace admins set the rotation", async () => {
    expect(await webcare(BOB, `rotation <@${BOB}> <@${CAROL}>`)).toMatch(
      /Only a manager or a workspace admin/,
    );
    expect(await stored()).toEqual({ rotations: 0, covers: 0 });
  });

  it("refuses bots, deactivated and unknown people in a rotation; nothing stored", async () => {
    const bot = h.fake.users.find((u: { is_bot?: boolean }) => u.is_bot)?.id;
    const gone = h.fake.users.find((u: { deleted?: boolean }) => u.deleted)?.id;
    if (!bot || !gone) throw new Error("the fake Slack needs a bot and a deactivated user");
    expect(await webcare(ALICE, `rotation <@${BOB}> <@${bot}>`)).toMatch(/is a bot/);
    expect(await webcare(ALICE, `rotation <@${gone}> <@${BOB}>`)).toMatch(/has left/);
    expect(await webcare(ALICE, `rotation <@${BOB}> <@UNOBODY42>`)).toMatch(/cannot find/);
    expect(await stored()).toEqual({ rotations: 0, covers: 0 });
  });

  it.each([
    ["dance", /^Usage: \/webcare/],
    ["who 2026-02-30", /^Usage: \/webcare who/],
    ["who tomorrow", /^Usage: \/webcare who/],
    ["schedule 0", /^Usage: \/webcare schedule/],
    ["schedule lots", /^Usage: \/webcare schedule/],
    ["rotation", /^Usage: \/webcare rotation .*at least one person/],
    ["rotation bob carol", /^Usage: \/webcare rotation .*not a person/],
    [`rotation <@${BOB}> <@${BOB}>`, /^Usage: \/webcare rotation .*listed twice/],
    [`rotation <@${BOB}> at 25:00`, /^Usage: \/webcare rotation .*not a time/],
    [`rotation <@${BOB}> at 9am`, /^Usage: \/webcare rotation .*not a time/],
    [`rotation <@${BOB}> in webcare`, /^Usage: \/webcare rotation .*not a channel/],
    ["cover", /^Usage: \/webcare cover/],
    [`cover <@${BOB}> 2026-11-31`, /^Usage: \/webcare cover/],
    [`cover <@${BOB}> 2026-11-22`, /^Usage: \/webcare cover .*in the past/],
  ])("answers %j with a Usage line and stores nothing", async (text, expected) => {
    expect(await webcare(ALICE, text)).toMatch(expected);
    expect(await stored()).toEqual({ rotations: 0, covers: 0 });
  });

  describe("cover", () => {
    beforeEach(async () => {
      await webcare(ALICE, `rotation <@${ALICE}> <@${BOB}> <@${CAROL}>`);
    });

    it("anyone may cover a day themselves", async () => {
      expect(await webcare(CAROL, `cover <@${CAROL}> 2026-11-24`)).toContain(
        `instead of <@${BOB}>`,
      );
      expect(await webcare(BOB, "who 2026-11-24")).toMatch(
        /<@U_CAROL> is on webcare duty \(cover\)/,
      );
      // The day after reads "handed over by" the cover.
      expect(await webcare(BOB, "who 2026-11-25")).toContain(`Handed over by <@${CAROL}>`);
      expect(await h.database.db.auditEntry.count({ where: { action: "webcare.cover_set" } })).toBe(
        1,
      );
    });

    it("a cover for someone else on someone else's day is refused unless set by a manager", async () => {
      // 2026-11-25 is Carol's day: Bob may neither give it to Dave nor take it for Dave.
      expect(await webcare(BOB, `cover <@U_DAVE> 2026-11-25`)).toMatch(/set by a manager/);
      expect((await stored()).covers).toBe(0);
      expect(await webcare(ALICE, `cover <@U_DAVE> 2026-11-25`)).toMatch(/covers webcare/);
      expect((await stored()).covers).toBe(1);
    });

    it("today is allowed, yesterday is not", async () => {
      expect(await webcare(BOB, `cover <@${BOB}> 2026-11-23`)).toMatch(/covers webcare/);
      expect(await webcare(BOB, `cover <@${BOB}> 2026-11-22`)).toMatch(/in the past/);
      expect((await stored()).covers).toBe(1);
    });

    it("a second cover the same day replaces the first", async () => {
      await webcare(BOB, `cover <@${BOB}> 2026-11-25`);
      await webcare(ALICE, `cover <@${ALICE}> 2026-11-25`);
      const covers = await h.database.db.webcareCover.findMany();
      expect(covers).toHaveLength(1);
      expect(covers[0]?.userId).toBe(ALICE);
    });
  });
});
