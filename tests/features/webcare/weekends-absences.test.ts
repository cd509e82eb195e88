import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, BOB, CAROL, teamWithManager, webcareReply } from "./support.ts";

const DAVE = "U_DAVE";
const ADMIN = "U_ADMIN";

let h: Harness;
beforeEach(async () => {
  // Monday 23 November 2026, 10:00 UTC.
  h = await startHarness({ now: "2026-11-23T10:00:00Z" });
  await teamWithManager(h, ALICE);
});
afterEach(async () => {
  await h.close();
});

const webcare = (userId: string, text: string) =>
  webcareReply(h, userId, text, { withBlocks: true });

describe("weekday and weekend rotations", () => {
  it("weekdays only: weekends are closed and nobody is on duty then", async () => {
    const set = await webcare(ALICE, `rotation <@${ALICE}> <@${BOB}> <@${CAROL}> weekdays`);
    expect(set).toMatch(/Monday to Friday/);
    expect(set).toMatch(/Weekends are closed/);
    const row = await h.database.db.webcareRotation.findFirst();
    expect(row).toMatchObject({ series: "main", kind: "weekdays" });
    expect(await webcare(BOB, "who 2026-11-28")).toMatch(/webcare is closed/);
    expect(await webcare(BOB, "who 2026-11-30")).toContain(`<@${CAROL}> is on webcare duty`);
    // Monday is handed over by Friday's person across the closed weekend.
    expect(await webcare(BOB, "who 2026-11-30")).toContain(`Handed over by <@${BOB}>`);
    const schedule = await webcare(BOB, "schedule 7");
    expect(schedule).toContain("Sat 28 Nov 2026 — _closed_");
    expect(schedule).toContain("Sun 29 Nov 2026 — _closed_");
  });

  it("a weekend rotation takes Saturday–Sunday, one person per weekend; off closes weekends again", async () => {
    await webcare(ALICE, `rotation <@${ALICE}> <@${BOB}> weekdays`);
    const weekend = await webcare(ALICE, `weekend <@${CAROL}> <@${DAVE}>`);
    expect(weekend).toMatch(/Weekend rotation set/);
    expect(weekend).toContain("Sat 28 Nov 2026");
    expect(await webcare(BOB, "who 2026-11-28")).toContain(`<@${CAROL}> is on webcare duty`);
    expect(await webcare(BOB, "who 2026-11-29")).toContain(`<@${CAROL}> is on webcare duty`);
    expect(await webcare(BOB, "who 2026-12-05")).toContain(`<@${DAVE}> is on webcare duty`);
    // Friday's "next" is Saturday's weekend person.
    expect(await webcare(BOB, "who 2026-11-27")).toContain(`next: <@${CAROL}>`);
    expect(await webcare(BOB, "weekend off")).toMatch(/Only a manager/);
    expect(await webcare(ALICE, "weekend off")).toMatch(/Weekends are closed/);
    expect(await webcare(BOB, "who 2026-11-28")).toMatch(/webcare is closed/);
    expect(await webcare(ALICE, "weekend off")).toMatch(/no weekend rotation to turn off/);
    expect(await h.database.db.auditEntry.count({ where: { action: "webcare.weekend_set" } })).toBe(
      2,
    );
    // Set and turned off the same day: one version, replaced.
    expect(await h.database.db.webcareRotation.count({ where: { series: "weekend" } })).toBe(1);
  });

  it("refuses a weekend rotation naming a bot; nothing stored", async () => {
    expect(await webcare(ALICE, `weekend <@${CAROL}> <@U_OTHERBOT>`)).toMatch(/is a bot/);
    expect(await h.database.db.webcareRotation.count()).toBe(0);
  });
});

describe("absences", () => {
  beforeEach(async () => {
    // Mon 23 Alice, Tue 24 Bob, Wed 25 Carol, Thu 26 Alice, Fri 27 Bob.
    await webcare(ALICE, `rotation <@${ALICE}> <@${BOB}> <@${CAROL}> weekdays`);
  });

  it("someone away: their days go to the next person in order; who, schedule and the list agree", async () => {
    const reply = await webcare(BOB, `away <@${BOB}> 2026-11-24 2026-11-27`);
    expect(reply).toMatch(/is away from Tue 24 Nov 2026 to Fri 27 Nov 2026/);
    expect(reply).toContain(`Tue 24 Nov 2026 → <@${CAROL}>`);
    expect(reply).toContain(`Fri 27 Nov 2026 → <@${CAROL}>`);
    expect(await webcare(CAROL, "who 2026-11-24")).toContain(
      `<@${CAROL}> is on webcare duty (standing in for <@${BOB}>, who is away)`,
    );
    const schedule = await webcare(CAROL, "schedule 5");
    expect(schedule).toContain(`Tue 24 Nov 2026 — <@${CAROL}> _(for <@${BOB}>, away)_`);
    expect(schedule).toContain(`Wed 25 Nov 2026 — <@${CAROL}>`);
    const list = await webcare(DAVE, "away");
    expect(list).toContain(`<@${BOB}>: Tue 24 Nov 2026 – Fri 27 Nov 2026`);
  });

  it("only the person or a manager marks someone away or back; nothing stored otherwise", async () => {
    expect(await webcare(CAROL, `away <@${BOB}> 2026-11-24`)).toMatch(/a manager marks others/);
    expect(await h.database.db.webcareAbsence.count()).toBe(0);
    expect(await webcare(ALICE, `away <@${BOB}> 2026-11-24`)).toMatch(/is away on Tue 24 Nov/);
    expect(await webcare(CAROL, `back <@${BOB}>`)).toMatch(/a manager marks others/);
    expect(await h.database.db.webcareAbsence.count()).toBe(1);
    expect(await webcare(BOB, `back <@${BOB}>`)).toMatch(/is back/);
    expect(await h.database.db.webcareAbsence.count()).toBe(0);
    expect(await webcare(BOB, "who 2026-11-24")).toContain(`<@${BOB}> is on webcare duty.`);
  });

  it("back keeps the absence's past days and clears the rest", async () => {
    await webcare(BOB, `away <@${BOB}> 2026-11-20 2026-11-30`);
    await webcare(BOB, `back <@${BOB}>`);
    const rows = await h.database.db.webcareAbsence.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ fromDate: "2026-11-20", toDate: "2026-11-22" });
    expect(await webcare(CAROL, "away")).toMatch(/Nobody is marked away/);
  });

  it("everyone away is a gap: who says nobody can be on duty", async () => {
    for (const user of [ALICE, BOB, CAROL]) await webcare(ALICE, `away <@${user}> 2026-11-25`);
    expect(await webcare(DAVE, "who 2026-11-25")).toMatch(/nobody can be on duty/);
    expect(await webcare(DAVE, "schedule 3")).toMatch(/nobody — everyone is away/);
  });

  it.each([
    ["away", /Coming absences|Nobody is marked away/],
    [`away <@${BOB}>`, /^Usage: \/webcare away/],
    [`away <@${BOB}> 2026-11-30 2026-11-24`, /comes before the first/],
    [`away <@${BOB}> 2026-02-30`, /not a date/],
    [`away <@${BOB}> 2026-11-01 2026-11-02`, /in the past/],
    ["back", /^Usage: \/webcare back/],
  ])("%j answers privately and stores nothing wrong", async (text, expected) => {
    expect(await webcare(BOB, text)).toMatch(expected);
    expect(await h.database.db.webcareAbsence.count()).toBe(0);
  });
});

describe("who may set a cover", () => {
  beforeEach(async () => {
    // Mon 23 Alice, Tue 24 Bob, Wed 25 Carol …
    await webcare(ALICE, `rotation <@${ALICE}> <@${BOB}> <@${CAROL}>`);
  });

  it("the person whose day it is gives it to anyone; the taker takes a free day", async () => {
    expect(await webcare(BOB, `cover <@${DAVE}> 2026-11-24`)).toContain(
      `<@${DAVE}> covers webcare on Tue 24 Nov 2026 instead of <@${BOB}>`,
    );
    expect(await webcare(DAVE, `cover <@${DAVE}> 2026-11-25`)).toMatch(/covers webcare/);
  });

  it("nobody replaces someone else's cover but its holder or a manager", async () => {
    await webcare(DAVE, `cover <@${DAVE}> 2026-11-25`);
    // Carol (the rotation's person that day) and Bob cannot take it from Dave.
    expect(await webcare(BOB, `cover <@${BOB}> 2026-11-25`)).toMatch(/already covers/);
    expect(await webcare(CAROL, `cover <@${CAROL}> 2026-11-25`)).toMatch(/already covers/);
    expect(await webcare(BOB, `cover <@${BOB}> 2026-11-25`)).toMatch(/already covers/);
    const cover = () => h.database.db.webcareCover.findFirst({ where: { date: "2026-11-25" } });
    expect((await cover())?.userId).toBe(DAVE);
    // The holder hands it on; a workspace admin may too.
    expect(await webcare(DAVE, `cover <@${BOB}> 2026-11-25`)).toMatch(/covers webcare/);
    expect((await cover())?.userId).toBe(BOB);
    expect(await webcare(ADMIN, `cover <@${CAROL}> 2026-11-25`)).toMatch(/covers webcare/);
    expect((await cover())?.userId).toBe(CAROL);
  });

  it("a cover for an away person or on a closed day is refused", async () => {
    await webcare(ALICE, `rotation <@${ALICE}> <@${BOB}> <@${CAROL}> weekdays`);
    await webcare(DAVE, `away <@${DAVE}> 2026-11-26`);
    expect(await webcare(ALICE, `cover <@${DAVE}> 2026-11-26`)).toMatch(/is away/);
    expect(await webcare(ALICE, `cover <@${DAVE}> 2026-11-28`)).toMatch(/closed/);
    expect(await h.database.db.webcareCover.count()).toBe(0);
  });
});
