import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webcareRemindersJob } from "../../../src/features/webcare/reminders.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, BOB, CAROL, depsOf, dmTexts, teamWithRotation } from "./support.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: "2026-11-23T06:00:00Z" });
});
afterEach(async () => {
  await h.close();
});

const run = (at: string) => webcareRemindersJob.run(depsOf(h), new Date(at));

describe("the daily webcare reminder", () => {
  it("goes out at the hand-over time in the team's timezone: DM and channel line, once", async () => {
    const channel = "C_GENERAL"; // the bot is a member
    await teamWithRotation(h, {
      timezone: "Europe/Amsterdam",
      startDate: "2026-11-23",
      channelId: channel,
    });
    // 08:59 in Amsterdam (UTC+1): not yet.
    expect(await run("2026-11-23T07:59:00Z")).toEqual([]);
    expect(h.fake.dmsTo(ALICE)).toHaveLength(0);

    const sent = await run("2026-11-23T08:00:00Z");
    expect(sent).toHaveLength(2);
    const [dm] = dmTexts(h, ALICE);
    expect(dm).toMatch(/on webcare duty today/);
    expect(dm).toMatch(/Handed over by nobody/);
    expect(dm).toContain(`tomorrow: <@${BOB}>`);
    const dmBlocks = JSON.stringify(h.fake.dmsTo(ALICE)[0]?.blocks);
    expect(dmBlocks).toContain("/webcare schedule");
    const lines = h.fake.messagesIn(channel);
    expect(lines).toHaveLength(1);
    expect(String(lines[0]?.text)).toContain(`<@${ALICE}>`);

    expect(await run("2026-11-23T08:01:00Z")).toEqual([]);
    expect(await run("2026-11-23T22:00:00Z")).toEqual([]);
    expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
    expect(h.fake.messagesIn(channel)).toHaveLength(1);
  });

  it("two replicas firing the same tick send one DM", async () => {
    await teamWithRotation(h, { timezone: "UTC", startDate: "2026-11-23" });
    const replica = await startReplica();
    const at = new Date("2026-11-23T09:00:00Z");
    const results = await Promise.all([
      webcareRemindersJob.run(depsOf(h), at),
      webcareRemindersJob.run(replica.app.built.deps, at),
      webcareRemindersJob.run(depsOf(h), at),
    ]);
    expect(results.flat()).toHaveLength(1);
    expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
    const rows = await h.database.db.jobRun.findMany({ where: { job: "webcare-reminder" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe("sent");
  });

  it("after a restart past the hand-over time, one DM the same day and none for yesterday the next morning", async () => {
    await teamWithRotation(h, { timezone: "Europe/Paris", startDate: "2026-11-23" });
    // The app was down at 09:00; it comes back at 15:00 Paris time.
    await h.app.stop();
    const back = await startReplica();
    const job = (at: string) => webcareRemindersJob.run(back.app.built.deps, new Date(at));
    expect(await job("2026-11-23T14:00:00Z")).toHaveLength(1);
    expect(await job("2026-11-23T14:01:00Z")).toEqual([]);
    expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
    // Next morning before 09:00: yesterday's is not sent again, today's not yet.
    expect(await job("2026-11-24T07:30:00Z")).toEqual([]);
    expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
    expect(h.fake.dmsTo(BOB)).toHaveLength(0);
    expect(await job("2026-11-24T08:00:00Z")).toHaveLength(1);
    expect(h.fake.dmsTo(BOB)).toHaveLength(1);
  });

  it("joins a public duty channel it is not in, then announces", async () => {
    const channel = "C_SOCIAL"; // public; the bot is not a member
    await teamWithRotation(h, { timezone: "UTC", startDate: "2026-11-23", channelId: channel });
    await run("2026-11-23T09:00:00Z");
    expect(h.fake.callsTo("conversations.join").map((call) => call.args.channel)).toEqual([
      channel,
    ]);
    expect(h.fake.messagesIn(channel)).toHaveLength(1);
  });

  it("tells managers once when it cannot post in the duty channel, and still DMs", async () => {
    const channel = "G_PRIVATE"; // private, and the bot is not in it
    await teamWithRotation(h, {
      timezone: "UTC",
      startDate: "2026-11-23",
      channelId: channel,
      manager: CAROL,
    });
    await expect(run("2026-11-23T09:00:00Z")).resolves.toBeDefined();
    expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
    expect(h.fake.messagesIn(channel)).toHaveLength(0);
    const notices = dmTexts(h, CAROL);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/could not announce webcare duty/);
    expect(notices[0]).toMatch(/\/invite/);
    // Next day: the DM goes to Bob, the managers are not told again.
    await run("2026-11-24T09:00:00Z");
    expect(h.fake.dmsTo(BOB)).toHaveLength(1);
    expect(dmTexts(h, CAROL)).toHaveLength(1);
  });

  it("skips a person on duty who left the workspace and tells the managers", async () => {
    const left = h.fake.users.find((u: { deleted?: boolean }) => u.deleted)?.id;
    if (!left) throw new Error("the fake Slack has no deactivated user");
    await teamWithRotation(h, {
      timezone: "UTC",
      startDate: "2026-11-23",
      members: [left, BOB],
      manager: CAROL,
    });
    const sent = await run("2026-11-23T09:00:00Z");
    expect(h.fake.dmsTo(left)).toHaveLength(0);
    expect(h.fake.dmsTo(BOB)).toHaveLength(0);
    expect(dmTexts(h, CAROL).join("\n")).toMatch(/has left the workspace/);
    expect(sent.join("\n")).toMatch(/skipped/);
    expect(await run("2026-11-23T10:00:00Z")).toEqual([]);
    expect(dmTexts(h, CAROL)).toHaveLength(1);
    // The next day follows the rotation as published: Bob, handed over by nobody reachable.
    await run("2026-11-24T09:00:00Z");
    expect(h.fake.dmsTo(BOB)).toHaveLength(1);
  });

  it("a rotation set after today's hand-over time still gets today's reminder", async () => {
    await teamWithRotation(h, {
      timezone: "UTC",
      startDate: "2026-11-23",
      handoverTime: "08:00",
      members: [BOB, ALICE],
    });
    expect(await run("2026-11-23T16:45:00Z")).toHaveLength(1);
    expect(h.fake.dmsTo(BOB)).toHaveLength(1);
  });

  describe("daylight saving", () => {
    it("Europe/Paris spring forward: a 02:30 hand-over goes at 03:00 local, once", async () => {
      await teamWithRotation(h, {
        timezone: "Europe/Paris",
        startDate: "2026-03-29",
        handoverTime: "02:30",
      });
      expect(await run("2026-03-29T00:59:00Z")).toEqual([]); // 01:59 CET
      expect(await run("2026-03-29T01:00:00Z")).toHaveLength(1); // 03:00 CEST
      expect(await run("2026-03-29T01:30:00Z")).toEqual([]); // 03:30 CEST
      expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
    });

    it("Europe/Paris fall back: a 02:30 hand-over goes at the first 02:30, once", async () => {
      await teamWithRotation(h, {
        timezone: "Europe/Paris",
        startDate: "2026-10-25",
        handoverTime: "02:30",
      });
      expect(await run("2026-10-25T00:29:00Z")).toEqual([]); // 02:29 CEST
      expect(await run("2026-10-25T00:30:00Z")).toHaveLength(1); // 02:30 CEST
      expect(await run("2026-10-25T01:30:00Z")).toEqual([]); // 02:30 CET, again
      expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
    });

    it("America/New_York spring forward: 02:30 goes at 03:00 EDT", async () => {
      await teamWithRotation(h, {
        timezone: "America/New_York",
        startDate: "2026-03-08",
        handoverTime: "02:30",
      });
      expect(await run("2026-03-08T06:59:00Z")).toEqual([]); // 01:59 EST
      expect(await run("2026-03-08T07:00:00Z")).toHaveLength(1); // 03:00 EDT
      expect(await run("2026-03-08T08:00:00Z")).toEqual([]);
      expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
    });

    it("America/New_York fall back: a 01:30 hand-over goes once, at the first 01:30", async () => {
      await teamWithRotation(h, {
        timezone: "America/New_York",
        startDate: "2026-11-01",
        handoverTime: "01:30",
      });
      expect(await run("2026-11-01T05:29:00Z")).toEqual([]); // 01:29 EDT
      expect(await run("2026-11-01T05:30:00Z")).toHaveLength(1); // 01:30 EDT
      expect(await run("2026-11-01T06:30:00Z")).toEqual([]); // 01:30 EST
      expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
    });
  });
});

async function startReplica() {
  return h.startReplica();
}
