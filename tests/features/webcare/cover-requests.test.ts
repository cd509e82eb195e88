import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webcareRemindersJob } from "../../../src/features/webcare/reminders.ts";
import type { FakeMessage } from "../../../src/sandbox/index.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, BOB, CAROL, depsOf, dmTexts, teamWithManager, webcareReply } from "./support.ts";

const DAVE = "U_DAVE";
const TAKE = "webcare_take_cover";
const ASK = "webcare_ask_cover";

let h: Harness;
beforeEach(async () => {
  // Monday 23 November 2026, 10:00 UTC.
  h = await startHarness({ now: "2026-11-23T10:00:00Z" });
  await teamWithManager(h, ALICE);
});
afterEach(async () => {
  await h.close();
});

const webcare = (userId: string, text: string) => webcareReply(h, userId, text);

const hasButton = (message: FakeMessage | undefined, actionId: string) =>
  JSON.stringify(message?.blocks ?? []).includes(actionId);

describe("asking for cover in the duty channel", () => {
  beforeEach(async () => {
    // Mon 23 Alice, Tue 24 Bob, Wed 25 Carol, Thu 26 Dave.
    await webcare(
      ALICE,
      `rotation <@${ALICE}> <@${BOB}> <@${CAROL}> <@${DAVE}> in <#C_GENERAL|general>`,
    );
  });

  it("the first rotation member to click takes the day; the request and both people are told once", async () => {
    expect(await webcare(BOB, "ask 2026-11-24")).toMatch(/Asked in <#C_GENERAL>/);
    // As Dave's client still shows it after the others clicked.
    const request = structuredClone(h.fake.messagesIn("C_GENERAL")[0]);
    expect(request?.text).toContain(
      `<@${BOB}> asks for someone to cover webcare on *Tue 24 Nov 2026*`,
    );
    expect(hasButton(request, TAKE)).toBe(true);
    // A second ask for the same day posts nothing new.
    expect(await webcare(BOB, "ask 2026-11-24")).toMatch(/already asked for/);
    expect(h.fake.messagesIn("C_GENERAL")).toHaveLength(1);

    // The asker cannot take their own request; Carol can.
    await h.slack.clickButton(BOB, request!, TAKE);
    expect(String(h.fake.ephemeralsTo(BOB).at(-1)?.text)).toMatch(/your own request/);
    await h.slack.clickButton(CAROL, request!, TAKE);

    const updated = h.fake.messagesIn("C_GENERAL")[0];
    expect(updated?.text).toContain(`<@${CAROL}> covers webcare on *Tue 24 Nov 2026*`);
    expect(hasButton(updated, TAKE)).toBe(false);
    expect(dmTexts(h, BOB).join("\n")).toContain(`<@${CAROL}> covers your webcare duty`);
    expect(dmTexts(h, CAROL).join("\n")).toContain("You cover webcare on Tue 24 Nov 2026");
    expect(await webcare(DAVE, "who 2026-11-24")).toContain(
      `<@${CAROL}> is on webcare duty (cover)`,
    );

    // A later click (from the message as it was) changes nothing and is told privately.
    await h.slack.clickButton(DAVE, request!, TAKE);
    expect(String(h.fake.ephemeralsTo(DAVE).at(-1)?.text)).toContain(`<@${CAROL}> already took`);
    expect(await h.database.db.webcareCover.findMany()).toMatchObject([
      { date: "2026-11-24", userId: CAROL },
    ]);
    expect(await h.database.db.auditEntry.count({ where: { action: "webcare.cover_taken" } })).toBe(
      1,
    );
  });

  it("10 simultaneous clicks: one cover, one update, one DM each to asker and taker", async () => {
    await webcare(BOB, "ask 2026-11-24");
    const request = structuredClone(h.fake.messagesIn("C_GENERAL")[0]!);
    const clickers = [ALICE, CAROL, DAVE];
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.slack.clickButton(clickers[i % 3] as string, request, TAKE),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const covers = await h.database.db.webcareCover.findMany();
    expect(covers).toHaveLength(1);
    const taker = covers[0]?.userId as string;
    expect(clickers).toContain(taker);
    expect(h.fake.callsTo("chat.update")).toHaveLength(1);
    expect(dmTexts(h, BOB).filter((t) => t.includes("covers your webcare duty"))).toHaveLength(1);
    expect(dmTexts(h, taker).filter((t) => t.includes("You cover webcare"))).toHaveLength(1);
    const losers = clickers.flatMap((userId) =>
      h.fake.ephemeralsTo(userId).filter((e) => String(e.text).includes("already took")),
    );
    expect(losers).toHaveLength(9);
  });

  it("only rotation members who are not away can take it", async () => {
    await webcare(DAVE, `away <@${DAVE}> 2026-11-24`);
    await webcare(BOB, "ask 2026-11-24");
    const request = h.fake.messagesIn("C_GENERAL")[0]!;
    await h.slack.clickButton("U_ADMIN", request, TAKE);
    expect(String(h.fake.ephemeralsTo("U_ADMIN").at(-1)?.text)).toMatch(/Only members/);
    await h.slack.clickButton(DAVE, request, TAKE);
    expect(String(h.fake.ephemeralsTo(DAVE).at(-1)?.text)).toMatch(/marked away/);
    expect(await h.database.db.webcareCover.count()).toBe(0);
    expect(hasButton(h.fake.messagesIn("C_GENERAL")[0], TAKE)).toBe(true);
  });

  it("only the person on duty asks, and not for a past day", async () => {
    expect(await webcare(CAROL, "ask 2026-11-24")).toMatch(/You are not on webcare duty/);
    expect(await webcare(BOB, "ask 2026-11-20")).toMatch(/in the past/);
    expect(await webcare(BOB, "ask tomorrow")).toMatch(/^Usage: \/webcare ask/);
    expect(h.fake.messagesIn("C_GENERAL")).toHaveLength(0);
    expect(await h.database.db.webcareCoverRequest.count()).toBe(0);
  });

  it("the Ask for cover button on the duty reminder asks for that day", async () => {
    h.clock.set("2026-11-24T09:00:00Z");
    await webcareRemindersJob.run(depsOf(h), h.clock.now());
    const reminder = h.fake.dmsTo(BOB).find((m) => hasButton(m, ASK));
    expect(reminder).toBeDefined();
    await h.slack.clickButton(BOB, reminder!, ASK);
    const requests = h.fake.messagesIn("C_GENERAL").filter((m) => hasButton(m, TAKE));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.text).toContain("Tue 24 Nov 2026");
  });
});

describe("asking for cover without a duty channel", () => {
  it("DMs every rotation member but the asker and the away; the taker's copy and the others' all update", async () => {
    await webcare(ALICE, `rotation <@${ALICE}> <@${BOB}> <@${CAROL}> <@${DAVE}>`);
    await webcare(DAVE, `away <@${DAVE}> 2026-11-20 2026-11-30`);
    expect(await webcare(BOB, "ask 2026-11-24")).toMatch(/Asked 2 people/);
    const copies = [ALICE, CAROL].map((userId) =>
      h.fake.dmsTo(userId).find((m) => hasButton(m, TAKE)),
    );
    expect(copies.every(Boolean)).toBe(true);
    expect(h.fake.dmsTo(DAVE).some((m) => hasButton(m, TAKE))).toBe(false);
    await h.slack.clickButton(ALICE, copies[0]!, TAKE);
    for (const userId of [ALICE, CAROL]) {
      const copy = h.fake.dmsTo(userId).find((m) => m.ts === copies[userId === ALICE ? 0 : 1]?.ts);
      expect(copy?.text).toContain(`<@${ALICE}> covers webcare`);
      expect(hasButton(copy, TAKE)).toBe(false);
    }
  });

  it("nobody else available: says so and opens no request", async () => {
    await webcare(ALICE, `rotation <@${ALICE}> <@${BOB}>`);
    await webcare(ALICE, `away <@${ALICE}> 2026-11-24`);
    expect(await webcare(BOB, "ask 2026-11-24")).toMatch(
      /Nobody else in the rotation is available/,
    );
    expect(await h.database.db.webcareCoverRequest.count()).toBe(0);
  });
});
