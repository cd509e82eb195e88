import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, BOB, CAROL, cliOn, dmTexts, teamWithRotation } from "./support.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: "2026-11-23T06:00:00Z" });
});
afterEach(async () => {
  await h.close();
});

const cli = (...argv: string[]) => cliOn(h, argv);

describe("npm run greenlight -- jobs run webcare-reminders", () => {
  it("run twice sends one DM; the second run prints nothing due", async () => {
    await teamWithRotation(h, { timezone: "Europe/Paris", startDate: "2026-11-23" });
    const first = await cli(
      "jobs",
      "run",
      "webcare-reminders",
      "--at",
      "2026-11-23T09:30:00+01:00",
    );
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/webcare reminder sent to U_ALICE/);
    const second = await cli("jobs", "run", "webcare-reminders", "--at=2026-11-23T09:31:00+01:00");
    expect(second).toMatchObject({ code: 0 });
    expect(second.out).toMatch(/nothing due/);
    expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
  });

  it("reads an --at without offset as UTC", async () => {
    await teamWithRotation(h, { timezone: "UTC", startDate: "2026-11-23" });
    expect((await cli("jobs", "run", "webcare-reminders", "--at", "2026-11-23T08:59")).out).toMatch(
      /nothing due/,
    );
    expect(h.fake.dmsTo(ALICE)).toHaveLength(0);
    expect(
      (await cli("jobs", "run", "webcare-reminders", "--at", "2026-11-23T09:00:00")).code,
    ).toBe(0);
    expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
  });

  it("a week of reminders, day by day, hands over in order", async () => {
    await teamWithRotation(h, { timezone: "America/New_York", startDate: "2026-11-23" });
    const order = [ALICE, BOB, CAROL, ALICE, BOB, CAROL, ALICE];
    for (let day = 0; day < 7; day += 1) {
      const date = `2026-11-${String(23 + day).padStart(2, "0")}`;
      const run = await cli("jobs", "run", "webcare-reminders", "--at", `${date}T09:05:00-05:00`);
      expect(run.code).toBe(0);
      expect(run.out).toContain(`sent to ${order[day]}`);
    }
    const alice = dmTexts(h, ALICE);
    const bob = dmTexts(h, BOB);
    const carol = dmTexts(h, CAROL);
    expect([alice.length, bob.length, carol.length]).toEqual([3, 2, 2]);
    expect(alice[0]).toMatch(
      /Monday 23 November from 09:00.*Handed over by nobody · tomorrow: <@U_BOB>/,
    );
    expect(bob[0]).toMatch(
      /Tuesday 24 November from 09:00.*Handed over by <@U_ALICE> · tomorrow: <@U_CAROL>/,
    );
    expect(carol[0]).toMatch(
      /Wednesday 25 November from 09:00.*Handed over by <@U_BOB> · tomorrow: <@U_ALICE>/,
    );
    expect(alice[1]).toMatch(
      /Thursday 26 November from 09:00.*Handed over by <@U_CAROL> · tomorrow: <@U_BOB>/,
    );
    expect(alice[2]).toMatch(
      /Sunday 29 November from 09:00.*Handed over by <@U_CAROL> · tomorrow: <@U_BOB>/,
    );
  });

  it("refuses a bad job name, listing the valid ones", async () => {
    const run = await cli("jobs", "run", "webcare");
    expect(run.code).not.toBe(0);
    expect(run.err).toContain(
      "webcare-reminders, webcare-notices, weekly-digest, approval-reminders",
    );
  });

  it("refuses a bad --at", async () => {
    for (const at of ["yesterday", "2026-02-30T09:00:00Z", "2026-11-23T25:00:00Z"]) {
      const run = await cli("jobs", "run", "webcare-reminders", "--at", at);
      expect(run.code).not.toBe(0);
      expect(run.err).toMatch(/--at/);
    }
  });

  it("prints usage for help or no arguments", async () => {
    for (const argv of [[], ["help"]]) {
      const run = await cli(...argv);
      expect(run.code).toBe(0);
      expect(run.out).toMatch(/^Usage: npm run greenlight -- /);
    }
  });

  it("fails with a clear message when Slack cannot be reached, and sends it on the next run", async () => {
    await teamWithRotation(h, { timezone: "UTC", startDate: "2026-11-23" });
    const { code, err } = await cliOn(
      h,
      ["jobs", "run", "webcare-reminders", "--at", "2026-11-23T09:00:00Z"],
      { SLACK_API_URL: "http://127.0.0.1:9/api/" },
    );
    expect(code).toBe(1);
    expect(err).toMatch(/webcare-reminders failed/);
    // The claim was given back: the next run sends the reminder.
    expect(
      (await cli("jobs", "run", "webcare-reminders", "--at", "2026-11-23T09:01:00Z")).out,
    ).toMatch(/sent to U_ALICE/);
    expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
  });
});
