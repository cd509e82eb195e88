import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webcareNoticesJob } from "../../../src/features/webcare/notices.ts";
import { webcareRemindersJob } from "../../../src/features/webcare/reminders.ts";
import { addAbsence, saveRotation } from "../../../src/features/webcare/store.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, BOB, CAROL, TEAM, cliOn, depsOf, dmTexts, teamWithRotation } from "./support.ts";

const DAVE = "U_DAVE";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: "2026-11-23T06:00:00Z" });
  // Weekdays from Monday 23 November 2026: Mon Alice, Tue Bob, Wed Carol, Thu Alice, Fri Bob.
  await teamWithRotation(h, { timezone: "UTC", startDate: "2026-11-23", manager: DAVE });
  await saveRotation(h.database.db, {
    teamId: TEAM,
    series: "main",
    kind: "weekdays",
    startDate: "2026-11-23",
    members: [ALICE, BOB, CAROL],
    handoverTime: "09:00",
    channelId: null,
    actorId: DAVE,
  });
});
afterEach(async () => {
  await h.close();
});

const notices = (at: string) => webcareNoticesJob.run(depsOf(h), new Date(at));
const away = (userId: string, from: string, to = from) =>
  addAbsence(h.database.db, { teamId: TEAM, userId, from, to, actorId: userId });

const cli = (...argv: string[]) => cliOn(h, argv);

describe("the day-before heads-up", () => {
  it("goes to tomorrow's person at the hand-over time, with an Ask for cover button, once", async () => {
    expect(await notices("2026-11-23T08:59:00Z")).toEqual([]);
    expect(h.fake.dmsTo(BOB)).toHaveLength(0);
    const sent = await notices("2026-11-23T09:00:00Z");
    expect(sent.join("\n")).toMatch(/heads-up sent to U_BOB/);
    expect(dmTexts(h, BOB)).toEqual([
      expect.stringMatching(/on webcare duty tomorrow, Tuesday 24 November from 09:00/),
    ]);
    expect(JSON.stringify(h.fake.dmsTo(BOB)[0]?.blocks)).toContain("webcare_ask_cover");
    expect(await notices("2026-11-23T09:01:00Z")).toEqual([]);
    expect(await notices("2026-11-23T22:00:00Z")).toEqual([]);
    expect(h.fake.dmsTo(BOB)).toHaveLength(1);
  });

  it("`jobs run webcare-notices` twice sends it once", async () => {
    const first = await cli("jobs", "run", "webcare-notices", "--at", "2026-11-24T09:30:00Z");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/heads-up sent to U_CAROL/);
    const second = await cli("jobs", "run", "webcare-notices", "--at", "2026-11-24T09:31:00Z");
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/nothing due/);
    expect(h.fake.dmsTo(CAROL)).toHaveLength(1);
  });

  it("nobody is told before a closed day, and the stand-in is told before an absence", async () => {
    // Friday: tomorrow is Saturday, closed.
    await notices("2026-11-27T09:00:00Z");
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(0);
    // Bob away on Tuesday: Carol stands in and gets the heads-up.
    await away(BOB, "2026-11-24");
    await notices("2026-11-23T09:00:00Z");
    expect(h.fake.dmsTo(BOB)).toHaveLength(0);
    expect(dmTexts(h, CAROL)).toEqual([
      expect.stringMatching(/tomorrow.*standing in for <@U_BOB>, who is away/),
    ]);
  });

  it("two replicas on the same tick send one heads-up", async () => {
    const replica = await h.startReplica();
    const at = new Date("2026-11-23T09:00:00Z");
    const results = await Promise.all([
      webcareNoticesJob.run(depsOf(h), at),
      webcareNoticesJob.run(replica.app.built.deps, at),
      webcareNoticesJob.run(depsOf(h), at),
    ]);
    expect(results.flat()).toHaveLength(1);
    expect(h.fake.dmsTo(BOB)).toHaveLength(1);
  });
});

describe("gap alerts", () => {
  it("managers get one DM naming each gap day of the coming week; each day is told once", async () => {
    for (const user of [ALICE, BOB, CAROL]) await away(user, "2026-11-25", "2026-11-26");
    await notices("2026-11-23T09:00:00Z");
    const alerts = dmTexts(h, DAVE);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain("*Wed 25 Nov 2026*, *Thu 26 Nov 2026*");
    expect(alerts[0]).toMatch(/everyone in the rotation is away/);
    // The weekend is closed, not a gap; nothing more today, nor tomorrow for the same days.
    expect(alerts[0]).not.toMatch(/Sat 28/);
    await notices("2026-11-23T15:00:00Z");
    await notices("2026-11-24T09:00:00Z");
    expect(dmTexts(h, DAVE).filter((t) => /Nobody can be on webcare duty/.test(t))).toHaveLength(1);

    // A new gap (Friday) is told at the next hand-over, alone.
    for (const user of [ALICE, BOB, CAROL]) await away(user, "2026-11-27");
    await notices("2026-11-25T09:00:00Z");
    const later = dmTexts(h, DAVE).filter((t) => /Nobody can be on webcare duty/.test(t));
    expect(later).toHaveLength(2);
    expect(later[1]).toContain("*Fri 27 Nov 2026*");
    expect(later[1]).not.toContain("Wed 25");
  });

  it("two replicas never split the alert into two DMs", async () => {
    for (const user of [ALICE, BOB, CAROL]) await away(user, "2026-11-25", "2026-11-27");
    const replica = await h.startReplica();
    const at = new Date("2026-11-23T09:00:00Z");
    await Promise.all([
      webcareNoticesJob.run(depsOf(h), at),
      webcareNoticesJob.run(replica.app.built.deps, at),
    ]);
    const alerts = dmTexts(h, DAVE).filter((t) => /Nobody can be on webcare duty/.test(t));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain("Fri 27 Nov 2026");
  });

  it("on a gap day the hand-over DMs nobody and the duty channel says so", async () => {
    await saveRotation(h.database.db, {
      teamId: TEAM,
      series: "main",
      kind: "weekdays",
      startDate: "2026-11-23",
      members: [ALICE, BOB, CAROL],
      handoverTime: "09:00",
      channelId: "C_GENERAL",
      actorId: DAVE,
    });
    for (const user of [ALICE, BOB, CAROL]) await away(user, "2026-11-24");
    await webcareRemindersJob.run(depsOf(h), new Date("2026-11-24T09:00:00Z"));
    for (const user of [ALICE, BOB, CAROL]) expect(h.fake.dmsTo(user)).toHaveLength(0);
    expect(h.fake.messagesIn("C_GENERAL").map((m) => m.text)).toEqual([
      expect.stringMatching(/nobody — everyone in the rotation is away/),
    ]);
    // Saturday is closed: nothing at all.
    await webcareRemindersJob.run(depsOf(h), new Date("2026-11-28T09:00:00Z"));
    expect(h.fake.messagesIn("C_GENERAL")).toHaveLength(1);
  });
});
